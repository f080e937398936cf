package catalog

import (
	"context"
	"time"

	"github.com/cachevet/cachevet/cache"

	"example.com/lms/internal/store"
)

// RefService reads catalogues through cachevet's reference cache, whose keys
// name their scope explicitly.
type RefService struct {
	Cache *cache.Cache[[]store.Course]
	DB    *store.DB
}

// NewRefService builds the catalogue cache: bounded and with a TTL, as the
// reference cache requires.
func NewRefService(db *store.DB) (*RefService, error) {
	c, err := cache.New[[]store.Course](cache.Config{Name: "lms-catalogue", MaxEntries: 10_000, TTL: 10 * time.Minute})
	if err != nil {
		return nil, err
	}
	return &RefService{Cache: c, DB: db}, nil
}

// Courses is an organisation's catalogue, one entry per organisation.
func (s *RefService) Courses(ctx context.Context, orgID string) ([]store.Course, error) {
	key, err := cache.NewKey("lms", "courses", cache.Tenant(orgID), 1, "list")
	if err != nil {
		return nil, err
	}
	return s.Cache.GetOrCreate(ctx, key, func(ctx context.Context) ([]store.Course, error) {
		return s.DB.CoursesByOrg(ctx, orgID)
	})
}

// CoursesForEveryone is the same read under a shared scope.
func (s *RefService) CoursesForEveryone(ctx context.Context, orgID string) ([]store.Course, error) {
	key, err := cache.NewKey("lms", "courses", cache.Shared(), 1, "list")
	if err != nil {
		return nil, err
	}
	// BAD (cachekey): the catalogue is computed from orgID but the key is
	// shared, so the first organisation to ask fills it for every other.
	return s.Cache.GetOrCreate(ctx, key, func(ctx context.Context) ([]store.Course, error) {
		return s.DB.CoursesByOrg(ctx, orgID)
	})
}
