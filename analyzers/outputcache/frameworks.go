package outputcache

import (
	"go/types"
	"strings"
)

// framework describes a web framework whose handlers take one context value
// (gin, echo, fiber): the shapes of its handlers and routers, and the
// context methods that read identity and set response headers. The rule
// follows every framework through this table; net/http and chi, whose
// handlers are func(w, r), are modelled apart.
type framework struct {
	pkg string
	// ctx is the type of the handler's only parameter; results is how many
	// results a handler returns (gin none, echo and fiber an error).
	ctx     string
	results int
	// handler is the type of the next handler a wrapper-style middleware
	// calls as next(c) (echo.HandlerFunc); "" when there is none.
	handler string
	// mode is how a middleware passes the request on: modeGin, the chain
	// goes on unless it aborts; modeHTTP, only through next.
	mode    int
	next    string // the context method that runs the rest of the chain
	abort   string // prefix of the context methods that end the chain
	routers []string
	// verbs register (path, handlers...) for the HTTP method they name
	// ("" for any method); handle register (method, path, handlers...).
	verbs  map[string]string
	handle map[string]bool
	// handlerFirst: a route is (path, handler, middlewares...), the first
	// middleware outermost (echo); otherwise (path, middlewares..., handler).
	handlerFirst bool
	group        string // Group(prefix, middlewares...)
	use          string // Use(middlewares...)
	usePrefix    bool   // Use may take a path prefix first (fiber)
	// Context methods: setHeader(name, value), addHeader(name, value),
	// vary(names...), getHeader(name), cookie(name), value(key) reads a
	// value a middleware stored.
	setHeader, addHeader, vary string
	getHeader, cookie          string
	values                     map[string]bool
	valueDesc                  string // how messages name such a value: "the gin context value"
}

var frameworks = []*framework{
	{
		pkg: ginPkg, ctx: "*" + ginPkg + ".Context", mode: modeGin, next: "Next", abort: "Abort",
		routers: []string{"*" + ginPkg + ".Engine", "*" + ginPkg + ".RouterGroup", ginPkg + ".IRoutes", ginPkg + ".IRouter"},
		verbs:   map[string]string{"GET": "GET", "POST": "POST", "PUT": "PUT", "PATCH": "PATCH", "DELETE": "DELETE", "HEAD": "HEAD", "OPTIONS": "OPTIONS", "Any": ""},
		handle:  map[string]bool{"Handle": true, "Match": true},
		group:   "Group", use: "Use",
		setHeader: "Header", getHeader: "GetHeader", cookie: "Cookie",
		values:    map[string]bool{"Get": true, "MustGet": true, "GetString": true, "GetInt": true, "GetInt64": true, "GetUint": true, "GetUint64": true, "GetStringMap": true, "GetStringMapString": true},
		valueDesc: "the gin context value",
	},
	{
		pkg: echoPkg, ctx: echoPkg + ".Context", results: 1, handler: echoPkg + ".HandlerFunc", mode: modeHTTP,
		routers: []string{"*" + echoPkg + ".Echo", "*" + echoPkg + ".Group"},
		verbs:   map[string]string{"GET": "GET", "POST": "POST", "PUT": "PUT", "PATCH": "PATCH", "DELETE": "DELETE", "HEAD": "HEAD", "OPTIONS": "OPTIONS", "CONNECT": "CONNECT", "TRACE": "TRACE", "Any": ""},
		handle:  map[string]bool{"Add": true, "Match": true},
		group:   "Group", use: "Use", handlerFirst: true,
		cookie:    "Cookie",
		values:    map[string]bool{"Get": true},
		valueDesc: "the echo context value",
	},
	{
		// echo v5: the context is a struct, handlers are
		// func(*echo.Context) error; routing is v4's.
		pkg: echo5Pkg, ctx: "*" + echo5Pkg + ".Context", results: 1, handler: echo5Pkg + ".HandlerFunc", mode: modeHTTP,
		routers: []string{"*" + echo5Pkg + ".Echo", "*" + echo5Pkg + ".Group"},
		verbs:   map[string]string{"GET": "GET", "POST": "POST", "PUT": "PUT", "PATCH": "PATCH", "DELETE": "DELETE", "HEAD": "HEAD", "OPTIONS": "OPTIONS", "CONNECT": "CONNECT", "TRACE": "TRACE", "Any": ""},
		handle:  map[string]bool{"Add": true, "Match": true},
		group:   "Group", use: "Use", handlerFirst: true,
		cookie:    "Cookie",
		values:    map[string]bool{"Get": true},
		valueDesc: "the echo context value",
	},
	{
		pkg: fiberPkg, ctx: "*" + fiberPkg + ".Ctx", results: 1, mode: modeHTTP, next: "Next",
		routers: []string{"*" + fiberPkg + ".App", "*" + fiberPkg + ".Group", fiberPkg + ".Router"},
		verbs:   map[string]string{"Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE", "Head": "HEAD", "Options": "OPTIONS", "Connect": "CONNECT", "Trace": "TRACE", "All": ""},
		handle:  map[string]bool{"Add": true},
		group:   "Group", use: "Use", usePrefix: true,
		setHeader: "Set", addHeader: "Append", vary: "Vary", getHeader: "Get", cookie: "Cookies",
		values:    map[string]bool{"Locals": true},
		valueDesc: "the fiber local",
	},
}

const (
	echoPkg  = "github.com/labstack/echo/v4"
	echo5Pkg = "github.com/labstack/echo/v5"
	fiberPkg = "github.com/gofiber/fiber/v2"
)

// frameworkOf returns the framework of package path pkg, or nil.
func frameworkOf(pkg string) *framework {
	for _, fw := range frameworks {
		if fw.pkg == pkg {
			return fw
		}
	}
	return nil
}

// ctxFramework returns the framework whose handler context t is, or nil.
func ctxFramework(t types.Type) *framework {
	if t == nil {
		return nil
	}
	s := typeString(t)
	for _, fw := range frameworks {
		if fw.ctx == s {
			return fw
		}
	}
	return nil
}

// routerFramework returns the framework whose router type t is, or nil.
func routerFramework(t types.Type) *framework {
	if t == nil {
		return nil
	}
	s := typeString(t)
	for _, fw := range frameworks {
		for _, r := range fw.routers {
			if r == s {
				return fw
			}
		}
	}
	return nil
}

// handlerFramework returns the framework of a handler signature: one
// context parameter and the framework's results, or nil.
func handlerFramework(sig *types.Signature) *framework {
	if sig == nil || sig.Params().Len() != 1 {
		return nil
	}
	fw := ctxFramework(sig.Params().At(0).Type())
	if fw == nil || sig.Results().Len() != fw.results {
		return nil
	}
	if fw.results == 1 && typeString(sig.Results().At(0).Type()) != "error" {
		return nil
	}
	return fw
}

// isFrameworkHandler reports whether t is a framework handler function
// (func(*gin.Context), echo.HandlerFunc, fiber.Handler).
func isFrameworkHandler(t types.Type) bool {
	if t == nil {
		return false
	}
	sig, ok := t.Underlying().(*types.Signature)
	return ok && handlerFramework(sig) != nil
}

// isNextHandlerType reports whether t is the type of the next handler a
// wrapper-style middleware calls (echo.HandlerFunc).
func isNextHandlerType(t types.Type) bool {
	s := typeString(t)
	for _, fw := range frameworks {
		if fw.handler != "" && fw.handler == s {
			return true
		}
	}
	return false
}

// ctxMethod reports whether fn is the method name of a framework's handler
// context (name "" never matches).
func ctxMethod(fw *framework, fn *types.Func, name string) bool {
	return fw != nil && name != "" && fn != nil && fn.Name() == name && pkgPath(fn) == fw.pkg
}

// isChainNext reports whether fn is a framework's c.Next().
func isChainNext(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fw := frameworkOf(pkgPath(fn))
	return fw != nil && fw.next != "" && fn.Name() == fw.next
}

// isChainAbort reports whether fn ends a framework's chain (gin's c.Abort*).
func isChainAbort(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fw := frameworkOf(pkgPath(fn))
	return fw != nil && fw.abort != "" && strings.HasPrefix(fn.Name(), fw.abort)
}
