// Package services is the application layer shared by handlers.
package services

import (
	"context"

	"github.com/redis/go-redis/v9"

	"cmdcache/app"
)

type TicketService struct {
	repo app.TicketRepository
	rdb  *redis.Client
}

// Save writes through the port, then evicts from Redis itself: an
// application service calling the cache.
func (s *TicketService) Save(ctx context.Context, t app.Ticket) error { // want Save:`reaches cache via services.TicketService.Save -> go-redis.Del` Save:`cache delete via services.TicketService.Save -> go-redis.Del`
	if err := s.repo.Save(ctx, t); err != nil {
		return err
	}
	return s.rdb.Del(ctx, "ticketing:tickets:"+t.TenantID+":"+t.ID+":v1").Err()
}

// Validate does not touch the cache.
func (s *TicketService) Validate(t app.Ticket) error { return nil }
