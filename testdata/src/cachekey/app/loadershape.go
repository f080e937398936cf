package app

import (
	"context"

	"cachekey/memo"
)

type Reports struct {
	t  *memo.Table
	db func(ctx context.Context, orgID string) (string, error)
}

// The loader reads orgID; the key leaves it out.
func (r *Reports) Summary(ctx context.Context, orgID string) (string, error) {
	return r.t.With(ctx, "reports:summary:v1", func(ctx context.Context) (string, error) { // want `cache key "reports:summary:v1" omits orgID`
		return r.db(ctx, orgID)
	})
}

// Near miss: the key carries orgID.
func (r *Reports) ScopedSummary(ctx context.Context, orgID string) (string, error) {
	return r.t.With(ctx, "reports:summary:"+orgID+":v1", func(ctx context.Context) (string, error) {
		return r.db(ctx, orgID)
	})
}

// Near miss: Apply stores its own argument, not what the function returns.
func (r *Reports) Touch(ctx context.Context, orgID string) error {
	return r.t.Apply(ctx, "reports:touched:v1", "yes", func(ctx context.Context) (string, error) {
		return r.db(ctx, orgID)
	})
}
