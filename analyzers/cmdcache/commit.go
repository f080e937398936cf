package cmdcache

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/cfg"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// invalidation is a call that removes or expires cache entries.
type invalidation struct {
	call *ast.CallExpr
	what string // "cache delete redis.Del"
}

// kindWord names an invalidation kind in messages.
func kindWord(k cacheops.Kind) string {
	switch k {
	case cacheops.Expire:
		return "cache expire"
	case cacheops.InvalidateTag:
		return "cache tag invalidation"
	}
	return "cache delete"
}

// mapFunctions records, for every call that may invalidate (a cache
// operation, or a call of a function named for the cache whose only
// operations invalidate: see invalidations), its innermost enclosing
// function, and for every function literal the call it is an argument of.
// Generated files are left out: nothing is reported in them.
func (c *checker) mapFunctions() map[*ast.FuncLit]*ast.CallExpr {
	argOf := map[*ast.FuncLit]*ast.CallExpr{}
	for _, file := range c.pass.Files {
		if c.res.Generated(file) {
			continue // nothing is reported in generated code
		}
		var stack, fns []ast.Node
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if len(fns) > 0 && fns[len(fns)-1] == top {
					fns = fns[:len(fns)-1]
				}
				return true
			}
			stack = append(stack, n)
			switch n := n.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				fns = append(fns, n)
			case *ast.CallExpr:
				if len(fns) > 0 && c.mayInvalidate(n) {
					c.inside[n] = fns[len(fns)-1]
				}
				for _, a := range n.Args {
					if lit, ok := ast.Unparen(a).(*ast.FuncLit); ok {
						argOf[lit] = n
					}
				}
			}
			return true
		})
	}
	return argOf
}

// mayInvalidate reports whether a call is a cache operation or calls a
// function named for the cache (invalidations looks closer at both).
func (c *checker) mayInvalidate(call *ast.CallExpr) bool {
	if len(c.res.ByCall[call]) > 0 {
		return true
	}
	fn := c.res.Callee(call)
	return fn != nil && (cacheNamed(fn) || c.pureInvalidator(fn)) && !takesTx(fn)
}

// invalidations lists the invalidating calls of the package.
func (c *checker) invalidations() []invalidation {
	var out []invalidation
	seen := map[*ast.CallExpr]bool{}
	for _, op := range c.res.Ops {
		if !op.Kind.Invalidates() || seen[op.Call] || c.isCommit(op.Call) {
			continue
		}
		seen[op.Call] = true
		out = append(out, invalidation{op.Call, kindWord(op.Kind) + " " + op.Name()})
	}
	// Calls of functions whose only cache operations invalidate, in the
	// order of the code.
	calls := make([]*ast.CallExpr, 0, len(c.inside))
	for call := range c.inside {
		calls = append(calls, call)
	}
	sort.Slice(calls, func(i, j int) bool { return calls[i].Pos() < calls[j].Pos() })
	for _, call := range calls {
		if seen[call] || len(c.res.ByCall[call]) > 0 || c.isCommit(call) {
			continue
		}
		fn := c.res.Callee(call)
		if fn == nil {
			continue
		}
		if takesTx(fn) || !cacheNamed(fn) && !c.pureInvalidator(fn) {
			continue // a function that does more than invalidating, or one checked inside
		}
		cf := c.res.Calls(fn)
		if cf == nil || len(cf.Kinds) == 0 {
			continue
		}
		only := true
		for _, k := range cf.Kinds {
			if !k.Invalidates() {
				only = false
			}
		}
		if only {
			seen[call] = true
			out = append(out, invalidation{call, "cache invalidation " + strings.Join(cf.Chain, " -> ")})
		}
	}
	return out
}

// txWords are the last words of transaction type names.
var txWords = map[string]bool{"tx": true, "txn": true, "transaction": true}

// takesTx reports whether fn has a transaction parameter.
func takesTx(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if isTxType(sig.Params().At(i).Type()) {
			return true
		}
	}
	return false
}

// txLikeName reports whether a type name names a transaction or a unit of
// work: Tx, pgx.Tx, ent.Tx, DBTransaction, Committer, UnitOfWork.
func txLikeName(name string) bool {
	w := identity.Split(name)
	if len(w) == 0 {
		return false
	}
	last := w[len(w)-1]
	return txWords[last] || last == "committer" || last == "uow" || strings.HasSuffix(strings.ToLower(name), "unitofwork")
}

// hasCommit reports whether t (or *t) has a Commit method returning an error.
func hasCommit(t types.Type) bool {
	if t == nil {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Commit")
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Results().Len() >= 1 && isError(sig.Results().At(sig.Results().Len()-1).Type())
}

func isError(t types.Type) bool { return cacheops.TypeString(t) == "error" }

// isTxType reports whether t is a transaction: a type named like one (Tx,
// Txn, Transaction) with a Commit method.
func isTxType(t types.Type) bool {
	u := t
	if p, ok := u.(*types.Pointer); ok {
		u = p.Elem()
	}
	n, ok := types.Unalias(u).(*types.Named)
	if !ok {
		return false
	}
	w := identity.Split(n.Obj().Name())
	return len(w) > 0 && txWords[w[len(w)-1]] && hasCommit(t)
}

func isGorm(fn *types.Func) bool {
	return fn.Pkg() != nil && fn.Pkg().Path() == "gorm.io/gorm"
}

// qualified is fn's configuration name: "path.Type.Method" or "path.Func".
func qualified(fn *types.Func) string {
	if fn.Pkg() == nil {
		return fn.Name()
	}
	if n := recvTypeName(fn); n != nil {
		return fn.Pkg().Path() + "." + n.Obj().Name() + "." + fn.Name()
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

func (c *checker) configured(fn *types.Func) bool {
	q := qualified(fn)
	for _, e := range c.conv.commits {
		e = strings.NewReplacer("(*", "", "(", "", ")", "").Replace(e)
		if e == q {
			return true
		}
	}
	return false
}

func hasFuncParam(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if _, ok := sig.Params().At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// isCommit reports whether call commits a transaction: database/sql,
// sqlx, pgx, ent and other Tx types' Commit, gorm's DB.Commit, a unit of
// work's Commit, a configured commit function, or a helper named like a
// commit that is handed the transaction (InvalidateAfterCommit(ctx, tx, ...)).
func (c *checker) isCommit(call *ast.CallExpr) bool {
	fn := c.res.Callee(call)
	if fn == nil {
		return false
	}
	if c.configured(fn) {
		return !hasFuncParam(fn)
	}
	if !strings.Contains(strings.ToLower(fn.Name()), "commit") {
		return false
	}
	switch fn.Name() {
	case "Commit", "CommitTx", "CommitTransaction":
		if n := recvTypeName(fn); n != nil && (txLikeName(n.Obj().Name()) || isGorm(fn)) {
			return true
		}
	}
	for _, a := range call.Args {
		if hasCommit(c.pass.TypesInfo.TypeOf(a)) {
			return true
		}
	}
	return false
}

// txHelper reports whether call runs a function literal argument inside a
// transaction it commits afterwards: gorm's DB.Transaction, pgx.BeginFunc
// and BeginTxFunc, configured helpers, and helpers named like WithTx,
// RunInTransaction or Transactional.
func (c *checker) txHelper(call *ast.CallExpr) (string, bool) {
	fn := c.res.Callee(call)
	if fn == nil {
		return "", false
	}
	if tv, ok := c.pass.TypesInfo.Types[call.Fun]; ok && tv.IsType() {
		return "", false
	}
	name := label(fn)
	if c.configured(fn) {
		return name, hasFuncParam(fn)
	}
	if f := c.txFactOf(fn); f != nil && len(f.Helper) > 0 {
		return name, true // recognised by what it does, in any package
	}
	if fn.Pkg() != nil && strings.HasPrefix(fn.Pkg().Path(), "github.com/jackc/pgx") && (fn.Name() == "BeginFunc" || fn.Name() == "BeginTxFunc") {
		return name, true
	}
	if isGormPkg(fn.Pkg()) && fn.Name() == "Transaction" {
		return name, true
	}
	words := identity.Split(fn.Name())
	tx := false
	for i, w := range words {
		switch w {
		case "tx", "txn", "transaction", "transactional", "transactionally", "transact":
			tx = true
		case "commit", "committed", "after", "rollback", "hook", "hooks", "callback", "callbacks":
			return "", false
		case "on":
			if i == 0 {
				return "", false
			}
		}
	}
	return name, tx
}

// errorCallback reports whether lit returns an error last, as transaction
// callbacks do.
func (c *checker) errorCallback(lit *ast.FuncLit) bool {
	sig, ok := c.pass.TypesInfo.TypeOf(lit).(*types.Signature)
	return ok && sig.Results().Len() >= 1 && isError(sig.Results().At(sig.Results().Len()-1).Type())
}

// checkCommits reports invalidations that run before the commit, and
// returns the invalidating calls it judged.
func (c *checker) checkCommits() map[*ast.CallExpr]bool {
	argOf := c.mapFunctions()
	byFunc := map[ast.Node][]invalidation{}
	var order []ast.Node
	judged := map[*ast.CallExpr]bool{}
	for _, inv := range c.invalidations() {
		judged[inv.call] = true
		fnode := c.inside[inv.call]
		if fnode == nil || isTestFile(c.pass, fnode) {
			continue
		}
		if byFunc[fnode] == nil {
			order = append(order, fnode)
		}
		byFunc[fnode] = append(byFunc[fnode], inv)
	}
	for _, fnode := range order {
		invs := byFunc[fnode]
		var body *ast.BlockStmt
		var ftype *ast.FuncType
		switch f := fnode.(type) {
		case *ast.FuncDecl:
			body, ftype = f.Body, f.Type
		case *ast.FuncLit:
			body, ftype = f.Body, f.Type
			if call := argOf[f]; call != nil {
				if helper, ok := c.txHelper(call); ok && c.errorCallback(f) {
					for _, inv := range invs {
						c.r.Report(inv.call, fmt.Sprintf("%s runs inside the transaction callback of %s, before the transaction commits: a concurrent read can refill the cache with the old row, which then stays stale until the TTL; invalidate after %s returned nil", inv.what, helper, helper))
					}
					continue
				}
			}
		}
		if body == nil {
			continue
		}
		var commits []*ast.CallExpr
		callsCommitNamed := false
		ast.Inspect(body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false // its calls are its own
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if c.isCommit(call) {
				commits = append(commits, call)
			} else if name := calleeName(call); strings.Contains(strings.ToLower(name), "commit") {
				callsCommitNamed = true
			}
			return true
		})
		if len(commits) > 0 {
			c.ordered(body, invs, commits)
			continue
		}
		if callsCommitNamed {
			continue
		}
		if lit, ok := fnode.(*ast.FuncLit); ok && argOf[lit] != nil && c.afterHook(argOf[lit]) {
			continue
		}
		if p := c.txParam(ftype); p != "" {
			for _, inv := range invs {
				c.r.Report(inv.call, fmt.Sprintf("%s runs inside the caller's transaction (%s), before it commits: a concurrent read can refill the cache with the old row, which then stays stale until the TTL; return what to invalidate, or register an after-commit hook, and invalidate after the caller's commit succeeded", inv.what, p))
			}
		}
	}
	return judged
}

// afterHook reports whether call registers a callback to run after the
// commit (OnCommit, AfterCommit): its function literal is not in the
// transaction.
func (c *checker) afterHook(call *ast.CallExpr) bool {
	if tv, ok := c.pass.TypesInfo.Types[call.Fun]; ok && tv.IsType() {
		return false // a conversion: CommitFunc(func...)
	}
	name := strings.ToLower(calleeName(call))
	return strings.Contains(name, "commit") || strings.HasPrefix(name, "after")
}

func calleeName(call *ast.CallExpr) string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.IndexExpr:
		if id, ok := f.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// txParam describes a parameter of a transaction type: "tx *sql.Tx".
func (c *checker) txParam(ft *ast.FuncType) string {
	if ft == nil || ft.Params == nil {
		return ""
	}
	for _, f := range ft.Params.List {
		t := c.pass.TypesInfo.TypeOf(f.Type)
		if t == nil || !isTxType(t) {
			continue
		}
		name := "_"
		if len(f.Names) > 0 {
			name = f.Names[0].Name
		}
		return name + " " + types.ExprString(f.Type)
	}
	return ""
}

// mayReturn is false for calls that never return.
func mayReturn(call *ast.CallExpr) bool {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f.Name != "panic"
	case *ast.SelectorExpr:
		if id, ok := f.X.(*ast.Ident); ok {
			switch id.Name + "." + f.Sel.Name {
			case "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "runtime.Goexit":
				return false
			}
		}
	}
	return true
}

// place is a node of the control-flow graph.
type place struct {
	b *cfg.Block
	i int
}

func (p place) node() ast.Node { return p.b.Nodes[p.i] }

// locate finds the innermost CFG node that contains pos.
func locate(g *cfg.CFG, pos token.Pos) (place, bool) {
	var best place
	found := false
	for _, b := range g.Blocks {
		for i, n := range b.Nodes {
			if n.Pos() <= pos && pos < n.End() {
				if !found || n.End()-n.Pos() < best.node().End()-best.node().Pos() {
					best, found = place{b, i}, true
				}
			}
		}
	}
	return best, found
}

// reaches reports whether a path leads from the node after from to to
// without passing a blocked node.
func reaches(from, to place, blocked func(ast.Node) bool) bool {
	for k := from.i + 1; k < len(from.b.Nodes); k++ {
		if from.b == to.b && k == to.i {
			return true
		}
		if blocked(from.b.Nodes[k]) {
			return false
		}
	}
	seen := map[*cfg.Block]bool{}
	queue := append([]*cfg.Block(nil), from.b.Succs...)
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if seen[b] {
			continue
		}
		seen[b] = true
		open := true
		for k, n := range b.Nodes {
			if b == to.b && k == to.i {
				return true
			}
			if blocked(n) {
				open = false
				break
			}
		}
		if open {
			queue = append(queue, b.Succs...)
		}
	}
	return false
}

// mentions reports whether n refers to v (outside nested function literals).
func (c *checker) mentions(n ast.Node, v types.Object) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if found {
			return false
		}
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		if id, ok := x.(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == v {
			found = true
		}
		return true
	})
	return found
}

// assigns reports whether n (re)defines v: a new transaction begins.
func (c *checker) assigns(n ast.Node, v types.Object) bool {
	var lhs []ast.Expr
	switch s := n.(type) {
	case *ast.AssignStmt:
		lhs = s.Lhs
	case *ast.ValueSpec:
		for _, id := range s.Names {
			lhs = append(lhs, id)
		}
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range gd.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, id := range vs.Names {
						lhs = append(lhs, id)
					}
				}
			}
		}
	case *ast.RangeStmt:
		lhs = []ast.Expr{s.Key, s.Value}
	}
	for _, x := range lhs {
		if id, ok := x.(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == v {
			return true
		}
	}
	return false
}

// txVar is the variable holding the transaction a commit call commits.
func (c *checker) txVar(call *ast.CallExpr) types.Object {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
			if v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok && hasCommit(v.Type()) || ok && isGormVar(v) {
				return v
			}
		}
	}
	for _, a := range call.Args {
		if id, ok := ast.Unparen(a).(*ast.Ident); ok {
			if v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok && hasCommit(v.Type()) {
				return v
			}
		}
	}
	return nil
}

func isGormVar(v *types.Var) bool {
	return strings.HasSuffix(cacheops.TypeString(v.Type()), "gorm.io/gorm.DB")
}

// commitCheck says how a commit's error is handled: checked (or used in a
// way the rule does not judge), discarded, or held in a variable.
func (c *checker) commitCheck(stmt ast.Node, call *ast.CallExpr) (discarded bool, errVar types.Object) {
	isCall := func(x ast.Expr) bool {
		x = ast.Unparen(x)
		if sel, ok := x.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" {
			x = ast.Unparen(sel.X) // gorm: tx.Commit().Error
		}
		return x == call
	}
	switch s := stmt.(type) {
	case *ast.ExprStmt:
		return ast.Unparen(s.X) == call, nil
	case *ast.AssignStmt:
		for i, r := range s.Rhs {
			if !isCall(r) {
				continue
			}
			var l ast.Expr
			switch {
			case len(s.Lhs) == len(s.Rhs):
				l = s.Lhs[i]
			case len(s.Rhs) == 1:
				l = s.Lhs[len(s.Lhs)-1]
			}
			id, ok := l.(*ast.Ident)
			if !ok {
				return false, nil
			}
			if id.Name == "_" {
				return true, nil
			}
			if v := c.pass.TypesInfo.ObjectOf(id); v != nil {
				return false, v
			}
		}
	}
	return false, nil
}

// ordered checks invalidations against the commits of the same function on
// its control-flow graph.
func (c *checker) ordered(body *ast.BlockStmt, invs []invalidation, commits []*ast.CallExpr) {
	g := cfg.New(body, mayReturn)
	for _, inv := range invs {
		ip, ok := locate(g, inv.call.Pos())
		if !ok {
			continue
		}
		reported := false
		for _, cm := range commits {
			cp, ok := locate(g, cm.Pos())
			if !ok {
				continue
			}
			name := types.ExprString(cm.Fun)
			if _, deferred := cp.node().(*ast.DeferStmt); deferred {
				c.r.Report(inv.call, fmt.Sprintf("%s runs before the deferred %s: a concurrent read can refill the cache with the old row, which then stays stale until the TTL; invalidate after the commit succeeded", inv.what, name))
				reported = true
				break
			}
			tx := c.txVar(cm)
			before := false
			if ip == cp {
				before = inv.call.Pos() < cm.Pos()
			} else {
				before = reaches(ip, cp, func(n ast.Node) bool { return tx != nil && c.assigns(n, tx) })
			}
			if before {
				c.r.Report(inv.call, fmt.Sprintf("%s runs before %s: a concurrent read can refill the cache with the old row before the write commits, and it then stays stale until the TTL; invalidate after the commit succeeded", inv.what, name))
				reported = true
				break
			}
		}
		if reported {
			continue
		}
		for _, cm := range commits {
			cp, ok := locate(g, cm.Pos())
			if !ok || cp == ip {
				continue
			}
			discarded, errVar := c.commitCheck(cp.node(), cm)
			if !discarded && errVar == nil {
				continue
			}
			blocked := func(n ast.Node) bool {
				if errVar != nil && c.mentions(n, errVar) {
					return true
				}
				for _, other := range commits {
					if other != cm && n.Pos() <= other.Pos() && other.End() <= n.End() {
						return true // a later commit: judged on its own
					}
				}
				return false
			}
			if reaches(cp, ip, blocked) {
				c.r.Report(inv.call, fmt.Sprintf("%s runs after %s without checking its error: the cache is evicted even when the write did not commit, and the failure is easy to lose; return on a commit error first and invalidate only after success", inv.what, types.ExprString(cm.Fun)))
				break
			}
		}
	}
}

// pureInvalidator reports whether fn, whatever its name, only invalidates
// the cache: it has a cache effect and writes nothing to the store of
// record, runs no transaction and reads none from the request
// (FlushCountryCache() { countryCache.Flush() }).
func (c *checker) pureInvalidator(fn *types.Func) bool {
	f := c.txFactOf(fn)
	return f != nil && len(f.Cache) > 0 && len(f.Write) == 0 && len(f.Helper) == 0 && f.Request == ""
}
