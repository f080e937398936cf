// Package remember wraps the store again: a wrapper two packages away.
package remember

import (
	"context"
	"time"

	"cachekey/store"
)

func Remember(ctx context.Context, s *store.Store, key string, v any) {
	_ = s.Put(ctx, "r:"+key, v, time.Minute)
}
