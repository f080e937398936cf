// Package platform declares the storage the services use; its
// implementations live in other packages the services never import.
package platform

import (
	"context"
	"time"
)

// Store is implemented by redisstore (shared between instances).
type Store interface {
	Fetch(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, val []byte, ttl time.Duration) error
	Drop(ctx context.Context, key string) error
}

// Scratch is implemented by memstore only (it dies with the process).
type Scratch interface {
	Fetch(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, val []byte, ttl time.Duration) error
}
