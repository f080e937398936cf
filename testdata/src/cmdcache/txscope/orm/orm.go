// Package orm has transaction helpers recognised by what they do, not by
// their names: each begins a transaction, calls its function parameter,
// and commits.
package orm

import (
	"context"
	"database/sql"
)

type txKey struct{} // want txKey:`request transaction: the transaction orm.Manager.Atomic stores in the request context`

// Manager runs units of work.
type Manager struct{ db *sql.DB }

// Atomic runs fn inside a transaction and commits when it returns nil.
func (m *Manager) Atomic(ctx context.Context, fn func(ctx context.Context) error) error { // want Atomic:`txhelper\(1\)`
	tx, err := m.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(context.WithValue(ctx, txKey{}, tx)); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Wrap returns fn wrapped in a transaction: Wrap(fn)(ctx).
func (m *Manager) Wrap(fn func(ctx context.Context) error) func(ctx context.Context) error { // want Wrap:`txhelper\(0\)`
	return func(ctx context.Context) error {
		tx, err := m.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if err := fn(ctx); err != nil {
			return err
		}
		return tx.Commit()
	}
}

// Each calls fn once per item without a transaction: not a helper.
func Each(ctx context.Context, items []string, fn func(ctx context.Context, item string) error) error {
	for _, it := range items {
		if err := fn(ctx, it); err != nil {
			return err
		}
	}
	return nil
}

// Declared is a helper the analysis cannot see into (it calls a driver
// through an interface): declared by the directive.
//
//cachevet:txhelper
func Declared(ctx context.Context, fn func(ctx context.Context) error) error { return fn(ctx) } // want Declared:`txhelper\(1\)`
