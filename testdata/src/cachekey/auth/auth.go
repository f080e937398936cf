// Package auth reads the caller's identity from the context.
package auth

import "context"

type ctxKey struct{}

type tenantKey struct{}

// UserID returns the signed-in user.
func UserID(ctx context.Context) string {
	v, _ := ctx.Value(ctxKey{}).(string)
	return v
}

// Tenant returns the caller's tenant.
func Tenant(ctx context.Context) string {
	v, _ := ctx.Value(tenantKey{}).(string)
	return v
}
