package outputcache

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// setEv is one response header set in a function, directly or through a
// helper it calls.
type setEv struct {
	SetFact
	node     ast.Node      // where to report: the Set call, or the helper call
	stmt     ast.Stmt      // the statement holding it, directly in block
	block    ast.Node      // the statement list holding stmt: a block or a case clause; nil when none
	lit      *ast.FuncLit  // the innermost function literal around it
	valueLit *ast.BasicLit // the value's string literal, for fixes
	addVary  string        // how to add a Vary header next to it: `w.Header().Add("Vary", %q)`
	via      string        // the helper that sets it
	// calleeCond: the helper sets it on some of its paths only, so it
	// does not replace a value set before the call.
	calleeCond bool
}

type idEv struct {
	IDRead
	node ast.Node
}

// summary is what a function (declaration or literal) does.
type summary struct {
	ids       []idEv
	sets      []setEv
	callsNext bool
	auth      bool
	optional  bool
	rcache    bool
	keyParam  int
}

func (s *summary) fact() *FuncFact {
	f := &FuncFact{Auth: s.auth, RCache: s.rcache, KeyParam: s.keyParam, Optional: s.optional}
	seen := map[string]bool{}
	for _, id := range s.ids {
		k := fmt.Sprint(id.Desc, id.Presence)
		if !seen[k] {
			seen[k] = true
			f.IDs = append(f.IDs, id.IDRead)
		}
	}
	for _, e := range s.sets {
		f.Sets = append(f.Sets, e.SetFact)
	}
	if len(f.IDs) == 0 && len(f.Sets) == 0 && !f.Auth && !f.RCache && !f.Optional {
		return nil
	}
	return f
}

// fnInfo indexes a function declaration's parameters and single assignments.
type fnInfo struct {
	params  map[*types.Var]int
	defs    map[*types.Var][]ast.Expr
	mutated map[*types.Var]bool // x++, x += n, &x
}

func (a *an) info(decl *ast.FuncDecl) *fnInfo {
	if fi, ok := a.infos[decl]; ok {
		return fi
	}
	fi := &fnInfo{params: map[*types.Var]int{}, defs: map[*types.Var][]ast.Expr{}, mutated: map[*types.Var]bool{}}
	a.infos[decl] = fi
	if decl == nil || decl.Type.Params == nil {
		return fi
	}
	i := 0
	for _, f := range decl.Type.Params.List {
		if len(f.Names) == 0 {
			i++
			continue
		}
		for _, n := range f.Names {
			if v, ok := a.pass.TypesInfo.Defs[n].(*types.Var); ok {
				fi.params[v] = i
			}
			i++
		}
	}
	if decl.Body != nil {
		mutate := func(x ast.Expr) {
			if id, ok := ast.Unparen(x).(*ast.Ident); ok {
				if v, ok := a.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
					fi.mutated[v] = true
				}
			}
		}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.IncDecStmt:
				mutate(n.X)
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					mutate(n.X)
				}
			case *ast.AssignStmt:
				if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
					for _, l := range n.Lhs {
						mutate(l)
					}
				}
			}
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
				for i, l := range as.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						if v, ok := a.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
							fi.defs[v] = append(fi.defs[v], as.Rhs[i])
						}
					}
				}
			}
			if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == len(vs.Values) {
				for i, id := range vs.Names {
					if v, ok := a.pass.TypesInfo.Defs[id].(*types.Var); ok {
						fi.defs[v] = append(fi.defs[v], vs.Values[i])
					}
				}
			}
			return true
		})
	}
	return fi
}

// tmpl evaluates a string expression.
func (a *an) tmpl(fi *fnInfo, x ast.Expr, depth int) Tmpl {
	info := a.pass.TypesInfo
	x = ast.Unparen(x)
	if tv, ok := info.Types[x]; ok && tv.Value != nil {
		switch tv.Value.Kind() {
		case constant.String:
			return Tmpl{{Lit: constant.StringVal(tv.Value)}}
		case constant.Int:
			return Tmpl{{Lit: tv.Value.ExactString()}}
		}
	}
	if depth > 8 {
		return Tmpl{{Hole: true, Param: a.paramOf(fi, x)}}
	}
	switch x := x.(type) {
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return append(a.tmpl(fi, x.X, depth+1), a.tmpl(fi, x.Y, depth+1)...)
		}
	case *ast.Ident:
		if v, ok := info.ObjectOf(x).(*types.Var); ok {
			if i, ok := fi.params[v]; ok {
				return Tmpl{{Hole: true, Param: i + 1, Exact: true}}
			}
			if ds := fi.defs[v]; len(ds) == 1 {
				return a.tmpl(fi, ds[0], depth+1)
			}
		}
	case *ast.CallExpr:
		fn, _ := typeutil.Callee(info, x).(*types.Func)
		switch {
		case fn != nil && pkgPath(fn) == "fmt" && fn.Name() == "Sprintf" && len(x.Args) >= 1:
			if tv, ok := info.Types[x.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				return a.sprintf(fi, constant.StringVal(tv.Value), x.Args[1:], depth)
			}
		case fn != nil && pkgPath(fn) == "strconv" && (fn.Name() == "Itoa" || fn.Name() == "FormatInt") && len(x.Args) >= 1:
			return Tmpl{a.numHole(fi, x.Args[0])}
		case fn != nil && pkgPath(fn) == "strings" && fn.Name() == "Join" && len(x.Args) == 2:
			if cl, ok := ast.Unparen(x.Args[0]).(*ast.CompositeLit); ok {
				sep := a.tmpl(fi, x.Args[1], depth+1)
				var out Tmpl
				for i, el := range cl.Elts {
					if i > 0 {
						out = append(out, sep...)
					}
					out = append(out, a.tmpl(fi, el, depth+1)...)
				}
				return out
			}
		}
	}
	return Tmpl{{Hole: true, Param: a.paramOf(fi, x)}}
}

func (a *an) numHole(fi *fnInfo, x ast.Expr) Piece {
	if tv, ok := a.pass.TypesInfo.Types[x]; ok && tv.Value != nil {
		return Piece{Lit: tv.Value.ExactString()}
	}
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		if v, ok := a.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
			if i, ok := fi.params[v]; ok {
				return Piece{Hole: true, Param: i + 1, Itoa: true}
			}
		}
	}
	return Piece{Hole: true, Param: a.paramOf(fi, x)}
}

func (a *an) sprintf(fi *fnInfo, format string, args []ast.Expr, depth int) Tmpl {
	var out Tmpl
	argi := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			out = append(out, Piece{Lit: string(c)})
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.", format[j]) >= 0 {
			j++
		}
		if j >= len(format) {
			break
		}
		verb := format[j]
		i = j
		if verb == '%' {
			out = append(out, Piece{Lit: "%"})
			continue
		}
		if argi >= len(args) {
			out = append(out, Piece{Hole: true})
			continue
		}
		arg := args[argi]
		argi++
		switch verb {
		case 'd':
			out = append(out, a.numHole(fi, arg))
		case 's', 'v':
			out = append(out, a.tmpl(fi, arg, depth+1)...)
		default:
			out = append(out, Piece{Hole: true, Param: a.paramOf(fi, arg)})
		}
	}
	return mergeLits(out)
}

func mergeLits(t Tmpl) Tmpl {
	var out Tmpl
	for _, p := range t {
		if !p.Hole && len(out) > 0 && !out[len(out)-1].Hole {
			out[len(out)-1].Lit += p.Lit
			continue
		}
		out = append(out, p)
	}
	return out
}

// paramOf is 1 + the index of a parameter x is computed from, when that
// parameter is not request state (a request or a writer is not a value a
// caller chooses).
func (a *an) paramOf(fi *fnInfo, x ast.Expr) int {
	found := 0
	ast.Inspect(x, func(n ast.Node) bool {
		if found > 0 {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := a.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
				if i, ok := fi.params[v]; ok && !isRequestState(v.Type()) && !isResponseState(v.Type()) {
					found = i + 1
				}
			}
		}
		return true
	})
	return found
}

// subst rewrites a callee's template in terms of a call's arguments.
func (a *an) subst(fi *fnInfo, t Tmpl, call *ast.CallExpr) Tmpl {
	var out Tmpl
	for _, p := range t {
		if !p.Hole || p.Param == 0 {
			out = append(out, p)
			continue
		}
		if p.Param-1 >= len(call.Args) {
			out = append(out, Piece{Hole: true})
			continue
		}
		arg := call.Args[p.Param-1]
		switch {
		case p.Exact:
			out = append(out, a.tmpl(fi, arg, 0)...)
		case p.Itoa:
			out = append(out, a.numHole(fi, arg))
		default:
			out = append(out, Piece{Hole: true, Param: a.paramOf(fi, arg)})
		}
	}
	return mergeLits(out)
}

// summarize computes the summary of a function declaration or literal.
// decl is the declaration around it (for parameters).
func (a *an) summarize(unit ast.Node, decl *ast.FuncDecl) *summary {
	if s, ok := a.sums[unit]; ok {
		return s
	}
	if a.busy[unit] {
		return &summary{}
	}
	a.busy[unit] = true
	defer delete(a.busy, unit)
	s := &summary{}
	var body *ast.BlockStmt
	switch u := unit.(type) {
	case *ast.FuncDecl:
		body = u.Body
		if fn, ok := a.pass.TypesInfo.Defs[u.Name].(*types.Func); ok {
			a.applyDeclared(fn, u.Doc, s)
		}
	case *ast.FuncLit:
		body = u.Body
	}
	if body == nil {
		a.sums[unit] = s
		return s
	}
	fi := a.info(decl)
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.CallExpr:
			a.visitCall(s, fi, n, stack)
		case *ast.AssignStmt:
			// w.Header()["Cache-Control"] = []string{"public"}
			if len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if ix, ok := n.Lhs[0].(*ast.IndexExpr); ok && a.isResponseHeader(ix.X) {
					if cl, ok := ast.Unparen(n.Rhs[0]).(*ast.CompositeLit); ok && len(cl.Elts) >= 1 {
						ev := a.newSet(fi, stack, n, ix.Index, cl.Elts[0], false)
						ev.addVary = types.ExprString(ix.X) + `.Add("Vary", %q)`
						if relevant(ev) {
							s.sets = append(s.sets, ev)
						}
					}
				}
			}
		}
		return true
	})
	for i := range s.sets {
		fnNode := ast.Node(s.sets[i].lit)
		if s.sets[i].lit == nil {
			fnNode = unit
		}
		s.sets[i].Own = a.ownResponse(fnNode, s.sets[i].node)
	}
	if s.callsNext && identifies(s.ids) && !s.rcache && !s.auth {
		// Reads who the caller is, then calls the next handler: it
		// authenticates only if it rejects requests without an identity.
		switch a.authVerdict(unit, s) {
		case authRejects:
			s.auth = true
		case authUnclear:
			if d, ok := unit.(*ast.FuncDecl); ok && authName(d.Name.Name) && !optionalName(d.Name.Name) {
				s.auth = true // rejects on an error it cannot see into; the name says it requires one
			} else {
				s.optional = true
			}
		default:
			s.optional = true
		}
	}
	a.sums[unit] = s
	return s
}

// isResponseHeader reports whether x is a response's header map:
// w.Header(), c.Writer.Header(), or a variable assigned from one.
func (a *an) isResponseHeader(x ast.Expr) bool {
	info := a.pass.TypesInfo
	if typeString(info.TypeOf(x)) != "net/http.Header" {
		return false
	}
	switch x := ast.Unparen(x).(type) {
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Header" && len(x.Args) == 0 {
			return isResponseWriter(info.TypeOf(sel.X))
		}
	case *ast.Ident:
		v, ok := info.ObjectOf(x).(*types.Var)
		if !ok {
			return false
		}
		// h := w.Header(): find the definition.
		for id, obj := range info.Defs {
			if obj == v {
				return a.definedFromResponseHeader(id)
			}
		}
	}
	return false
}

func (a *an) definedFromResponseHeader(id *ast.Ident) bool {
	for _, f := range a.pass.Files {
		if f.Pos() > id.Pos() || id.Pos() > f.End() {
			continue
		}
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
				for i, l := range as.Lhs {
					if l == id {
						found = a.isResponseHeaderCall(as.Rhs[i])
						return false
					}
				}
			}
			return true
		})
		return found
	}
	return false
}

func (a *an) isResponseHeaderCall(x ast.Expr) bool {
	if c, ok := ast.Unparen(x).(*ast.CallExpr); ok {
		if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Header" && len(c.Args) == 0 {
			return isResponseWriter(a.pass.TypesInfo.TypeOf(sel.X))
		}
	}
	return false
}

func (a *an) newSet(fi *fnInfo, stack []ast.Node, node ast.Node, name, value ast.Expr, add bool) setEv {
	ev := setEv{node: node}
	ev.Name = a.tmpl(fi, name, 0)
	ev.Value = a.tmpl(fi, value, 0)
	ev.Add = add
	if bl, ok := ast.Unparen(value).(*ast.BasicLit); ok && bl.Kind == token.STRING {
		ev.valueLit = bl
	}
	a.place(&ev, stack)
	ev.Cond, ev.Guards = a.guards(fi, stack)
	return ev
}

// place finds the statement and block around the top of stack.
func (a *an) place(ev *setEv, stack []ast.Node) {
	for i := len(stack) - 1; i >= 0; i-- {
		if lit, ok := stack[i].(*ast.FuncLit); ok && ev.lit == nil {
			ev.lit = lit
		}
		if st, ok := stack[i].(ast.Stmt); ok && ev.stmt == nil && i > 0 {
			switch bl := stack[i-1].(type) {
			case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
				// Each case clause is its own statement list: two clauses
				// of a switch are alternatives, not a sequence.
				ev.stmt, ev.block = st, bl
			}
		}
	}
}

func (a *an) visitCall(s *summary, fi *fnInfo, call *ast.CallExpr, stack []ast.Node) {
	info := a.pass.TypesInfo
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		if len(call.Args) == 1 && isNextHandlerType(info.TypeOf(call.Fun)) {
			s.callsNext = true // next(c) in echo
		}
		return
	}
	sel, _ := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	// Header writes.
	if sel != nil && (fn.Name() == "Set" || fn.Name() == "Add") && len(call.Args) == 2 && a.isResponseHeader(sel.X) {
		ev := a.newSet(fi, stack, call, call.Args[0], call.Args[1], fn.Name() == "Add")
		ev.addVary = types.ExprString(sel.X) + `.Add("Vary", %q)`
		if relevant(ev) {
			s.sets = append(s.sets, ev)
		}
		return
	}
	// c.Header(name, value) in gin, c.Set / c.Append / c.Vary in fiber.
	if fw := ctxFramework(recvType(info, sel)); fw != nil {
		if set, add := ctxMethod(fw, fn, fw.setHeader), ctxMethod(fw, fn, fw.addHeader); (set || add) && len(call.Args) == 2 {
			ev := a.newSet(fi, stack, call, call.Args[0], call.Args[1], add)
			ev.addVary = types.ExprString(sel.X) + "." + fw.setHeader + `("Vary", %q)`
			if fw.vary != "" {
				ev.addVary = types.ExprString(sel.X) + "." + fw.vary + `(%q)`
			}
			if relevant(ev) {
				s.sets = append(s.sets, ev)
			}
			return
		}
		if ctxMethod(fw, fn, fw.vary) && len(call.Args) == 1 && !call.Ellipsis.IsValid() {
			ev := a.newSet(fi, stack, call, call.Args[0], call.Args[0], true)
			ev.Name = Tmpl{{Lit: hVary}}
			ev.valueLit = nil
			s.sets = append(s.sets, ev)
			return
		}
	}
	// next.ServeHTTP(w, r), c.Next()
	if (fn.Name() == "ServeHTTP" && len(call.Args) == 2) || isChainNext(fn) {
		s.callsNext = true
	}
	if id, ok := a.identityRead(call, fn, sel, stack); ok {
		id.Presence = a.presenceOnly(stack)
		if !a.loggingOnly(stack) {
			s.ids = append(s.ids, idEv{IDRead: id, node: call})
		}
		return
	}
	// Calls of functions with a summary.
	passesReq, passesResp := false, false
	for _, arg := range call.Args {
		t := info.TypeOf(arg)
		passesReq = passesReq || isRequestState(t)
		passesResp = passesResp || isResponseState(t)
	}
	if sel != nil {
		if t := info.TypeOf(sel.X); t != nil && info.Selections[sel] != nil {
			passesReq = passesReq || isRequestState(t)
			passesResp = passesResp || isResponseState(t)
		}
	}
	if sel != nil && !passesResp {
		// h.cacheForever() on a value that holds the response writer: the
		// method's header writes are on this response. (Its identity reads
		// are not followed, below.)
		if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal && holdsWriter(info.TypeOf(sel.X)) {
			passesResp = true
		}
	}
	if !passesReq && !passesResp {
		// A method on a receiver that holds the request (h.currentUser()) is
		// not followed: too many false leads.
		return
	}
	f := a.factOf(fn)
	if (f == nil || len(f.IDs) == 0) && a.accessor(fn) && !a.loggingOnly(stack) {
		s.ids = append(s.ids, idEv{IDRead: IDRead{Desc: a.str(call)}, node: call})
	}
	if f == nil {
		return
	}
	if passesReq && !a.loggingOnly(stack) {
		for _, id := range f.IDs {
			d := fmt.Sprintf("%s (which reads %s)", a.str(call), rootDesc(id.Desc))
			s.ids = append(s.ids, idEv{IDRead: IDRead{Desc: d, Header: id.Header, Cookie: id.Cookie, Presence: id.Presence}, node: call})
		}
	}
	if passesResp {
		for _, sf := range f.Sets {
			inst, ok := a.instGuards(fi, sf.Guards, call)
			if !ok {
				continue // the arguments rule the header out: cacheFor is 0
			}
			ev := setEv{node: call, via: shortFunc(fn), calleeCond: sf.Cond}
			ev.Name = a.subst(fi, sf.Name, call)
			ev.Value = a.subst(fi, sf.Value, call)
			ev.Add = sf.Add
			a.place(&ev, stack)
			ev.Cond, ev.Guards = a.guards(fi, stack)
			ev.Cond = ev.Cond || sf.Cond
			ev.Guards = append(ev.Guards, inst...)
			if relevant(ev) {
				s.sets = append(s.sets, ev)
			}
		}
	}
}

// factOf returns what a function does: from its declaration in this
// package, or from the fact its package exported.
func (a *an) factOf(fn *types.Func) *FuncFact {
	if fn == nil {
		return nil
	}
	fn = fn.Origin()
	if d := a.decls[fn]; d != nil {
		s := a.summarize(d, d)
		if f := s.fact(); f != nil {
			return f
		}
		return a.declared(fn, nil)
	}
	var f FuncFact
	if a.pass.ImportObjectFact(fn, &f) {
		return &f
	}
	return a.declared(fn, nil)
}

// identityRead recognises a call that learns who the caller is.
func (a *an) identityRead(call *ast.CallExpr, fn *types.Func, sel *ast.SelectorExpr, stack []ast.Node) (IDRead, bool) {
	info := a.pass.TypesInfo
	constArg := func(i int) (string, bool) {
		if i >= len(call.Args) {
			return "", false
		}
		tv, ok := info.Types[call.Args[i]]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return "", false
		}
		return constant.StringVal(tv.Value), true
	}
	pkg := pkgPath(fn)
	recvT := types.Type(nil)
	if sel != nil && info.Selections[sel] != nil {
		recvT = info.TypeOf(sel.X)
	}
	switch {
	case pkg == netHTTP && (fn.Name() == "Get" || fn.Name() == "Values") && sel != nil && a.isRequestHeader(sel.X):
		if name, ok := constArg(0); ok {
			return a.headerID(name)
		}
	case pkg == netHTTP && fn.Name() == "BasicAuth" && isRequest(recvT):
		return IDRead{Desc: "HTTP basic auth credentials (r.BasicAuth)", Header: "Authorization"}, true
	case pkg == netHTTP && fn.Name() == "Cookie" && isRequest(recvT):
		if name, ok := constArg(0); ok {
			return a.cookieID(name)
		}
	case ctxFramework(recvT) != nil && ctxFramework(recvT).pkg == pkg:
		fw := ctxFramework(recvT)
		switch {
		case ctxMethod(fw, fn, fw.getHeader):
			if name, ok := constArg(0); ok {
				return a.headerID(name)
			}
		case ctxMethod(fw, fn, fw.cookie):
			if name, ok := constArg(0); ok {
				return a.cookieID(name)
			}
		case fw.values[fn.Name()] && len(call.Args) == 1:
			// c.Locals(key, value) with a value stores, not reads.
			if name, ok := constArg(0); ok && a.identityWords(name) {
				return IDRead{Desc: fmt.Sprintf("%s %q", fw.valueDesc, name)}, true
			}
		}
	case pkg == "context" && fn.Name() == "Value" && len(call.Args) == 1:
		k := call.Args[0]
		name := types.ExprString(k)
		if n, ok := types.Unalias(info.TypeOf(k)).(*types.Named); ok {
			name += " " + n.Obj().Name()
		}
		// ctx.Value(key{}).(*User): the asserted type names the identity.
		if len(stack) >= 2 {
			if ta, ok := stack[len(stack)-2].(*ast.TypeAssertExpr); ok && ta.Type != nil {
				if t := info.TypeOf(ta.Type); t != nil && a.cls.Type(t) != identity.None {
					name += " user"
				}
			}
		}
		if a.identityWords(name) {
			return IDRead{Desc: fmt.Sprintf("the request context value %s", types.ExprString(k))}, true
		}
	}
	for _, p := range sessionPkgs {
		if pkg == p.path || strings.HasPrefix(pkg, p.path+"/") {
			if p.funcs == nil || p.funcs[fn.Name()] {
				return IDRead{Desc: fmt.Sprintf("%s (%s)", p.desc, a.str(call)), Header: p.header}, true
			}
		}
	}
	return IDRead{}, false
}

type sessionPkg struct {
	path, desc, header string
	funcs              map[string]bool
}

// sessionPkgs are libraries whose calls read a session or a token.
var sessionPkgs = []sessionPkg{
	{path: "github.com/gorilla/sessions", desc: "the session", header: "Cookie", funcs: map[string]bool{"Get": true, "New": true, "GetRegistry": true}},
	{path: "github.com/alexedwards/scs/v2", desc: "the session", header: "Cookie", funcs: map[string]bool{"Get": true, "GetString": true, "GetInt": true, "GetInt64": true, "GetBool": true, "Exists": true, "Pop": true, "PopString": true}},
	{path: "github.com/gin-contrib/sessions", desc: "the session", header: "Cookie", funcs: map[string]bool{"Default": true, "DefaultMany": true}},
	{path: "github.com/golang-jwt/jwt", desc: "a JWT", funcs: map[string]bool{"Parse": true, "ParseWithClaims": true, "ParseUnverified": true}},
	{path: "github.com/go-chi/jwtauth", desc: "JWT claims", funcs: map[string]bool{"FromContext": true}},
	{path: "github.com/lestrrat-go/jwx", desc: "a JWT", funcs: map[string]bool{"Parse": true, "ParseRequest": true, "ParseHeader": true, "ParseString": true}},
	{path: "github.com/coreos/go-oidc", desc: "an OIDC token", funcs: map[string]bool{"Verify": true}},
}

// rootDesc is the source at the end of a chain of descriptions.
func rootDesc(d string) string {
	const w = "(which reads "
	if i := strings.LastIndex(d, w); i >= 0 && strings.HasSuffix(d, ")") {
		return d[i+len(w) : len(d)-1]
	}
	return d
}

// relevant reports whether a header set matters to the rule.
func relevant(e setEv) bool {
	if !e.Name.Known() {
		return true
	}
	n := canon(e.Name.text())
	return n == hCacheControl || n == hExpires || n == hVary || cdnHeaders[n]
}

func (a *an) str(x ast.Expr) string {
	s := types.ExprString(x)
	if len(s) > 48 {
		s = s[:45] + "..."
	}
	return s
}

// recvType is the type of the receiver of a method call's selector, or nil.
func recvType(info *types.Info, sel *ast.SelectorExpr) types.Type {
	if sel == nil || info.Selections[sel] == nil {
		return nil
	}
	return info.TypeOf(sel.X)
}

// isRequestHeader reports whether x is r.Header of an incoming request.
func (a *an) isRequestHeader(x ast.Expr) bool {
	sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Header" && isRequest(a.pass.TypesInfo.TypeOf(sel.X))
}

// authWords mark authentication state in names.
var authWords = map[string]bool{"auth": true, "authn": true, "session": true, "sess": true, "sid": true, "claims": true, "principal": true, "token": true, "jwt": true, "bearer": true, "identity": true, "credentials": true, "apikey": true, "login": true, "remember": true}

func (a *an) identityWords(name string) bool {
	if a.cls.Name(name) != identity.None {
		return true
	}
	w := identity.Split(name)
	for i, x := range w {
		if authWords[x] || a.cls.Name(x) != identity.None || (x == "api" && i+1 < len(w) && w[i+1] == "key") {
			return true
		}
	}
	return false
}

func (a *an) headerID(name string) (IDRead, bool) {
	c := canon(name)
	name = strings.TrimSpace(name)
	switch c {
	case "Authorization", "Proxy-Authorization":
		return IDRead{Desc: "the Authorization header", Header: "Authorization"}, true
	case "Cookie":
		return IDRead{Desc: "the Cookie header", Header: "Cookie"}, true
	}
	for _, h := range a.cfg.identityHeaders {
		if canon(h) == c {
			return IDRead{Desc: "the " + name + " header", Header: name}, true
		}
	}
	trimmed := strings.TrimPrefix(c, "X-")
	if a.identityWords(trimmed) {
		return IDRead{Desc: "the " + name + " header", Header: name}, true
	}
	return IDRead{}, false
}

func (a *an) cookieID(name string) (IDRead, bool) {
	for _, c := range a.cfg.identityCookies {
		if c == name {
			return IDRead{Desc: fmt.Sprintf("the session cookie %q", name), Header: "Cookie", Cookie: name}, true
		}
	}
	if a.identityWords(name) {
		return IDRead{Desc: fmt.Sprintf("the session cookie %q", name), Header: "Cookie", Cookie: name}, true
	}
	return IDRead{}, false
}

// accessor recognises, by name and signature, a function that returns the
// caller's identity from request state: auth.UserFrom(ctx),
// session.Current(r), CurrentUser(c).
func (a *an) accessor(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 || sig.Params().Len() == 0 || isStd(pkgPath(fn)) {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if !isRequestState(sig.Params().At(i).Type()) {
			return false
		}
	}
	var words []string
	for _, w := range identity.Split(fn.Name()) {
		switch w {
		case "get", "current", "must", "lookup", "load", "from", "context", "ctx", "request", "req", "in", "of", "for", "authenticated", "logged", "active", "value":
			continue
		}
		words = append(words, w)
	}
	if sig.Results().Len() == 1 && isErrorResult(sig.Results().At(0).Type()) {
		return false // (s *Service) GetUser(c) error: it writes a response, it returns no identity
	}
	if len(words) > 0 {
		return a.identityWords(strings.Join(words, "_"))
	}
	// user.Get(ctx), auth.Current(r); a method such as svc.Get(c) of a
	// service in package user is not named for what it returns.
	if fn.Pkg() != nil && sig.Recv() == nil && a.identityWords(fn.Pkg().Name()) {
		return true
	}
	return a.cls.Type(sig.Results().At(0).Type()) != identity.None
}

func isStd(path string) bool { return path != "" && cacheops.IsStd(path) }

// isErrorResult reports whether t is the error interface.
func isErrorResult(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// loggingOnly reports whether the call at the top of stack is only logged:
// an argument of a logging call, or assigned to variables used only in
// logging calls.
func (a *an) loggingOnly(stack []ast.Node) bool {
	if len(stack) < 2 {
		return false
	}
	call := stack[len(stack)-1]
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.CallExpr:
			if a.isLogging(p) {
				return true
			}
			if i == len(stack)-2 {
				return false
			}
		case *ast.ParenExpr, *ast.SelectorExpr, *ast.KeyValueExpr, *ast.CompositeLit:
			continue
		case *ast.AssignStmt:
			if len(p.Rhs) != 1 && len(p.Lhs) != len(p.Rhs) {
				return false
			}
			var vars []*types.Var
			for j, l := range p.Lhs {
				if len(p.Lhs) == len(p.Rhs) && p.Rhs[j] != call {
					continue
				}
				id, ok := l.(*ast.Ident)
				if !ok {
					return false
				}
				if id.Name == "_" {
					continue
				}
				v, ok := a.pass.TypesInfo.ObjectOf(id).(*types.Var)
				if !ok {
					return false
				}
				vars = append(vars, v)
			}
			return len(vars) > 0 && a.usesOnlyLogged(stack[0], vars)
		default:
			return false
		}
	}
	return false
}

func (a *an) usesOnlyLogged(root ast.Node, vars []*types.Var) bool {
	want := map[*types.Var]bool{}
	for _, v := range vars {
		want[v] = true
	}
	ok := true
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if !ok {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, isID := n.(*ast.Ident)
		if !isID {
			return true
		}
		v, _ := a.pass.TypesInfo.Uses[id].(*types.Var)
		if v == nil || !want[v] {
			return true
		}
		logged := false
		for i := len(stack) - 2; i >= 0; i-- {
			if c, isCall := stack[i].(*ast.CallExpr); isCall && a.isLogging(c) {
				logged = true
				break
			}
		}
		if !logged {
			ok = false
		}
		return true
	})
	return ok
}

var logPkgs = map[string]bool{"log": true, "log/slog": true, "go.uber.org/zap": true, "github.com/rs/zerolog": true, "github.com/rs/zerolog/log": true, "github.com/sirupsen/logrus": true, "github.com/go-logr/logr": true}

// logPkgNames are the names of logging packages (go-pkgz/lgr, glog, klog,
// zap, logrus, an application's own logger package).
var logPkgNames = map[string]bool{"log": true, "logs": true, "logger": true, "loggers": true, "logging": true, "lgr": true, "glog": true, "klog": true, "zap": true, "zerolog": true, "logrus": true, "logr": true, "xlog": true, "logx": true, "slog": true, "ulog": true, "golog": true, "seelog": true, "log15": true, "logutil": true, "logutils": true, "applog": true}

// logPkgName reports whether a package's name says it logs: a known name,
// or a name with a log word (syslogger, access_log).
func logPkgName(name string) bool {
	if logPkgNames[strings.ToLower(name)] {
		return true
	}
	for _, w := range identity.Split(name) {
		if logPkgNames[w] {
			return true
		}
	}
	return false
}

func (a *an) isLogging(call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(a.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return false
	}
	if logPkgs[pkgPath(fn)] || (fn.Pkg() != nil && !isStd(pkgPath(fn)) && logPkgName(fn.Pkg().Name())) {
		return true
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		rt := strings.ToLower(typeString(sig.Recv().Type()))
		return strings.Contains(rt, "logger") || strings.HasSuffix(rt, "log")
	}
	return false
}

// presenceOnly reports whether the credential read at the top of stack is
// only tested for presence, to tell an authenticated request from an
// anonymous one: compared with "", measured with len, tested with
// strings.HasPrefix (a scheme), or assigned with its value discarded
// (_, err := r.Cookie("sid"); _, _, ok := r.BasicAuth()). A test for
// absence that returns early is a gate: what follows is served to
// authenticated callers only, so it is not "presence only".
func (a *an) presenceOnly(stack []ast.Node) bool {
	kind, cond, ifs := a.presenceTest(stack)
	switch kind {
	case credPresent:
		return true
	case credAbsent:
		return !gates(stack, cond, ifs)
	}
	return false
}

const (
	credNone = iota
	credPresent
	credAbsent
)

// presenceTest classifies the test the credential read at the top of stack
// takes part in, with the condition expression and, when known, the if
// statement it guards.
func (a *an) presenceTest(stack []ast.Node) (kind int, cond ast.Expr, ifs *ast.IfStmt) {
	n := len(stack)
	if n < 2 {
		return credNone, nil, nil
	}
	child := stack[n-1]
	i := n - 2
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		child = stack[i]
		i--
	}
	if i < 0 {
		return credNone, nil, nil
	}
	constVal := func(x ast.Expr) constant.Value {
		if tv, ok := a.pass.TypesInfo.Types[x]; ok {
			return tv.Value
		}
		return nil
	}
	switch p := stack[i].(type) {
	case *ast.BinaryExpr:
		other := p.Y
		if p.Y == child {
			other = p.X
		}
		v := constVal(other)
		if v == nil || v.Kind() != constant.String || constant.StringVal(v) != "" {
			return credNone, nil, nil
		}
		switch p.Op {
		case token.EQL:
			return credAbsent, p, nil
		case token.NEQ:
			return credPresent, p, nil
		}
	case *ast.CallExpr:
		if len(p.Args) == 0 || p.Args[0] != child {
			return credNone, nil, nil
		}
		if id, ok := ast.Unparen(p.Fun).(*ast.Ident); ok && id.Name == "len" {
			if _, builtin := a.pass.TypesInfo.ObjectOf(id).(*types.Builtin); !builtin || i == 0 {
				return credNone, nil, nil
			}
			b, ok := stack[i-1].(*ast.BinaryExpr)
			if !ok {
				return credNone, nil, nil
			}
			v := constVal(b.Y)
			if v == nil || v.Kind() != constant.Int {
				return credNone, nil, nil
			}
			zero := constant.Sign(v) == 0
			switch {
			case b.Op == token.EQL && zero, b.Op == token.LEQ && zero, b.Op == token.LSS && constant.Compare(v, token.EQL, constant.MakeInt64(1)):
				return credAbsent, b, nil
			case b.Op == token.NEQ && zero, b.Op == token.GTR && zero, b.Op == token.GEQ && constant.Compare(v, token.EQL, constant.MakeInt64(1)):
				return credPresent, b, nil
			}
			return credNone, nil, nil
		}
		fn, _ := typeutil.Callee(a.pass.TypesInfo, p).(*types.Func)
		if fn == nil || pkgPath(fn) != "strings" || (fn.Name() != "HasPrefix" && fn.Name() != "EqualFold") {
			return credNone, nil, nil
		}
		if i > 0 {
			if u, ok := stack[i-1].(*ast.UnaryExpr); ok && u.Op == token.NOT {
				return credAbsent, u, nil
			}
		}
		return credPresent, p, nil
	case *ast.AssignStmt:
		if len(p.Rhs) != 1 || len(p.Lhs) < 2 {
			return credNone, nil, nil
		}
		if id, ok := p.Lhs[0].(*ast.Ident); !ok || id.Name != "_" {
			return credNone, nil, nil
		}
		// The test of err or ok: in the if statement it initialises, or
		// the statement after it.
		var ifs *ast.IfStmt
		if i > 0 {
			switch q := stack[i-1].(type) {
			case *ast.IfStmt:
				if q.Init == p {
					ifs = q
				}
			case *ast.BlockStmt:
				for j, st := range q.List {
					if st == p && j+1 < len(q.List) {
						ifs, _ = q.List[j+1].(*ast.IfStmt)
					}
				}
			}
		}
		last, _ := p.Lhs[len(p.Lhs)-1].(*ast.Ident)
		if ifs == nil || last == nil {
			return credPresent, nil, nil
		}
		obj := a.pass.TypesInfo.ObjectOf(last)
		uses := func(x ast.Expr) bool {
			id, ok := ast.Unparen(x).(*ast.Ident)
			return ok && obj != nil && a.pass.TypesInfo.ObjectOf(id) == obj
		}
		switch c := ast.Unparen(ifs.Cond).(type) {
		case *ast.BinaryExpr: // err != nil, err == nil
			if uses(c.X) && isNil(c.Y) {
				if c.Op == token.NEQ {
					return credAbsent, ifs.Cond, ifs
				}
				return credPresent, ifs.Cond, ifs
			}
		case *ast.UnaryExpr: // !ok
			if c.Op == token.NOT && uses(c.X) {
				return credAbsent, ifs.Cond, ifs
			}
		case *ast.Ident: // ok
			if uses(c) {
				return credPresent, ifs.Cond, ifs
			}
		}
		return credPresent, nil, nil
	case *ast.ValueSpec:
		if len(p.Values) == 1 && len(p.Names) >= 2 && p.Names[0].Name == "_" {
			return credPresent, nil, nil
		}
	}
	return credNone, nil, nil
}

// gates reports whether cond is the condition of an if statement (alone or
// as an operand of ||) whose body ends by returning.
func gates(stack []ast.Node, cond ast.Expr, ifs *ast.IfStmt) bool {
	if cond == nil {
		return false
	}
	if ifs == nil {
		// Walk up through || to the if statement.
		var x ast.Node = cond
		for i := len(stack) - 1; i >= 0 && ifs == nil; i-- {
			if stack[i] != x {
				continue
			}
			for j := i - 1; j >= 0; j-- {
				if p, ok := stack[j].(*ast.ParenExpr); ok {
					x = p
					continue
				}
				if b, ok := stack[j].(*ast.BinaryExpr); ok && b.Op == token.LOR {
					x = b
					continue
				}
				if s, ok := stack[j].(*ast.IfStmt); ok && s.Cond == x {
					ifs = s
				}
				break
			}
		}
	}
	if ifs == nil || ifs.Body == nil || len(ifs.Body.List) == 0 {
		return false
	}
	_, ret := ifs.Body.List[len(ifs.Body.List)-1].(*ast.ReturnStmt)
	return ret
}

// identifies reports whether some read learns who the caller is (not only
// whether there is one).
func identifies(ids []idEv) bool {
	for _, id := range ids {
		if !id.Presence {
			return true
		}
	}
	return false
}

// holdsWriter reports whether t is a struct (or a pointer to one) with a
// field that is a response writer.
func holdsWriter(t types.Type) bool {
	if t == nil {
		return false
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		if isResponseWriter(st.Field(i).Type()) {
			return true
		}
	}
	return false
}
