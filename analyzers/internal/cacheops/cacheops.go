// Package cacheops is the model of cache operations every cachevet rule
// shares. Its analyzer finds, in each package, every call that reads,
// writes, deletes or expires a cache entry, with the expressions for key,
// value, TTL and loader, and exports facts so that callers in other
// packages see through wrappers, key builders and identity accessors.
//
// Operations come from four places: a table of known cache libraries
// (KnownAPIs), wrapper facts (a function whose parameter flows into the
// role of a known operation is itself an operation for its callers, to any
// depth, across packages), declarations (a //cachevet:op directive or the
// configuration's [[api]] entries), and cache-like methods (an interface or
// type named like a cache with Get/Set/Delete-shaped methods).
package cacheops

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/internal/diag"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// Analyzer finds cache operations. Rules Require it and read its Result.
var Analyzer = &analysis.Analyzer{
	Name:       "cacheops",
	Doc:        "find cache operations (the model shared by every cachevet rule) and report malformed cachevet directives",
	URL:        "https://github.com/cachevet/cachevet/blob/main/rules.md",
	Run:        run,
	ResultType: reflect.TypeOf((*Result)(nil)),
	FactTypes:  []analysis.Fact{(*FuncFact)(nil), (*WrapperFact)(nil), (*CallsFact)(nil), (*reachFact)(nil)},
}

// Op is one cache operation at one call.
type Op struct {
	Call *ast.CallExpr
	Kind Kind
	// API names the library operation underneath: "redis.Set"; Lib is its
	// library's import path ("github.com/redis/go-redis/v9"), empty for
	// declared and cache-like APIs.
	API string
	Lib string
	// Via lists the wrappers the call goes through, outermost first.
	Via   []string
	Store Store

	// Key is the key as a template; KeyExpr the key argument at this call
	// when there is one.
	Key     Template
	KeyExpr ast.Expr
	// Value is the stored value at this call, when it is an argument here.
	Value ast.Expr
	// ValueSources are the inputs the stored (or loaded) value is computed
	// from. For a get, those of the writes with the same key in the same
	// function.
	ValueSources []Source
	// CallerSources are the value inputs that this call's own arguments
	// supply, when the operation is a wrapper's.
	CallerSources []Source

	// TTL is the TTL expression at this call; TTLConst its constant value
	// (nanoseconds, or seconds when TTLSeconds) when known here or inside a
	// wrapper; TTLMissing marks an omitted TTL field.
	TTL        ast.Expr
	TTLConst   *int64
	TTLText    string
	TTLMissing bool
	TTLSeconds bool
	TTLZero    TTLMeaning

	Loader ast.Expr

	// Decl is the enclosing top-level function (nil at package level).
	Decl *ast.FuncDecl
	// Wrapped marks an operation found through a wrapper or a declaration.
	Wrapped bool
	// Fact is the wrapper operation a wrapped call stands for.
	Fact *OpFact
}

// Forwards reports whether the operation's key comes (in part) from a
// parameter of its enclosing function: the function is a wrapper, and
// findings about the key belong to its callers.
func (o *Op) Forwards() bool { return o.Key.Forwards() }

// CallerKey reports whether this call supplies (part of) the key: always for
// a direct call of a cache API, and for a wrapper that forwards its key
// parameter. A wrapper's own key is checked inside the wrapper.
func (o *Op) CallerKey() bool { return !o.Wrapped || o.Fact.Key.Forwards() }

// Name is how messages name the call: "redis.Set", or "store.Put (redis.Set)".
func (o *Op) Name() string {
	if len(o.Via) > 0 {
		return o.Via[0] + " (" + o.API + ")"
	}
	return o.API
}

// Result is what the analyzer gives the rules.
type Result struct {
	Ops    []*Op
	ByCall map[*ast.CallExpr][]*Op
	m      *model
	dirs   *diag.Directives
}

// Directives are the package's //cachevet:ignore directives, parsed once
// for every rule.
func (r *Result) Directives() *diag.Directives { return r.dirs }

// Dependency reports whether the package belongs to a downloaded or
// vendored module rather than the code being linted.
func (r *Result) Dependency() bool { return r.m.dependency }

// Classifier is the identity classifier configured for this package.
func (r *Result) Classifier() *identity.Classifier { return r.m.cls }

// Settings is the configuration in force for this package.
func (r *Result) Settings() *config.Settings { return r.m.settings }

// Sources lists the inputs expression x, inside decl (nil at package
// level), is computed from.
func (r *Result) Sources(decl *ast.FuncDecl, x ast.Expr) []Source {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	return r.m.evaluator(decl).deps(x)
}

// KeyTemplate evaluates x, inside decl, as a key.
func (r *Result) KeyTemplate(decl *ast.FuncDecl, x ast.Expr) Template {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	return r.m.evaluator(decl).tmpl(x)
}

// Calls returns the cache-calling chain of fn (a function in this package
// or one with a fact), or nil when it performs no cache operation.
func (r *Result) Calls(fn *types.Func) *CallsFact {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	return r.m.callsFact(fn)
}

// ReachesCache reports whether the package can reach a cache operation
// at all (see reachFact): in a package that cannot, there is no
// operation, and no call of a function that performs one.
func (r *Result) ReachesCache() bool { return !r.m.noOps }

// Callee is the function a call statically calls (generic origin), or the
// interface method for calls through an interface.
func (r *Result) Callee(call *ast.CallExpr) *types.Func { return r.m.callee(call) }

// Decl returns the declaration of a function of this package.
func (r *Result) Decl(fn *types.Func) *ast.FuncDecl { return r.m.decls[fn] }

// Generated reports whether f is a generated file (ast.IsGenerated) of
// this package: rules report nothing there and need not walk it.
func (r *Result) Generated(f *ast.File) bool { return r.m.inGenerated(f) }

// inGenerated reports whether n lies in a generated file of the package.
func (m *model) inGenerated(n ast.Node) bool {
	if len(m.generated) == 0 || n == nil {
		return false
	}
	return m.generated[m.pass.Fset.File(n.Pos())]
}

type model struct {
	pass     *analysis.Pass
	cls      *identity.Classifier
	settings *config.Settings
	declared map[string]*config.API

	decls     map[*types.Func]*ast.FuncDecl
	infos     map[*ast.FuncDecl]*funcInfo
	funcFacts map[*types.Func]*FuncFact
	wraps     map[*types.Func]*WrapperFact
	calls     map[*types.Func]*CallsFact
	busy      map[any]bool
	declOps   map[*ast.FuncDecl][]*Op
	// generated are the package's generated files (ast.IsGenerated):
	// nothing in them is reported, so no operation is looked for in them
	// and their functions carry no wrapper or calls fact; they still get
	// key-builder and identity facts (FuncFact), since generated getters
	// (protobuf's GetUserId) build keys and return identities.
	generated map[*token.File]bool
	// mu serialises the evaluations the rules ask for: the checker runs
	// the rules of one package (and the constructor analyzer) in parallel,
	// and the evaluator fills the model's memo maps as it goes.
	mu sync.Mutex
	// dependency marks a package of a downloaded module (or a vendored
	// one): the cache-like heuristics are for the code being linted. An
	// ORM's optional internal cache (xorm's Cacher.PutBean) would
	// otherwise make every query in the application a cache write.
	dependency bool
	// noOps marks a package that cannot reach a cache operation the model
	// knows (see reaches): no operation is looked for in it.
	noOps bool
	// mod is the module-wide model in force, if any (module.go).
	mod *Module
}

// OnConfigError, when set by a driver, is called with a configuration or
// flag error before the model fails on it. The go vet driver sets it to
// print the error once and exit: otherwise each rule would only say that
// its prerequisite failed.
var OnConfigError func(error)

func run(pass *analysis.Pass) (any, error) {
	dir := ""
	if len(pass.Files) > 0 {
		dir = diag.PackageDir(pass)
	}
	settings, err := config.ForDir(dir)
	if err == nil && OnConfigError != nil {
		// Under go vet every rule's settings and flags are checked here,
		// once per package; other drivers check them before the run, or
		// let each rule fail with its own message.
		err = config.Check(settings)
	}
	if err != nil {
		if OnConfigError != nil {
			OnConfigError(err)
		}
		return nil, err
	}
	m := &model{
		pass:      pass,
		settings:  settings,
		cls:       identity.New(identity.Words{Tenant: settings.Identity.Tenant, User: settings.Identity.User, PII: settings.PII, Hash: settings.Hash}),
		declared:  map[string]*config.API{},
		decls:     map[*types.Func]*ast.FuncDecl{},
		infos:     map[*ast.FuncDecl]*funcInfo{},
		funcFacts: map[*types.Func]*FuncFact{},
		wraps:     map[*types.Func]*WrapperFact{},
		calls:     map[*types.Func]*CallsFact{},
		busy:      map[any]bool{},
		declOps:   map[*ast.FuncDecl][]*Op{},
		generated: map[*token.File]bool{},
	}
	for i := range settings.APIs {
		a := &settings.APIs[i]
		m.declared[normalizeFuncName(a.Func)] = a
	}
	m.dependency = len(pass.Files) > 0 && isDependencyFile(diag.PackageDir(pass)+"/")
	if !m.dependency {
		if m.mod, err = m.module(); err != nil {
			return nil, err
		}
	}
	res := &Result{ByCall: map[*ast.CallExpr][]*Op{}, m: m, dirs: diag.ParseDirectives(pass.Fset, pass.Files)}
	if isStd(pass.Pkg.Path()) {
		m.noOps = true
		return res, nil // the standard library has no cache operations or identities
	}
	for _, f := range pass.Files {
		if diag.Generated(pass.Fset, f) {
			if tf := pass.Fset.File(f.Pos()); tf != nil {
				m.generated[tf] = true
			}
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					m.decls[fn] = fd
				}
			}
		}
	}
	m.directives(pass, res.dirs)
	if m.reaches() {
		pass.ExportPackageFact(&reachFact{})
	} else {
		m.noOps = true
	}

	for _, f := range pass.Files {
		if res.Generated(f) {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				for _, op := range m.opsOf(d) {
					res.Ops = append(res.Ops, op)
					res.ByCall[op.Call] = append(res.ByCall[op.Call], op)
				}
			case *ast.GenDecl:
				for _, op := range m.opsIn(nil, d) {
					res.Ops = append(res.Ops, op)
					res.ByCall[op.Call] = append(res.ByCall[op.Call], op)
				}
			}
		}
	}
	// Export facts for every function of the package.
	fns := make([]*types.Func, 0, len(m.decls))
	for fn := range m.decls {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		if ff := m.funcFact(fn); ff != nil {
			pass.ExportObjectFact(fn, ff)
		}
		if wf := m.wrapperFact(fn); wf != nil {
			pass.ExportObjectFact(fn, wf)
		}
		if cf := m.callsFact(fn); cf != nil {
			pass.ExportObjectFact(fn, cf)
		}
	}
	// Declared interface methods have no declaration body of their own.
	var declared []*types.Func
	for fn, wf := range m.wraps {
		if wf != nil && m.decls[fn] == nil && fn.Pkg() == pass.Pkg {
			declared = append(declared, fn)
		}
	}
	sort.Slice(declared, func(i, j int) bool { return declared[i].Pos() < declared[j].Pos() })
	for _, fn := range declared {
		pass.ExportObjectFact(fn, m.wraps[fn])
	}
	return res, nil
}

// isDependencyFile reports whether a file belongs to a downloaded module
// (GOMODCACHE/path@version/...) or a vendor directory.
func isDependencyFile(name string) bool {
	name = filepath.ToSlash(name)
	if strings.Contains(name, "/vendor/") {
		return true
	}
	if i := strings.Index(name, "/pkg/mod/"); i >= 0 {
		return strings.Contains(name[i:], "@")
	}
	return false
}

// IsStd reports whether path is a standard library package: its first
// element has no dot and GOROOT holds it. Rules with facts run on every
// dependency; the standard library has no cache operation, so they skip it.
func IsStd(path string) bool { return isStd(path) }

// isStd reports whether path is a standard library package: its first
// element has no dot and GOROOT holds it.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	if strings.Contains(first, ".") {
		return false
	}
	if v, ok := stdCache.Load(path); ok {
		return v.(bool)
	}
	fi, err := os.Stat(filepath.Join(build.Default.GOROOT, "src", path))
	v := err == nil && fi.IsDir()
	stdCache.Store(path, v)
	return v
}

// stdCache answers isStd by package path (read by every rule at nearly
// every call, from parallel analyses: a sync.Map reads without a lock).
//
//cachevet:ignore cachebound one entry per imported package path: bounded by the program analysed
var stdCache sync.Map

// normalizeFuncName turns "pkg.(*T).M" and "pkg.T.M" into "pkg.T.M".
func normalizeFuncName(s string) string {
	s = strings.ReplaceAll(s, "(*", "")
	s = strings.ReplaceAll(s, ")", "")
	return s
}

// funcName is the qualified name of fn: "pkg/path.Type.Method" or "pkg/path.Func".
func funcName(fn *types.Func) string {
	if fn.Pkg() == nil {
		return fn.Name()
	}
	if r := recvName(fn); r != "" {
		return fn.Pkg().Path() + "." + r + "." + fn.Name()
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// shortName is how messages name fn: "store.Cache.Put", "keys.Course".
func shortName(fn *types.Func) string {
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Name() + "."
	}
	if r := recvName(fn); r != "" {
		return pkg + r + "." + fn.Name()
	}
	return pkg + fn.Name()
}

func recvName(fn *types.Func) string {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return ""
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		return t.Obj().Name()
	case *types.Interface:
		return "interface"
	}
	return ""
}

// opsOf returns the operations in a function declaration (closures included).
func (m *model) opsOf(d *ast.FuncDecl) []*Op {
	if ops, ok := m.declOps[d]; ok {
		return ops
	}
	if m.noOps || m.busy[d] || m.inGenerated(d) {
		return nil
	}
	m.busy[d] = true
	ops := m.opsIn(d, d.Body)
	pairGets(ops)
	m.declOps[d] = ops
	delete(m.busy, d)
	return ops
}

func (m *model) opsIn(d *ast.FuncDecl, n ast.Node) []*Op {
	if m.noOps || n == nil || reflect.ValueOf(n).IsNil() {
		return nil
	}
	var ops []*Op
	e := m.evaluator(d)
	ast.Inspect(n, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		for _, op := range m.resolve(e, call) {
			op.Decl = d
			ops = append(ops, op)
		}
		return true
	})
	return ops
}

// pairGets gives reads the value inputs of writes with the same key in the
// same function (a read-through function).
func pairGets(ops []*Op) {
	for _, g := range ops {
		if !g.Kind.Reads() || len(g.ValueSources) > 0 {
			continue
		}
		k := g.Key.String()
		for _, s := range ops {
			if s != g && s.Kind.Writes() && s.Key.String() == k {
				g.ValueSources = append(g.ValueSources, s.ValueSources...)
				g.CallerSources = append(g.CallerSources, s.CallerSources...)
			}
		}
	}
}

// resolve turns a call into the cache operations it performs.
func (m *model) resolve(e *ev, call *ast.CallExpr) []*Op {
	fn := m.callee(call)
	if fn == nil {
		return nil
	}
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Path()
	}
	if len(m.declared) > 0 {
		if a := m.declared[funcName(fn)]; a != nil {
			return m.fromFacts(e, call, fn, []OpFact{declaredOp(a, shortName(fn))})
		}
	}
	recv := recvName(fn)
	if a := lookupAPI(trimVendor(pkg), recv, fn.Name()); a != nil {
		if op := m.fromAPI(e, call, a); op != nil {
			return []*Op{op}
		}
		return nil
	}
	if pkg == rueidis || strings.HasPrefix(pkg, rueidis+"/") {
		if op := m.rueidis(e, call, fn); op != nil {
			return []*Op{op}
		}
		return nil
	}
	if wf := m.wrapperFact(fn); wf != nil {
		return m.fromFacts(e, call, fn, wf.Ops)
	}
	if ofs := m.linked(fn); ofs != nil {
		return m.fromFacts(e, call, fn, ofs)
	}
	if of := m.cacheLike(fn); of != nil && !m.dependency {
		return m.fromFacts(e, call, fn, []OpFact{*of})
	}
	return nil
}

func trimVendor(p string) string {
	if i := strings.LastIndex(p, "/vendor/"); i >= 0 {
		return p[i+len("/vendor/"):]
	}
	return p
}

func declaredOp(a *config.API, name string) OpFact {
	k, _ := ParseKind(a.Op)
	idx := func(p *int) int {
		if p == nil || *p < 0 {
			return 0
		}
		return *p + 1
	}
	of := OpFact{Kind: k, API: name, Store: parseStore(a.Store)}
	if i := idx(a.Key); i > 0 {
		of.Key = Template{Parts: []Part{{Hole: true, Name: fmt.Sprintf("arg%d", i-1), Param: i, Sources: []Source{{Name: "key", Param: i}}}}}
	}
	if i := idx(a.Value); i > 0 {
		of.ValueExact = i
		of.ValueParams = []int{i - 1}
	}
	of.TTLParam = idx(a.TTL)
	of.LoaderParam = idx(a.Loader)
	if of.TTLParam == 0 && k.Writes() {
		of.TTLZero = TTLFromCtor
	}
	return of
}

func parseStore(s string) Store {
	switch s {
	case "distributed":
		return StoreDistributed
	case "inprocess":
		return StoreInProcess
	}
	return StoreUnknown
}

// arg returns the i'th argument of call, or nil.
func arg(call *ast.CallExpr, i int) ast.Expr {
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

// field finds a field's value in a struct literal argument (also through
// & and a variable assigned once).
func (e *ev) field(x ast.Expr, name string) (val ast.Expr, lit bool) {
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	if id, ok := x.(*ast.Ident); ok {
		if v, ok := e.m.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
			if ds := e.fi.defs[v]; len(ds) == 1 && !ds[0].tuple {
				return e.field(ds[0].expr, name)
			}
		}
	}
	cl, ok := x.(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return kv.Value, true
			}
		}
	}
	return nil, true
}

func (m *model) fromAPI(e *ev, call *ast.CallExpr, a *API) *Op {
	op := &Op{Call: call, Kind: a.Kind, API: a.QualifiedName(), Lib: a.Pkg, Store: a.Store, TTLZero: a.TTLZero, TTLSeconds: a.TTLSeconds}
	role := func(i int, field string) (ast.Expr, bool) {
		x := arg(call, i)
		if x == nil || field == "" {
			return x, false
		}
		v, isLit := e.field(x, field)
		return v, isLit && v == nil
	}
	if a.Key >= 0 {
		op.KeyExpr, _ = role(a.Key, a.KeyField)
		if op.KeyExpr != nil {
			op.Key = e.tmpl(op.KeyExpr)
		} else {
			op.Key = Template{Parts: []Part{{Hole: true, Name: "?", Sources: []Source{{Name: "?", Opaque: true}}}}}
		}
	}
	if a.Value >= 0 {
		op.Value, _ = role(a.Value, a.ValueField)
		if op.Value != nil {
			op.ValueSources = e.deps(op.Value)
		}
	}
	if a.Loader >= 0 {
		op.Loader, _ = role(a.Loader, a.LoaderField)
		if op.Loader != nil {
			op.ValueSources = append(op.ValueSources, e.loaderDeps(op.Loader)...)
		}
	}
	if a.TTL >= 0 {
		if a.TTLField != "" {
			op.TTL, op.TTLMissing = role(a.TTL, a.TTLField)
		} else {
			op.TTL = arg(call, a.TTL)
			op.TTLMissing = op.TTL == nil
		}
		m.constTTL(op)
	}
	return op
}

// loaderDeps lists what a loader's results are computed from: the returns
// of a function literal, or the function value's own inputs.
func (e *ev) loaderDeps(x ast.Expr) []Source {
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok {
		if v, ok := e.m.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
			if ds := e.fi.defs[v]; len(ds) == 1 && !ds[0].tuple {
				x = ds[0].expr
			}
		}
		if fn, ok := e.m.pass.TypesInfo.ObjectOf(id).(*types.Func); ok {
			if ff := e.m.funcFact(fn); ff != nil {
				return ff.Result
			}
			return nil
		}
	}
	return e.deps(x)
}

func (m *model) constTTL(op *Op) {
	if op.TTL == nil {
		return
	}
	op.TTLText = types.ExprString(op.TTL)
	if tv, ok := m.pass.TypesInfo.Types[op.TTL]; ok && tv.Value != nil {
		if v, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok {
			op.TTLConst = &v
		}
	}
}

// fromFacts turns a call of a wrapper (or declared or cache-like API) into
// the operations it performs, with this call's arguments in their roles.
func (m *model) fromFacts(e *ev, call *ast.CallExpr, fn *types.Func, ofs []OpFact) []*Op {
	// Evaluate only the arguments the facts refer to (the key, the value,
	// what the value is computed from): a context, a TTL or an option
	// needs no key template.
	var u argUse
	for i := range ofs {
		of := &ofs[i]
		u.template(of.Key)
		for _, p := range of.ValueParams {
			u.param(p + 1)
		}
		u.sources(of.ValueSources)
	}
	args, argSrc := e.args(call.Args, u, 0)
	var ops []*Op
	for i := range ofs {
		of := &ofs[i]
		op := &Op{
			Call: call, Kind: of.Kind, API: of.API, Lib: of.Lib, Store: of.Store, TTLZero: of.TTLZero, TTLSeconds: of.TTLSeconds,
			Via: append([]string{shortName(fn)}, of.Via...), Wrapped: true, Fact: of,
		}
		op.Key = substitute(of.Key, args, argSrc)
		for _, p := range of.Key.Parts {
			if p.Param > 0 && len(of.Key.Parts) == 1 {
				op.KeyExpr = arg(call, p.Param-1)
			}
		}
		if of.ValueExact > 0 {
			op.Value = arg(call, of.ValueExact-1)
		}
		for _, p := range of.ValueParams {
			if p < len(argSrc) {
				op.CallerSources = append(op.CallerSources, argSrc[p]...)
			}
		}
		for _, s := range substituteSources(of.ValueSources, argSrc) {
			op.ValueSources = append(op.ValueSources, s)
			if s.Param > 0 || isFromArgs(s, argSrc) {
				op.CallerSources = append(op.CallerSources, s)
			}
		}
		op.ValueSources = append(op.ValueSources, op.CallerSources...)
		if of.LoaderParam > 0 {
			op.Loader = arg(call, of.LoaderParam-1)
			if op.Loader != nil {
				ls := e.loaderDeps(op.Loader)
				op.ValueSources = append(op.ValueSources, ls...)
				op.CallerSources = append(op.CallerSources, ls...)
			}
		}
		switch {
		case of.TTLParam > 0:
			op.TTL = arg(call, of.TTLParam-1)
			op.TTLMissing = op.TTL == nil
			m.constTTL(op)
		case of.TTLConst:
			v := of.TTLValue
			op.TTLConst = &v
			op.TTLText = of.TTLText
		}
		if of.TTLMissing {
			op.TTLMissing = true
		}
		ops = append(ops, op)
	}
	return ops
}

// argUse is the set of parameters (1-based) a fact refers to.
type argUse map[int]bool

func (u *argUse) param(p int) {
	if p <= 0 {
		return
	}
	if *u == nil {
		*u = argUse{}
	}
	(*u)[p] = true
}

func (u *argUse) sources(srcs []Source) {
	for _, s := range srcs {
		u.param(s.Param)
	}
}

func (u *argUse) template(t Template) {
	u.sources(t.Extra)
	for _, p := range t.Parts {
		u.param(p.Param)
		u.sources(p.Sources)
	}
}

// args evaluates the arguments of a call that u refers to (templates and
// sources), leaving the others empty, for substitute.
func (e *ev) args(call []ast.Expr, u argUse, depth int) ([]Template, [][]Source) {
	args := make([]Template, len(call))
	argSrc := make([][]Source, len(call))
	for i, a := range call {
		if u[i+1] {
			args[i] = e.tmplDepth(a, depth)
			argSrc[i] = e.deps(a)
		}
	}
	return args, argSrc
}

func isFromArgs(s Source, argSrc [][]Source) bool {
	for _, as := range argSrc {
		for _, a := range as {
			if a == s {
				return true
			}
		}
	}
	return false
}
