// Package lib exercises the facts the model exports. // want package:"reaches a cache"
package lib

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

type ctxKey struct{}

type Store struct{ rdb *redis.Client }

// Put forwards key, value and TTL.
func (s *Store) Put(ctx context.Context, key string, v any, ttl time.Duration) error { // want Put:`cache set\(app:\{key\}\)` Put:`calls cache via lib.Store.Put -> go-redis.Set`
	return s.rdb.Set(ctx, "app:"+key, v, ttl).Err()
}

// ReadThrough gets and sets under one forwarded key.
func (s *Store) ReadThrough(ctx context.Context, key string, load func() (string, error)) (string, error) { // want ReadThrough:`cache get\(\{key\}\) get-or-create\(\{key\}\)` ReadThrough:`calls cache via`
	if v, err := s.rdb.Get(ctx, key).Result(); err == nil {
		return v, nil
	}
	v, err := load()
	if err != nil {
		return "", err
	}
	s.rdb.Set(ctx, key, v, time.Minute)
	return v, nil
}

// Settings has its own literal key: no wrapper fact, but it calls the cache.
func (s *Store) Settings(ctx context.Context) (string, error) { // want Settings:`calls cache via lib.Store.Settings -> go-redis.Get`
	return s.rdb.Get(ctx, "app:settings:v1").Result()
}

// Service calls the cache through Store.
func Service(ctx context.Context, s *Store) error { // want Service:`calls cache via lib.Service -> lib.Store.Settings -> go-redis.Get`
	_, err := s.Settings(ctx)
	return err
}

// CourseKey is a key builder.
func CourseKey(orgID, id string) string { // want CourseKey:`returns key\(lms:course:\{orgID\}:\{id\}:v1\)`
	return fmt.Sprintf("lms:course:%s:%s:v1", orgID, id)
}

// UserID is an identity accessor.
func UserID(ctx context.Context) string { // want UserID:`returns identity\(user\)`
	v, _ := ctx.Value(ctxKey{}).(string)
	return v
}

// Mine returns data computed from the caller's identity.
func Mine(ctx context.Context, db func(string) []string) []string { // want Mine:`returns identity\(user\)`
	return db(UserID(ctx))
}

// Plain neither builds keys nor reads identities: no fact.
func Plain(a, b int) int { return a + b }
