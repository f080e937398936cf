package outputcache

import (
	"go/types"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
)

const (
	netHTTP = "net/http"
	ginPkg  = "github.com/gin-gonic/gin"
)

func typeString(t types.Type) string {
	if t == nil {
		return ""
	}
	return cacheops.TypeString(t)
}

func isRequest(t types.Type) bool { return typeString(t) == "*net/http.Request" }

func isContext(t types.Type) bool { return typeString(t) == "context.Context" }

// isResponseWriter reports whether t has the methods of http.ResponseWriter
// (http.ResponseWriter itself, gin.ResponseWriter, wrappers).
func isResponseWriter(t types.Type) bool {
	if t == nil {
		return false
	}
	if typeString(t) == "net/http.ResponseWriter" {
		return true
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Header")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Params().Len() != 0 || sig.Results().Len() != 1 || typeString(sig.Results().At(0).Type()) != "net/http.Header" {
		return false
	}
	wh, _, _ := types.LookupFieldOrMethod(t, true, nil, "WriteHeader")
	_, ok = wh.(*types.Func)
	return ok
}

// requestState: values through which a callee can learn who the caller is.
func isRequestState(t types.Type) bool {
	if isRequest(t) || ctxFramework(t) != nil || isContext(t) {
		return true
	}
	return typeString(t) == "github.com/gofiber/fiber/v3.Ctx"
}

// responseState: values through which a callee can set response headers.
func isResponseState(t types.Type) bool { return isResponseWriter(t) || ctxFramework(t) != nil }

// isHTTPHandlerFunc reports whether t is func(http.ResponseWriter, *http.Request).
func isHTTPHandlerFunc(t types.Type) bool {
	if t == nil {
		return false
	}
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 2 && sig.Results().Len() == 0 &&
		isResponseWriter(sig.Params().At(0).Type()) && isRequest(sig.Params().At(1).Type())
}

// isHandler reports whether a value of type t handles requests: a handler
// function, a framework handler (gin, echo, fiber), or anything with
// ServeHTTP.
func isHandler(t types.Type) bool {
	if t == nil {
		return false
	}
	if isHTTPHandlerFunc(t) || isFrameworkHandler(t) {
		return true
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "ServeHTTP")
	if fn, ok := obj.(*types.Func); ok {
		if sig, ok := fn.Type().(*types.Signature); ok {
			return isHTTPHandlerFunc(types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), false))
		}
	}
	return false
}

// isMiddlewareFunc reports whether t is func(http.Handler) http.Handler
// (or a named type of it, such as chi's middleware values).
func isMiddlewareFunc(t types.Type) bool {
	if t == nil {
		return false
	}
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 1 && sig.Results().Len() == 1 &&
		isHandler(sig.Params().At(0).Type()) && isHandler(sig.Results().At(0).Type())
}

// returnsMiddleware reports whether fn returns a middleware or a handler.
func resultIs(fn *types.Func, pred func(types.Type) bool) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Results().Len() >= 1 && pred(sig.Results().At(0).Type())
}

func pkgPath(fn *types.Func) string {
	if fn == nil || fn.Pkg() == nil {
		return ""
	}
	return fn.Pkg().Path()
}

// qualName is "pkg/path.Func" or "pkg/path.Type.Method".
func qualName(fn *types.Func) string {
	name := fn.Name()
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = n.Obj().Name() + "." + name
		}
	}
	return pkgPath(fn) + "." + name
}

// shortFunc is how messages name fn: "auth.Require", "Server.requireUser".
func shortFunc(fn *types.Func) string {
	q := qualName(fn)
	if i := strings.LastIndex(pkgPath(fn), "/"); i >= 0 {
		return q[i+1:]
	}
	return q
}

func normalizeName(s string) string {
	s = strings.ReplaceAll(s, "(*", "")
	return strings.ReplaceAll(s, ")", "")
}
