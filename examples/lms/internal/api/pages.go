package api

import (
	"net/http"
	"time"

	"github.com/cachevet/cachevet/cache"
	"github.com/cachevet/cachevet/cache/httpcache"

	"example.com/lms/internal/auth"
	"example.com/lms/internal/catalog"
)

// Pages serves catalogue pages through cachevet's output cache.
type Pages struct {
	Catalog  *catalog.RefService
	Sessions *auth.Sessions
}

// userScope gives each signed-in user of an organisation their own entries.
func userScope(r *http.Request) (cache.Scope, bool) {
	user, org := auth.UserID(r.Context()), auth.OrgID(r.Context())
	if user == "" || org == "" {
		return cache.Scope{}, false
	}
	return cache.TenantUser(org, user), true
}

// Routes adds the cached pages to mux.
func (p *Pages) Routes(mux *http.ServeMux) error {
	// Public pages: the same for every visitor. Requests that carry a bearer
	// token or the session cookie bypass the cache.
	public, err := httpcache.New(httpcache.Policy{
		Name:        "public-pages",
		TTL:         5 * time.Minute,
		MaxEntries:  1000,
		VaryByQuery: []string{},
		AuthCookies: []string{auth.SessionCookie},
	})
	if err != nil {
		return err
	}
	// Per-user pages behind token authentication: each user has their own
	// entries, and the cache runs inside auth.Middleware, which sets the user.
	mine, err := httpcache.New(httpcache.Policy{
		Name:               "my-pages",
		TTL:                time.Minute,
		MaxEntries:         10_000,
		AllowAuthenticated: true,
		Scope:              userScope,
	})
	if err != nil {
		return err
	}
	// A policy that only knows about bearer tokens.
	tokenOnly, err := httpcache.New(httpcache.Policy{
		Name:       "dashboard-pages",
		TTL:        time.Minute,
		MaxEntries: 10_000,
	})
	if err != nil {
		return err
	}

	mux.Handle("GET /orgs/{org}/catalog", public.Handler(http.HandlerFunc(p.orgCatalog)))
	mux.Handle("GET /api/me/catalog", auth.Middleware(mine.Handler(http.HandlerFunc(p.myCatalog))))
	// Browser pages behind the session cookie: the public policy lists the
	// cookie, so signed-in requests bypass the cache.
	mux.Handle("GET /app/catalog", p.Sessions.Middleware(public.Handler(http.HandlerFunc(p.myCatalog))))
	// BAD: outputcache — the dashboard policy does not list the session
	// cookie, so the middleware takes signed-in requests for anonymous ones
	// and the first user's dashboard is stored and served to everyone.
	mux.Handle("GET /app/dashboard", p.Sessions.Middleware(tokenOnly.Handler(http.HandlerFunc(p.myCatalog))))
	return nil
}

// orgCatalog is an organisation's public catalogue: the organisation is in
// the URL, hence in every cache key.
func (p *Pages) orgCatalog(w http.ResponseWriter, r *http.Request) {
	cs, err := p.Catalog.Courses(r.Context(), r.PathValue("org"))
	if err != nil {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	writeJSON(w, cs)
}

// myCatalog is the signed-in user's catalogue.
func (p *Pages) myCatalog(w http.ResponseWriter, r *http.Request) {
	cs, err := p.Catalog.Courses(r.Context(), auth.OrgID(r.Context()))
	if err != nil {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	writeJSON(w, map[string]any{"user": auth.UserID(r.Context()), "courses": cs})
}
