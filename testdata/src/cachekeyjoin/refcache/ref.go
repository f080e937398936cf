// Package refcache uses the reference cache, whose NewKey escapes every
// segment.
package refcache

import (
	"context"

	"github.com/cachevet/cachevet/cache"
)

type Svc struct{ c *cache.Cache[string] }

func (s *Svc) Perm(ctx context.Context, user, object string) {
	key, err := cache.NewKey("authz", "perm", cache.User(user), 1, object, user)
	if err != nil {
		return
	}
	s.c.Get(ctx, key)
}
