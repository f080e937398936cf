// Package bigcache is a minimal stub of github.com/allegro/bigcache/v3.
package bigcache

import (
	"context"
	"time"
)

type Config struct {
	Shards           int
	LifeWindow       time.Duration
	CleanWindow      time.Duration
	HardMaxCacheSize int
}

func DefaultConfig(eviction time.Duration) Config { return Config{LifeWindow: eviction} }

type BigCache struct{}

func New(ctx context.Context, config Config) (*BigCache, error) { return &BigCache{}, nil }

func (c *BigCache) Get(key string) ([]byte, error)     { return nil, nil }
func (c *BigCache) Set(key string, entry []byte) error { return nil }
func (c *BigCache) Delete(key string) error            { return nil }
