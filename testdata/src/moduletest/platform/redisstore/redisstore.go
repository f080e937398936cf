// Package redisstore implements platform.Store with Redis.
package redisstore

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

type Store struct{ rdb *redis.Client }

func New(rdb *redis.Client) *Store { return &Store{rdb: rdb} }

func (s *Store) Fetch(ctx context.Context, key string) ([]byte, error) {
	return s.rdb.Get(ctx, key).Bytes()
}

func (s *Store) Put(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	return s.rdb.Set(ctx, key, val, ttl).Err()
}

func (s *Store) Drop(ctx context.Context, key string) error {
	return s.rdb.Del(ctx, key).Err()
}
