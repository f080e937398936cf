// Package selfcache is a response cache written like cachevet's own: it
// tests whether a request carries credentials, sets public only for
// anonymous requests and private for scoped ones. None of it is reported.
package selfcache

import (
	"net/http"
	"strconv"
)

type Cache struct {
	cookies []string
	store   map[string][]byte
}

func (c *Cache) authenticated(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return true
	}
	if _, _, ok := r.BasicAuth(); ok {
		return true
	}
	for _, name := range c.cookies {
		if _, err := r.Cookie(name); err == nil {
			return true
		}
	}
	if _, err := r.Cookie("session"); err == nil {
		return true
	}
	return false
}

// Wrap caches anonymous responses.
func (c *Cache) Wrap(next http.Handler) http.Handler { // want Wrap:`outputcache\(tests c.authenticated\(r\) \(which reads the Authorization header\); tests .*; sets Cache-Control: private, no-store; .*sets Cache-Control: public, max-age=60`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		scoped := false
		if c.authenticated(r) {
			w.Header().Set("Cache-Control", "private, no-store")
			next.ServeHTTP(w, r)
			return
		}
		body, ok := c.store[r.URL.Path]
		switch {
		case ok && scoped:
			c.write(w, body, true)
		case ok:
			c.write(w, body, false)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func (c *Cache) write(w http.ResponseWriter, body []byte, scoped bool) {
	if scoped {
		w.Header().Set("Cache-Control", "private, max-age="+strconv.Itoa(60))
	} else {
		w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(60))
	}
	_, _ = w.Write(body)
}

// A handler that only tests for a bearer token to pick a variant.
func Banner(w http.ResponseWriter, r *http.Request) { // want Banner:`outputcache\(tests the Authorization header; sets Cache-Control: public, max-age=60\)`
	w.Header().Set("Cache-Control", "public, max-age=60")
	if len(r.Header.Get("Authorization")) > 0 {
		_, _ = w.Write([]byte("welcome back"))
		return
	}
	_, _ = w.Write([]byte("sign in"))
}

func routes(mux *http.ServeMux, c *Cache) {
	mux.Handle("GET /", c.Wrap(http.HandlerFunc(Banner)))
}

// requireToken is a gate: a request without a token never reaches next, so
// the routes behind it are authenticated.
func requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func grades(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, s-maxage=60") // want `route "GET /grades" is registered behind authentication middleware requireToken`
}

func gated(mux *http.ServeMux) {
	mux.Handle("GET /grades", requireToken(http.HandlerFunc(grades)))
}
