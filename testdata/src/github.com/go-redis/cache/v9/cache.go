// Package cache is a minimal stub of github.com/go-redis/cache/v9.
package cache

import (
	"context"
	"time"
)

type Item struct {
	Ctx            context.Context
	Key            string
	Value          interface{}
	TTL            time.Duration
	Do             func(*Item) (interface{}, error)
	SetXX          bool
	SetNX          bool
	SkipLocalCache bool
}

type Options struct{ Redis interface{} }

type Cache struct{}

func New(opt *Options) *Cache { return &Cache{} }

func (cd *Cache) Set(item *Item) error                                         { return nil }
func (cd *Cache) Get(ctx context.Context, key string, value interface{}) error { return nil }
func (cd *Cache) Once(item *Item) error                                        { return nil }
func (cd *Cache) Delete(ctx context.Context, key string) error                 { return nil }
