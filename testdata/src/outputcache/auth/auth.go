// Package auth authenticates requests: its functions carry facts that
// other packages see.
package auth

import (
	"context"
	"net/http"
	"strings"
)

type ctxKey struct{}

// User is the authenticated caller.
type User struct{ ID string }

// Require is authentication middleware: it reads the bearer token and puts
// the user in the request context.
func Require(next http.Handler) http.Handler { // want Require:`outputcache\(auth; reads the Authorization header\)`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if tok == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, &User{ID: tok})))
	})
}

// RequireSession is cookie-session authentication middleware.
func RequireSession(next http.Handler) http.Handler { // want RequireSession:`outputcache\(auth; reads SessionUser\(r\) \(which reads the session cookie "sid"\)\)`
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if SessionUser(r) == "" {
			http.Redirect(w, r, "/login", http.StatusFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Verifier checks tokens against a key set it does not show.
type Verifier interface {
	Verify(r *http.Request) (string, error)
}

// Middleware authenticates with v. Its name says so; the reads are hidden
// behind an interface.
func Middleware(v Verifier) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, err := v.Verify(r); err != nil {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// UserFrom returns the user that Require stored.
func UserFrom(ctx context.Context) *User { // want UserFrom:`outputcache\(reads the request context value ctxKey\{\}\)`
	u, _ := ctx.Value(ctxKey{}).(*User)
	return u
}

// SessionUser reads the session cookie.
func SessionUser(r *http.Request) string { // want SessionUser:`outputcache\(reads the session cookie "sid"\)`
	c, err := r.Cookie("sid")
	if err != nil {
		return ""
	}
	return c.Value
}

// RequestID is not an identity: a correlation id.
func RequestID(r *http.Request) string {
	return r.Header.Get("X-Request-ID")
}
