// Package rcache wraps Redis: Put is a cache write for its callers, so
// findings about the key land where callers build it.
package rcache

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cache is a JSON-less Redis cache.
type Cache struct{ rdb *redis.Client }

// New returns a cache on rdb.
func New(rdb *redis.Client) *Cache { return &Cache{rdb: rdb} }

// Put stores v under key for ttl.
func (c *Cache) Put(ctx context.Context, key string, v any, ttl time.Duration) error {
	return c.rdb.Set(ctx, key, v, ttl).Err()
}
