// Package rcache is a response cache declared to cachevet by directive.
package rcache

import (
	"net/http"
	"time"
)

// Middleware caches whole responses under keyFn(r).
//
//cachevet:responsecache key=keyFn
func Middleware(ttl time.Duration, keyFn func(*http.Request) string) func(http.Handler) http.Handler { // want Middleware:`outputcache\(responsecache\)`
	return func(next http.Handler) http.Handler { return next }
}

// ByURL is the default key.
func ByURL(r *http.Request) string { return r.URL.String() }
