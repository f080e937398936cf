// Package rcache stores JSON values in Redis.
package rcache

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// Cache is a JSON cache on Redis.
type Cache struct {
	rdb redis.UniversalClient
}

// New wraps a Redis client.
func New(rdb redis.UniversalClient) *Cache { return &Cache{rdb: rdb} }

// GetJSON reads key into dst; found is false on a miss.
func (c *Cache) GetJSON(ctx context.Context, key string, dst any) (found bool, err error) {
	b, err := c.rdb.Get(ctx, key).Bytes()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal(b, dst)
}

// SetJSON stores v under key for ttl.
func (c *Cache) SetJSON(ctx context.Context, key string, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, key, b, ttl).Err()
}

// Delete removes keys.
func (c *Cache) Delete(ctx context.Context, keys ...string) error {
	return c.rdb.Del(ctx, keys...).Err()
}
