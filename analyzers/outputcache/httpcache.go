package outputcache

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// cachevet's own output-cache middleware (cache/httpcache) is modelled by
// its Policy, not by its body: the middleware enforces at run time that an
// authenticated request it can recognise never shares an entry, so what is
// left to check statically is whether it can recognise the route's
// authentication, and whether its Scope runs after the authentication it
// reads.

const httpcachePkg = "github.com/cachevet/cachevet/cache/httpcache"

// isHTTPCacheHandler reports whether fn is (*httpcache.Middleware).Handler.
func isHTTPCacheHandler(fn *types.Func) bool {
	if fn == nil || fn.Name() != "Handler" || pkgPath(fn) != httpcachePkg {
		return false
	}
	sig := funcSig(fn)
	return sig != nil && sig.Recv() != nil && strings.HasSuffix(typeString(sig.Recv().Type()), ".Middleware")
}

func isHTTPCacheNew(fn *types.Func) bool {
	return fn != nil && fn.Name() == "New" && pkgPath(fn) == httpcachePkg && funcSig(fn) != nil && funcSig(fn).Recv() == nil
}

func isPolicyType(t types.Type) bool {
	s := strings.TrimPrefix(typeString(t), "*")
	return s == httpcachePkg+".Policy"
}

func isMiddlewarePtr(t types.Type) bool { return typeString(t) == "*"+httpcachePkg+".Middleware" }

// httpCacheRecv is the receiver of m.Handler or m.Handler(h).
func httpCacheRecv(x ast.Expr) ast.Expr {
	x = ast.Unparen(x)
	if c, ok := x.(*ast.CallExpr); ok {
		x = ast.Unparen(c.Fun)
	}
	if sel, ok := x.(*ast.SelectorExpr); ok {
		return sel.X
	}
	return nil
}

// PolicyFact is what the analysis knows about an httpcache.Policy: exported
// on functions that return a Policy or a *Middleware built from a known
// policy, so that routes in other packages can be checked against it.
type PolicyFact struct {
	// Label names the policy in messages: its Name, or the expression.
	Label string
	// NameParam is 1 + the index of the parameter that gives Name, when a
	// function builds the policy for its caller.
	NameParam int
	// AllowAuth is Policy.AllowAuthenticated; AllowAuthKnown is false when it
	// is not a constant.
	AllowAuth, AllowAuthKnown bool
	// Scope is set when Policy.Scope is not nil; ScopeIDs are what it reads
	// (ScopeKnown when its body was seen).
	Scope      bool
	ScopeKnown bool
	ScopeIDs   []IDRead
	// IsAuth is set when Policy.IsAuthenticated is not nil.
	IsAuth      bool
	IsAuthKnown bool
	IsAuthIDs   []IDRead
	// AuthCookies are the cookie names that mark a request as
	// authenticated; AuthCookiesKnown is false when they are not constants.
	AuthCookies      []string
	AuthCookiesKnown bool
	// VaryByHeader lists the constant request headers the key varies by.
	VaryByHeader []string

	// lit is the literal the policy was read from, in this package, while
	// no later assignment changed its AuthCookies (for fixes; not a fact).
	lit *ast.CompositeLit
}

func (*PolicyFact) AFact() {}

func (p *PolicyFact) String() string {
	var parts []string
	if p.Label != "" {
		parts = append(parts, p.Label)
	}
	if !p.AllowAuthKnown {
		parts = append(parts, "allow-authenticated unknown")
	} else if p.AllowAuth {
		parts = append(parts, "allow-authenticated")
	}
	if p.Scope {
		parts = append(parts, "scope")
	}
	if p.IsAuth {
		parts = append(parts, "is-authenticated")
	}
	if !p.AuthCookiesKnown {
		parts = append(parts, "auth-cookies unknown")
	} else if len(p.AuthCookies) > 0 {
		parts = append(parts, "auth-cookies "+strings.Join(p.AuthCookies, ","))
	}
	if len(p.VaryByHeader) > 0 {
		parts = append(parts, "vary "+strings.Join(p.VaryByHeader, ","))
	}
	return "httpcache.Policy(" + strings.Join(parts, "; ") + ")"
}

func (p *PolicyFact) scoped() bool { return p.AllowAuthKnown && p.AllowAuth && p.Scope }

// origin is an expression assigned to a variable or field, in the function
// that assigns it (nil at package level).
type origin struct {
	decl *ast.FuncDecl
	expr ast.Expr // nil: declared without a value
	idx  int      // the result, when expr is a call with several
}

// fieldSet is p.Field = v on a local or package Policy variable.
type fieldSet struct {
	decl  *ast.FuncDecl
	field string
	value ast.Expr
}

type originIndex struct {
	origins   map[types.Object][]origin
	fieldSets map[types.Object][]fieldSet
}

// index collects, once per package, what is assigned to variables and
// struct fields (assignments, var declarations, keyed composite literals).
func (a *an) index() *originIndex {
	if a.oidx != nil {
		return a.oidx
	}
	ix := &originIndex{origins: map[types.Object][]origin{}, fieldSets: map[types.Object][]fieldSet{}}
	a.oidx = ix
	info := a.pass.TypesInfo
	lhsObj := func(l ast.Expr) types.Object {
		switch l := ast.Unparen(l).(type) {
		case *ast.Ident:
			return info.ObjectOf(l)
		case *ast.SelectorExpr:
			if s := info.Selections[l]; s != nil && s.Kind() == types.FieldVal {
				return s.Obj()
			}
			return info.ObjectOf(l.Sel) // pkg.Var
		}
		return nil
	}
	add := func(decl *ast.FuncDecl, lhs []ast.Expr, rhs []ast.Expr) {
		for i, l := range lhs {
			obj := lhsObj(l)
			if obj == nil {
				continue
			}
			switch {
			case len(lhs) == len(rhs):
				ix.origins[obj] = append(ix.origins[obj], origin{decl: decl, expr: rhs[i]})
			case len(rhs) == 1:
				ix.origins[obj] = append(ix.origins[obj], origin{decl: decl, expr: rhs[0], idx: i})
			case len(rhs) == 0:
				ix.origins[obj] = append(ix.origins[obj], origin{decl: decl})
			}
			// p.Scope = f on a Policy variable.
			if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok && len(lhs) == len(rhs) && isPolicyType(info.TypeOf(sel.X)) {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
					if v := info.ObjectOf(id); v != nil {
						ix.fieldSets[v] = append(ix.fieldSets[v], fieldSet{decl: decl, field: sel.Sel.Name, value: rhs[i]})
					}
				}
			}
		}
	}
	visit := func(decl *ast.FuncDecl, root ast.Node) {
		ast.Inspect(root, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
					add(decl, n.Lhs, n.Rhs)
				}
			case *ast.ValueSpec:
				lhs := make([]ast.Expr, len(n.Names))
				for i, id := range n.Names {
					lhs[i] = id
				}
				add(decl, lhs, n.Values)
			case *ast.CompositeLit:
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					if key, ok := kv.Key.(*ast.Ident); ok {
						if f, ok := info.ObjectOf(key).(*types.Var); ok && f.IsField() {
							ix.origins[f] = append(ix.origins[f], origin{decl: decl, expr: kv.Value})
						}
					}
				}
			}
			return true
		})
	}
	for _, f := range a.pass.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fd.Body != nil {
					visit(fd, fd.Body)
				}
				continue
			}
			visit(nil, d)
		}
	}
	return ix
}

const maxPolicyDepth = 10

// varOrigin is the single origin of a variable or field, if it has one.
func (a *an) varOrigin(obj types.Object) (origin, bool) {
	os := a.index().origins[obj]
	if len(os) != 1 {
		return origin{}, false
	}
	return os[0], true
}

// objOf is the variable, field or function x names.
func (a *an) objOf(x ast.Expr) types.Object {
	switch e := ast.Unparen(x).(type) {
	case *ast.Ident:
		return a.pass.TypesInfo.ObjectOf(e)
	case *ast.SelectorExpr:
		if s := a.pass.TypesInfo.Selections[e]; s != nil {
			return s.Obj()
		}
		return a.pass.TypesInfo.ObjectOf(e.Sel)
	}
	return nil
}

// middlewarePolicy evaluates an expression of type *httpcache.Middleware
// to the policy it was built with, or nil.
func (a *an) middlewarePolicy(decl *ast.FuncDecl, x ast.Expr, depth int) *PolicyFact {
	if x == nil || depth > maxPolicyDepth {
		return nil
	}
	x = ast.Unparen(x)
	switch e := x.(type) {
	case *ast.CallExpr:
		fn := a.callee(e)
		if isHTTPCacheNew(fn) && len(e.Args) == 1 {
			return a.policyOf(decl, e.Args[0], depth+1)
		}
		if p := a.returnedPolicy(fn, depth+1); p != nil {
			return p
		}
		// must(httpcache.New(p)), mustMW(pkg.Pages()).
		for _, arg := range e.Args {
			if c, ok := ast.Unparen(arg).(*ast.CallExpr); ok {
				if p := a.middlewarePolicy(decl, c, depth+1); p != nil {
					return p
				}
			}
		}
	case *ast.Ident, *ast.SelectorExpr:
		return a.objPolicy(a.objOf(e), depth, a.middlewarePolicy)
	}
	return nil
}

// objPolicy evaluates a variable or field through its single origin, or
// the fact of a package-level variable of another package.
func (a *an) objPolicy(obj types.Object, depth int, eval func(*ast.FuncDecl, ast.Expr, int) *PolicyFact) *PolicyFact {
	v, ok := obj.(*types.Var)
	if !ok {
		return nil
	}
	if v.Pkg() != nil && v.Pkg() != a.pass.Pkg {
		var f PolicyFact
		if !v.IsField() && a.pass.ImportObjectFact(v, &f) {
			return &f
		}
		return nil
	}
	o, ok := a.varOrigin(v)
	if !ok || o.expr == nil || o.idx != 0 {
		return nil
	}
	return eval(o.decl, o.expr, depth+1)
}

// returnedPolicy is the policy a function's results carry: from its body
// in this package, or from its fact.
func (a *an) returnedPolicy(fn *types.Func, depth int) *PolicyFact {
	if fn == nil || depth > maxPolicyDepth {
		return nil
	}
	fn = fn.Origin()
	sig := funcSig(fn)
	if sig == nil || sig.Results().Len() == 0 {
		return nil
	}
	rt := sig.Results().At(0).Type()
	if !isMiddlewarePtr(rt) && !isPolicyType(rt) {
		return nil
	}
	d := a.decls[fn]
	if d == nil {
		var f PolicyFact
		if a.pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	if d.Body == nil {
		return nil
	}
	eval := a.policyOf
	if isMiddlewarePtr(rt) {
		eval = a.middlewarePolicy
	}
	var found *PolicyFact
	ok := true
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if !ok {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 0 {
				ok = false
				return false
			}
			r := ast.Unparen(n.Results[0])
			if id, isID := r.(*ast.Ident); isID && id.Name == "nil" {
				return false
			}
			p := eval(d, r, depth+1)
			switch {
			case p == nil:
				ok = false
			case found == nil:
				found = p
			case found.String() != p.String():
				ok = false
			}
		}
		return true
	})
	if !ok {
		return nil
	}
	return found
}

// policyOf evaluates an expression of type httpcache.Policy (or *Policy).
func (a *an) policyOf(decl *ast.FuncDecl, x ast.Expr, depth int) *PolicyFact {
	if x == nil || depth > maxPolicyDepth {
		return nil
	}
	x = ast.Unparen(x)
	switch e := x.(type) {
	case *ast.CompositeLit:
		if !isPolicyType(a.pass.TypesInfo.TypeOf(e)) {
			return nil
		}
		return a.policyLit(decl, e)
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return a.policyOf(decl, e.X, depth+1)
		}
	case *ast.StarExpr:
		return a.policyOf(decl, e.X, depth+1)
	case *ast.CallExpr:
		p := a.returnedPolicy(a.callee(e), depth+1)
		if p != nil && p.Label == "" {
			cp := *p
			cp.Label = a.str(e) // pagecache.Public(name)
			if n := cp.NameParam; n > 0 && n <= len(e.Args) {
				if s := a.constStr(e.Args[n-1]); s != "" {
					cp.Label = fmt.Sprintf("%q", s) // pagecache.Public("pages")
				}
			}
			cp.NameParam = 0
			p = &cp
		}
		return p
	case *ast.Ident, *ast.SelectorExpr:
		obj := a.objOf(e)
		v, ok := obj.(*types.Var)
		if !ok {
			return nil
		}
		var p *PolicyFact
		if o, ok := a.varOrigin(v); ok && o.expr == nil && v.Pkg() == a.pass.Pkg {
			p = zeroPolicy() // var p httpcache.Policy
		} else {
			p = a.objPolicy(v, depth, a.policyOf)
		}
		if p == nil {
			return nil
		}
		sets := a.index().fieldSets[v]
		if len(sets) > 0 {
			cp := *p
			p = &cp
			for _, fs := range sets {
				a.policyField(fs.decl, p, fs.field, fs.value)
				if fs.field == "AuthCookies" {
					p.lit = nil
				}
			}
		}
		if p.Label == "" {
			p.Label = a.str(e)
		}
		return p
	}
	return nil
}

// policyLit reads a Policy composite literal.
func (a *an) policyLit(decl *ast.FuncDecl, lit *ast.CompositeLit) *PolicyFact {
	p := zeroPolicy()
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return nil // positional: not written by people
		}
		if key, ok := kv.Key.(*ast.Ident); ok {
			a.policyField(decl, p, key.Name, kv.Value)
		}
	}
	p.lit = lit
	return p
}

// zeroPolicy is the zero Policy.
func zeroPolicy() *PolicyFact {
	return &PolicyFact{AllowAuthKnown: true, AuthCookiesKnown: true, ScopeKnown: true, IsAuthKnown: true}
}

func isNil(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	return ok && id.Name == "nil"
}

// policyField applies one field's value.
func (a *an) policyField(decl *ast.FuncDecl, p *PolicyFact, field string, v ast.Expr) {
	switch field {
	case "Name":
		p.Label, p.NameParam = "", 0
		if s := a.constStr(v); s != "" {
			p.Label = fmt.Sprintf("%q", s)
		} else if id, ok := ast.Unparen(v).(*ast.Ident); ok && decl != nil {
			if pv, ok := a.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
				if i, ok := a.info(decl).params[pv]; ok {
					p.NameParam = i + 1 // named by the caller: Public("pages")
				}
			}
		}
	case "AllowAuthenticated":
		p.AllowAuth, p.AllowAuthKnown = false, false
		if tv, ok := a.pass.TypesInfo.Types[v]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool {
			p.AllowAuth, p.AllowAuthKnown = constant.BoolVal(tv.Value), true
		}
	case "Scope":
		p.Scope = !isNil(v)
		p.ScopeIDs, p.ScopeKnown = nil, true
		if p.Scope {
			p.ScopeIDs, p.ScopeKnown = a.funcIDs(v)
		}
	case "IsAuthenticated":
		p.IsAuth = !isNil(v)
		p.IsAuthIDs, p.IsAuthKnown = nil, true
		if p.IsAuth {
			p.IsAuthIDs, p.IsAuthKnown = a.funcIDs(v)
		}
	case "AuthCookies":
		p.AuthCookies, p.AuthCookiesKnown = a.constStrings(v, 0)
	case "VaryByHeader":
		p.VaryByHeader, _ = a.constStrings(v, 0)
	}
}

// constStrings evaluates a []string of constants (a literal, or a variable
// with one such origin).
func (a *an) constStrings(x ast.Expr, depth int) ([]string, bool) {
	if isNil(x) {
		return nil, true
	}
	switch e := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		var out []string
		for _, el := range e.Elts {
			s := a.constStr(el)
			if s == "" {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	case *ast.Ident, *ast.SelectorExpr:
		if depth > 3 {
			return nil, false
		}
		if v, ok := a.objOf(e).(*types.Var); ok && v.Pkg() == a.pass.Pkg {
			if o, ok := a.varOrigin(v); ok && o.expr != nil && o.idx == 0 {
				return a.constStrings(o.expr, depth+1)
			}
		}
	}
	return nil, false
}

// funcIDs is what a function value reads about the caller; known is false
// when its body cannot be seen.
func (a *an) funcIDs(x ast.Expr) (ids []IDRead, known bool) {
	switch e := ast.Unparen(x).(type) {
	case *ast.FuncLit:
		for _, id := range a.summarize(e, a.litDecl[e]).ids {
			ids = append(ids, id.IDRead)
		}
		return ids, true
	case *ast.Ident, *ast.SelectorExpr:
		fn, ok := a.objOf(e).(*types.Func)
		if !ok {
			return nil, false
		}
		fn = fn.Origin()
		if d := a.decls[fn]; d != nil {
			for _, id := range a.summarize(d, d).ids {
				ids = append(ids, id.IDRead)
			}
			return ids, true
		}
		var f FuncFact
		if a.pass.ImportObjectFact(fn, &f) {
			return f.IDs, true
		}
		return nil, fn.Pkg() != nil && !fn.Exported()
	}
	return nil, false
}

// ctxOnly reports whether every identity is read from request state that a
// middleware filled (a context value), none from the request's headers.
func ctxOnly(ids []IDRead) bool {
	for _, id := range ids {
		if id.Header != "" || id.Cookie != "" {
			return false
		}
	}
	return len(ids) > 0
}

// exportPolicyFacts exports the policy of exported functions that return
// a Policy or a *Middleware.
func (a *an) exportPolicyFacts(fns []*types.Func) {
	for _, fn := range fns {
		if !fn.Exported() {
			continue
		}
		if p := a.returnedPolicy(fn, 0); p != nil {
			a.pass.ExportObjectFact(fn, p)
		}
	}
}

// checkPolicies reports httpcache.New calls with a policy that New always
// rejects: AllowAuthenticated without Scope. Tests that build one on
// purpose (to see it rejected) are not reported.
func (a *an) checkPolicies() {
	for _, f := range a.pass.Files {
		if strings.HasSuffix(a.pass.Fset.Position(f.Pos()).Filename, "_test.go") {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 1 || !isHTTPCacheNew(a.callee(call)) {
					return true
				}
				p := a.policyOf(fd, call.Args[0], 0)
				if p == nil || !p.AllowAuthKnown || !p.AllowAuth || p.Scope || a.reported[call.Pos()] {
					return true
				}
				a.reported[call.Pos()] = true
				a.r.Report(call, fmt.Sprintf("httpcache policy %s sets AllowAuthenticated without Scope: httpcache.New rejects it at run time, since every authenticated user would share one entry; set Scope to the request's user or tenant (cache.User, cache.Tenant) or drop AllowAuthenticated so authenticated requests bypass the cache", a.policyLabel(p, call.Args[0])))
				return true
			})
		}
	}
}

func (a *an) policyLabel(p *PolicyFact, x ast.Node) string {
	if p.Label != "" {
		return p.Label
	}
	if e, ok := x.(ast.Expr); ok && e != nil {
		return a.str(e)
	}
	return "(unnamed)"
}

// credential is one way the route learns who the caller is.
type credential struct {
	id  IDRead
	who string // "authentication middleware auth.Require", "the handler"
}

// checkHTTPCache checks a cache/httpcache middleware at rc.chain[i].
func (a *an) checkHTTPCache(m *mw, i int, rc *routeCtx, ids identities) {
	p := m.policy
	if p == nil {
		return // built where the analysis cannot see: the run-time checks stand alone
	}
	var recv ast.Node
	if x, ok := m.node.(ast.Expr); ok {
		recv = httpCacheRecv(x)
	}
	label := a.policyLabel(p, recv)
	authBefore, authAfter := -1, -1
	var creds []credential
	for j, o := range rc.chain {
		if !o.auth {
			continue
		}
		if j < i && authBefore < 0 {
			authBefore = j
		}
		if j > i && authAfter < 0 {
			authAfter = j
		}
		for _, id := range o.ids {
			creds = append(creds, credential{id: id, who: "authentication middleware " + o.name})
		}
	}
	for _, id := range ids.ids {
		if id.Header != "" || id.Cookie != "" {
			creds = append(creds, credential{id: id, who: "the handler"})
		}
	}
	if !ids.any() && authBefore < 0 && authAfter < 0 {
		return // a public route
	}
	// ctxFilled: a context value an authentication middleware sets is
	// there when the cache runs.
	ctxFilled := authBefore >= 0 || authAfter < 0
	report := func(msg string) {
		a.reported[m.node.Pos()] = true
		a.r.Report(m.node, msg)
	}
	switch {
	case p.scoped():
		if !ctxFilled && p.ScopeKnown && ctxOnly(p.ScopeIDs) {
			auth := rc.chain[authAfter].name
			report(fmt.Sprintf("httpcache policy %s on route %q computes its Scope from %s, but the cache runs before authentication middleware %s sets it: no request has a scope yet, so authenticated requests never use the cache, or share one entry when the middleware cannot see their credentials; install the cache inside %s", label, rc.pattern, p.ScopeIDs[0].Desc, auth, auth))
		}
		return
	case !p.AllowAuthKnown || p.AllowAuth:
		return // unknown, or rejected by New (reported there)
	}
	// Authenticated requests must bypass the cache: the middleware must see
	// that they are authenticated.
	if p.IsAuth {
		if !p.IsAuthKnown || !ctxOnly(p.IsAuthIDs) || ctxFilled {
			return
		}
		auth := rc.chain[authAfter].name
		report(fmt.Sprintf("httpcache policy %s on route %q has no Scope and recognises authenticated requests by IsAuthenticated, which reads %s before authentication middleware %s sets it: every request looks anonymous to the cache, so the first user's response is stored in a shared entry and served to other users; install the cache inside %s", label, rc.pattern, p.IsAuthIDs[0].Desc, auth, auth))
		return
	}
	for _, c := range creds {
		what, fix, seen := p.sees(c.id)
		if seen {
			continue
		}
		msg := fmt.Sprintf("httpcache policy %s on route %q has no Scope and cannot tell that requests are authenticated: %s reads %s, %s, so the first user's response is stored in a shared entry and served to other users; %s, or set Scope with AllowAuthenticated", label, rc.pattern, c.who, c.id.Desc, what, fix)
		a.reported[m.node.Pos()] = true
		a.r.Report(m.node, msg, a.addCookieFix(p, c.id.Cookie)...)
		return
	}
}

// sees reports whether the middleware recognises a request carrying id as
// authenticated (or keys it by id); otherwise what and fix explain.
func (p *PolicyFact) sees(id IDRead) (what, fix string, seen bool) {
	h := canon(id.Header)
	for _, v := range p.VaryByHeader {
		if canon(v) == h && h != "" {
			return "", "", true // keyed by it
		}
	}
	switch {
	case id.Authz():
		return "", "", true
	case id.Cookie != "":
		if !p.AuthCookiesKnown || slices.Contains(p.AuthCookies, id.Cookie) {
			return "", "", true
		}
		return "a cookie the policy does not list in AuthCookies", fmt.Sprintf("add %q to AuthCookies so authenticated requests bypass the cache", id.Cookie), false
	case h == "Cookie":
		if !p.AuthCookiesKnown || len(p.AuthCookies) > 0 {
			return "", "", true
		}
		return "a cookie the policy does not list in AuthCookies", "list the session cookie in AuthCookies so authenticated requests bypass the cache", false
	case h == "":
		return "", "", true // the credential is not known: do not guess
	}
	return "a header the policy neither checks nor varies by", fmt.Sprintf("set IsAuthenticated so such requests bypass the cache (or add %q to VaryByHeader)", id.Header), false
}

// addCookieFix adds a cookie to the policy literal's AuthCookies: a list
// literal gets one more element; a one-line Policy literal without the
// field gets it. Authenticated requests then bypass the cache, which is
// always safe.
func (a *an) addCookieFix(p *PolicyFact, cookie string) []analysis.SuggestedFix {
	lit := p.lit
	if cookie == "" || lit == nil {
		return nil
	}
	fix := func(pos token.Pos, text string) []analysis.SuggestedFix {
		return []analysis.SuggestedFix{{
			Message:   fmt.Sprintf("add %q to AuthCookies", cookie),
			TextEdits: []analysis.TextEdit{{Pos: pos, End: pos, NewText: []byte(text)}},
		}}
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return nil
		}
		if key, ok := kv.Key.(*ast.Ident); !ok || key.Name != "AuthCookies" {
			continue
		}
		cl, ok := ast.Unparen(kv.Value).(*ast.CompositeLit)
		if !ok {
			return nil
		}
		if len(cl.Elts) == 0 {
			return fix(cl.Rbrace, fmt.Sprintf("%q", cookie))
		}
		return fix(cl.Elts[len(cl.Elts)-1].End(), fmt.Sprintf(", %q", cookie))
	}
	if a.pass.Fset.Position(lit.Lbrace).Line != a.pass.Fset.Position(lit.Rbrace).Line {
		return nil // gofmt would realign a multi-line literal's keys
	}
	if len(lit.Elts) == 0 {
		return fix(lit.Rbrace, fmt.Sprintf("AuthCookies: []string{%q}", cookie))
	}
	return fix(lit.Elts[len(lit.Elts)-1].End(), fmt.Sprintf(", AuthCookies: []string{%q}", cookie))
}
