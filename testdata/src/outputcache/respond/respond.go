// Package respond holds response helpers whose header writes are facts.
package respond

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// JSON writes v, cacheable by anyone for maxAge seconds.
func JSON(w http.ResponseWriter, v any, maxAge int) { // want JSON:`outputcache\(sets Cache-Control: public, max-age=…\)`
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(maxAge))
	_ = json.NewEncoder(w).Encode(v)
}

// JSONFor writes v, public for ten minutes when cacheFor > 0.
func JSONFor(w http.ResponseWriter, v any, cacheFor int) { // want JSONFor:`outputcache\(sets Cache-Control: public, max-age=600 if \$3 > 0\)`
	if cacheFor > 0 {
		w.Header().Set("Cache-Control", "public, max-age=600")
	}
	_ = json.NewEncoder(w).Encode(v)
}

// Private writes v for this user only.
func Private(w http.ResponseWriter, v any) { // want Private:`outputcache\(sets Cache-Control: private, no-store\)`
	w.Header().Set("Cache-Control", "private, no-store")
	_ = json.NewEncoder(w).Encode(v)
}

// CacheFor is header middleware: every response below it is public.
func CacheFor(d time.Duration) func(http.Handler) http.Handler { // want CacheFor:`outputcache\(sets Cache-Control: public, max-age=…\)`
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(d.Seconds())))
			next.ServeHTTP(w, r)
		})
	}
}

// VaryAuth adds the vary rule for authenticated responses.
func VaryAuth(next http.Handler) http.Handler { // want VaryAuth:`outputcache\(adds Vary: Authorization\)`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Authorization")
		next.ServeHTTP(w, r)
	})
}
