// Package queries holds the read side: reading the cache is its job.
package queries

import (
	"context"

	"cmdcache/infra/cache"
)

type GetTicket struct{ TenantID, ID string }

type GetTicketQueryHandler struct{ tickets *cache.TicketCache }

func (h *GetTicketQueryHandler) Handle(ctx context.Context, q GetTicket) (string, error) { // want Handle:`reaches cache via queries.GetTicketQueryHandler.Handle -> cache.TicketCache.Get -> go-redis.Get`
	return h.tickets.Get(ctx, q.TenantID, q.ID)
}

// Execute is a query too: not a command type name.
func (h *GetTicketQueryHandler) Execute(ctx context.Context, q GetTicket) (string, error) { // want Execute:`reaches cache via queries.GetTicketQueryHandler.Execute -> cache.TicketCache.Get -> go-redis.Get`
	return h.tickets.Get(ctx, q.TenantID, q.ID)
}
