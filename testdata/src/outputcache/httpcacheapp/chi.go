package httpcacheapp

import (
	"github.com/go-chi/chi/v5"

	"github.com/cachevet/cachevet/cache/httpcache"

	"outputcache/auth"
	"outputcache/pagecache"
)

// ChiRoutes installs the caches with Use and With.
func ChiRoutes(r chi.Router) error {
	bare, err := httpcache.New(pagecache.Bare("chi-bare"))
	if err != nil {
		return err
	}
	public, err := httpcache.New(pagecache.Public("chi-public"))
	if err != nil {
		return err
	}
	r.Group(func(r chi.Router) {
		r.Use(bare.Handler)
		r.Get("/chi/catalog", catalog)
	})
	r.Group(func(r chi.Router) {
		r.Use(auth.RequireSession)
		r.With(bare.Handler).Get("/chi/account", profile) // want `httpcache policy "chi-bare" on route "GET /chi/account" has no Scope and cannot tell that requests are authenticated: authentication middleware auth.RequireSession reads`
		r.With(public.Handler).Get("/chi/account/listed", profile)
	})
	return nil
}
