// Package otter is a minimal stub of github.com/maypok86/otter/v2.
package otter

import (
	"context"
	"time"
)

type Options[K comparable, V any] struct {
	MaximumSize      int
	ExpiryCalculator any
	MaximumWeight    uint64
	Weigher          func(key K, value V) uint32
}

type Loader[K comparable, V any] interface {
	Load(ctx context.Context, key K) (V, error)
}

type LoaderFunc[K comparable, V any] func(ctx context.Context, key K) (V, error)

func (lf LoaderFunc[K, V]) Load(ctx context.Context, key K) (V, error) { return lf(ctx, key) }

type Cache[K comparable, V any] struct{}

func Must[K comparable, V any](o *Options[K, V]) *Cache[K, V] { return &Cache[K, V]{} }

func (c *Cache[K, V]) GetIfPresent(key K) (V, bool) { var v V; return v, false }
func (c *Cache[K, V]) Get(ctx context.Context, key K, loader Loader[K, V]) (V, error) {
	var v V
	return v, nil
}
func (c *Cache[K, V]) Set(key K, value V) (V, bool)                      { return value, false }
func (c *Cache[K, V]) SetIfAbsent(key K, value V) (V, bool)              { return value, false }
func (c *Cache[K, V]) Invalidate(key K) (V, bool)                        { var v V; return v, false }
func (c *Cache[K, V]) SetExpiresAfter(key K, expiresAfter time.Duration) {}

// Additions for the cachettl and cachebound fixtures (real otter v2 signatures).

type Entry[K comparable, V any] struct {
	Key   K
	Value V
}

type ExpiryCalculator[K comparable, V any] interface {
	ExpireAfterCreate(entry Entry[K, V]) time.Duration
	ExpireAfterUpdate(entry Entry[K, V], oldValue V) time.Duration
	ExpireAfterRead(entry Entry[K, V]) time.Duration
}

func ExpiryWriting[K comparable, V any](duration time.Duration) ExpiryCalculator[K, V]   { return nil }
func ExpiryAccessing[K comparable, V any](duration time.Duration) ExpiryCalculator[K, V] { return nil }
func ExpiryCreating[K comparable, V any](duration time.Duration) ExpiryCalculator[K, V]  { return nil }

func New[K comparable, V any](o *Options[K, V]) (*Cache[K, V], error) { return &Cache[K, V]{}, nil }
