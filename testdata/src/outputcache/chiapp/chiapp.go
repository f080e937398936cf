// Package chiapp registers handlers on a chi router.
package chiapp

import (
	"context"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"outputcache/auth"
	"outputcache/nethttp"
	"outputcache/rcache"
	"outputcache/respond"
)

type server struct{}

func (s *server) profile(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=120") // want `\(Cache-Control: public, max-age=120\) but route "GET /api/profile" is registered behind authentication middleware auth.Require`
}

func (s *server) orders(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, s-maxage=60") // want `route "GET /account/orders" is registered behind authentication middleware auth.Require`
}

func (s *server) teams(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=60") // want `route "GET /teams" is registered behind authentication middleware auth.Require`
}

func (s *server) prices(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=60") // silent: only on the public group
}

func (s *server) reports(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=60") // want `route "GET /admin/reports" is registered behind authentication middleware auth.Require`
}

func (s *server) plain(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }

type userKey struct{}

// userCacheKey keys the response cache by the user that auth.Require puts
// in the context.
func userCacheKey(r *http.Request) string {
	if u := auth.UserFrom(r.Context()); u != nil {
		return u.ID + r.URL.Path
	}
	return r.URL.Path
}

// byToken keys by the Authorization header itself: independent of order.
func byToken(r *http.Request) string { return r.Header.Get("Authorization") + r.URL.Path }

func withUser(ctx context.Context) context.Context { return ctx }

func (s *server) routes() http.Handler {
	r := chi.NewRouter()
	// Public group: cacheable, no identity.
	r.Group(func(r chi.Router) {
		r.Use(respond.CacheFor(time.Minute))
		r.Get("/prices", s.prices)
		r.Get("/news", s.plain)
	})
	// Authenticated group.
	r.Group(func(r chi.Router) {
		r.Use(auth.Require)
		r.Get("/api/profile", s.profile)
		r.With(respond.CacheFor(time.Minute)).Get("/api/feed", s.plain) // want `\(Cache-Control: public, max-age=…, set by respond.CacheFor\) but route "GET /api/feed" is registered behind authentication middleware auth.Require`
		r.With(respond.VaryAuth, respond.CacheFor(time.Minute)).Get("/api/feed2", s.plain)
		// A response cache keyed by the URL only.
		r.With(rcache.Middleware(time.Minute, rcache.ByURL)).Get("/api/inbox", s.plain) // want `response cache rcache.Middleware on route "GET /api/inbox" stores the responses of an authenticated route \(behind authentication middleware auth.Require\) under a key that ignores the user: one user's cached response would be served to other users; key or vary it by the user, or do not cache this route`
		// Keyed by the user, after authentication: silent.
		r.With(rcache.Middleware(time.Minute, userCacheKey)).Get("/api/mine", s.plain)
	})
	// Order: the cache runs before auth, so its per-user key sees no user.
	r.Route("/account", func(r chi.Router) {
		r.Use(rcache.Middleware(time.Minute, userCacheKey)) // want `response cache rcache.Middleware on route "GET /account/orders" computes its key from auth.UserFrom\(r.Context\(\)\) \(which reads the request context value ctxKey\{\}\), but it runs before authentication middleware auth.Require sets it: every user shares one entry; register the cache after auth.Require`
		r.Use(auth.Require)
		r.Get("/orders", s.orders)
	})
	// Keyed by the Authorization header: order does not matter.
	r.Route("/tokens", func(r chi.Router) {
		r.Use(rcache.Middleware(time.Minute, byToken))
		r.Use(auth.Require)
		r.Get("/", s.plain)
	})
	authed := r.With(auth.Require)
	authed.Get("/teams", s.teams)
	authed.Get("/gallery", nethttp.Gallery)             // want `\(Cache-Control: public, max-age=60\) but route "GET /gallery" is registered behind authentication middleware auth.Require`
	authed.Handle("/profile", nethttp.ProfileHandler{}) // silent here: reported in its own package
	r.Get("/gallery/public", nethttp.Gallery)
	r.Route("/admin", s.adminRoutes)
	return r
}

func (s *server) adminRoutes(r chi.Router) {
	r.Use(auth.Require)
	r.Get("/reports", s.reports)
}
