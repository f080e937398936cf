// Package pagecache holds the service's output-cache policies: routes in
// other packages see them through facts.
package pagecache

import (
	"net/http"
	"strings"
	"time"

	"github.com/cachevet/cachevet/cache"
	"github.com/cachevet/cachevet/cache/httpcache"

	"outputcache/auth"
)

// Public is for pages that are the same for every visitor; requests with
// the "sid" session cookie bypass it.
func Public(name string) httpcache.Policy { // want Public:`httpcache.Policy\(auth-cookies sid\)`
	return httpcache.Policy{Name: name, TTL: time.Minute, MaxEntries: 10_000, AuthCookies: []string{"sid"}}
}

// Bare caches anonymous pages and recognises only the Authorization header.
func Bare(name string) httpcache.Policy { // want Bare:`httpcache.Policy\(\)`
	return httpcache.Policy{Name: name, TTL: time.Minute, MaxEntries: 10_000}
}

// PerUser gives each signed-in user their own entries; the user comes from
// the context auth.Require fills.
func PerUser(name string) httpcache.Policy { // want PerUser:`httpcache.Policy\(allow-authenticated; scope\)`
	return httpcache.Policy{
		Name:               name,
		TTL:                time.Minute,
		MaxEntries:         10_000,
		AllowAuthenticated: true,
		Scope:              userScope,
	}
}

func userScope(r *http.Request) (cache.Scope, bool) {
	u := auth.UserFrom(r.Context())
	if u == nil {
		return cache.Scope{}, false
	}
	return cache.User(u.ID), true
}

// PerToken scopes by the bearer token itself: it needs no middleware.
func PerToken(name string) httpcache.Policy { // want PerToken:`httpcache.Policy\(allow-authenticated; scope\)` PerToken:`outputcache\(reads the Authorization header\)`
	return httpcache.Policy{
		Name:               name,
		TTL:                time.Minute,
		MaxEntries:         10_000,
		AllowAuthenticated: true,
		Scope: func(r *http.Request) (cache.Scope, bool) {
			tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
			return cache.User(tok), tok != ""
		},
	}
}

// Pages is a ready middleware.
func Pages() (*httpcache.Middleware, error) { // want Pages:`httpcache.Policy\("pages"\)`
	return httpcache.New(httpcache.Policy{Name: "pages", TTL: time.Minute, MaxEntries: 1000})
}

// Configured takes its policy from the caller: nothing to export.
func Configured(p httpcache.Policy) (*httpcache.Middleware, error) {
	return httpcache.New(p)
}
