// Package store wraps Redis. // want package:"reaches a cache"
package store

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

type Store struct{ rdb *redis.Client }

func (s *Store) Put(ctx context.Context, key string, v any) error { // want Put:`cache set\(\{key\}\)` Put:`calls cache via`
	return s.rdb.Set(ctx, key, v, time.Minute).Err()
}
