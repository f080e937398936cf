// Package events holds the subscribers of domain events; they run after the
// command's transaction committed (outbox relay).
package events

import (
	"context"

	"cmdcache/infra/cache"
)

type TicketAssigned struct{ TenantID, TicketID string }

type Subscriber struct{ cache *cache.TicketCache }

// OnTicketAssigned invalidates after the commit: silent.
func (s *Subscriber) OnTicketAssigned(ctx context.Context, e TicketAssigned) error { // want OnTicketAssigned:`reaches cache via events.Subscriber.OnTicketAssigned -> cache.TicketCache.Invalidate -> go-redis.Del` OnTicketAssigned:`cache delete via events.Subscriber.OnTicketAssigned -> cache.TicketCache.Invalidate -> go-redis.Del`
	return s.cache.Invalidate(ctx, e.TenantID, e.TicketID)
}
