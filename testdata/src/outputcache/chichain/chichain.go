// Package chichain chains cache middlewares behind authentication with
// chi's Group, Use and With.
package chichain

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"outputcache/auth"
	"outputcache/rcache"
	"outputcache/respond"
)

func plain(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }

// cacheFor makes responses public when d > 0.
func cacheFor(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if d > 0 {
				w.Header().Set("Cache-Control", "public, max-age=3600")
			}
			next.ServeHTTP(w, r)
		})
	}
}

// Routes registers the routes.
func Routes() http.Handler {
	r := chi.NewRouter()
	// Group + Use: the header middleware after auth.
	r.Group(func(r chi.Router) {
		r.Use(auth.Require)
		r.Use(respond.CacheFor(time.Minute)) // want `\(Cache-Control: public, max-age=…, set by respond.CacheFor\) but route "GET /g/feed" is registered behind authentication middleware auth.Require`
		r.Get("/g/feed", plain)
	})
	// Group + Use of a response cache keyed by the URL.
	r.Group(func(r chi.Router) {
		r.Use(auth.Require, rcache.Middleware(time.Minute, rcache.ByURL)) // want `response cache rcache.Middleware on route "GET /g/inbox" stores the responses of an authenticated route`
		r.Get("/g/inbox", plain)
	})
	// With chains.
	r.With(auth.Require).With(respond.CacheFor(time.Minute)).Get("/w/feed", plain) // want `set by respond.CacheFor\) but route "GET /w/feed" is registered behind authentication middleware auth.Require`
	r.With(auth.Require, rcache.Middleware(time.Minute, rcache.ByURL)).Get("/w/inbox", plain) // want `response cache rcache.Middleware on route "GET /w/inbox"`
	authed := r.With(auth.Require)
	authed.Group(func(r chi.Router) {
		r.Use(respond.CacheFor(time.Minute)) // want `route "GET /ag/feed" is registered behind authentication middleware auth.Require`
		r.Get("/ag/feed", plain)
	})
	// cacheFor(0) sets nothing.
	r.With(auth.Require, cacheFor(0)).Get("/w/zero", plain)
	r.With(auth.Require, cacheFor(time.Hour)).Get("/w/hour", plain) // want `\(Cache-Control: public, max-age=3600, set by cacheFor\) but route "GET /w/hour" is registered behind authentication middleware auth.Require`
	// Near misses: the same chains without auth.
	r.Group(func(r chi.Router) {
		r.Use(respond.CacheFor(time.Minute))
		r.Use(rcache.Middleware(time.Minute, rcache.ByURL))
		r.Get("/pub/feed", plain)
	})
	r.With(respond.CacheFor(time.Minute)).With(rcache.Middleware(time.Minute, rcache.ByURL)).Get("/pub/w", plain)
	return r
}
