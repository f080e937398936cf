package refcache

import (
	"context"

	"github.com/cachevet/cachevet/cache"

	"cachekey/auth"
)

type Course struct{ ID string }

type DB struct{}

func (DB) ByOrg(ctx context.Context, orgID string) ([]Course, error) { return nil, nil }

type Svc struct {
	c  *cache.Cache[[]Course]
	db DB
}

// The reference cache's keys name their scope: a shared scope for
// per-organisation data is a leak.
func (s *Svc) Shared(ctx context.Context, orgID string) ([]Course, error) {
	key, err := cache.NewKey("lms", "courses", cache.Shared(), 1)
	if err != nil {
		return nil, err
	}
	return s.c.GetOrCreate(ctx, key, func(ctx context.Context) ([]Course, error) { // want `cache key "lms:courses:shared:v1" omits orgID`
		return s.db.ByOrg(ctx, orgID)
	})
}

// Near miss: scoped by tenant.
func (s *Svc) Scoped(ctx context.Context, orgID string) ([]Course, error) {
	key := cache.MustKey("lms", "courses", cache.Tenant(orgID), 1)
	return s.c.GetOrCreate(ctx, key, func(ctx context.Context) ([]Course, error) {
		return s.db.ByOrg(ctx, orgID)
	})
}

// A tenant scope does not separate users.
func (s *Svc) Mine(ctx context.Context) ([]Course, error) {
	uid := auth.UserID(ctx)
	key := cache.MustKey("lms", "my-courses", cache.Tenant(auth.Tenant(ctx)), 1)
	return s.c.GetOrCreate(ctx, key, func(ctx context.Context) ([]Course, error) { // want `cache key "lms:my-courses:{auth.Tenant\(ctx\)}:v1" omits uid`
		return s.db.ByOrg(ctx, uid)
	})
}
