// Package cache is a minimal stub of github.com/eko/gocache/lib/v4/cache.
package cache

import (
	"context"

	"github.com/eko/gocache/lib/v4/store"
)

type Cache[T any] struct{}

func New[T any](s store.StoreInterface) *Cache[T] { return &Cache[T]{} }

func (c *Cache[T]) Get(ctx context.Context, key any) (T, error) { var v T; return v, nil }
func (c *Cache[T]) Set(ctx context.Context, key any, object T, options ...store.Option) error {
	return nil
}
func (c *Cache[T]) Delete(ctx context.Context, key any) error { return nil }
func (c *Cache[T]) Invalidate(ctx context.Context, options ...store.InvalidateOption) error {
	return nil
}

type LoadFunction[T any] func(ctx context.Context, key any) (T, []store.Option, error)

type LoadableCache[T any] struct{}

func NewLoadable[T any](loadFunc LoadFunction[T], c *Cache[T]) *LoadableCache[T] {
	return &LoadableCache[T]{}
}

func (c *LoadableCache[T]) Get(ctx context.Context, key any) (T, error) { var v T; return v, nil }
