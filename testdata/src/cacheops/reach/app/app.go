// Package app imports users only: the operation two packages down is // want package:"reaches a cache"
// still found.
package app

import (
	"context"

	"cacheops/reach/users"
)

func Register(ctx context.Context, r *users.Repo, id string) error { // want Register:`cache set\(user:\{id\}\)` Register:`calls cache via`
	return r.Save(ctx, id, id)
}
