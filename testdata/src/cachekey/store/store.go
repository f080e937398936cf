// Package store wraps Redis: its methods are cache operations for callers.
package store

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

type Store struct{ rdb *redis.Client }

// Put forwards key, value and ttl: findings land at its callers.
// The namespace it adds has no version: reported here, once, not at every caller.
func (s *Store) Put(ctx context.Context, key string, v any, ttl time.Duration) error {
	return s.rdb.Set(ctx, "app:"+key, v, ttl).Err() // want `cache key "app:{key}" has no version segment`
}

// Fetch forwards the key.
func (s *Store) Fetch(ctx context.Context, key string) (string, error) {
	return s.rdb.Get(ctx, "app:"+key).Result() // want `cache key "app:{key}" has no version segment`
}

// GetOrLoad is a generic read-through helper.
func GetOrLoad[T any](ctx context.Context, s *Store, key string, load func(context.Context) (T, error)) (T, error) {
	var zero T
	if _, err := s.rdb.Get(ctx, key).Result(); err == nil {
		return zero, nil
	}
	v, err := load(ctx)
	if err != nil {
		return zero, err
	}
	s.rdb.Set(ctx, key, v, time.Minute)
	return v, nil
}

// Versioned adds a namespace with a version: keys through it are versioned.
func (s *Store) Versioned(ctx context.Context, key string, v any) error {
	return s.rdb.Set(ctx, "app:v3:"+key, v, time.Minute).Err()
}

// Scoped reads the tenant itself: keys through it are tenant-scoped.
func (s *Store) Scoped(ctx context.Context, tenant string, key string, v any) error {
	return s.rdb.Set(ctx, "app:"+tenant+":"+key+":v1", v, time.Minute).Err()
}

// Literal builds its own key: the wrapper itself is at fault.
func (s *Store) Literal(ctx context.Context, v any) error {
	return s.rdb.Set(ctx, "app:settings", v, time.Minute).Err() // want `cache key "app:settings" has no version segment`
}

// Key is a library's own key type; L2 a layer with a configured prefix.
type Key struct{ s string }

type L2 struct {
	rdb       *redis.Client
	valPrefix string
}

// put forwards a typed key under a configured prefix: silent (the prefix may
// carry the version, the caller supplies the key).
func (l *L2) put(ctx context.Context, key Key, v []byte) error {
	return l.rdb.Set(ctx, l.valPrefix+key.s, v, time.Minute).Err()
}
