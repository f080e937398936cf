// Package commands holds the write-side handlers.
package commands

import (
	"context"

	"github.com/redis/go-redis/v9"

	"cmdcache/app"
	"cmdcache/app/services"
	"cmdcache/infra/cache"
	"cmdcache/infra/db"
	"cmdcache/infra/events"
)

type CreateTicket struct{ Ticket app.Ticket }

type CreateTicketHandler struct{ svc *services.TicketService }

func (h *CreateTicketHandler) Handle(ctx context.Context, cmd CreateTicket) error { // want Handle:`reaches cache via commands.CreateTicketHandler.Handle -> services.TicketService.Save -> go-redis.Del` Handle:`cache delete via commands.CreateTicketHandler.Handle -> services.TicketService.Save -> go-redis.Del`
	if err := h.svc.Validate(cmd.Ticket); err != nil {
		return err
	}
	return h.svc.Save(ctx, cmd.Ticket) // want `command handler CreateTicketHandler.Handle calls the cache \(via services.TicketService.Save -> go-redis.Del\): the write side then depends on cache state`
}

type CloseTicket struct{ TenantID, ID string }

type CloseTicketHandler struct {
	rdb   *redis.Client
	store *db.Store
}

func (h *CloseTicketHandler) Handle(ctx context.Context, cmd CloseTicket) error { // want Handle:`reaches cache via commands.CloseTicketHandler.Handle -> go-redis.Del` Handle:`cache delete via commands.CloseTicketHandler.Handle -> go-redis.Del; writes via commands.CloseTicketHandler.Handle -> db.Store.Save -> sql.Tx.ExecContext`
	if err := h.store.Save(ctx, app.Ticket{ID: cmd.ID, TenantID: cmd.TenantID, Closed: true}); err != nil {
		return err
	}
	h.rdb.Del(ctx, "ticketing:tickets:"+cmd.TenantID+":"+cmd.ID+":v1") // want `command handler CloseTicketHandler.Handle calls the cache \(go-redis.Del\)`
	return h.evict(ctx, cmd.TenantID)                                  // want `command handler CloseTicketHandler.Handle calls the cache \(via commands.CloseTicketHandler.evict -> go-redis.Del\)`
}

func (h *CloseTicketHandler) evict(ctx context.Context, tenantID string) error {
	return h.rdb.Del(ctx, "ticketing:tickets:"+tenantID+":lists:v1").Err()
}

type ReopenTicket struct{ TenantID, ID string }

type ReopenTicketHandler struct {
	tickets *cache.TicketCache
	store   *db.Store
}

func (h *ReopenTicketHandler) Handle(ctx context.Context, cmd ReopenTicket) error { // want Handle:`reaches cache via commands.ReopenTicketHandler.Handle -> cache.TicketCache.InvalidateLists -> go-redis.Del` Handle:`cache delete via commands.ReopenTicketHandler.Handle -> cache.TicketCache.InvalidateLists -> go-redis.Del; writes via commands.ReopenTicketHandler.Handle -> db.Store.Save -> sql.Tx.ExecContext`
	if err := h.store.Save(ctx, app.Ticket{ID: cmd.ID, TenantID: cmd.TenantID}); err != nil {
		return err
	}
	return h.tickets.InvalidateLists(ctx) // want `command handler ReopenTicketHandler.Handle calls the cache \(via cache.TicketCache.InvalidateLists -> go-redis.Del\)`
}

// AssignTicketHandler is the correct shape: the infrastructure store
// commits and invalidates, the event's subscriber invalidates after the
// commit, and the idempotency cache is part of the write-side contract.
type AssignTicketHandler struct {
	store *db.Store
	bus   app.EventBus
	idem  *cache.IdempotencyCache
}

type AssignTicket struct {
	CommandID, TenantID, ID, Assignee string
}

func (h *AssignTicketHandler) Handle(ctx context.Context, cmd AssignTicket) error { // want Handle:`calls the cache only through allowed or infrastructure code` Handle:`writes via commands.AssignTicketHandler.Handle -> db.Store.Save -> sql.Tx.ExecContext`
	if h.idem.Seen(ctx, cmd.CommandID) {
		return nil
	}
	if err := h.store.Save(ctx, app.Ticket{ID: cmd.ID, TenantID: cmd.TenantID}); err != nil {
		return err
	}
	return h.bus.Publish(ctx, events.TicketAssigned{TenantID: cmd.TenantID, TicketID: cmd.ID})
}

// Service is a command service: every exported method of an exported type
// in a commands package is a handler.
type Service struct{ tickets *cache.TicketCache }

func (s *Service) Rename(ctx context.Context, tenantID, id, title string) error { // want Rename:`reaches cache via commands.Service.Rename -> cache.TicketCache.Invalidate -> go-redis.Del` Rename:`cache delete via commands.Service.Rename -> cache.TicketCache.Invalidate -> go-redis.Del`
	return s.tickets.Invalidate(ctx, tenantID, id) // want `command handler Service.Rename calls the cache \(via cache.TicketCache.Invalidate -> go-redis.Del\)`
}

// keys is unexported: not a handler.
type keys struct{ rdb *redis.Client }

func (k keys) Warm(ctx context.Context) { k.rdb.Get(ctx, "ticketing:tickets:lists:v1") } // want Warm:`reaches cache via commands.keys.Warm -> go-redis.Get`

//cachevet:ignore cmdcache the audit cache is flushed on purpose here, reviewed in ADR-12
func (s *Service) Purge(ctx context.Context) error { return s.tickets.InvalidateLists(ctx) } // want Purge:`reaches cache via commands.Service.Purge -> cache.TicketCache.InvalidateLists -> go-redis.Del` Purge:`cache delete via commands.Service.Purge -> cache.TicketCache.InvalidateLists -> go-redis.Del`

// MemoryCache is a cache without a library, living next to the handlers:
// its methods are cache operations, not handlers.
type MemoryCache struct{ m map[string]string }

func (c *MemoryCache) Delete(key string) { delete(c.m, key) }

type ArchiveTicket struct{ ID string }

type ArchiveTicketHandler struct{ mem *MemoryCache }

func (h *ArchiveTicketHandler) Handle(ctx context.Context, cmd ArchiveTicket) error { // want Handle:`reaches cache via commands.ArchiveTicketHandler.Handle -> commands.MemoryCache.Delete` Handle:`cache delete via commands.ArchiveTicketHandler.Handle -> commands.MemoryCache.Delete`
	h.mem.Delete("ticketing:tickets:" + cmd.ID) // want `command handler ArchiveTicketHandler.Handle calls the cache \(commands.MemoryCache.Delete\)`
	return nil
}
