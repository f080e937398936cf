// Package users has no cache in its name: it reaches one through store. // want package:"reaches a cache"
package users

import (
	"context"

	"cacheops/reach/store"
)

type Repo struct{ s *store.Store }

func (r *Repo) Save(ctx context.Context, id string, v any) error { // want Save:`cache set\(user:\{id\}\)` Save:`calls cache via`
	return r.s.Put(ctx, "user:"+id, v)
}
