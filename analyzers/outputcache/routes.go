package outputcache

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/types"
	"path"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// router is what the analysis knows about a router value: the middlewares
// installed on it (outermost first) and its path prefix.
type router struct {
	mws    []*mw
	prefix string
}

func (r *router) child() *router {
	return &router{mws: append([]*mw(nil), r.mws...), prefix: r.prefix}
}

// route is one handler registration.
type route struct {
	decl    *ast.FuncDecl
	pattern string
	mws     []*mw
	// handlers are the handler arguments: gin takes middlewares before the
	// final handler.
	handlers []ast.Expr
}

// mw is a middleware on a route's path.
type mw struct {
	node     ast.Node // where it is registered
	call     *ast.CallExpr
	decl     *ast.FuncDecl // the function that registers it
	fn       *types.Func
	name     string
	auth     bool
	optional bool   // reads identity, lets anonymous requests through
	under    string // installed by Use with a path prefix: only routes under it
	rcache   bool
	keyParam int
	ids      []IDRead
	sets     []setEv
	// native: cachevet's own cache/httpcache middleware, modelled by its
	// policy rather than by its body.
	native bool
	policy *PolicyFact
}

func isChi(pkg string) bool {
	return pkg == "github.com/go-chi/chi/v5" || pkg == "github.com/go-chi/chi"
}

func isRouterType(t types.Type) bool {
	s := typeString(t)
	if s == "*net/http.ServeMux" || routerFramework(t) != nil {
		return true
	}
	return strings.HasPrefix(strings.TrimPrefix(s, "*"), "github.com/go-chi/chi") && (strings.HasSuffix(s, ".Mux") || strings.HasSuffix(s, ".Router"))
}

func (a *an) constStr(x ast.Expr) string {
	if tv, ok := a.pass.TypesInfo.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	return ""
}

func (a *an) callee(call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(a.pass.TypesInfo, call).(*types.Func)
	if fn != nil {
		fn = fn.Origin()
	}
	return fn
}

// walkRoutes follows router construction and registrations in a function.
func (a *an) walkRoutes(decl *ast.FuncDecl) {
	if decl.Body == nil || a.walking[decl] > 0 {
		return
	}
	a.walking[decl]++
	defer func() { a.walking[decl]-- }()
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					id, ok := l.(*ast.Ident)
					if !ok || !isRouterType(a.pass.TypesInfo.TypeOf(n.Rhs[i])) {
						continue
					}
					if obj := a.pass.TypesInfo.ObjectOf(id); obj != nil {
						a.routers[obj] = a.routerOf(decl, n.Rhs[i])
					}
				}
			}
		case *ast.CallExpr:
			a.routeCall(decl, n)
		}
		return true
	})
}

func (a *an) routeCall(decl *ast.FuncDecl, call *ast.CallExpr) {
	fn := a.callee(call)
	if fn == nil {
		return
	}
	pkg := pkgPath(fn)
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	name := fn.Name()
	recv := sel != nil && a.pass.TypesInfo.Selections[sel] != nil
	fw := frameworkOf(pkg)
	if fw != nil && (!recv || ctxFramework(a.pass.TypesInfo.TypeOf(sel.X)) != nil) {
		fw = nil // a context method (c.Get on a fiber context), not a router's
	}
	switch {
	case recv && isChi(pkg) && name == "Use":
		r := a.routerOf(decl, sel.X)
		for _, arg := range call.Args {
			r.mws = append(r.mws, a.mwOf(decl, arg))
		}
		return
	case fw != nil && name == fw.use:
		r := a.routerOf(decl, sel.X)
		under := ""
		for i, arg := range call.Args {
			if fw.usePrefix && i == 0 && isString(a.pass.TypesInfo.TypeOf(arg)) {
				// app.Use("/api", mw): only the routes under the prefix.
				if under = a.constStr(arg); under == "" {
					return // a prefix not known: the routes it covers are not known
				}
				under = joinPaths(r.prefix, under)
				continue
			}
			if !isHandler(a.pass.TypesInfo.TypeOf(arg)) && !isMiddlewareFunc(a.pass.TypesInfo.TypeOf(arg)) {
				continue // fiber's Use takes any value
			}
			m := a.mwOf(decl, arg)
			m.under = under
			r.mws = append(r.mws, m)
		}
		return
	case recv && isChi(pkg) && (name == "Group" || name == "Route") && len(call.Args) >= 1:
		child := a.routerOf(decl, sel.X).child()
		if name == "Route" {
			child.prefix += a.constStr(call.Args[0])
		}
		a.bindRouterFunc(call.Args[len(call.Args)-1], child)
		return
	}
	if recv && (isChi(pkg) || fw != nil || (pkg == netHTTP && isRouterType(a.pass.TypesInfo.TypeOf(sel.X)))) {
		if rt := a.registration(decl, call, sel, pkg, name); rt != nil {
			a.routes = append(a.routes, rt)
		}
		return
	}
	if !recv && pkg == netHTTP && (name == "Handle" || name == "HandleFunc") && len(call.Args) == 2 {
		a.routes = append(a.routes, &route{decl: decl, pattern: a.constStr(call.Args[0]), handlers: call.Args[1:]})
		return
	}
	// A local function that registers routes on a router it is given.
	d := a.decls[fn]
	if d == nil || d.Body == nil || a.walking[d] > 0 {
		return
	}
	sig := funcSig(fn)
	bound := false
	for i, arg := range call.Args {
		if sig == nil || i >= sig.Params().Len() || !isRouterType(a.pass.TypesInfo.TypeOf(arg)) {
			continue
		}
		a.routers[sig.Params().At(i)] = a.routerOf(decl, arg)
		bound = true
	}
	if bound {
		a.walkRoutes(d)
	}
}

// bindRouterFunc binds the router parameter of fn (a literal, or a local
// function or method value) to r; local functions are walked now,
// literals as the walk reaches them.
func (a *an) bindRouterFunc(fn ast.Expr, r *router) {
	fn = ast.Unparen(fn)
	if lit, ok := fn.(*ast.FuncLit); ok {
		if ps := lit.Type.Params.List; len(ps) > 0 && len(ps[0].Names) > 0 {
			if obj := a.pass.TypesInfo.Defs[ps[0].Names[0]]; obj != nil {
				a.routers[obj] = r
			}
		}
		return
	}
	var f *types.Func
	switch x := fn.(type) {
	case *ast.Ident:
		f, _ = a.pass.TypesInfo.ObjectOf(x).(*types.Func)
	case *ast.SelectorExpr:
		f, _ = a.pass.TypesInfo.ObjectOf(x.Sel).(*types.Func)
	}
	if f == nil {
		return
	}
	d := a.decls[f.Origin()]
	sig := funcSig(f.Origin())
	if d == nil || sig == nil || sig.Params().Len() == 0 {
		return
	}
	a.routers[sig.Params().At(0)] = r
	a.walkRoutes(d)
}

// routerOf evaluates a router expression.
func (a *an) routerOf(decl *ast.FuncDecl, x ast.Expr) *router {
	x = ast.Unparen(x)
	var obj types.Object
	switch e := x.(type) {
	case *ast.Ident:
		obj = a.pass.TypesInfo.ObjectOf(e)
	case *ast.SelectorExpr:
		if s := a.pass.TypesInfo.Selections[e]; s != nil && s.Kind() == types.FieldVal {
			obj = s.Obj()
		}
	case *ast.StarExpr:
		return a.routerOf(decl, e.X)
	case *ast.CallExpr:
		fn := a.callee(e)
		sel, _ := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if fn != nil && sel != nil && a.pass.TypesInfo.Selections[sel] != nil {
			pkg := pkgPath(fn)
			switch {
			case isChi(pkg) && fn.Name() == "With":
				r := a.routerOf(decl, sel.X).child()
				for _, arg := range e.Args {
					r.mws = append(r.mws, a.mwOf(decl, arg))
				}
				return r
			case frameworkOf(pkg) != nil && fn.Name() == frameworkOf(pkg).group && len(e.Args) >= 1:
				r := a.routerOf(decl, sel.X).child()
				r.prefix = joinPaths(r.prefix, a.constStr(e.Args[0]))
				for _, arg := range e.Args[1:] {
					r.mws = append(r.mws, a.mwOf(decl, arg))
				}
				return r
			case frameworkOf(pkg) != nil && fn.Name() == frameworkOf(pkg).use:
				return a.routerOf(decl, sel.X)
			case isChi(pkg) && (fn.Name() == "Group" || fn.Name() == "Route"):
				return a.routerOf(decl, sel.X).child()
			}
		}
		return &router{}
	}
	if obj == nil {
		return &router{}
	}
	if r, ok := a.routers[obj]; ok {
		return r
	}
	r := &router{}
	a.routers[obj] = r
	return r
}

// registration builds the route a router method call registers.
func (a *an) registration(decl *ast.FuncDecl, call *ast.CallExpr, sel *ast.SelectorExpr, pkg, name string) *route {
	pat, hs := -1, -1
	method := ""
	switch {
	case pkg == netHTTP && (name == "Handle" || name == "HandleFunc"):
		pat, hs = 0, 1
	case isChi(pkg):
		switch name {
		case "Handle", "HandleFunc", "Mount":
			pat, hs = 0, 1
		case "Method", "MethodFunc":
			pat, hs = 1, 2
			method = a.constStr(call.Args[0])
		case "Connect", "Delete", "Get", "Head", "Options", "Patch", "Post", "Put", "Trace":
			pat, hs = 0, 1
			method = strings.ToUpper(name)
		}
	case frameworkOf(pkg) != nil:
		fw := frameworkOf(pkg)
		if m, ok := fw.verbs[name]; ok {
			pat, hs = 0, 1
			method = m
		} else if fw.handle[name] && len(call.Args) >= 2 {
			pat, hs = 1, 2
			method = a.constStr(call.Args[0]) // "" for Match's list
		}
	}
	if pat < 0 || hs >= len(call.Args) {
		return nil
	}
	r := a.routerOf(decl, sel.X)
	p := r.prefix + a.constStr(call.Args[pat])
	fw := frameworkOf(pkg)
	if fw != nil {
		p = joinPaths(r.prefix, a.constStr(call.Args[pat]))
	}
	var mws []*mw
	for _, m := range r.mws {
		if m.under == "" || pathUnder(joinPaths(r.prefix, a.constStr(call.Args[pat])), m.under) {
			mws = append(mws, m)
		}
	}
	if method != "" {
		p = method + " " + p
	}
	handlers := call.Args[hs:]
	if fw != nil && fw.handlerFirst && len(handlers) > 1 {
		// e.GET(path, h, m1, m2): m1 is outermost, h innermost.
		handlers = append(append([]ast.Expr(nil), handlers[1:]...), handlers[0])
	}
	return &route{decl: decl, pattern: p, mws: mws, handlers: handlers}
}

// pathUnder reports whether a route path lies under a Use prefix, as
// fiber matches it (segment by segment).
func pathUnder(p, prefix string) bool {
	prefix = strings.TrimSuffix(prefix, "/")
	return prefix == "" || p == prefix || strings.HasPrefix(p, prefix+"/")
}

func isString(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// joinPaths joins a gin group's prefix and a relative path as gin does.
func joinPaths(prefix, rel string) string {
	if rel == "" {
		return prefix
	}
	if prefix == "" {
		return rel
	}
	p := path.Join(prefix, rel)
	if strings.HasSuffix(rel, "/") && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// mwOf classifies a middleware expression.
func (a *an) mwOf(decl *ast.FuncDecl, x ast.Expr) *mw {
	m := &mw{node: x, decl: decl, name: a.str(x)}
	x = ast.Unparen(x)
	var lit *ast.FuncLit
	switch e := x.(type) {
	case *ast.CallExpr:
		m.call = e
		m.fn = a.callee(e)
		m.name = a.str(e.Fun)
	case *ast.Ident:
		m.fn, _ = a.pass.TypesInfo.ObjectOf(e).(*types.Func)
	case *ast.SelectorExpr:
		m.fn, _ = a.pass.TypesInfo.ObjectOf(e.Sel).(*types.Func)
	case *ast.FuncLit:
		lit = e
	}
	var f *FuncFact
	switch {
	case lit != nil:
		s := a.summarize(lit, a.litDecl[lit])
		f = s.fact()
		m.sets = append(m.sets, s.sets...)

	case m.fn != nil:
		f = a.factOf(m.fn)
		if f != nil {
			fi := a.info(decl)
			for _, sf := range f.Sets {
				ev := setEv{SetFact: sf}
				if m.call != nil {
					inst, ok := a.instGuards(fi, sf.Guards, m.call)
					if !ok {
						continue // CacheFor(0): the arguments rule the header out
					}
					ev.Guards = inst
					ev.Name = a.subst(fi, sf.Name, m.call)
					ev.Value = a.subst(fi, sf.Value, m.call)
				}
				m.sets = append(m.sets, ev)
			}
		}
	}
	if f != nil {
		m.auth, m.rcache, m.keyParam, m.ids, m.optional = f.Auth, f.RCache, f.KeyParam, f.IDs, f.Optional
	}
	if isHTTPCacheHandler(m.fn) {
		// The middleware sets public only on entries it holds for anonymous
		// requests, and it never authenticates: its policy decides.
		m.native, m.rcache, m.auth, m.ids, m.sets = true, true, false, nil, nil
		m.policy = a.middlewarePolicy(decl, httpCacheRecv(x), 0)
	}
	if !m.auth && !m.rcache && !m.optional && authName(m.name) && !optionalName(m.name) {
		m.auth = true
	}
	return m
}

// resolveHandler unwraps wrapper chains (auth(h), http.HandlerFunc(f),
// cache.CachePage(store, ttl, h)) down to the handling function.
func (a *an) resolveHandler(decl *ast.FuncDecl, x ast.Expr) (chain []*mw, h handlerRef, ok bool) {
	info := a.pass.TypesInfo
	for depth := 0; depth < 12; depth++ {
		x = ast.Unparen(x)
		switch e := x.(type) {
		case *ast.CallExpr:
			if tv, ok := info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
				x = e.Args[0]
				continue
			}
			var inner ast.Expr
			for i := len(e.Args) - 1; i >= 0; i-- {
				if isHandler(info.TypeOf(e.Args[i])) && !isRouterType(info.TypeOf(e.Args[i])) {
					inner = e.Args[i]
					break
				}
			}
			if inner != nil && isHandler(info.TypeOf(e)) {
				if f, ok := ast.Unparen(e.Fun).(*ast.CallExpr); ok {
					chain = append(chain, a.mwOf(decl, f)) // cacheFor(d)(h): the factory call names it
				} else {
					chain = append(chain, a.mwOf(decl, e))
				}
				x = inner
				continue
			}
			fn := a.callee(e)
			if fn == nil {
				return chain, h, false
			}
			return chain, a.ref(fn), true
		case *ast.FuncLit:
			return chain, handlerRef{node: e, decl: a.litDecl[e]}, true
		case *ast.Ident, *ast.SelectorExpr:
			var obj types.Object
			if id, ok := e.(*ast.Ident); ok {
				obj = info.ObjectOf(id)
			} else {
				obj = info.ObjectOf(e.(*ast.SelectorExpr).Sel)
			}
			switch o := obj.(type) {
			case *types.Func:
				return chain, a.ref(o), true
			case *types.Var:
				if _, isFunc := o.Type().Underlying().(*types.Signature); isFunc {
					if ds := a.info(decl).defs[o]; len(ds) == 1 {
						x = ds[0]
						continue
					}
					return chain, h, false
				}
				return a.serveHTTP(chain, o.Type())
			}
			return chain, h, false
		case *ast.UnaryExpr, *ast.CompositeLit:
			return a.serveHTTP(chain, info.TypeOf(e))
		default:
			return chain, h, false
		}
	}
	return chain, h, false
}

func (a *an) serveHTTP(chain []*mw, t types.Type) ([]*mw, handlerRef, bool) {
	if t == nil || isRouterType(t) {
		return chain, handlerRef{}, false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, a.pass.Pkg, "ServeHTTP")
	fn, ok := obj.(*types.Func)
	if !ok {
		return chain, handlerRef{}, false
	}
	return chain, a.ref(fn), true
}

func (a *an) ref(fn *types.Func) handlerRef {
	fn = fn.Origin()
	if d := a.decls[fn]; d != nil {
		return handlerRef{node: d, decl: d, fn: fn}
	}
	return handlerRef{fn: fn, fact: a.factOf(fn)}
}

// checkRoute checks one registration.
func (a *an) checkRoute(rt *route) {
	if len(rt.handlers) == 0 {
		return
	}
	chain := append([]*mw(nil), rt.mws...)
	for _, hx := range rt.handlers[:len(rt.handlers)-1] {
		chain = append(chain, a.mwOf(rt.decl, hx))
	}
	last := rt.handlers[len(rt.handlers)-1]
	wrappers, h, ok := a.resolveHandler(rt.decl, last)
	chain = append(chain, wrappers...)
	if !ok {
		h = handlerRef{}
	}
	rc := &routeCtx{pattern: rt.pattern, chain: chain, reg: last}
	if ok {
		a.checkHandler(h, rc)
	}
	a.checkResponseCaches(h, rc)
}

// checkResponseCaches reports response caches whose key ignores the user on
// an authenticated route, and caches that run before the authentication
// their key depends on.
func (a *an) checkResponseCaches(h handlerRef, rc *routeCtx) {
	ids := identities{authBy: rc.authMW()}
	if h.node != nil || h.fact != nil {
		for _, id := range h.summary(a).ids {
			if !id.Presence {
				ids.ids = append(ids.ids, id.IDRead)
			}
		}
	}
	if !ids.any() {
		return
	}
	authIdx := -1
	for i, m := range rc.chain {
		if m.auth && authIdx < 0 {
			authIdx = i
		}
	}
	for i, m := range rc.chain {
		if !m.rcache || a.reported[m.node.Pos()] {
			continue
		}
		if m.native {
			a.checkHTTPCache(m, i, rc, ids)
			continue
		}
		reads, fromCtx, desc := a.keyIdentity(m)
		var msg string
		switch {
		case !reads:
			why := ""
			if ids.authBy != nil {
				why = "behind authentication middleware " + ids.authBy.name
			} else {
				why = "the handler reads " + ids.ids[0].Desc
			}
			msg = fmt.Sprintf("response cache %s on route %q stores the responses of an authenticated route (%s) under a key that ignores the user: one user's cached response would be served to other users; key or vary it by the user, or do not cache this route", m.name, rc.pattern, why)
		case fromCtx && authIdx > i:
			auth := rc.chain[authIdx].name
			msg = fmt.Sprintf("response cache %s on route %q computes its key from %s, but it runs before authentication middleware %s sets it: every user shares one entry; register the cache after %s", m.name, rc.pattern, desc, auth, auth)
		default:
			continue
		}
		a.reported[m.node.Pos()] = true
		a.r.Report(m.node, msg)
	}
}

// keyIdentity reports whether a response cache's key or vary options read
// the caller's identity, and whether only from request context values
// (which an authentication middleware sets).
func (a *an) keyIdentity(m *mw) (reads, fromCtx bool, desc string) {
	if m.call == nil {
		return false, false, ""
	}
	args := m.call.Args
	if m.keyParam > 0 {
		if m.keyParam-1 >= len(args) {
			return false, false, ""
		}
		args = args[m.keyParam-1 : m.keyParam]
	}
	var ids []IDRead
	var visit func(x ast.Expr, depth int)
	visit = func(x ast.Expr, depth int) {
		x = ast.Unparen(x)
		if s := a.constStr(x); s != "" {
			for _, h := range strings.Split(s, ",") {
				if id, ok := a.headerID(h); ok {
					ids = append(ids, id)
				}
			}
			return
		}
		switch e := x.(type) {
		case *ast.FuncLit:
			for _, id := range a.summarize(e, a.litDecl[e]).ids {
				if !id.Presence {
					ids = append(ids, id.IDRead)
				}
			}
		case *ast.Ident, *ast.SelectorExpr:
			var obj types.Object
			if id, ok := e.(*ast.Ident); ok {
				obj = a.pass.TypesInfo.ObjectOf(id)
			} else {
				obj = a.pass.TypesInfo.ObjectOf(e.(*ast.SelectorExpr).Sel)
			}
			if fn, ok := obj.(*types.Func); ok {
				if f := a.factOf(fn); f != nil {
					for _, id := range f.IDs {
						if !id.Presence {
							ids = append(ids, id)
						}
					}
				}
			}
		case *ast.CallExpr:
			if depth < 3 {
				for _, arg := range e.Args {
					visit(arg, depth+1)
				}
			}
		case *ast.CompositeLit:
			if depth < 3 {
				for _, el := range e.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						visit(kv.Value, depth+1)
					} else {
						visit(el, depth+1)
					}
				}
			}
		case *ast.UnaryExpr:
			visit(e.X, depth)
		}
	}
	for _, arg := range args {
		visit(arg, 0)
	}
	if len(ids) == 0 {
		return false, false, ""
	}
	fromCtx = true
	for _, id := range ids {
		if id.Header != "" {
			fromCtx = false
		}
	}
	return true, fromCtx, ids[0].Desc
}
