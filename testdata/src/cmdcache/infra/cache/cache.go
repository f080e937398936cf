// Package cache is the infrastructure's ticket cache.
package cache

import (
	"context"

	"github.com/redis/go-redis/v9"
)

type TicketCache struct{ rdb *redis.Client }

func (c *TicketCache) Get(ctx context.Context, tenantID, id string) (string, error) { // want Get:`reaches cache via cache.TicketCache.Get -> go-redis.Get`
	return c.rdb.Get(ctx, "ticketing:tickets:"+tenantID+":"+id+":v1").Result()
}

// Invalidate forwards its key: callers see a delete.
func (c *TicketCache) Invalidate(ctx context.Context, tenantID, id string) error { // want Invalidate:`reaches cache via cache.TicketCache.Invalidate -> go-redis.Del` Invalidate:`cache delete via cache.TicketCache.Invalidate -> go-redis.Del`
	return c.rdb.Del(ctx, "ticketing:tickets:"+tenantID+":"+id+":v1").Err()
}

// InvalidateLists takes no key: callers see it through the call graph.
func (c *TicketCache) InvalidateLists(ctx context.Context) error { // want InvalidateLists:`reaches cache via cache.TicketCache.InvalidateLists -> go-redis.Del` InvalidateLists:`cache delete via cache.TicketCache.InvalidateLists -> go-redis.Del`
	return c.rdb.Del(ctx, "ticketing:tickets:lists:v1").Err()
}

// IdempotencyCache remembers processed command ids: it is part of the
// write-side contract (listed in cmdcache.allow).
type IdempotencyCache struct{ rdb *redis.Client }

func (c *IdempotencyCache) Seen(ctx context.Context, commandID string) bool { // want Seen:`reaches cache via cache.IdempotencyCache.Seen -> go-redis.Get`
	n, _ := c.rdb.Get(ctx, "ticketing:idempotency:"+commandID+":v1").Result()
	return n != ""
}
