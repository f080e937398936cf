package cacheops

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// funcInfo indexes one top-level function: its parameters and, for every
// local variable, the expressions assigned to it anywhere in its body
// (closures included: they share the function's variables).
type funcInfo struct {
	decl   *ast.FuncDecl // nil for package-level initialisers
	params map[*types.Var]int
	recv   *types.Var
	defs   map[*types.Var][]def
}

type def struct {
	expr  ast.Expr
	tuple bool // one of several results of expr
	idx   int  // which result, for tuples
	// local is the index LocalDefs gives this definition (-1: the whole
	// value; a result index; 0/1 for a range key/value), and noLocal marks
	// one LocalDefs leaves out: the target is v.f, v[i] or *v, or v is
	// filled by a call (f(&v), v.Write(x)).
	local   int
	noLocal bool
}

func (m *model) info(decl *ast.FuncDecl) *funcInfo {
	if fi, ok := m.infos[decl]; ok {
		return fi
	}
	fi := &funcInfo{decl: decl, params: map[*types.Var]int{}, defs: map[*types.Var][]def{}}
	m.infos[decl] = fi
	if decl == nil {
		return fi
	}
	if decl.Recv != nil {
		for _, f := range decl.Recv.List {
			for _, n := range f.Names {
				if v, ok := m.pass.TypesInfo.Defs[n].(*types.Var); ok {
					fi.recv = v
				}
			}
		}
	}
	i := 0
	for _, f := range decl.Type.Params.List {
		if len(f.Names) == 0 {
			i++
			continue
		}
		for _, n := range f.Names {
			if v, ok := m.pass.TypesInfo.Defs[n].(*types.Var); ok {
				fi.params[v] = i
			}
			i++
		}
	}
	if decl.Body != nil {
		m.indexDefs(fi, decl.Body)
	}
	return fi
}

func (m *model) indexDefs(fi *funcInfo, body ast.Node) {
	info := m.pass.TypesInfo
	// local is the LocalDefs index; noLocal < -1 leaves the definition out
	// of LocalDefs.
	const noLocal = -2
	add := func(lhs ast.Expr, rhs ast.Expr, tuple bool, local int, idx ...int) {
		if v := baseVar(info, lhs); v != nil {
			d := def{expr: rhs, tuple: tuple, local: local}
			if len(idx) > 0 {
				d.idx = idx[0]
			} else if tuple {
				d.idx = -1
			}
			if _, ok := ast.Unparen(lhs).(*ast.Ident); !ok || local == noLocal {
				d.noLocal = true
			}
			fi.defs[v] = append(fi.defs[v], d)
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					add(n.Lhs[i], n.Rhs[i], false, -1)
				}
			} else if len(n.Rhs) == 1 {
				for i, l := range n.Lhs {
					add(l, n.Rhs[0], true, i, i)
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i := range n.Names {
					add(n.Names[i], n.Values[i], false, -1)
				}
			} else if len(n.Values) == 1 {
				for i, l := range n.Names {
					add(l, n.Values[0], true, i, i)
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				add(n.Key, n.X, true, 0)
			}
			if n.Value != nil {
				add(n.Value, n.X, true, 1)
			}
		case *ast.CallExpr:
			// f(&v) and v.Method(args) may fill v from the call's inputs.
			for _, a := range n.Args {
				if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND {
					add(u.X, n, true, noLocal)
				}
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && len(n.Args) > 0 {
				if s := info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
					if _, isPtr := s.Recv().Underlying().(*types.Pointer); isPtr || isMutatorName(sel.Sel.Name) {
						add(sel.X, n, true, noLocal)
					}
				}
			}
		}
		return true
	})
}

// LocalDef is one assignment to a local variable.
type LocalDef struct {
	Expr ast.Expr
	// Index is -1 when Expr is the variable's whole value, the result
	// index when Expr returns several values, 0 for a range key and 1 for
	// a range value (Expr is then the ranged-over expression).
	Index int
}

// LocalDefs lists, in source order, the expressions assigned to the local
// variable v inside decl, closures included: v = x, v := x, var v = x,
// v, w = f(), for k, v := range x. Assignments to a field or element of v,
// and calls that may fill v (f(&v)), are left out. The index is shared
// with the model's evaluator and built once per function.
func (r *Result) LocalDefs(decl *ast.FuncDecl, v *types.Var) []LocalDef {
	if decl == nil || v == nil {
		return nil
	}
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	ds := r.m.info(decl).defs[v]
	var out []LocalDef
	for _, d := range ds {
		if !d.noLocal {
			out = append(out, LocalDef{Expr: d.expr, Index: d.local})
		}
	}
	return out
}

func isMutatorName(n string) bool {
	switch n {
	case "Write", "WriteString", "Add", "Set", "Append", "Put", "Store", "Update", "Scan":
		return true
	}
	return false
}

// baseVar is the variable an assignment target writes into: v for v, v.f,
// v[i] and *v.
func baseVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.ObjectOf(x).(*types.Var)
			if v == nil || v.IsField() {
				return nil
			}
			return v
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// ev evaluates expressions inside one function.
type ev struct {
	m        *model
	fi       *funcInfo
	visiting map[*types.Var]bool
	// expanded are the variables whose definitions the current deps call
	// has already followed (with the hashed flag): a variable reached
	// again by another path adds nothing, and following it again makes
	// long generated functions exponential.
	expanded map[expansion]bool
}

type expansion struct {
	v      *types.Var
	hashed bool
}

func (m *model) evaluator(decl *ast.FuncDecl) *ev {
	return &ev{m: m, fi: m.info(decl), visiting: map[*types.Var]bool{}}
}

const maxName = 48

func (e *ev) str(x ast.Expr) string {
	s := types.ExprString(x)
	if len(s) > maxName {
		s = s[:maxName-3] + "..."
	}
	return s
}

// barrier types carry request-wide state (contexts, requests, loggers):
// following their assignments would make everything depend on everything.
func barrier(t types.Type) bool {
	if t == nil {
		return false
	}
	s := TypeString(t)
	switch s {
	case "context.Context", "*net/http.Request", "net/http.ResponseWriter", "error",
		"*log/slog.Logger", "*log.Logger", "*go.uber.org/zap.Logger", "*go.uber.org/zap.SugaredLogger",
		"github.com/rs/zerolog.Logger", "*github.com/rs/zerolog.Logger", "github.com/go-logr/logr.Logger",
		"*database/sql.DB", "*database/sql.Tx", "go.opentelemetry.io/otel/trace.Span":
		return true
	}
	return false
}

// deps lists the inputs x is computed from.
func (e *ev) deps(x ast.Expr) []Source {
	var out []Source
	saved := e.expanded
	e.expanded = map[expansion]bool{}
	e.collect(x, &out, false)
	e.expanded = saved
	return out
}

func (e *ev) collect(x ast.Expr, out *[]Source, hashed bool) {
	if x == nil {
		return
	}
	info := e.m.pass.TypesInfo
	cls := e.m.cls
	add := func(s Source) {
		s.Hashed = s.Hashed || hashed
		*out = append(*out, s)
	}
	switch x := x.(type) {
	case *ast.ParenExpr:
		e.collect(x.X, out, hashed)
	case *ast.BasicLit:
	case *ast.Ident:
		e.ident(x, out, hashed)
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil {
			switch sel.Kind() {
			case types.FieldVal:
				k := cls.Name(x.Sel.Name)
				if k == identity.None {
					k = cls.Type(sel.Type())
				}
				add(Source{Name: e.str(x), Identity: k})
				e.collect(x.X, out, hashed)
			default:
				e.collect(x.X, out, hashed)
			}
			return
		}
		e.ident(x.Sel, out, hashed) // qualified identifier
	case *ast.CallExpr:
		e.call(x, out, hashed)
	case *ast.FuncLit:
		e.returns(x.Body, out, hashed)
	case *ast.CompositeLit:
		for _, el := range x.Elts {
			e.collect(el, out, hashed)
		}
	case *ast.KeyValueExpr:
		e.collect(x.Value, out, hashed)
	case *ast.UnaryExpr:
		e.collect(x.X, out, hashed)
	case *ast.StarExpr:
		e.collect(x.X, out, hashed)
	case *ast.BinaryExpr:
		e.collect(x.X, out, hashed)
		e.collect(x.Y, out, hashed)
	case *ast.IndexExpr:
		if tv, ok := info.Types[x.Index]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			if k := cls.Name(constant.StringVal(tv.Value)); k != identity.None && e.m.requestMap(x.X) {
				add(Source{Name: e.str(x), Identity: k, Accessor: true}) // mux.Vars(r)["orgID"]
			}
		}
		e.collect(x.X, out, hashed)
		e.collect(x.Index, out, hashed)
	case *ast.IndexListExpr:
		e.collect(x.X, out, hashed)
	case *ast.SliceExpr:
		e.collect(x.X, out, hashed)
	case *ast.TypeAssertExpr:
		e.collect(x.X, out, hashed)
	}
}

func (e *ev) ident(id *ast.Ident, out *[]Source, hashed bool) {
	info := e.m.pass.TypesInfo
	cls := e.m.cls
	v, ok := info.ObjectOf(id).(*types.Var)
	if !ok {
		return
	}
	k := cls.Name(v.Name())
	if k == identity.None {
		k = cls.Type(v.Type())
	}
	src := Source{Name: v.Name(), Identity: k, Hashed: hashed}
	if i, ok := e.fi.params[v]; ok {
		src.Param = i + 1
		*out = append(*out, src)
		return
	}
	*out = append(*out, src)
	if v == e.fi.recv {
		// The receiver is an input, like a parameter: that the method
		// calls s.db.Save(x) or s.stats.Add(u.ID) does not make a value
		// read from s.config depend on x or u.
		return
	}
	if v.Parent() == nil || v.Parent() == v.Pkg().Scope() || barrier(v.Type()) {
		return // a field, a package variable, or a barrier
	}
	if e.visiting[v] {
		return
	}
	if e.expanded != nil {
		if e.expanded[expansion{v, hashed}] {
			return
		}
		e.expanded[expansion{v, hashed}] = true
	}
	e.visiting[v] = true
	for _, d := range e.fi.defs[v] {
		e.collect(d.expr, out, hashed)
	}
	delete(e.visiting, v)
}

// returns collects what the results of a function body are computed from
// (nested function literals excluded).
func (e *ev) returns(body *ast.BlockStmt, out *[]Source, hashed bool) {
	if body == nil {
		return
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				e.collect(r, out, hashed)
			}
		}
		return true
	})
}

// callee is the function a call statically calls, generic origin included;
// for calls through an interface, the interface method.
func (m *model) callee(call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(m.pass.TypesInfo, call).(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

func (e *ev) call(call *ast.CallExpr, out *[]Source, hashed bool) {
	info := e.m.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		for _, a := range call.Args {
			e.collect(a, out, hashed)
		}
		return
	}
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		e.returns(lit.Body, out, hashed)
		return
	}
	fn := e.m.callee(call)
	h := hashed || e.m.isHash(fn)
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		if s := info.Selections[f]; s != nil {
			e.collect(f.X, out, h)
		} else if _, ok := info.ObjectOf(f.Sel).(*types.Var); ok {
			e.collect(f, out, h) // a package-level function value
		}
	case *ast.Ident:
		if _, ok := info.ObjectOf(f).(*types.Var); ok {
			e.collect(f, out, h) // a function value: a loader parameter
		}
	}
	for _, a := range call.Args {
		e.collect(a, out, h)
	}
	add := func(s Source) {
		s.Hashed = s.Hashed || h
		*out = append(*out, s)
	}
	if k := e.m.requestLookup(call, fn); k != identity.None {
		add(Source{Name: e.str(call), Identity: k, Accessor: true})
		return
	}
	if fn == nil {
		if takesRequestState(info, call) {
			add(Source{Name: e.str(call), Opaque: true})
		}
		return
	}
	if ff := e.m.funcFact(fn); ff != nil {
		for _, s := range ff.Result {
			s.Name = e.str(call)
			add(s)
		}
		return
	}
	if k := e.m.accessor(fn); k != identity.None {
		add(Source{Name: e.str(call), Identity: k, Accessor: true})
		return
	}
	if isAbstract(fn) && takesRequestState(info, call) {
		add(Source{Name: e.str(call), Opaque: true})
	}
}

// requestMap reports whether x is a map of request values by name: the
// result of a call that takes the request (mux.Vars(r)), a request's
// header, query or form, or JWT claims.
func (m *model) requestMap(x ast.Expr) bool {
	info := m.pass.TypesInfo
	if t := info.TypeOf(x); t != nil {
		switch TypeString(t) {
		case "net/http.Header", "github.com/golang-jwt/jwt/v5.MapClaims", "github.com/golang-jwt/jwt/v4.MapClaims", "github.com/golang-jwt/jwt.MapClaims":
			return true
		}
	}
	return m.fromRequest(x)
}

// fromRequest reports whether x is read off a request: a call that takes a
// request or context, or a selector/method chain on one (r.URL.Query(),
// r.Form, c.Request.Header).
func (m *model) fromRequest(x ast.Expr) bool {
	info := m.pass.TypesInfo
	for i := 0; i < 8 && x != nil; i++ {
		if isRequestState(info.TypeOf(x)) {
			return true
		}
		switch y := ast.Unparen(x).(type) {
		case *ast.CallExpr:
			if takesRequestState(info, y) {
				return true
			}
			x = y.Fun
		case *ast.SelectorExpr:
			x = y.X
		case *ast.IndexExpr:
			x = y.X
		default:
			return false
		}
	}
	return false
}

// isAbstract reports whether fn is an interface method.
func isAbstract(fn *types.Func) bool {
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return false
	}
	_, ok := sig.Recv().Type().Underlying().(*types.Interface)
	return ok
}

// takesRequestState reports whether a call receives a context or a request.
func takesRequestState(info *types.Info, call *ast.CallExpr) bool {
	for _, a := range call.Args {
		if isRequestState(info.TypeOf(a)) {
			return true
		}
	}
	return false
}

func isRequestState(t types.Type) bool {
	if t == nil {
		return false
	}
	switch TypeString(t) {
	case "context.Context", "*net/http.Request", "*github.com/gin-gonic/gin.Context", "github.com/labstack/echo/v4.Context", "*github.com/gofiber/fiber/v2.Ctx", "github.com/gofiber/fiber/v3.Ctx":
		return true
	}
	return false
}

// requestLookup recognises identities read from a request or a context by a
// constant name: r.Header.Get("X-Tenant-ID"), r.PathValue("orgID"),
// chi.URLParam(r, "userID"), c.Param("org"), ctx.Value(tenantKey{}).
func (m *model) requestLookup(call *ast.CallExpr, fn *types.Func) identity.Kind {
	if fn == nil {
		return identity.None
	}
	info := m.pass.TypesInfo
	if fn.Name() == "Value" && fn.Pkg() != nil && fn.Pkg().Path() == "context" && len(call.Args) == 1 {
		a := call.Args[0]
		name := types.ExprString(a)
		if t := info.TypeOf(a); t != nil {
			if n, ok := types.Unalias(t).(*types.Named); ok {
				name += " " + n.Obj().Name()
			}
		}
		for _, w := range identity.Split(name) {
			if k := m.cls.Name(w); k != identity.None {
				return k
			}
		}
		return identity.None
	}
	switch fn.Name() {
	case "Get", "Param", "Query", "URLParam", "PathValue", "FormValue", "PostFormValue", "GetHeader", "Params", "QueryParam", "FormParam", "Cookie", "GetString", "MustGet", "Locals", "Header", "DefaultQuery", "Values":
	default:
		return identity.None
	}
	// The lookup must be on the request: its receiver or an argument.
	onRequest := takesRequestState(info, call)
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && !onRequest {
		onRequest = m.requestMap(sel.X) || m.fromRequest(sel.X)
	}
	if !onRequest {
		return identity.None
	}
	for _, a := range call.Args {
		tv, ok := info.Types[a]
		if ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			name := strings.TrimPrefix(strings.TrimPrefix(constant.StringVal(tv.Value), "X-"), "x-")
			if k := m.cls.Name(name); k != identity.None {
				return k
			}
		}
	}
	return identity.None
}

// accessor recognises, by name and signature, a function that returns the
// caller's identity: auth.UserID(ctx), tenant.FromContext(ctx),
// CurrentUser(r), claims.Subject().
func (m *model) accessor(fn *types.Func) identity.Kind {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 {
		return identity.None
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if !isRequestState(sig.Params().At(i).Type()) {
			return identity.None
		}
	}
	if sig.Params().Len() == 0 {
		// claims.UserID(), session.TenantID(): a method of a credential type.
		if sig.Recv() == nil || !credentialType(sig.Recv().Type()) {
			return identity.None
		}
		return m.cls.Name(fn.Name())
	}
	var words []string
	for _, w := range identity.Split(fn.Name()) {
		switch w {
		case "get", "current", "must", "lookup", "load", "from", "context", "ctx", "request", "req", "session", "in", "of", "for", "authenticated", "logged", "active":
			continue
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		if sig.Recv() != nil && sig.Params().Len() == 0 {
			return m.cls.Type(sig.Recv().Type())
		}
		return identity.None
	}
	if k := m.cls.Name(strings.Join(words, "_")); k != identity.None {
		return k
	}
	// FromContext(ctx) in package "tenant" or "auth" returning a TenantID.
	if sig.Params().Len() > 0 {
		if k := m.cls.Type(sig.Results().At(0).Type()); k != identity.None {
			return k
		}
		if fn.Pkg() != nil && len(words) == 0 {
			return m.cls.Name(fn.Pkg().Name())
		}
	}
	return identity.None
}

// credentialType reports whether t is named like a credential: claims,
// session, principal, identity, token.
func credentialType(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	for _, w := range identity.Split(n.Obj().Name()) {
		switch w {
		case "claims", "session", "principal", "identity", "token", "jwt", "auth", "credentials":
			return true
		}
	}
	return false
}

// isHash reports whether fn hashes its input.
func (m *model) isHash(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	if fn.Pkg() != nil && identity.HashPackage(fn.Pkg().Path()) {
		return true
	}
	return m.cls.Hash(fn.Name())
}

// escaper reports whether fn is a key-segment escaper the configuration
// declares ([rules.cachekeyjoin] escapers = ["pkg/path.Func"]): its result
// cannot hold a key separator.
func (m *model) escaper(fn *types.Func) bool {
	if m.settings == nil || fn.Pkg() == nil {
		return false
	}
	v, ok := m.settings.Rules["cachekeyjoin"]["escapers"]
	if !ok {
		return false
	}
	list, err := config.StringList(v)
	if err != nil {
		return false // the rule reports the malformed setting
	}
	name := funcName(fn)
	for _, s := range list {
		if normalizeFuncName(s) == name {
			return true
		}
	}
	return false
}

// tmpl evaluates a key expression to a template.
func (e *ev) tmpl(x ast.Expr) Template {
	return e.tmplDepth(x, 0)
}

func (e *ev) tmplDepth(x ast.Expr, depth int) Template {
	if depth > 32 {
		return e.hole(x)
	}
	info := e.m.pass.TypesInfo
	if tv, ok := info.Types[x]; ok && tv.Value != nil {
		s := constString(tv.Value)
		t := lit(s)
		if obj := constObj(info, x); obj != nil && e.m.cls.Version(obj.Name()) {
			t.Parts[0].Version = true
		}
		return t
	}
	switch x := x.(type) {
	case *ast.ParenExpr:
		return e.tmplDepth(x.X, depth+1)
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			return concat(e.tmplDepth(x.X, depth+1), e.tmplDepth(x.Y, depth+1))
		}
	case *ast.Ident:
		v, ok := info.ObjectOf(x).(*types.Var)
		if !ok {
			break
		}
		if i, ok := e.fi.params[v]; ok {
			return Template{Parts: []Part{{Hole: true, Name: v.Name(), Param: i + 1, Sources: e.deps(x), PII: e.m.cls.PII(v.Name()), Version: e.m.cls.Version(v.Name()), Text: textOfType(v.Type())}}}
		}
		ds := e.fi.defs[v]
		if len(ds) == 1 && firstResult(ds[0]) && !e.visiting[v] {
			e.visiting[v] = true
			t := e.tmplDepth(ds[0].expr, depth+1)
			delete(e.visiting, v)
			if len(t.Parts) == 1 && t.Parts[0].Hole {
				// one opaque value: name it as the code does
				p := t.Parts[0]
				p.Name = v.Name()
				k := e.m.cls.Name(v.Name())
				if k == identity.None {
					k = e.m.cls.Type(v.Type())
				}
				p.Sources = append(p.Sources, Source{Name: v.Name(), Identity: k})
				p.PII = p.PII || e.m.cls.PII(v.Name())
				p.Version = p.Version || e.m.cls.Version(v.Name())
				t.Parts[0] = p
			}
			return t
		}
	case *ast.CallExpr:
		if t, ok := e.tmplCall(x, depth); ok {
			return t
		}
	case *ast.CompositeLit:
		return e.tmplComposite(x, depth)
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return e.tmplDepth(x.X, depth+1)
		}
	}
	return e.hole(x)
}

// firstResult reports whether a definition gives a variable the value of
// its expression: a plain assignment, or the first result of a call
// (key, err := keys.Build(...)).
func firstResult(d def) bool {
	if !d.tuple {
		return true
	}
	_, isCall := ast.Unparen(d.expr).(*ast.CallExpr)
	return isCall && d.idx == 0
}

func constObj(info *types.Info, x ast.Expr) *types.Const {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		c, _ := info.ObjectOf(x).(*types.Const)
		return c
	case *ast.SelectorExpr:
		c, _ := info.ObjectOf(x.Sel).(*types.Const)
		return c
	}
	return nil
}

func constString(v constant.Value) string {
	switch v.Kind() {
	case constant.String:
		return constant.StringVal(v)
	case constant.Int:
		return v.ExactString()
	case constant.Bool:
		return strconv.FormatBool(constant.BoolVal(v))
	}
	return v.String()
}

func (e *ev) hole(x ast.Expr) Template {
	unknown := e.unseen(x)
	text := TextUnknown
	if !unknown {
		text = e.text(x)
	}
	return Template{Parts: []Part{{Hole: true, Name: e.str(x), Sources: e.deps(x), PII: e.pii(x, 0), Version: e.versionHole(x), Unknown: unknown, Text: text}}}
}

// text classifies what the text of the hole x can hold.
func (e *ev) text(x ast.Expr) string {
	if call, ok := ast.Unparen(x).(*ast.CallExpr); ok {
		if fn := e.m.callee(call); fn != nil {
			if t := encoderText(e.m.pass.TypesInfo, call, fn); t != TextUnknown {
				return t
			}
			if e.m.isHash(fn) {
				return TextHash
			}
		}
	}
	return textOfType(e.m.pass.TypesInfo.TypeOf(x))
}

// encoderText is the class of an encoder's result: hex, base64, a uuid's
// String method.
func encoderText(info *types.Info, call *ast.CallExpr, fn *types.Func) string {
	if fn.Pkg() == nil {
		return TextUnknown
	}
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "encoding/hex.EncodeToString":
		return TextHex
	case "encoding/base64.EncodeToString":
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if inner, ok := ast.Unparen(sel.X).(*ast.SelectorExpr); ok {
				switch inner.Sel.Name {
				case "URLEncoding", "RawURLEncoding":
					return TextBase64URL
				case "StdEncoding", "RawStdEncoding":
					return TextBase64
				}
			}
		}
		return TextUnknown
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil && fn.Name() == "String" {
		if idTypeName(sig.Recv().Type()) {
			return TextID
		}
	}
	return TextUnknown
}

// textOfType classifies a value of type t by its type alone.
func textOfType(t types.Type) string {
	if t == nil {
		return TextUnknown
	}
	if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
		n, named := types.Unalias(t).(*types.Named)
		if !named {
			return TextFree
		}
		if idTypeName(n) {
			return TextID
		}
		if hasConstants(n) {
			return TextEnum
		}
		return TextFree
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Kind() == types.UntypedNil || u.Kind() == types.Invalid {
			return TextUnknown
		}
		return TextTyped
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
			return TextFree
		}
		return TextTyped
	case *types.Interface, *types.TypeParam:
		return TextUnknown
	}
	return TextTyped
}

// idTypeName reports whether t is a named type named like an id: UserID,
// uuid.UUID, ulid.ULID.
func idTypeName(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	name := n.Obj().Name()
	return strings.HasSuffix(name, "ID") || strings.HasSuffix(name, "Id") || strings.Contains(strings.ToUpper(name), "UUID") || strings.Contains(strings.ToUpper(name), "ULID")
}

// hasConstants reports whether n's package declares constants of type n:
// an enum.
func hasConstants(n *types.Named) bool {
	pkg := n.Obj().Pkg()
	if pkg == nil {
		return false
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		if c, ok := scope.Lookup(name).(*types.Const); ok && types.Identical(c.Type(), n) {
			return true
		}
	}
	return false
}

// escaperText is the class of text a transparent function's result holds
// (TextUnknown: its argument's).
func escaperText(fn *types.Func) string {
	switch fn.Pkg().Path() {
	case "strconv":
		if strings.HasPrefix(fn.Name(), "Quote") {
			return TextQuoted
		}
		return TextNumber
	case "net/url":
		if fn.Name() == "PathEscape" {
			return TextPathEscaped
		}
		return TextQueryEscaped
	}
	return TextUnknown
}

// verbText is the class of text a fmt verb prints (TextUnknown: that of the
// argument, for %s and %v).
func verbText(verb byte) string {
	switch verb {
	case 's', 'v':
		return TextUnknown
	case 'x', 'X':
		return TextHex
	case 'q':
		return TextQuoted
	case 'd', 'b', 'o', 'O', 'e', 'E', 'f', 'F', 'g', 'G':
		return TextNumber
	}
	return TextTyped
}

// unseen reports whether x is a call whose body the model cannot see: a
// function value, or a method of an interface or type parameter.
func (e *ev) unseen(x ast.Expr) bool {
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	if tv, ok := e.m.pass.TypesInfo.Types[call.Fun]; ok && tv.IsType() {
		return false
	}
	fn := e.m.callee(call)
	if fn == nil {
		return true
	}
	if isAbstract(fn) {
		return true
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		if _, ok := sig.Recv().Type().(*types.TypeParam); ok {
			return true
		}
	}
	return false
}

func (e *ev) versionHole(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return e.m.cls.Version(x.Name)
	case *ast.SelectorExpr:
		return e.m.cls.Version(x.Sel.Name)
	}
	return false
}

// pii reports whether x is personal data, directly or through
// transformations that keep it readable (case, trimming, conversions).
func (e *ev) pii(x ast.Expr, depth int) bool {
	if depth > 16 {
		return false
	}
	info := e.m.pass.TypesInfo
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		if e.m.cls.PII(x.Name) {
			return true
		}
		if v, ok := info.ObjectOf(x).(*types.Var); ok {
			if ds := e.fi.defs[v]; len(ds) == 1 && !ds[0].tuple && !e.visiting[v] {
				e.visiting[v] = true
				defer delete(e.visiting, v)
				return e.pii(ds[0].expr, depth+1)
			}
		}
	case *ast.SelectorExpr:
		return e.m.cls.PII(x.Sel.Name)
	case *ast.CallExpr:
		if tv, ok := info.Types[x.Fun]; ok && tv.IsType() && len(x.Args) == 1 {
			return e.pii(x.Args[0], depth+1)
		}
		fn := e.m.callee(x)
		if fn != nil && transparent(fn) && len(x.Args) > 0 {
			return e.pii(x.Args[0], depth+1)
		}
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && strings.HasPrefix(fn.Name(), "Sprint") {
			for _, a := range x.Args {
				if e.pii(a, depth+1) {
					return true
				}
			}
		}
	case *ast.BinaryExpr:
		return x.Op == token.ADD && (e.pii(x.X, depth+1) || e.pii(x.Y, depth+1))
	}
	return false
}

// transparent functions keep their first argument's text in their result.
func transparent(fn *types.Func) bool {
	if fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "strings":
		switch fn.Name() {
		case "ToLower", "ToUpper", "TrimSpace", "Trim", "TrimPrefix", "TrimSuffix", "TrimLeft", "TrimRight", "Clone", "ToTitle":
			return true
		}
	case "strconv":
		switch fn.Name() {
		case "Itoa", "FormatInt", "FormatUint", "Quote", "FormatBool", "FormatFloat", "AppendInt", "QuoteToASCII":
			return true
		}
	case "net/url":
		return fn.Name() == "PathEscape" || fn.Name() == "QueryEscape"
	case "fmt":
		return fn.Name() == "Sprint"
	}
	return false
}

func (e *ev) tmplCall(call *ast.CallExpr, depth int) (Template, bool) {
	info := e.m.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		return e.tmplDepth(call.Args[0], depth+1), true
	}
	fn := e.m.callee(call)
	if fn == nil {
		return Template{}, false
	}
	if t, ok := e.refKey(call, fn, depth); ok {
		return t, true
	}
	if fn.Pkg() != nil {
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "fmt.Sprintf", "fmt.Appendf":
			if len(call.Args) >= 1 {
				if tv, ok := info.Types[call.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
					if t, ok := e.sprintf(constant.StringVal(tv.Value), call.Args[1:], depth); ok {
						return t, true
					}
				}
			}
		case "fmt.Sprint", "fmt.Sprintln":
			var ts []Template
			for _, a := range call.Args {
				ts = append(ts, e.tmplDepth(a, depth+1))
			}
			return concat(ts...), true
		case "strings.Join":
			if len(call.Args) == 2 {
				if t, ok := e.join(call.Args[0], call.Args[1], depth); ok {
					return t, true
				}
			}
		}
		if transparent(fn) && len(call.Args) > 0 && !e.m.isHash(fn) {
			t := e.tmplDepth(call.Args[0], depth+1)
			if text := escaperText(fn); text != TextUnknown {
				t = constrain(t, text)
			}
			return t, true
		}
		if len(call.Args) > 0 && e.m.escaper(fn) {
			return constrain(e.tmplDepth(call.Args[0], depth+1), TextEscaped), true
		}
	}
	if e.m.isHash(fn) {
		return Template{}, false
	}
	ff := e.m.funcFact(fn)
	if ff != nil && ff.KeyVaries {
		// Returns that build different keys: what the call gives may hold
		// a version or a scope, like a call the model cannot see into.
		h := e.hole(call)
		h.Parts[0].Unknown = true
		return h, true
	}
	if ff == nil || ff.Key == nil {
		return Template{}, false
	}
	var u argUse
	u.template(*ff.Key)
	args, argSrc := e.args(call.Args, u, depth+1)
	t := substitute(*ff.Key, args, argSrc)
	t.Extra = append(t.Extra, ff.Result...)
	// A method's template names its receiver's fields; add what the receiver
	// expression itself is computed from.
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil {
			t.Extra = append(t.Extra, e.deps(sel.X)...)
		}
	}
	return t, true
}

// refKey renders the reference cache's keys: cache.NewKey("lms", "courses",
// cache.Tenant(orgID), 1, id) reads "lms:courses:{t-orgID}:{id}:v1", with
// the scope's identity explicit.
func (e *ev) refKey(call *ast.CallExpr, fn *types.Func, depth int) (Template, bool) {
	if fn.Pkg() == nil || fn.Pkg().Path() != refCache {
		return Template{}, false
	}
	switch fn.Name() {
	case "NewKey", "MustKey":
	default:
		return Template{}, false
	}
	if len(call.Args) < 4 {
		return Template{}, false
	}
	// NewKey escapes every segment: none can hold a separator.
	parts := []Template{constrain(e.tmplDepth(call.Args[0], depth+1), TextEscaped), lit(":"), constrain(e.tmplDepth(call.Args[1], depth+1), TextEscaped), lit(":"), constrain(e.refScope(call.Args[2], depth), TextEscaped)}
	for _, id := range call.Args[4:] {
		parts = append(parts, lit(":"), constrain(e.tmplDepth(id, depth+1), TextEscaped))
	}
	v := e.tmplDepth(call.Args[3], depth+1)
	for i := range v.Parts {
		v.Parts[i].Version = true
	}
	parts = append(parts, lit(":v"), v)
	return concat(parts...), true
}

func (e *ev) refScope(x ast.Expr, depth int) Template {
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok {
		if v, ok := e.m.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
			if ds := e.fi.defs[v]; len(ds) == 1 && firstResult(ds[0]) {
				x = ast.Unparen(ds[0].expr)
			}
		}
	}
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return e.hole(x)
	}
	fn := e.m.callee(call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != refCache {
		return e.hole(x)
	}
	kinds := map[string][]identity.Kind{"Shared": nil, "Tenant": {identity.Tenant}, "User": {identity.User}, "TenantUser": {identity.Tenant, identity.User}}
	ks, ok := kinds[fn.Name()]
	if !ok {
		return e.hole(x)
	}
	if len(ks) == 0 {
		return lit("shared")
	}
	var out []Template
	for i, a := range call.Args {
		if i > 0 {
			out = append(out, lit("+"))
		}
		t := e.tmplDepth(a, depth+1)
		k := ks[len(ks)-1]
		if i < len(ks) {
			k = ks[i]
		}
		for j := range t.Parts {
			if t.Parts[j].Hole {
				t.Parts[j].Sources = append(t.Parts[j].Sources, Source{Name: types.ExprString(a), Identity: k})
			}
		}
		if t.Literal() {
			t.Extra = append(t.Extra, Source{Name: types.ExprString(a), Identity: k})
		}
		out = append(out, t)
	}
	return concat(out...)
}

func (e *ev) sprintf(format string, args []ast.Expr, depth int) (Template, bool) {
	var parts []Template
	ai := 0
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(format) {
			return Template{}, false
		}
		if format[i] == '%' {
			b.WriteByte('%')
			continue
		}
		for i < len(format) && strings.IndexByte("+-# 0123456789.*", format[i]) >= 0 {
			if format[i] == '*' {
				ai++
			}
			i++
		}
		if i >= len(format) || format[i] == '[' || ai >= len(args) {
			return Template{}, false
		}
		parts = append(parts, lit(b.String()))
		b.Reset()
		at := e.tmplDepth(args[ai], depth+1)
		if text := verbText(format[i]); text != TextUnknown {
			at = constrain(at, text)
		}
		parts = append(parts, at)
		ai++
	}
	parts = append(parts, lit(b.String()))
	return concat(parts...), true
}

func (e *ev) join(list, sep ast.Expr, depth int) (Template, bool) {
	info := e.m.pass.TypesInfo
	tv, ok := info.Types[sep]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return Template{}, false
	}
	s := constant.StringVal(tv.Value)
	list = ast.Unparen(list)
	if id, ok := list.(*ast.Ident); ok {
		if v, ok := info.ObjectOf(id).(*types.Var); ok {
			if ds := e.fi.defs[v]; len(ds) == 1 && !ds[0].tuple {
				list = ds[0].expr
			}
		}
	}
	cl, ok := list.(*ast.CompositeLit)
	if !ok {
		return Template{}, false
	}
	var parts []Template
	for i, el := range cl.Elts {
		if i > 0 {
			parts = append(parts, lit(s))
		}
		parts = append(parts, e.tmplDepth(el, depth+1))
	}
	return concat(parts...), true
}

// tmplComposite renders a struct key as its fields: Key{Org:{orgID} ID:{id}}.
func (e *ev) tmplComposite(cl *ast.CompositeLit, depth int) Template {
	info := e.m.pass.TypesInfo
	t := info.TypeOf(cl)
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return e.hole(cl)
	}
	name := types.TypeString(t, func(p *types.Package) string { return p.Name() })
	parts := []Template{lit(name + "{")}
	for i, el := range cl.Elts {
		field := ""
		val := el
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				field = id.Name
			}
			val = kv.Value
		} else if i < st.NumFields() {
			field = st.Field(i).Name()
		}
		if i > 0 {
			parts = append(parts, lit(" "))
		}
		parts = append(parts, lit(field+":"))
		ft := e.tmplDepth(val, depth+1)
		if e.m.cls.Version(field) {
			for j := range ft.Parts {
				ft.Parts[j].Version = true
			}
		}
		if k := e.m.cls.Name(field); k != identity.None {
			for j := range ft.Parts {
				if ft.Parts[j].Hole {
					ft.Parts[j].Sources = append(ft.Parts[j].Sources, Source{Name: field, Identity: k})
				}
			}
		}
		parts = append(parts, ft)
	}
	parts = append(parts, lit("}"))
	return concat(parts...)
}
