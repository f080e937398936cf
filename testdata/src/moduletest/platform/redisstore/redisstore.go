// Package redisstore implements platform.Store with Redis.
package redisstore

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Store prefixes every key with its configured namespace: the store's,
// the same for every kind of entry.
type Store struct {
	rdb       *redis.Client
	keyPrefix string
}

func New(rdb *redis.Client) *Store { return &Store{rdb: rdb, keyPrefix: "app:"} }

func (s *Store) Fetch(ctx context.Context, key string) ([]byte, error) {
	return s.rdb.Get(ctx, s.keyPrefix+key).Bytes()
}

func (s *Store) Put(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	return s.rdb.Set(ctx, s.keyPrefix+key, val, ttl).Err()
}

func (s *Store) Drop(ctx context.Context, key string) error {
	return s.rdb.Del(ctx, s.keyPrefix+key).Err()
}
