// Package memo has a loader-shaped API whose names say nothing about
// caching: With stores what its function parameter returns, so it is a
// get-or-create for its callers, and their loaders are what it caches.
package memo

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

type Table struct{ rdb *redis.Client }

func (t *Table) With(ctx context.Context, key string, fill func(context.Context) (string, error)) (string, error) {
	if v, err := t.rdb.Get(ctx, key).Result(); err == nil {
		return v, nil
	}
	v, err := fill(ctx)
	if err != nil {
		return "", err
	}
	t.rdb.Set(ctx, key, v, time.Minute)
	return v, nil
}

// Apply calls its function but stores its own argument: not a
// get-or-create.
func (t *Table) Apply(ctx context.Context, key, v string, check func(context.Context) (string, error)) error {
	if _, err := check(ctx); err != nil {
		return err
	}
	return t.rdb.Set(ctx, key, v, time.Minute).Err()
}
