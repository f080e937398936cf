package cmdcache

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/diag"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// CommandDirective marks a function, a method or a type (all its exported
// methods) as a command handler.
const CommandDirective = "//cachevet:command"

// reachFact marks a function that calls a cache API outside the
// infrastructure layer and the allowed write-side caches, directly or
// through its callees. An empty Chain marks a function that calls the cache
// only through allowed or infrastructure code.
type reachFact struct {
	// Chain is the shortest call path to the cache API, outermost first:
	// ["services.TicketService.Save", "redis.Del"].
	Chain []string
}

func (*reachFact) AFact() {}

func (f *reachFact) cut() bool { return len(f.Chain) == 0 }

func (f *reachFact) String() string {
	if len(f.Chain) == 0 {
		return "calls the cache only through allowed or infrastructure code"
	}
	return "reaches cache via " + strings.Join(f.Chain, " -> ")
}

type checker struct {
	pass *analysis.Pass
	res  *cacheops.Result
	conv *conventions
	r    *diag.Reporter

	facts map[*types.Func]*reachFact
	busy  map[*types.Func]bool
	// inside maps every call to its innermost enclosing function (a
	// *ast.FuncDecl or *ast.FuncLit); filled by checkCommits.
	inside map[*ast.CallExpr]ast.Node

	tx     txState
	scoped map[token.Pos]bool // calls reported in a transaction scope
}

// label names fn the way chains do: "pkg.Type.Method" or "pkg.Func".
func label(fn *types.Func) string {
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Name() + "."
	}
	if n := recvTypeName(fn); n != nil {
		return pkg + n.Obj().Name() + "." + fn.Name()
	}
	return pkg + fn.Name()
}

// recvTypeName is the named type of fn's receiver (through a pointer), or
// nil for functions and methods of unnamed types.
func recvTypeName(fn *types.Func) *types.Named {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// matchName reports whether entry names the object: "path/pkg.Name",
// "pkg.Name" or a bare "Name".
func matchName(entry string, pkg *types.Package, name string) bool {
	if entry == name {
		return true
	}
	if pkg == nil {
		return false
	}
	return entry == pkg.Path()+"."+name || entry == pkg.Name()+"."+name
}

// allowed reports whether fn is a method of a cache type declared part of
// the write-side contract.
func (c *checker) allowed(fn *types.Func) bool {
	n := recvTypeName(fn)
	if n == nil {
		return false
	}
	for _, a := range c.conv.allow {
		if matchName(a, n.Obj().Pkg(), n.Obj().Name()) {
			return true
		}
	}
	return false
}

// allowedLabel reports whether a chain element ("pkg.Type.Method") is a
// method of an allowed type.
func (c *checker) allowedLabel(s string) bool {
	i := strings.LastIndex(s, ".")
	if i < 0 {
		return false
	}
	typ := s[:i] // "pkg.Type"
	bare := typ
	if j := strings.LastIndex(typ, "."); j >= 0 {
		bare = typ[j+1:]
	}
	for _, a := range c.conv.allow {
		short := a
		if j := strings.LastIndex(a, "/"); j >= 0 {
			short = a[j+1:]
		}
		if a == bare || short == typ {
			return true
		}
	}
	return false
}

// segments are the elements of a package path.
func segments(p string) []string { return strings.Split(p, "/") }

func hasSegment(p string, list []string) bool {
	for _, s := range segments(p) {
		for _, l := range list {
			if s == l {
				return true
			}
		}
	}
	return false
}

// cacheNamed reports whether fn belongs to a cache adapter: its receiver
// type or its package is named like a cache.
func cacheNamed(fn *types.Func) bool {
	var words []string
	if n := recvTypeName(fn); n != nil {
		words = append(words, identity.Split(n.Obj().Name())...)
	}
	if fn.Pkg() != nil {
		words = append(words, identity.Split(fn.Pkg().Name())...)
	}
	for _, w := range words {
		switch w {
		case "cache", "caches", "cacher", "caching", "cached":
			return true
		}
	}
	return false
}

// stop reports whether a call of fn hands the work to the infrastructure
// layer: fn lives in an infrastructure package and is not a cache adapter.
// What it does with the cache is checked there, against its commit.
func (c *checker) stop(fn *types.Func) bool {
	return fn.Pkg() != nil && hasSegment(fn.Pkg().Path(), c.conv.infra) && !cacheNamed(fn)
}

// callChain returns the path from call to a cache API, or nil when call
// does not reach the cache. cut is set when it reaches the cache only
// through the infrastructure layer or an allowed cache. self is the
// function being computed.
func (c *checker) callChain(call *ast.CallExpr, self *types.Func) (chain []string, cut bool) {
	callee := c.res.Callee(call)
	ops := c.res.ByCall[call]
	if callee != nil && callee == self {
		return nil, false
	}
	if callee != nil && (c.stop(callee) || c.allowed(callee)) {
		if len(ops) > 0 || c.res.Calls(callee) != nil {
			return nil, true
		}
		return nil, false
	}
	for _, op := range ops {
		if op.Kind == cacheops.Coalesce {
			continue
		}
		if op.Wrapped && callee != nil {
			if f, known := c.fact(callee); known && f != nil {
				if f.cut() {
					cut = true
					continue
				}
				return f.Chain, false
			}
		}
		chain := compact(append(append([]string(nil), op.Via...), op.API))
		ok := true
		for _, s := range chain {
			if c.allowedLabel(s) {
				ok = false
			}
		}
		if ok {
			return chain, false
		}
		cut = true
	}
	if callee == nil {
		return nil, cut
	}
	if f, _ := c.fact(callee); f != nil {
		if f.cut() {
			return nil, true
		}
		return f.Chain, false
	}
	return nil, cut
}

// fact returns fn's reach fact (nil when fn performs no cache operation
// the rule can see); known is false for a function whose body was never
// seen (an interface method, a function of a package without facts).
func (c *checker) fact(fn *types.Func) (f *reachFact, known bool) {
	if fn.Pkg() != c.pass.Pkg {
		if fn.Pkg() == nil {
			return nil, false
		}
		var imp reachFact
		if c.pass.ImportObjectFact(fn, &imp) {
			return &imp, true
		}
		return nil, false
	}
	if f, ok := c.facts[fn]; ok {
		return f, true
	}
	d := c.res.Decl(fn)
	if d == nil || d.Body == nil {
		return nil, false
	}
	if c.busy[fn] {
		return nil, true
	}
	c.busy[fn] = true
	defer delete(c.busy, fn)
	var best []string
	anyCut := false
	ast.Inspect(d.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		ch, cut := c.callChain(call, fn)
		anyCut = anyCut || cut
		if ch != nil && (best == nil || len(ch)+1 < len(best)) {
			best = append([]string{label(fn)}, ch...)
		}
		return true
	})
	switch {
	case best != nil:
		f = &reachFact{Chain: best}
	case anyCut:
		f = &reachFact{}
	}
	c.facts[fn] = f
	return f, true
}

// exportFacts exports a reach fact for every function of the package that
// performs cache operations.
func (c *checker) exportFacts() {
	var fns []*types.Func
	for _, file := range c.pass.Files {
		if c.res.Generated(file) {
			continue // generated code carries no cache fact (see cacheops)
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fn, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				fns = append(fns, fn)
			}
		}
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		if !fn.Exported() {
			continue // no other package calls it
		}
		if f, _ := c.fact(fn); f != nil {
			c.pass.ExportObjectFact(fn, f)
		}
	}
}

// handler is a recognised command handler.
type handler struct {
	decl *ast.FuncDecl
	fn   *types.Func
	why  string
}

func (h handler) name() string {
	if n := recvTypeName(h.fn); n != nil {
		return n.Obj().Name() + "." + h.fn.Name()
	}
	return h.fn.Name()
}

func hasDirective(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, c := range doc.List {
		rest, ok := strings.CutPrefix(c.Text, CommandDirective)
		if ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return true
		}
	}
	return false
}

// handlers finds the command handlers declared in the package.
func (c *checker) handlers() []handler {
	marked := map[*types.TypeName]bool{}
	for _, file := range c.pass.Files {
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, s := range gd.Specs {
				ts, ok := s.(*ast.TypeSpec)
				if !ok {
					continue
				}
				if hasDirective(ts.Doc) || (len(gd.Specs) == 1 && hasDirective(gd.Doc)) {
					if tn, ok := c.pass.TypesInfo.Defs[ts.Name].(*types.TypeName); ok {
						marked[tn] = true
					}
				}
			}
		}
	}
	inPkg := hasSegment(c.pass.Pkg.Path(), c.conv.packages)
	ifaces := c.lookupInterfaces()
	var out []handler
	for _, file := range c.pass.Files {
		if isTestFile(c.pass, file) || c.res.Generated(file) {
			continue
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			fn, ok := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			if hasDirective(fd.Doc) {
				out = append(out, handler{fd, fn, "directive"})
				continue
			}
			n := recvTypeName(fn)
			if n == nil {
				continue
			}
			tn := n.Obj()
			switch {
			case cacheNamed(fn):
				// a cache adapter living next to the handlers is no handler
			case marked[tn] && fn.Exported():
				out = append(out, handler{fd, fn, "directive"})
			case c.handlerType(tn.Name()) && contains(c.conv.handlerMethods, fn.Name()) && !cliExecute(fn):
				out = append(out, handler{fd, fn, "name"})
			case inPkg && (fn.Exported() && tn.Exported() || contains(c.conv.handlerMethods, fn.Name())):
				out = append(out, handler{fd, fn, "package"})
			case implementsAny(n, fn, ifaces):
				out = append(out, handler{fd, fn, "interface"})
			}
		}
	}
	return out
}

func (c *checker) handlerType(name string) bool {
	for _, p := range c.conv.handlerTypes {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// cliExecute reports whether fn is a command-line command's
// Execute(args []string) error (go-flags' Commander), not a write handler.
func cliExecute(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Params().Len() != 1 {
		return false
	}
	s, ok := sig.Params().At(0).Type().(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().(*types.Basic)
	return ok && b.Kind() == types.String
}

// lookupInterfaces resolves the configured handler interfaces among the
// package and everything it imports.
func (c *checker) lookupInterfaces() []*types.Named {
	if len(c.conv.interfaces) == 0 {
		return nil
	}
	var out []*types.Named
	seen := map[*types.Package]bool{}
	var visit func(p *types.Package)
	visit = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		for _, e := range c.conv.interfaces {
			name := e
			if i := strings.LastIndex(e, "."); i >= 0 {
				name = e[i+1:]
			}
			if !matchName(e, p, name) {
				continue
			}
			tn, ok := p.Scope().Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			if n, ok := types.Unalias(tn.Type()).(*types.Named); ok && types.IsInterface(n) {
				out = append(out, n)
			}
		}
		for _, imp := range p.Imports() {
			visit(imp)
		}
	}
	visit(c.pass.Pkg)
	return out
}

// implementsAny reports whether method fn of type n implements a method of
// one of the interfaces. A generic interface (CommandHandler[C]) is matched
// by its method names and arities, since its type argument is the handler's.
func implementsAny(n *types.Named, fn *types.Func, ifaces []*types.Named) bool {
	for _, in := range ifaces {
		it, ok := in.Underlying().(*types.Interface)
		if !ok {
			continue
		}
		has := false
		for i := 0; i < it.NumMethods(); i++ {
			if it.Method(i).Name() == fn.Name() {
				has = true
			}
		}
		if !has {
			continue
		}
		if in.TypeParams().Len() == 0 && n.TypeParams().Len() == 0 {
			if types.Implements(n, it) || types.Implements(types.NewPointer(n), it) {
				return true
			}
			continue
		}
		if shapeImplements(n, it) {
			return true
		}
	}
	return false
}

func shapeImplements(n *types.Named, it *types.Interface) bool {
	ms := types.NewMethodSet(types.NewPointer(n))
	for i := 0; i < it.NumMethods(); i++ {
		want := it.Method(i)
		sel := ms.Lookup(want.Pkg(), want.Name())
		if sel == nil {
			return false
		}
		ws, ok1 := want.Type().(*types.Signature)
		gs, ok2 := sel.Obj().Type().(*types.Signature)
		if !ok1 || !ok2 || ws.Params().Len() != gs.Params().Len() || ws.Results().Len() != gs.Results().Len() {
			return false
		}
	}
	return true
}

// checkHandlers reports cache calls in command handlers.
func (c *checker) checkHandlers() {
	for _, h := range c.handlers() {
		ast.Inspect(h.decl.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			chain, _ := c.callChain(call, h.fn)
			if chain == nil {
				return true
			}
			how := chain[0]
			if len(chain) > 1 {
				how = "via " + strings.Join(chain, " -> ")
			}
			c.r.Report(call, fmt.Sprintf("command handler %s calls the cache (%s): the write side then depends on cache state and can evict before its write commits; invalidate in the infrastructure layer after the commit, or list the cache in cmdcache.allow if it is part of the write-side contract", h.name(), how))
			return true
		})
	}
}

// compact drops repeated neighbours: a cache-like method is both the call
// and the API.
func compact(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}
