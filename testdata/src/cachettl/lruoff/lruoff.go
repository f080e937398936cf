// Package lruoff is checked with -cachettl.lru=off: plain LRU writes are
// not reported, everything else still is.
package lruoff

import (
	"context"

	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/redis/go-redis/v9"
)

func Use(ctx context.Context, rdb *redis.Client, id string) {
	l, _ := lru.New[string, int](16)
	l.Add(id, 1)
	rdb.Set(ctx, "k:"+id, 1, 0) // want `go-redis.Set stores "k:\{id\}" with expiration 0`
}
