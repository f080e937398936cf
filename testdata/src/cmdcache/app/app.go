// Package app declares the application's handler contracts.
package app

import "context"

// CommandHandler handles one command (the write side).
type CommandHandler[C any] interface {
	Handle(ctx context.Context, cmd C) error
}

// QueryHandler answers one query (the read side).
type QueryHandler[Q, R any] interface {
	Handle(ctx context.Context, q Q) (R, error)
}

type Ticket struct {
	ID, TenantID, Title string
	Closed              bool
}

// EventBus publishes domain events; subscribers run in the infrastructure.
type EventBus interface {
	Publish(ctx context.Context, event any) error
}

// TicketRepository is the write-side port.
type TicketRepository interface {
	Save(ctx context.Context, t Ticket) error
}
