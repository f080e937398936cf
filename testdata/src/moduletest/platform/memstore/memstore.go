// Package memstore implements platform.Scratch in process memory.
package memstore

import (
	"context"
	"time"

	"github.com/patrickmn/go-cache"
)

type Scratch struct{ c *cache.Cache }

func New() *Scratch { return &Scratch{c: cache.New(time.Minute, time.Minute)} }

func (s *Scratch) Fetch(ctx context.Context, key string) ([]byte, error) {
	if v, ok := s.c.Get(key); ok {
		return v.([]byte), nil
	}
	return nil, nil
}

func (s *Scratch) Put(ctx context.Context, key string, val []byte, ttl time.Duration) error {
	s.c.Set(key, val, ttl)
	return nil
}
