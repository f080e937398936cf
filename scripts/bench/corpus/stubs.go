package corpus

// Stub modules written into the corpus and wired in with replace
// directives, so the corpus builds without the network. They keep the
// real libraries' package paths and signatures (only what the corpus
// calls), which is what the analyzers match on.
var stubs = []struct {
	module, version, dir string
	files                map[string]string
}{
	{
		module: "github.com/redis/go-redis/v9", version: "v9.7.3",
		dir: "_stubs/go-redis",
		files: map[string]string{"redis.go": `// Package redis is a stub of github.com/redis/go-redis/v9 for the benchmark corpus.
package redis

import (
	"context"
	"time"
)

const Nil = RedisError("redis: nil")

type RedisError string

func (e RedisError) Error() string { return string(e) }

type StringCmd struct{ val string; err error }

func (c *StringCmd) Result() (string, error) { return c.val, c.err }
func (c *StringCmd) Bytes() ([]byte, error)  { return []byte(c.val), c.err }
func (c *StringCmd) Err() error              { return c.err }
func (c *StringCmd) Val() string             { return c.val }

type StatusCmd struct{ err error }

func (c *StatusCmd) Err() error              { return c.err }
func (c *StatusCmd) Result() (string, error) { return "OK", c.err }

type IntCmd struct{ err error }

func (c *IntCmd) Err() error             { return c.err }
func (c *IntCmd) Result() (int64, error) { return 0, c.err }

type BoolCmd struct{ err error }

func (c *BoolCmd) Err() error            { return c.err }
func (c *BoolCmd) Result() (bool, error) { return false, c.err }

type Options struct{ Addr string }

type Client struct{ addr string }

func NewClient(opt *Options) *Client { return &Client{addr: opt.Addr} }
func (c *Client) Close() error       { return nil }

func (c *Client) Get(ctx context.Context, key string) *StringCmd { return &StringCmd{err: Nil} }
func (c *Client) Set(ctx context.Context, key string, value interface{}, expiration time.Duration) *StatusCmd {
	return &StatusCmd{}
}
func (c *Client) SetNX(ctx context.Context, key string, value interface{}, expiration time.Duration) *BoolCmd {
	return &BoolCmd{}
}
func (c *Client) Del(ctx context.Context, keys ...string) *IntCmd { return &IntCmd{} }
func (c *Client) Expire(ctx context.Context, key string, expiration time.Duration) *BoolCmd {
	return &BoolCmd{}
}
`},
	},
	{
		module: "github.com/patrickmn/go-cache", version: "v2.1.0+incompatible",
		dir: "_stubs/go-cache",
		files: map[string]string{"cache.go": `// Package cache is a stub of github.com/patrickmn/go-cache for the benchmark corpus.
package cache

import "time"

const (
	NoExpiration      time.Duration = -1
	DefaultExpiration time.Duration = 0
)

type cache struct{ items map[string]interface{} }

type Cache struct{ *cache }

func New(defaultExpiration, cleanupInterval time.Duration) *Cache {
	return &Cache{&cache{items: map[string]interface{}{}}}
}

func (c *cache) Set(k string, x interface{}, d time.Duration) { c.items[k] = x }
func (c *cache) Get(k string) (interface{}, bool)             { v, ok := c.items[k]; return v, ok }
func (c *cache) Delete(k string)                              { delete(c.items, k) }
`},
	},
	{
		module: "github.com/hashicorp/golang-lru/v2", version: "v2.0.7",
		dir: "_stubs/golang-lru",
		files: map[string]string{"lru.go": `// Package lru is a stub of github.com/hashicorp/golang-lru/v2 for the benchmark corpus.
package lru

type Cache[K comparable, V any] struct{ m map[K]V }

func New[K comparable, V any](size int) (*Cache[K, V], error) { return &Cache[K, V]{m: map[K]V{}}, nil }

func (c *Cache[K, V]) Add(key K, value V) (evicted bool) { c.m[key] = value; return false }
func (c *Cache[K, V]) Get(key K) (value V, ok bool)      { value, ok = c.m[key]; return }
func (c *Cache[K, V]) Remove(key K) (present bool)       { _, ok := c.m[key]; delete(c.m, key); return ok }
`},
	},
	{
		module: "golang.org/x/sync", version: "v0.10.0",
		dir: "_stubs/x-sync",
		files: map[string]string{"singleflight/singleflight.go": `// Package singleflight is a stub of golang.org/x/sync/singleflight for the benchmark corpus.
package singleflight

type Result struct {
	Val    interface{}
	Err    error
	Shared bool
}

type Group struct{}

func (g *Group) Do(key string, fn func() (interface{}, error)) (v interface{}, err error, shared bool) {
	v, err = fn()
	return v, err, false
}
func (g *Group) Forget(key string) {}
`},
	},
}
