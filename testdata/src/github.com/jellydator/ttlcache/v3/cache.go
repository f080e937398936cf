// Package ttlcache is a minimal stub of github.com/jellydator/ttlcache/v3.
package ttlcache

import "time"

const (
	NoTTL      time.Duration = -1
	DefaultTTL time.Duration = 0
)

type Item[K comparable, V any] struct{}

func (i *Item[K, V]) Value() V { var v V; return v }

type Option[K comparable, V any] interface{}

type Cache[K comparable, V any] struct{}

func New[K comparable, V any](opts ...Option[K, V]) *Cache[K, V]  { return &Cache[K, V]{} }
func WithTTL[K comparable, V any](ttl time.Duration) Option[K, V] { return nil }

func (c *Cache[K, V]) Set(key K, value V, ttl time.Duration) *Item[K, V] { return nil }
func (c *Cache[K, V]) Get(key K, opts ...Option[K, V]) *Item[K, V]       { return nil }
func (c *Cache[K, V]) Delete(key K)                                      {}

func WithCapacity[K comparable, V any](c uint64) Option[K, V] { return nil }
