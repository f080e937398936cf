package outputcache

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// Middleware control flow: whether a header a middleware sets reaches the
// handlers behind it, and whether a middleware that reads the caller's
// identity rejects requests without one.

const (
	modeNone = iota
	modeGin  // func(*gin.Context): the chain goes on unless the middleware aborts
	modeHTTP // func(w, r), echo, fiber: the chain goes on only through next (next.ServeHTTP, next(c), c.Next())
)

// handlerMode is how fnNode (a declaration or literal) passes a request on.
func (a *an) handlerMode(fnNode ast.Node) int {
	var ft *ast.FuncType
	switch f := fnNode.(type) {
	case *ast.FuncDecl:
		ft = f.Type
	case *ast.FuncLit:
		ft = f.Type
	}
	if ft == nil || ft.Params == nil {
		return modeNone
	}
	var params []types.Type
	for _, f := range ft.Params.List {
		n := max(len(f.Names), 1)
		for i := 0; i < n; i++ {
			params = append(params, a.pass.TypesInfo.TypeOf(f.Type))
		}
	}
	switch {
	case len(params) == 1 && ctxFramework(params[0]) != nil:
		return ctxFramework(params[0]).mode
	case len(params) == 2 && isResponseWriter(params[0]) && isRequest(params[1]):
		return modeHTTP
	}
	return modeNone
}

func funcBody(fnNode ast.Node) *ast.BlockStmt {
	switch f := fnNode.(type) {
	case *ast.FuncDecl:
		return f.Body
	case *ast.FuncLit:
		return f.Body
	}
	return nil
}

// isParamVar reports whether v is a parameter of some function of the
// package (the wrapped handler of a middleware factory).
func (a *an) isParamVar(v *types.Var) bool {
	if a.params == nil {
		a.params = map[*types.Var]bool{}
		for _, f := range a.pass.Files {
			ast.Inspect(f, func(n ast.Node) bool {
				if ft, ok := n.(*ast.FuncType); ok && ft.Params != nil {
					for _, fl := range ft.Params.List {
						for _, id := range fl.Names {
							if pv, ok := a.pass.TypesInfo.Defs[id].(*types.Var); ok {
								a.params[pv] = true
							}
						}
					}
				}
				return true
			})
		}
	}
	return a.params[v]
}

// isNextCall reports whether call passes the request on to the rest of the
// chain: c.Next() in gin and fiber; in net/http and echo, ServeHTTP (or a
// call) of the wrapped handler, a parameter or a field, not of a handler
// the middleware built itself (a file server that answers the request).
func (a *an) isNextCall(call *ast.CallExpr, mode int) bool {
	info := a.pass.TypesInfo
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if isChainNext(fn) {
		return true
	}
	if mode == modeGin {
		return false
	}
	var recv ast.Expr
	switch {
	case fn != nil && fn.Name() == "ServeHTTP" && len(call.Args) == 2:
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		recv = sel.X
	case fn == nil && len(call.Args) == 2 && isHTTPHandlerFunc(info.TypeOf(call.Fun)):
		recv = call.Fun // next(w, r)
	case fn == nil && len(call.Args) == 1 && isNextHandlerType(info.TypeOf(call.Fun)):
		recv = call.Fun // next(c) in echo
	default:
		return false
	}
	switch x := ast.Unparen(recv).(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(x).(*types.Var)
		return ok && a.isParamVar(v)
	case *ast.SelectorExpr:
		s := info.Selections[x]
		return s != nil && s.Kind() == types.FieldVal
	}
	return false
}

// isAbortCall reports whether call ends a chain that goes on unless
// aborted (the framework table's abort methods: gin's c.Abort*).
func isAbortCall(info *types.Info, call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return isChainAbort(fn)
}

// calls lists the calls in n in source order, not entering function
// literals.
func calls(n ast.Node) []*ast.CallExpr {
	var out []*ast.CallExpr
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			out = append(out, x)
		}
		return true
	})
	return out
}

func (a *an) graph(fnNode ast.Node) *cfg.CFG {
	if g, ok := a.cfgs[fnNode]; ok {
		return g
	}
	var g *cfg.CFG
	if body := funcBody(fnNode); body != nil {
		g = cfg.New(body, func(call *ast.CallExpr) bool {
			if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
				_, builtin := a.pass.TypesInfo.ObjectOf(id).(*types.Builtin)
				return !builtin
			}
			return true
		})
	}
	a.cfgs[fnNode] = g
	return g
}

// ownResponse reports whether a header set at node, in the middleware
// function fnNode, stays on the middleware's own response: no path from it
// passes the request on to the handlers behind the middleware (it serves a
// file itself and aborts, or answers and returns).
func (a *an) ownResponse(fnNode, node ast.Node) bool {
	mode := a.handlerMode(fnNode)
	if mode == modeNone {
		return false
	}
	g := a.graph(fnNode)
	if g == nil {
		return false
	}
	info := a.pass.TypesInfo
	seen := map[*cfg.Block]bool{}
	// passes reports whether some path from nodes[from:] of b passes on.
	var passes func(b *cfg.Block, from int, after token.Pos) bool
	passes = func(b *cfg.Block, from int, after token.Pos) bool {
		for _, n := range b.Nodes[from:] {
			for _, c := range calls(n) {
				if c.Pos() < after {
					continue
				}
				if a.isNextCall(c, mode) {
					return true
				}
				if mode == modeGin && isAbortCall(info, c) {
					return false
				}
			}
		}
		if len(b.Succs) == 0 {
			// The end of the function, or a call that does not return. A
			// gin chain goes on after a middleware returns without aborting.
			if mode != modeGin || !b.Live {
				return false
			}
			if len(b.Nodes) > 0 {
				if es, ok := b.Nodes[len(b.Nodes)-1].(*ast.ExprStmt); ok {
					if c, ok := ast.Unparen(es.X).(*ast.CallExpr); ok {
						if id, ok := ast.Unparen(c.Fun).(*ast.Ident); ok && id.Name == "panic" {
							return false
						}
					}
				}
			}
			return true
		}
		for _, s := range b.Succs {
			if seen[s] {
				continue
			}
			seen[s] = true
			if passes(s, 0, token.NoPos) {
				return true
			}
		}
		return false
	}
	for _, b := range g.Blocks {
		for i, n := range b.Nodes {
			if n.Pos() <= node.Pos() && node.End() <= n.End() {
				seen[b] = true
				return !passes(b, i, node.End())
			}
		}
	}
	return false
}

// Verdicts on a middleware that reads the caller's identity.
const (
	authUnclear  = iota // it rejects some requests, none visibly for a missing identity
	authRejects         // it rejects requests without an identity
	authOptional        // it lets requests without an identity through
)

// authVerdict decides, from the body of unit, whether a middleware that
// reads the caller's identity requires one: some branch tested on the
// identity (or on the error of verifying a credential read from the
// request) rejects the request (aborts, answers 401/403, or returns without
// passing it on); a branch that passes it on when the identity is missing,
// or no rejecting branch at all, makes it optional.
func (a *an) authVerdict(unit ast.Node, s *summary) int {
	rejects, rejectsAny, optional := false, false, false
	var fns []ast.Node
	if a.handlerMode(unit) != modeNone {
		fns = append(fns, unit)
	}
	ast.Inspect(funcBody(unit), func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && a.handlerMode(lit) != modeNone {
			fns = append(fns, lit)
		}
		return true
	})
	for _, fn := range fns {
		mode := a.handlerMode(fn)
		body := funcBody(fn)
		if body == nil || !a.containsNext(body, mode) {
			continue
		}
		taint := a.identityTaint(body, s)
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BlockStmt:
				for i, st := range n.List {
					ifs, ok := st.(*ast.IfStmt)
					if !ok {
						continue
					}
					onID := a.mentions(ifs.Cond, taint, s)
					thenNext := a.containsNext(ifs.Body, mode)
					if !thenNext && a.rejecting(ifs.Body, mode) {
						rejectsAny = true
						rejects = rejects || onID
					}
					if els, ok := ifs.Else.(*ast.BlockStmt); ok && !a.containsNext(els, mode) && a.rejecting(els, mode) {
						rejectsAny = true
						rejects = rejects || onID
					}
					if !thenNext || !endsWithReturn(ifs.Body) || !onID {
						continue
					}
					if a.absence(ifs.Cond) {
						optional = true // if no identity { next; return }
						continue
					}
					// if identity { next; return }; reject
					rest := &ast.BlockStmt{List: n.List[i+1:]}
					if ifs.Else == nil && len(rest.List) > 0 && !a.containsNext(rest, mode) {
						rejectsAny, rejects = true, true
					}
				}
			}
			return true
		})
	}
	switch {
	case optional, !rejectsAny:
		return authOptional
	case rejects:
		return authRejects
	}
	return authUnclear
}

func (a *an) containsNext(n ast.Node, mode int) bool {
	for _, c := range calls(n) {
		if a.isNextCall(c, mode) {
			return true
		}
	}
	return false
}

func endsWithReturn(b *ast.BlockStmt) bool {
	if b == nil || len(b.List) == 0 {
		return false
	}
	_, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	return ok
}

// rejecting reports whether a branch that does not pass the request on
// ends it: it returns, aborts a gin chain, or answers 401 or 403.
func (a *an) rejecting(b *ast.BlockStmt, mode int) bool {
	if endsWithReturn(b) {
		return true
	}
	for _, c := range calls(b) {
		if mode == modeGin && isAbortCall(a.pass.TypesInfo, c) {
			return true
		}
		for _, arg := range c.Args {
			if tv, ok := a.pass.TypesInfo.Types[arg]; ok && tv.Value != nil && tv.Value.Kind() == constant.Int {
				if v, ok := constant.Int64Val(tv.Value); ok && (v == 401 || v == 403) {
					return true
				}
			}
		}
	}
	return false
}

// identityTaint maps the variables of body that hold the caller's identity
// (or a credential, or the error of checking a credential) to true.
func (a *an) identityTaint(body *ast.BlockStmt, s *summary) map[*types.Var]bool {
	info := a.pass.TypesInfo
	cred := map[ast.Node]bool{} // identity reads of a credential the request carries
	reads := map[ast.Node]bool{}
	for _, id := range s.ids {
		reads[id.node] = true
		if id.Header != "" && !a.sessionRead(id.node) {
			cred[id.node] = true
		}
	}
	taint := map[*types.Var]bool{}
	credVar := map[*types.Var]bool{}
	for round := 0; round < 4; round++ {
		ast.Inspect(body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			var lhs []ast.Expr
			var rhs []ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				lhs, rhs = n.Lhs, n.Rhs
			case *ast.ValueSpec:
				for _, id := range n.Names {
					lhs = append(lhs, id)
				}
				rhs = n.Values
			default:
				return true
			}
			if len(rhs) == 0 || (len(rhs) != 1 && len(rhs) != len(lhs)) {
				return true // var x T: no value yet
			}
			for i, l := range lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					continue
				}
				v, ok := info.ObjectOf(id).(*types.Var)
				if !ok {
					continue
				}
				r := rhs[0]
				if len(lhs) == len(rhs) {
					r = rhs[i]
				}
				isID, isCred := false, false
				ast.Inspect(r, func(x ast.Node) bool {
					if reads[x] {
						isID = true
						isCred = isCred || cred[x]
					}
					if xi, ok := x.(*ast.Ident); ok {
						if u, ok := info.Uses[xi].(*types.Var); ok {
							isID = isID || taint[u]
							isCred = isCred || credVar[u]
						}
					}
					return true
				})
				if !isID {
					continue
				}
				if isErrorResult(v.Type()) && !isCred {
					continue // the error of a lookup that may accept a missing identity
				}
				taint[v] = true
				credVar[v] = credVar[v] || isCred
			}
			return true
		})
	}
	return taint
}

// sessionRead reports whether call reads a session store, which returns a
// new empty session rather than an error when the request has none.
func (a *an) sessionRead(call ast.Node) bool {
	c, ok := call.(*ast.CallExpr)
	if !ok {
		return false
	}
	fn, _ := typeutil.Callee(a.pass.TypesInfo, c).(*types.Func)
	if fn == nil {
		return false
	}
	for _, p := range sessionPkgs {
		if p.header == "Cookie" && (pkgPath(fn) == p.path || strings.HasPrefix(pkgPath(fn), p.path+"/")) {
			return true
		}
	}
	return false
}

// mentions reports whether x uses an identity variable or reads identity.
func (a *an) mentions(x ast.Expr, taint map[*types.Var]bool, s *summary) bool {
	reads := map[ast.Node]bool{}
	for _, id := range s.ids {
		reads[id.node] = true
	}
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if found {
			return false
		}
		if reads[n] {
			found = true
		}
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := a.pass.TypesInfo.Uses[id].(*types.Var); ok && taint[v] {
				found = true
			}
		}
		return !found
	})
	return found
}

// absence reports whether cond (or an operand of ||) tests that something
// is missing: x == "", x == nil, len(x) == 0, !ok, err != nil.
func (a *an) absence(cond ast.Expr) bool {
	switch c := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		switch c.Op {
		case token.LOR:
			return a.absence(c.X) || a.absence(c.Y)
		case token.EQL:
			return isNil(c.Y) || a.isZeroConst(c.Y) || a.isZeroConst(c.X)
		case token.NEQ:
			return isNil(c.Y) && isErrorResult(a.pass.TypesInfo.TypeOf(c.X))
		}
	case *ast.UnaryExpr:
		return c.Op == token.NOT
	}
	return false
}

func (a *an) isZeroConst(x ast.Expr) bool {
	tv, ok := a.pass.TypesInfo.Types[x]
	if !ok || tv.Value == nil {
		return false
	}
	switch tv.Value.Kind() {
	case constant.String:
		return constant.StringVal(tv.Value) == ""
	case constant.Int:
		return constant.Sign(tv.Value) == 0
	}
	return false
}

// optionalName reports whether a middleware's name says identity is
// optional: OptionalAuth, TryAuth, LoadUser, CurrentUser, MaybeAuth.
func optionalName(name string) bool {
	if i := strings.LastIndex(name, "."); i >= 0 {
		name = name[i+1:]
	}
	for _, w := range identity.Split(name) {
		switch w {
		case "optional", "opt", "try", "maybe", "soft", "lenient", "lazy", "load", "loads", "current", "attach", "populate", "inject", "extract":
			return true
		}
	}
	return false
}
