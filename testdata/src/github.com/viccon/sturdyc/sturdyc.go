// Package sturdyc is a minimal stub of github.com/viccon/sturdyc.
package sturdyc

import (
	"context"
	"time"
)

type FetchFn[T any] func(ctx context.Context) (T, error)

type Client[T any] struct{}

func New[T any](capacity, numShards int, ttl time.Duration, evictionPercentage int) *Client[T] {
	return &Client[T]{}
}

func (c *Client[T]) Get(key string) (T, bool)     { var v T; return v, false }
func (c *Client[T]) Set(key string, value T) bool { return true }
func (c *Client[T]) Delete(key string)            {}
func (c *Client[T]) GetOrFetch(ctx context.Context, key string, fetchFn FetchFn[T]) (T, error) {
	return fetchFn(ctx)
}

func GetOrFetch[V, T any](ctx context.Context, c *Client[T], key string, fetchFn FetchFn[V]) (V, error) {
	return fetchFn(ctx)
}
