// Package auth authenticates requests and carries the caller in the context.
package auth

import (
	"context"
	"net/http"
	"strings"
)

type ctxKey int

const (
	userKey ctxKey = iota
	orgKey
)

// Middleware authenticates a bearer token of the form "user@org" (a stand-in
// for real token verification) and stores the caller in the context.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		user, org, found := strings.Cut(tok, "@")
		if !ok || !found || user == "" || org == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		ctx := context.WithValue(r.Context(), userKey, user)
		ctx = context.WithValue(ctx, orgKey, org)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// UserID is the signed-in user.
func UserID(ctx context.Context) string {
	v, _ := ctx.Value(userKey).(string)
	return v
}

// OrgID is the signed-in user's organisation.
func OrgID(ctx context.Context) string {
	v, _ := ctx.Value(orgKey).(string)
	return v
}
