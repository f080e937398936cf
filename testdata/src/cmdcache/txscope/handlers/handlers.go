// Package handlers runs behind the web.Tx middleware.
package handlers

import (
	"net/http"

	"cmdcache/txscope/users"
	"cmdcache/txscope/web"
)

type Handlers struct{ users *users.Users }

// Rename writes through the request's transaction and resets the cache
// before the middleware commits.
func (h *Handlers) Rename(w http.ResponseWriter, r *http.Request) { // want Rename:`reaches cache via handlers.Handlers.Rename -> users.Users.Reset -> go-redis.Del` Rename:`cache delete via handlers.Handlers.Rename -> users.Users.Reset -> go-redis.Del; writes via handlers.Handlers.Rename -> sql.Tx.ExecContext`
	ctx := r.Context()
	tx := web.From(ctx)
	tx.ExecContext(ctx, "UPDATE users SET name = $1", r.FormValue("name"))
	h.users.Reset(ctx) // want `call of users.Users.Reset does a cache delete \(via users.Users.Reset -> go-redis.Del\) inside the transaction web.Tx stores in the request context, which commits after this function returns`
}

// Refresh does not use the request's transaction: silent.
func (h *Handlers) Refresh(w http.ResponseWriter, r *http.Request) { // want Refresh:`reaches cache via handlers.Handlers.Refresh -> users.Users.Reset -> go-redis.Del` Refresh:`cache delete via handlers.Handlers.Refresh -> users.Users.Reset -> go-redis.Del`
	_ = web.User(r.Context())
	h.users.Reset(r.Context())
}
