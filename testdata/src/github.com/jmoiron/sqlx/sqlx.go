// Package sqlx is a minimal stub of github.com/jmoiron/sqlx, for analyzer tests.
package sqlx

import (
	"context"
	"database/sql"
)

type DB struct{ *sql.DB }

type Tx struct{ *sql.Tx }

func (db *DB) Beginx() (*Tx, error)                                           { return &Tx{}, nil }
func (db *DB) BeginTxx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) { return &Tx{}, nil }
func (db *DB) MustBegin() *Tx                                                 { return &Tx{} }

func (tx *Tx) NamedExec(query string, arg interface{}) (sql.Result, error) { return nil, nil }
func (tx *Tx) Get(dest interface{}, query string, args ...interface{}) error {
	return nil
}
