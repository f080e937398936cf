package cmdcache

// Transaction scopes across functions. A function may run inside a
// transaction that commits after it returns: the callback of a transaction
// helper (a library's, or one recognised by what it does), a GORM hook
// method, a function handed the open transaction. Facts flow from callees
// to callers, so the scope is not pushed down the call graph: each callee
// exports what it does to the cache before it returns (txFact.Cache), and
// the call inside the scope is reported, naming the chain.

import (
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
)

// TxHelperDirective marks a function whose function parameters run inside
// a transaction it commits afterwards, when the analysis cannot see it.
const TxHelperDirective = "//cachevet:txhelper"

// txFact is what a function does that matters to transaction scopes, for
// callers in any package.
type txFact struct {
	// Helper lists the parameters (0-based) of function type that the
	// function calls inside a transaction it begins and commits afterwards.
	Helper []int
	// Cache is the call path to a cache invalidation or write the function
	// performs before it returns, outside a transaction of its own:
	// ["svc.Users.Update", "go-redis.Del"]. What is its first word.
	Cache []string
	What  string // "cache delete", "cache set"
	// Write is the call path to a store-of-record write it performs.
	Write []string
	// Request is set on a function that reads the transaction a middleware
	// stored in the request context: where that transaction opens.
	Request string
}

// txKeyFact marks a context key under which a middleware stores the
// transaction it begins, and commits after the handler returns.
type txKeyFact struct{ Opener string }

func (*txKeyFact) AFact() {}

func (f *txKeyFact) String() string { return "request transaction: " + f.Opener }

func (*txFact) AFact() {}

func (f *txFact) String() string {
	var parts []string
	if len(f.Helper) > 0 {
		var ps []string
		for _, p := range f.Helper {
			ps = append(ps, fmt.Sprint(p))
		}
		parts = append(parts, "txhelper("+strings.Join(ps, ",")+")")
	}
	if len(f.Cache) > 0 {
		parts = append(parts, f.What+" via "+strings.Join(f.Cache, " -> "))
	}
	if len(f.Write) > 0 {
		parts = append(parts, "writes via "+strings.Join(f.Write, " -> "))
	}
	if f.Request != "" {
		parts = append(parts, "reads "+f.Request)
	}
	return strings.Join(parts, "; ")
}

func (f *txFact) empty() bool {
	return len(f.Helper) == 0 && len(f.Cache) == 0 && len(f.Write) == 0 && f.Request == ""
}

// txState holds the txFacts of the package's functions, computed on demand.
type txState struct {
	facts map[*types.Func]*txFact
	busy  map[*types.Func]bool
	keys  map[types.Object]string // context keys of request transactions
}

// findTxKeys recognises transaction middleware by what it does: a function
// that begins a transaction, stores it (or a transaction-bound GORM
// handle) in a context with context.WithValue, and commits, in its body or
// the handler closure it returns. The key is exported as a txKeyFact.
func (c *checker) findTxKeys() {
	c.tx.keys = map[types.Object]string{}
	for _, fd := range c.funcDecls() {
		if isTestFile(c.pass, fd) {
			continue
		}
		begins, commits := false, false
		var keys []types.Object
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			begins = begins || c.begins(call)
			commits = commits || c.isCommit(call)
			fn := c.res.Callee(call)
			if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "context" && fn.Name() == "WithValue" && len(call.Args) == 3 {
				if t := c.pass.TypesInfo.TypeOf(call.Args[2]); t != nil && (isTxType(t) || strings.HasSuffix(cacheops.TypeString(t), "gorm.DB")) {
					if k := c.keyObject(call.Args[1]); k != nil {
						keys = append(keys, k)
					}
				}
			}
			return true
		})
		if !begins || !commits {
			continue
		}
		name := fd.Name.Name
		if fn := c.declFunc(fd); fn != nil {
			name = label(fn)
		}
		for _, k := range keys {
			opener := "the transaction " + name + " stores in the request context"
			c.tx.keys[k] = opener
			if k.Pkg() == c.pass.Pkg {
				c.pass.ExportObjectFact(k, &txKeyFact{Opener: opener})
			}
		}
	}
}

// keyObject is the package-level object a context key names: the type of
// txKey{}, or a package-level variable or constant.
func (c *checker) keyObject(x ast.Expr) types.Object {
	x = ast.Unparen(x)
	if lit, ok := x.(*ast.CompositeLit); ok {
		if n, ok := types.Unalias(c.pass.TypesInfo.TypeOf(lit)).(*types.Named); ok {
			return n.Obj()
		}
		return nil
	}
	var id *ast.Ident
	switch x := x.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return nil
	}
	obj := c.pass.TypesInfo.Uses[id]
	switch obj.(type) {
	case *types.Var, *types.Const:
		if obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope() {
			return obj
		}
	}
	return nil
}

// txKeyOpener says where the transaction stored under key opens, or "".
func (c *checker) txKeyOpener(k types.Object) string {
	if k == nil {
		return ""
	}
	if o, ok := c.tx.keys[k]; ok {
		return o
	}
	if k.Pkg() != nil && k.Pkg() != c.pass.Pkg {
		var f txKeyFact
		if c.pass.ImportObjectFact(k, &f) {
			return f.Opener
		}
	}
	return ""
}

// ctxTx reports where the request transaction body reads opens: a
// ctx.Value of a transaction key, or (when accessors is set) a call of an
// accessor function that reads one.
func (c *checker) ctxTx(body ast.Node, accessors bool) string {
	opener := ""
	ast.Inspect(body, func(n ast.Node) bool {
		if opener != "" {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		fn := c.res.Callee(call)
		if fn == nil {
			return true
		}
		if fn.Pkg() != nil && fn.Pkg().Path() == "context" && fn.Name() == "Value" && len(call.Args) == 1 {
			opener = c.txKeyOpener(c.keyObject(call.Args[0]))
		} else if accessors {
			if f := c.txFactOf(fn); f != nil {
				opener = f.Request
			}
		}
		return true
	})
	return opener
}

// funcDecls lists the package's function declarations with bodies, outside
// generated files, in source order.
func (c *checker) funcDecls() []*ast.FuncDecl {
	var out []*ast.FuncDecl
	for _, file := range c.pass.Files {
		if c.res.Generated(file) {
			continue
		}
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				out = append(out, fd)
			}
		}
	}
	return out
}

func (c *checker) declFunc(fd *ast.FuncDecl) *types.Func {
	fn, _ := c.pass.TypesInfo.Defs[fd.Name].(*types.Func)
	return fn
}

// exportTxFacts exports the txFact of every exported function that has one.
// It runs in every package, with or without cache operations: a
// transaction helper or a store write is what a package without a cache
// tells its callers.
func (c *checker) exportTxFacts() {
	for _, fd := range c.funcDecls() {
		fn := c.declFunc(fd)
		if fn == nil || !fn.Exported() {
			continue
		}
		if f := c.txFactOf(fn); f != nil {
			c.pass.ExportObjectFact(fn, f)
		}
	}
}

// txFactOf returns fn's txFact, or nil.
func (c *checker) txFactOf(fn *types.Func) *txFact {
	if fn == nil {
		return nil
	}
	if fn.Pkg() != c.pass.Pkg {
		if fn.Pkg() == nil || cacheops.IsStd(fn.Pkg().Path()) {
			return nil
		}
		var f txFact
		if c.pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	if f, ok := c.tx.facts[fn]; ok {
		return f
	}
	d := c.res.Decl(fn)
	if d == nil || d.Body == nil || c.tx.busy[fn] || isTestFile(c.pass, d) {
		return nil
	}
	c.tx.busy[fn] = true
	defer delete(c.tx.busy, fn)
	f := &txFact{Helper: c.helperParams(d), Write: c.writePath(fn, d), Request: c.ctxTx(d.Body, false)}
	// A library's own internal cache (a storage engine's block cache) is
	// not the application's cache: its effects stay inside it.
	if c.res.ReachesCache() && !c.res.Dependency() {
		f.Cache, f.What = c.cachePath(fn, d)
	}
	if f.empty() {
		f = nil
	}
	c.tx.facts[fn] = f
	return f
}

// cacheEffect describes a call that invalidates or writes the cache, for
// scopes: "cache delete go-redis.Del", with its kind word. Writes count
// only in a function that does not read the cache (a fill after a miss is
// a read path).
func (c *checker) cacheEffect(call *ast.CallExpr, readPath bool) (what, word string) {
	for _, op := range c.effectOps(call) {
		switch {
		case op.Kind.Invalidates():
			return kindWord(op.Kind) + " " + op.Name(), kindWord(op.Kind)
		case (op.Kind == cacheops.Set || op.Kind == cacheops.Add) && !readPath:
			return "cache " + op.Kind.String() + " " + op.Name(), "cache " + op.Kind.String()
		}
	}
	return "", ""
}

// effectOps are the cache operations of call that count as its own: a
// concrete function that wraps cache calls is judged by its txFact instead
// (it may commit before it invalidates); a cache type's own method (the
// API itself) is an operation.
func (c *checker) effectOps(call *ast.CallExpr) []*cacheops.Op {
	callee := c.res.Callee(call)
	concrete := callee != nil && !isInterfaceMethod(callee) && c.res.Calls(callee) != nil &&
		(callee.Pkg() == c.pass.Pkg && c.res.Decl(callee) != nil || callee.Pkg() != c.pass.Pkg && c.importsTxFacts(callee))
	var out []*cacheops.Op
	for _, op := range c.res.ByCall[call] {
		if op.Wrapped && concrete {
			continue
		}
		out = append(out, op)
	}
	return out
}

// isInterfaceMethod reports whether fn is an abstract method.
func isInterfaceMethod(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

// importsTxFacts reports whether fn's package was analysed by this rule
// (it has facts of its own, or it is a package of the module): a wrapper
// there carries a txFact when it matters.
func (c *checker) importsTxFacts(fn *types.Func) bool {
	var f reachFact
	return c.pass.ImportObjectFact(fn, &f)
}

// readsCache reports whether the body reads the cache by key itself.
func (c *checker) readsCache(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			for _, op := range c.res.ByCall[call] {
				if op.Kind.Reads() {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// ownsTx reports whether body manages a transaction itself: it commits,
// or hands work to a transaction helper. Its ordering is judged there.
func (c *checker) ownsTx(body ast.Node) bool {
	owns := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if c.isCommit(call) {
				owns = true
			} else if _, ok := c.txHelper(call); ok {
				owns = true
			}
		}
		return !owns
	})
	return owns
}

// cachePath is the shortest call path from fn to a cache invalidation or
// write it performs before returning, outside function literals (hooks,
// goroutines, deferred closures run elsewhere) and outside a transaction
// of its own. A function handed a transaction is judged inside.
func (c *checker) cachePath(fn *types.Func, d *ast.FuncDecl) ([]string, string) {
	if takesTx(fn) || c.ownsTx(d.Body) {
		return nil, ""
	}
	readPath := c.readsCache(d.Body)
	var best []string
	word := ""
	consider := func(chain []string, w string) {
		if best == nil || len(chain) < len(best) {
			best, word = chain, w
		}
	}
	ast.Inspect(d.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if what, w := c.cacheEffect(call, readPath); what != "" {
			for _, op := range c.effectOps(call) {
				if op.Kind.Invalidates() || op.Kind == cacheops.Set || op.Kind == cacheops.Add {
					consider(append([]string{label(fn)}, compact(append(append([]string(nil), op.Via...), op.API))...), w)
					break
				}
			}
			return true
		}
		if callee := c.res.Callee(call); callee != nil && callee != fn {
			if f := c.txFactOf(callee); f != nil && len(f.Cache) > 0 {
				consider(append([]string{label(fn)}, f.Cache...), f.What)
			}
		}
		return true
	})
	return compact(best), word
}

// hasTxHelperDirective reports whether the doc comment declares a
// transaction helper.
func hasTxHelperDirective(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for _, cm := range doc.List {
		rest, ok := strings.CutPrefix(cm.Text, TxHelperDirective)
		if ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return true
		}
	}
	return false
}

// helperParams recognises a transaction helper by what it does: it begins
// a transaction (a call returning a transaction type, gorm's Begin), calls
// one of its function parameters, and commits; or it calls the parameter
// inside the callback of another transaction helper. Functions returning
// a closure that does so (WithTransaction(fn)(ctx)) count. A
// //cachevet:txhelper directive declares every function parameter.
func (c *checker) helperParams(d *ast.FuncDecl) []int {
	sig, ok := c.pass.TypesInfo.TypeOf(d.Name).(*types.Signature)
	if !ok {
		return nil
	}
	params := map[types.Object]int{}
	for i := 0; i < sig.Params().Len(); i++ {
		// A transaction callback returns an error last: its error rolls back.
		if ps, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); ok && ps.Results().Len() > 0 && isError(ps.Results().At(ps.Results().Len()-1).Type()) {
			params[sig.Params().At(i)] = i
		}
	}
	if len(params) == 0 {
		return nil
	}
	var out []int
	if hasTxHelperDirective(d.Doc) {
		for _, i := range params {
			out = append(out, i)
		}
		sort.Ints(out)
		return out
	}
	begins, commits := false, false
	called := map[int]bool{}
	var lits []*ast.FuncLit // callbacks of transaction helpers
	ast.Inspect(d.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if c.isCommit(call) {
			commits = true
		}
		if c.begins(call) {
			begins = true
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if i, ok := params[c.pass.TypesInfo.Uses[id]]; ok {
				called[i] = true
			}
		}
		if _, ok := c.txHelper(call); ok {
			for _, a := range call.Args {
				if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok {
					lits = append(lits, lit)
				}
			}
		}
		return true
	})
	if begins && commits {
		for i := range called {
			out = append(out, i)
		}
	} else {
		for _, lit := range lits {
			ast.Inspect(lit.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
						if i, ok := params[c.pass.TypesInfo.Uses[id]]; ok {
							out = append(out, i)
						}
					}
				}
				return true
			})
		}
	}
	sort.Ints(out)
	return dedupeInts(out)
}

func dedupeInts(s []int) []int {
	var out []int
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// begins reports whether call opens a transaction: it returns a
// transaction type (database/sql, sqlx, pgx, ent, bun), or it is gorm's
// Begin.
func (c *checker) begins(call *ast.CallExpr) bool {
	fn := c.res.Callee(call)
	if fn != nil && isGormPkg(fn.Pkg()) && fn.Name() == "Begin" {
		return true
	}
	t := c.pass.TypesInfo.TypeOf(call)
	if tup, ok := t.(*types.Tuple); ok {
		if tup.Len() == 0 {
			return false
		}
		t = tup.At(0).Type()
	}
	return t != nil && isTxType(t)
}

// isGormPkg reports whether pkg is GORM v2 (gorm.io/gorm) or v1
// (github.com/jinzhu/gorm).
func isGormPkg(pkg *types.Package) bool {
	return pkg != nil && (pkg.Path() == "gorm.io/gorm" || pkg.Path() == "github.com/jinzhu/gorm")
}

// scope is a function body that runs inside a transaction committed after
// it returns.
type scope struct {
	body   *ast.BlockStmt
	fn     *types.Func // nil for a function literal
	opener string      // "the transaction opened by gorm.DB.Transaction in Store.Update"
	// direct is set when the rule's other checks do not report the body's
	// own invalidations (a named callback, a hook).
	direct bool
}

// enclosingName names the function declaration that contains pos.
func (c *checker) enclosingName(pos ast.Node) string {
	for _, file := range c.pass.Files {
		if file.Pos() > pos.Pos() || pos.Pos() >= file.End() {
			continue
		}
		for _, d := range file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Pos() <= pos.Pos() && pos.Pos() < fd.End() {
				if fn := c.declFunc(fd); fn != nil {
					return strings.TrimPrefix(label(fn), fn.Pkg().Name()+".")
				}
			}
		}
	}
	return ""
}

// gormHooks are the GORM hook methods that run inside the write's
// transaction.
var gormHooks = map[string]bool{
	"BeforeSave": true, "AfterSave": true, "BeforeCreate": true, "AfterCreate": true,
	"BeforeUpdate": true, "AfterUpdate": true, "BeforeDelete": true, "AfterDelete": true,
}

// gormHook reports whether fd is a GORM v1 or v2 hook method: a hook name,
// a *gorm.DB (or v1 *gorm.Scope) parameter and an error result.
func (c *checker) gormHook(fd *ast.FuncDecl) bool {
	if fd.Recv == nil || !gormHooks[fd.Name.Name] {
		return false
	}
	sig, ok := c.pass.TypesInfo.TypeOf(fd.Name).(*types.Signature)
	if !ok || sig.Params().Len() != 1 || sig.Results().Len() != 1 || !isError(sig.Results().At(0).Type()) {
		return false
	}
	p, ok := sig.Params().At(0).Type().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && isGormPkg(n.Obj().Pkg()) && (n.Obj().Name() == "DB" || n.Obj().Name() == "Scope")
}

// scopes lists the package's transaction scopes: callbacks of transaction
// helpers (literals, and named functions or methods of the package),
// GORM hook methods, and functions handed an open transaction that do
// not commit it. named collects the callbacks of other packages: the
// helper's argument, with what it does to the cache.
func (c *checker) scopes() []scope {
	var out []scope
	seen := map[*ast.BlockStmt]bool{}
	add := func(s scope) {
		if s.body != nil && !seen[s.body] {
			seen[s.body] = true
			out = append(out, s)
		}
	}
	for _, fd := range c.funcDecls() {
		if isTestFile(c.pass, fd) {
			continue
		}
		if c.gormHook(fd) {
			add(scope{body: fd.Body, fn: c.declFunc(fd), direct: true,
				opener: fmt.Sprintf("the transaction GORM runs its %s hook in", fd.Name.Name)})
		}
		if o := c.ctxTx(fd.Body, true); o != "" && !c.ownsTx(fd.Body) {
			add(scope{body: fd.Body, fn: c.declFunc(fd), direct: true, opener: o})
		}
		if ft := fd.Type; c.txParam(ft) != "" && !c.ownsTx(fd.Body) {
			add(scope{body: fd.Body, fn: c.declFunc(fd), opener: "the caller's transaction (" + c.txParam(ft) + ")"})
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			helper, ok := c.txHelper(call)
			if !ok {
				return true
			}
			opener := "the transaction opened by " + helper + " in " + c.enclosingName(call)
			for _, a := range call.Args {
				switch a := ast.Unparen(a).(type) {
				case *ast.FuncLit:
					if c.errorCallback(a) {
						add(scope{body: a.Body, opener: opener})
					}
				case *ast.Ident, *ast.SelectorExpr:
					fn := c.funcValue(a)
					if fn == nil {
						continue
					}
					if d := c.res.Decl(fn); d != nil && fn.Pkg() == c.pass.Pkg {
						add(scope{body: d.Body, fn: fn, opener: opener, direct: true})
					} else if f := c.txFactOf(fn); f != nil && len(f.Cache) > 0 {
						c.reportScoped(a, fmt.Sprintf("%s, passed as the callback,", label(fn)), f.What, f.Cache, opener)
					}
				}
			}
			return true
		})
	}
	return out
}

// funcValue is the function or method a value expression names (f,
// pkg.F, s.Method), or nil.
func (c *checker) funcValue(x ast.Expr) *types.Func {
	switch x := x.(type) {
	case *ast.Ident:
		fn, _ := c.pass.TypesInfo.Uses[x].(*types.Func)
		return fn
	case *ast.SelectorExpr:
		if sel, ok := c.pass.TypesInfo.Selections[x]; ok {
			if sel.Kind() == types.MethodVal {
				fn, _ := sel.Obj().(*types.Func)
				return fn
			}
			return nil
		}
		fn, _ := c.pass.TypesInfo.Uses[x.Sel].(*types.Func)
		return fn
	}
	return nil
}

// consequence is what goes wrong when the cache is touched before the
// commit, by kind.
func consequence(word string) string {
	if strings.HasPrefix(word, "cache set") || strings.HasPrefix(word, "cache add") {
		return "if it rolls back, the cache keeps a value the database never committed; write the cache after the commit"
	}
	return "a concurrent read can re-cache the old row, which then stays stale until the TTL; invalidate after the commit"
}

func (c *checker) reportScoped(at ast.Node, subject, word string, chain []string, opener string) {
	if c.scoped[at.Pos()] {
		return
	}
	c.scoped[at.Pos()] = true
	c.r.Report(at, fmt.Sprintf("%s does a %s (via %s) inside %s, which commits after this function returns: %s", subject, word, strings.Join(chain, " -> "), opener, consequence(word)))
}

// checkScopes reports cache invalidations and writes inside transaction
// scopes: the body's own (for scopes the other checks do not cover) and
// those of the functions it calls, in any package.
func (c *checker) checkScopes(invs map[*ast.CallExpr]bool) {
	for _, s := range c.scopes() {
		readPath := c.readsCache(s.body)
		ast.Inspect(s.body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false // its calls run when it is called: judged on its own
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if invs[call] && !s.direct {
				return true // reported by checkCommits
			}
			if what, word := c.cacheEffect(call, readPath); what != "" {
				if c.scoped[call.Pos()] {
					return true
				}
				c.scoped[call.Pos()] = true
				c.r.Report(call, fmt.Sprintf("%s runs inside %s, which commits after this function returns: %s", what, s.opener, consequence(word)))
				return true
			}
			callee := c.res.Callee(call)
			if callee == nil || callee == s.fn {
				return true
			}
			if f := c.txFactOf(callee); f != nil && len(f.Cache) > 0 {
				c.reportScoped(call, "call of "+label(callee), f.What, f.Cache, s.opener)
			}
			return true
		})
	}
}
