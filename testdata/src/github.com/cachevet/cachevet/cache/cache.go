// Package cache is a minimal stub of cachevet's reference cache with its
// real signatures, for analyzer tests.
package cache

import (
	"context"
	"time"
)

type Scope struct{ s string }

func Shared() Scope                            { return Scope{"shared"} }
func Tenant(tenantID string) Scope             { return Scope{"t-" + tenantID} }
func User(userID string) Scope                 { return Scope{"u-" + userID} }
func TenantUser(tenantID, userID string) Scope { return Scope{"t-" + tenantID + "+u-" + userID} }

type Key struct{ s string }

func (k Key) String() string { return k.s }

func NewKey(boundedContext, resource string, scope Scope, version int, ids ...string) (Key, error) {
	return Key{}, nil
}

func MustKey(boundedContext, resource string, scope Scope, version int, ids ...string) Key {
	return Key{}
}

type EntryOption struct{ ttl time.Duration }

func WithTTL(d time.Duration) EntryOption               { return EntryOption{d} }
func WithTags(tags ...string) EntryOption               { return EntryOption{} }
func WithNegativeCaching(ttl time.Duration) EntryOption { return EntryOption{ttl} }

type Config struct {
	Name       string
	MaxEntries int
	TTL        time.Duration
}

type Cache[V any] struct{}

func New[V any](cfg Config) (*Cache[V], error) { return &Cache[V]{}, nil }

func (c *Cache[V]) GetOrCreate(ctx context.Context, key Key, loader func(ctx context.Context) (V, error), opts ...EntryOption) (V, error) {
	return loader(ctx)
}
func (c *Cache[V]) Get(ctx context.Context, key Key) (V, bool)                           { var v V; return v, false }
func (c *Cache[V]) Set(ctx context.Context, key Key, value V, opts ...EntryOption) error { return nil }
func (c *Cache[V]) Invalidate(ctx context.Context, keys ...Key) error                    { return nil }
func (c *Cache[V]) InvalidateTags(ctx context.Context, tags ...string) error             { return nil }

type Committer interface{ Commit() error }

func (c *Cache[V]) InvalidateAfterCommit(ctx context.Context, tx Committer, keys []Key, tags []string) error {
	return nil
}
