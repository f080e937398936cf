package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrInvalidationFailed wraps the error of an invalidation that ran after a
// successful commit. The write is committed; only the cache could not be updated
// everywhere (the local L1 always is). Retry, or rely on the entries' TTL.
var ErrInvalidationFailed = errors.New("cache: invalidation after commit failed")

// Committer is a unit of work that commits a write. *sql.Tx satisfies it; wrap
// other transaction types (pgx.Tx, an ORM session) in a small adapter.
type Committer interface {
	Commit() error
}

// Invalidator is what the after-commit helpers invalidate. Every *Cache[V]
// implements it.
type Invalidator interface {
	Invalidate(ctx context.Context, keys ...Key) error
	InvalidateTags(ctx context.Context, tags ...string) error
}

// InvalidateAfterCommit commits tx and, only if Commit returned nil, invalidates
// keys and tags. If Commit fails its error is returned unchanged and nothing is
// invalidated. If the commit succeeded but the invalidation failed, the error wraps
// ErrInvalidationFailed. This is the ordering the cache rules require: the cache is
// evicted after the write is durable, never before.
func (c *Cache[V]) InvalidateAfterCommit(ctx context.Context, tx Committer, keys []Key, tags []string) error {
	if err := tx.Commit(); err != nil {
		return err
	}
	var errs []error
	if len(keys) > 0 {
		errs = append(errs, c.Invalidate(ctx, keys...))
	}
	if len(tags) > 0 {
		errs = append(errs, c.InvalidateTags(ctx, tags...))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidationFailed, err)
	}
	return nil
}

// AfterCommit collects invalidations while a unit of work runs, possibly across
// several caches, and runs them only once the caller says the write committed.
// The zero value is ready to use; it is safe for concurrent use.
//
//	var ac cache.AfterCommit
//	ac.Keys(tickets, key)
//	ac.Tags(courses, "course:7")
//	if err := tx.Commit(); err != nil {
//		return err // nothing is invalidated
//	}
//	return ac.Run(ctx)
//
// Or let Commit do both steps: return ac.Commit(ctx, tx).
type AfterCommit struct {
	mu      sync.Mutex
	pending []pendingInvalidation
}

type pendingInvalidation struct {
	target Invalidator
	keys   []Key
	tags   []string
}

// Keys records keys of target to invalidate after the commit.
func (a *AfterCommit) Keys(target Invalidator, keys ...Key) {
	a.mu.Lock()
	a.pending = append(a.pending, pendingInvalidation{target: target, keys: append([]Key(nil), keys...)})
	a.mu.Unlock()
}

// Tags records tags of target to invalidate after the commit.
func (a *AfterCommit) Tags(target Invalidator, tags ...string) {
	a.mu.Lock()
	a.pending = append(a.pending, pendingInvalidation{target: target, tags: append([]string(nil), tags...)})
	a.mu.Unlock()
}

// Discard drops the recorded invalidations (call it after a rollback).
func (a *AfterCommit) Discard() {
	a.mu.Lock()
	a.pending = nil
	a.mu.Unlock()
}

// Run performs and clears the recorded invalidations. Call it only after the
// transaction committed. Every invalidation is attempted; failures are joined and
// wrap ErrInvalidationFailed.
func (a *AfterCommit) Run(ctx context.Context) error {
	a.mu.Lock()
	pending := a.pending
	a.pending = nil
	a.mu.Unlock()
	var errs []error
	for _, p := range pending {
		if len(p.keys) > 0 {
			errs = append(errs, p.target.Invalidate(ctx, p.keys...))
		}
		if len(p.tags) > 0 {
			errs = append(errs, p.target.InvalidateTags(ctx, p.tags...))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidationFailed, err)
	}
	return nil
}

// Commit commits tx, then runs the recorded invalidations. If Commit fails, its
// error is returned unchanged and the recorded invalidations are discarded.
func (a *AfterCommit) Commit(ctx context.Context, tx Committer) error {
	if err := tx.Commit(); err != nil {
		a.Discard()
		return err
	}
	return a.Run(ctx)
}
