// Package tickets recognises handlers by the configured interface and by
// the //cachevet:command directive, outside any commands package.
package tickets

import (
	"context"

	"cmdcache/app"
	"cmdcache/infra/cache"
)

type ArchiveTickets struct{ TenantID string }

// archiver implements app.CommandHandler[ArchiveTickets].
type archiver struct{ tickets *cache.TicketCache }

var _ app.CommandHandler[ArchiveTickets] = (*archiver)(nil)

func (a *archiver) Handle(ctx context.Context, cmd ArchiveTickets) error { // want Handle:`reaches cache via tickets.archiver.Handle -> cache.TicketCache.InvalidateLists -> go-redis.Del` Handle:`cache delete via tickets.archiver.Handle -> cache.TicketCache.InvalidateLists -> go-redis.Del`
	return a.tickets.InvalidateLists(ctx) // want `command handler archiver.Handle calls the cache`
}

// finder implements app.QueryHandler: silent.
type finder struct{ tickets *cache.TicketCache }

var _ app.QueryHandler[string, string] = (*finder)(nil)

func (f *finder) Handle(ctx context.Context, id string) (string, error) { // want Handle:`reaches cache via tickets.finder.Handle -> cache.TicketCache.Get -> go-redis.Get`
	return f.tickets.Get(ctx, "t1", id)
}

// Merge is a command handler by directive.
//
//cachevet:command
func Merge(ctx context.Context, c *cache.TicketCache, tenantID, a, b string) error { // want Merge:`reaches cache via tickets.Merge -> cache.TicketCache.Invalidate -> go-redis.Del` Merge:`cache delete via tickets.Merge -> cache.TicketCache.Invalidate -> go-redis.Del`
	return c.Invalidate(ctx, tenantID, a) // want `command handler Merge calls the cache \(via cache.TicketCache.Invalidate -> go-redis.Del\)`
}

// Split is not marked: silent.
func Split(ctx context.Context, c *cache.TicketCache, tenantID, a string) error { // want Split:`reaches cache via tickets.Split -> cache.TicketCache.Invalidate -> go-redis.Del` Split:`cache delete via tickets.Split -> cache.TicketCache.Invalidate -> go-redis.Del`
	return c.Invalidate(ctx, tenantID, a)
}

// Bulk is a handler type by directive.
//
//cachevet:command
type Bulk struct{ tickets *cache.TicketCache }

func (b *Bulk) Run(ctx context.Context) error { // want Run:`reaches cache via tickets.Bulk.Run -> cache.TicketCache.InvalidateLists -> go-redis.Del` Run:`cache delete via tickets.Bulk.Run -> cache.TicketCache.InvalidateLists -> go-redis.Del`
	return b.tickets.InvalidateLists(ctx) // want `command handler Bulk.Run calls the cache`
}
