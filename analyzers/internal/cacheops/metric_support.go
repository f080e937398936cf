package cacheops

import (
	"go/ast"

	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// CallIdentity reports whether a call returns an identity itself (not data
// computed from one): an accessor such as auth.UserID(ctx) or
// tenant.FromContext(ctx), or a request lookup by a constant name such as
// r.Header.Get("X-User-ID") or chi.URLParam(r, "orgID").
func (r *Result) CallIdentity(call *ast.CallExpr) identity.Kind {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	fn := r.m.callee(call)
	if k := r.m.requestLookup(call, fn); k != identity.None {
		return k
	}
	if fn == nil {
		return identity.None
	}
	return r.m.accessor(fn)
}

// IsHash reports whether a call hashes its input (a crypto or hash package
// function, or a function named like a hash).
func (r *Result) IsHash(call *ast.CallExpr) bool {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	return r.m.isHash(r.m.callee(call))
}
