// Package generics is generics-heavy cache code: type-parameterised
// caches, keys and loaders, instantiated with several types. Every key
// carries the tenant; nothing here is a finding.
package generics

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Keyer is anything that names its cache key.
type Keyer interface {
	comparable
	CacheKey() string
}

// Num is a constraint with a type set.
type Num interface {
	~int | ~int64 | ~float64
}

// Cache is a typed JSON cache over Redis.
type Cache[K Keyer, V any] struct {
	rdb *redis.Client
	ttl time.Duration
}

// Get reads the value of k.
func (c *Cache[K, V]) Get(ctx context.Context, k K) (V, bool) {
	var v V
	b, err := c.rdb.Get(ctx, k.CacheKey()).Bytes()
	if err != nil {
		return v, false
	}
	if json.Unmarshal(b, &v) != nil {
		return v, false
	}
	return v, true
}

// Put stores v under k.
func (c *Cache[K, V]) Put(ctx context.Context, k K, v V) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.rdb.Set(ctx, k.CacheKey(), b, c.ttl).Err()
}

// Pair is a generic key of two parts.
type Pair[A, B comparable] struct {
	First  A
	Second B
}

// CacheKey renders the pair.
func (p Pair[A, B]) CacheKey() string { return fmt.Sprintf("v1:pair:%v:%v", p.First, p.Second) }

// TenantKey scopes an id to a tenant.
type TenantKey[ID comparable] struct {
	TenantID string
	ID       ID
}

// CacheKey renders the key with its tenant.
func (k TenantKey[ID]) CacheKey() string { return fmt.Sprintf("v1:tenant:%s:%v", k.TenantID, k.ID) }

// Sum adds numbers of any numeric type.
func Sum[T Num](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

// Memo is a generic read-through helper with a loader.
func Memo[K Keyer, V any](ctx context.Context, c *Cache[K, V], k K, load func(context.Context, K) (V, error)) (V, error) {
	if v, ok := c.Get(ctx, k); ok {
		return v, nil
	}
	v, err := load(ctx, k)
	if err != nil {
		return v, err
	}
	return v, c.Put(ctx, k, v)
}

// Tree is a recursive generic type.
type Tree[T any] struct {
	Left, Right *Tree[T]
	Val         T
}

// Walk visits the tree in order.
func (t *Tree[T]) Walk(f func(T)) {
	if t == nil {
		return
	}
	t.Left.Walk(f)
	f(t.Val)
	t.Right.Walk(f)
}

// Alias of an instantiated generic type.
type IntTree = Tree[int]

// Report is a cached value.
type Report struct{ Total float64 }

// Use instantiates everything with several types.
func Use(ctx context.Context, rdb *redis.Client, tenantID string) error {
	reports := &Cache[TenantKey[int64], Report]{rdb: rdb, ttl: time.Minute}
	pairs := &Cache[Pair[string, int], []string]{rdb: rdb, ttl: time.Minute}
	_, err := Memo(ctx, reports, TenantKey[int64]{TenantID: tenantID, ID: 7}, func(ctx context.Context, k TenantKey[int64]) (Report, error) {
		return Report{Total: Sum(1.5, 2.5)}, nil
	})
	if err != nil {
		return err
	}
	if err := pairs.Put(ctx, Pair[string, int]{First: tenantID, Second: 2}, []string{"a"}); err != nil {
		return err
	}
	var t IntTree
	t.Walk(func(int) {})
	_ = Sum[int64](1, 2, 3)
	return nil
}
