// Package store holds cache wrappers and factories used by cachettl/app.
package store

import (
	"context"
	"time"

	gocache "github.com/patrickmn/go-cache"
	"github.com/redis/go-redis/v9"
)

// Store wraps Redis; callers choose the TTL.
type Store struct {
	rdb *redis.Client
}

func New(rdb *redis.Client) *Store { return &Store{rdb: rdb} }

// Put forwards its TTL: a 0 from a caller is reported at the caller.
func (s *Store) Put(ctx context.Context, key string, v any, ttl time.Duration) error {
	return s.rdb.Set(ctx, key, v, ttl).Err()
}

// PutForever fixes a zero TTL itself: reported here, not at its callers.
func (s *Store) PutForever(ctx context.Context, key string, v any) error {
	return s.rdb.Set(ctx, key, v, 0).Err() // want `go-redis.Set stores "\{key\}" with expiration 0 \(0 means no expiration\), so the entry never expires`
}

// PutDefault uses a fixed, positive TTL: silent everywhere.
func (s *Store) PutDefault(ctx context.Context, key string, v any) error {
	return s.rdb.Set(ctx, key, v, 10*time.Minute).Err()
}

// Forever is a package-level go-cache without default expiration; other
// packages learn how it was built from a fact.
var Forever = gocache.New(gocache.NoExpiration, 10*time.Minute)

// Expiring has a default expiration.
var Expiring = gocache.New(5*time.Minute, 10*time.Minute)

// NewLocal is a factory: its callers' caches are known by a fact.
func NewLocal() *gocache.Cache {
	return gocache.New(gocache.NoExpiration, time.Minute)
}

// NewLocalTTL is a factory with a configured default.
func NewLocalTTL(d time.Duration) *gocache.Cache {
	return gocache.New(d, time.Minute)
}
