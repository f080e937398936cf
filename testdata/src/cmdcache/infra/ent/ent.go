// Package ent has the shape of the code entgo.io generates for a schema:
// the client, the transaction and its commit hooks.
package ent

import "context"

type Client struct{}

func (c *Client) Tx(ctx context.Context) (*Tx, error) { return &Tx{}, nil }

type Tx struct{ hooks []CommitHook }

type (
	Committer interface {
		Commit(context.Context, *Tx) error
	}
	CommitFunc func(context.Context, *Tx) error
	CommitHook func(Committer) Committer
)

func (f CommitFunc) Commit(ctx context.Context, tx *Tx) error { return f(ctx, tx) }

func (tx *Tx) Commit() error               { return nil }
func (tx *Tx) Rollback() error             { return nil }
func (tx *Tx) OnCommit(f CommitHook)       { tx.hooks = append(tx.hooks, f) }
func (tx *Tx) SetTitle(id, t string) error { return nil }
