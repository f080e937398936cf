// Package tools is a command-line tool: its commands are not write-side
// handlers.
package tools

import (
	"context"

	"cmdcache/infra/cache"
)

// FlushCommand is a go-flags command: Execute(args []string) error.
type FlushCommand struct{ tickets *cache.TicketCache }

func (f *FlushCommand) Execute(args []string) error { // want Execute:`reaches cache via tools.FlushCommand.Execute -> cache.TicketCache.InvalidateLists -> go-redis.Del` Execute:`cache delete via tools.FlushCommand.Execute -> cache.TicketCache.InvalidateLists -> go-redis.Del`
	return f.tickets.InvalidateLists(context.Background())
}

// ResetCommand is a command object with Execute: a handler by name.
type ResetCommand struct{ tickets *cache.TicketCache }

func (r *ResetCommand) Execute(ctx context.Context) error { // want Execute:`reaches cache via tools.ResetCommand.Execute -> cache.TicketCache.InvalidateLists -> go-redis.Del` Execute:`cache delete via tools.ResetCommand.Execute -> cache.TicketCache.InvalidateLists -> go-redis.Del`
	return r.tickets.InvalidateLists(ctx) // want `command handler ResetCommand.Execute calls the cache`
}
