// Package httpcacheapp puts cachevet's output-cache middleware in front of
// public and authenticated routes.
package httpcacheapp

import (
	"net/http"
	"time"

	"github.com/cachevet/cachevet/cache"
	"github.com/cachevet/cachevet/cache/httpcache"

	"outputcache/auth"
	"outputcache/pagecache"
)

func catalog(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=60") // silent: the cache is not an authentication middleware
	_, _ = w.Write([]byte("catalog"))
}

func profile(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte(auth.UserFrom(r.Context()).ID))
}

func cart(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte(auth.SessionUser(r)))
}

func tenantReport(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte(r.Header.Get("X-Tenant-ID")))
}

func must(m *httpcache.Middleware, err error) *httpcache.Middleware {
	if err != nil {
		panic(err)
	}
	return m
}

// Routes builds its caches from the shared policies.
func Routes() (http.Handler, error) {
	public, err := httpcache.New(pagecache.Public("public"))
	if err != nil {
		return nil, err
	}
	bare, err := httpcache.New(pagecache.Bare("bare"))
	if err != nil {
		return nil, err
	}
	perUser := must(httpcache.New(pagecache.PerUser("me")))
	perToken := must(httpcache.New(pagecache.PerToken("token")))
	pages := must(pagecache.Pages())

	mux := http.NewServeMux()
	// Public pages.
	mux.Handle("GET /catalog", pages.Handler(http.HandlerFunc(catalog)))
	mux.Handle("GET /catalog/bare", bare.Handler(http.HandlerFunc(catalog)))

	// Bearer tokens: the middleware sees Authorization and lets the request bypass.
	mux.Handle("GET /api/profile", auth.Require(bare.Handler(http.HandlerFunc(profile))))
	mux.Handle("GET /api/profile2", pages.Handler(auth.Require(http.HandlerFunc(profile))))

	// Session cookies.
	mux.Handle("GET /account", auth.RequireSession(bare.Handler(http.HandlerFunc(profile)))) // want `httpcache policy "bare" on route "GET /account" has no Scope and cannot tell that requests are authenticated: authentication middleware auth.RequireSession reads SessionUser\(r\) \(which reads the session cookie "sid"\), a cookie the policy does not list in AuthCookies, so the first user's response is stored in a shared entry and served to other users; add "sid" to AuthCookies so authenticated requests bypass the cache, or set Scope with AllowAuthenticated`
	mux.Handle("GET /account/listed", auth.RequireSession(public.Handler(http.HandlerFunc(profile))))
	mux.Handle("GET /cart", bare.Handler(http.HandlerFunc(cart))) // want `httpcache policy "bare" on route "GET /cart" has no Scope and cannot tell that requests are authenticated: the handler reads auth.SessionUser\(r\) \(which reads the session cookie "sid"\), a cookie`
	mux.Handle("GET /cart/listed", public.Handler(http.HandlerFunc(cart)))

	// Scoped policies.
	mux.Handle("GET /me", auth.Require(perUser.Handler(http.HandlerFunc(profile))))
	mux.Handle("GET /me/outside", perUser.Handler(auth.Require(http.HandlerFunc(profile)))) // want `httpcache policy "me" on route "GET /me/outside" computes its Scope from auth.UserFrom\(r.Context\(\)\) \(which reads the request context value ctxKey\{\}\), but the cache runs before authentication middleware auth.Require sets it: no request has a scope yet, so authenticated requests never use the cache, or share one entry when the middleware cannot see their credentials; install the cache inside auth.Require`
	mux.Handle("GET /me/token", perToken.Handler(auth.Require(http.HandlerFunc(profile))))

	// Identity headers.
	tenants := must(httpcache.New(httpcache.Policy{Name: "tenants", TTL: time.Minute, MaxEntries: 100, VaryByHeader: []string{"X-Tenant-ID"}}))
	mux.Handle("GET /reports", tenants.Handler(http.HandlerFunc(tenantReport)))
	mux.Handle("GET /reports/bare", bare.Handler(http.HandlerFunc(tenantReport))) // want `httpcache policy "bare" on route "GET /reports/bare" has no Scope and cannot tell that requests are authenticated: the handler reads the X-Tenant-ID header, a header the policy neither checks nor varies by, so the first user's response is stored in a shared entry and served to other users; set IsAuthenticated so such requests bypass the cache \(or add "X-Tenant-ID" to VaryByHeader\), or set Scope with AllowAuthenticated`
	return mux, nil
}

// IsAuthenticated that reads the context only works inside the
// authentication middleware.
func sessionRoutes(mux *http.ServeMux) {
	p := pagecache.Bare("sessions")
	p.IsAuthenticated = func(r *http.Request) bool { return auth.UserFrom(r.Context()) != nil }
	m := must(httpcache.New(p))
	mux.Handle("GET /inbox", m.Handler(auth.RequireSession(http.HandlerFunc(profile)))) // want `httpcache policy "sessions" on route "GET /inbox" has no Scope and recognises authenticated requests by IsAuthenticated, which reads auth.UserFrom\(r.Context\(\)\) \(which reads the request context value ctxKey\{\}\) before authentication middleware auth.RequireSession sets it`
	mux.Handle("GET /inbox/inside", auth.RequireSession(m.Handler(http.HandlerFunc(profile))))

	q := pagecache.Bare("listed")
	q.AuthCookies = []string{"sid"}
	listed := must(httpcache.New(q))
	mux.Handle("GET /inbox/listed", listed.Handler(auth.RequireSession(http.HandlerFunc(profile))))
}

// A policy the analysis cannot see: the run-time checks stand alone.
func configured(mux *http.ServeMux, m *httpcache.Middleware) {
	mux.Handle("GET /account/configured", auth.RequireSession(m.Handler(http.HandlerFunc(profile))))
}

// New rejects this policy at run time; the finding is at the call.
func badPolicy() (*httpcache.Middleware, error) {
	return httpcache.New(httpcache.Policy{Name: "everyone", TTL: time.Minute, MaxEntries: 10, AllowAuthenticated: true}) // want `httpcache policy "everyone" sets AllowAuthenticated without Scope: httpcache.New rejects it at run time, since every authenticated user would share one entry; set Scope to the request's user or tenant \(cache.User, cache.Tenant\) or drop AllowAuthenticated so authenticated requests bypass the cache`
}

// server keeps its caches in fields, set where it is built.
type server struct {
	pages    *httpcache.Middleware
	sessions *httpcache.Middleware
}

func newServer() *server {
	return &server{
		pages: must(httpcache.New(httpcache.Policy{Name: "srv-pages", TTL: time.Minute, MaxEntries: 100})),
		sessions: must(httpcache.New(httpcache.Policy{
			Name: "srv-sessions", TTL: time.Minute, MaxEntries: 100,
			AllowAuthenticated: true,
			Scope: func(r *http.Request) (cache.Scope, bool) {
				c, err := r.Cookie("sid")
				if err != nil {
					return cache.Scope{}, false
				}
				return cache.User(c.Value), true
			},
		})),
	}
}

func (s *server) routes(mux *http.ServeMux) {
	mux.Handle("GET /srv/account", auth.RequireSession(s.pages.Handler(http.HandlerFunc(profile)))) // want `httpcache policy "srv-pages" on route "GET /srv/account" has no Scope`
	mux.Handle("GET /srv/account/scoped", s.sessions.Handler(auth.RequireSession(http.HandlerFunc(profile))))
	mux.Handle("GET /srv/catalog", s.pages.Handler(http.HandlerFunc(catalog)))
}
