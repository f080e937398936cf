package app

import (
	"context"

	"github.com/cachevet/cachevet/cache"

	"cachenil/repo"
)

// The reference cache refuses nil values unless negative caching is
// configured: a nil loader result or a nil Set is not a cached miss.
func (s *Service) refCache(ctx context.Context, c *cache.Cache[*repo.User], id string) (*repo.User, error) {
	key := cache.MustKey("lms", "users", cache.Shared(), 1, id)
	_ = c.Set(ctx, key, nil)
	return c.GetOrCreate(ctx, key, func(ctx context.Context) (*repo.User, error) {
		return s.db.FindUser(ctx, id)
	})
}

// It still stores a swallowed failure's zero value as a real value.
func (s *Service) refCacheSwallow(ctx context.Context, c *cache.Cache[repo.User], id string) (repo.User, error) {
	key := cache.MustKey("lms", "profiles", cache.Shared(), 1, id)
	return c.GetOrCreate(ctx, key, func(ctx context.Context) (repo.User, error) { // want `the loader passed to cache.Cache.GetOrCreate returns a nil error when query \(inside Profile\) fails`
		return repo.Profile(ctx, s.db, id)
	})
}
