// Package store wraps the caches.
package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/viccon/sturdyc"

	"cacheentity/domain"
)

type Store struct{ rdb *redis.Client }

// SetJSON caches any value as JSON: its callers decide what is cached.
func (s *Store) SetJSON(ctx context.Context, key string, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.rdb.Set(ctx, key, b, ttl).Err()
}

// PutOrder chose to cache the aggregate: reported here, not at its callers.
func (s *Store) PutOrder(ctx context.Context, o *domain.Order) error {
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	return s.rdb.Set(ctx, "orders:"+o.ID+":v1", b, time.Minute).Err() // want `go-redis.Set caches b \(json.Marshal of \*domain.Order\), a domain aggregate \(package cacheentity/domain, unexported state version\)`
}

// PutSummary caches the read model.
func (s *Store) PutSummary(ctx context.Context, o *domain.Order) error {
	b, err := json.Marshal(o.Summary())
	if err != nil {
		return err
	}
	return s.rdb.Set(ctx, "orders:summary:"+o.ID+":v1", b, time.Minute).Err()
}

// Remember is a generic get-or-fetch: its callers' loaders decide.
func Remember[T any](ctx context.Context, c *sturdyc.Client[T], key string, fetch sturdyc.FetchFn[T]) (T, error) {
	return c.GetOrFetch(ctx, key, fetch)
}
