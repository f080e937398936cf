package cachenil

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
)

// bodies decides which function declarations of a package the rule needs
// the SSA form of. Building SSA is most of the rule's cost, and most
// functions can neither carry a fact nor hold what the rule checks: the
// builder is given the others without their bodies (built, like a function
// from type information, with their parameters only).
//
// A declaration keeps its body when
//   - it holds a cache operation the rule checks (a write, a get-or-create
//     with a loader), or calls a function of the package that
//     keeps its body for that reason, or an imported one whose fact says it
//     caches a loader's result or guards a value it caches (writes,
//     loaders, Caches and Guarded facts);
//   - it returns a function (a factory of loaders);
//   - one of its return statements could give it a Nil or Swallows fact
//     (mayCarryFact): a conservative syntactic test of what updateFact
//     looks for in the SSA form, so that a body left out could only have
//     produced an empty fact.
type bodies struct {
	pass     *analysis.Pass
	decls    map[*types.Func]*ast.FuncDecl
	carries  map[*types.Func]carry
	imported map[*types.Func]*Fact // imported functions' facts (nil: none)
}

// carry is what is known of whether a function of the package could carry
// a Nil or Swallows fact.
type carry uint8

const (
	carryUnknown carry = iota
	carryVisiting
	carryYes
	carryNo
)

// checked reports whether the rule checks an operation, or learns a fact
// from it: writes, and get-or-create calls with a loader. Reads and
// deletes need no SSA.
func checked(op *cacheops.Op) bool {
	switch op.Kind {
	case cacheops.Set, cacheops.Add:
		return true
	case cacheops.GetOrCreate:
		return op.Loader != nil
	}
	return false
}

// needed returns the declarations whose bodies the rule needs.
func needed(pass *analysis.Pass, res *cacheops.Result) map[*ast.FuncDecl]bool {
	b := &bodies{pass: pass, decls: map[*types.Func]*ast.FuncDecl{}, carries: map[*types.Func]carry{}, imported: map[*types.Func]*Fact{}}
	var all []*ast.FuncDecl
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			all = append(all, fd)
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				b.decls[fn] = fd
			}
		}
	}
	keep := map[*ast.FuncDecl]bool{}

	// Operations, and calls that reach them.
	var opPos []token.Pos
	for _, op := range res.Ops {
		if checked(op) {
			opPos = append(opPos, op.Call.Lparen)
		}
	}
	slices.Sort(opPos)
	calls := map[*ast.FuncDecl][]*ast.FuncDecl{} // callee -> callers in the package
	memos := memoMaps(&passInfo{files: pass.Files, info: pass.TypesInfo, pkg: pass.Pkg})
	for _, fd := range all {
		if len(memos) > 0 && writesMemo(pass.TypesInfo, fd, memos) {
			keep[fd] = true
		}
		i, _ := slices.BinarySearch(opPos, fd.Body.Pos())
		if i < len(opPos) && opPos[i] < fd.Body.End() {
			keep[fd] = true
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn := typeutilCallee(pass, call)
			if fn == nil {
				return true
			}
			fn = fn.Origin()
			if callee := b.decls[fn]; callee != nil {
				calls[callee] = append(calls[callee], fd)
			} else if b.cachesOrGuards(fn) {
				keep[fd] = true
			}
			return true
		})
	}
	work := make([]*ast.FuncDecl, 0, len(keep))
	for fd := range keep {
		work = append(work, fd)
	}
	for len(work) > 0 {
		fd := work[len(work)-1]
		work = work[:len(work)-1]
		for _, caller := range calls[fd] {
			if !keep[caller] {
				keep[caller] = true
				work = append(work, caller)
			}
		}
	}

	for _, fd := range all {
		if keep[fd] {
			continue
		}
		fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
		if !ok {
			keep[fd] = true
			continue
		}
		if returnsFunc(fn.Type().(*types.Signature)) || b.mayCarry(fn) {
			keep[fd] = true
		}
	}
	return keep
}

// writesMemo reports whether fd assigns into a memo map (m[k] = v).
func writesMemo(info *types.Info, fd *ast.FuncDecl, memos map[*types.Var]bool) bool {
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
					if v := memoVar(info, ix.X); v != nil && memos[v] {
						found = true
					}
				}
			}
		}
		return !found
	})
	return found
}

// cachesOrGuards reports whether an imported function's fact says it
// caches a loader's result or guards a value it caches.
func (b *bodies) cachesOrGuards(fn *types.Func) bool {
	f := b.importedFact(fn)
	return f != nil && (len(f.Caches) > 0 || len(f.Guarded) > 0)
}

// importedFact is the fact of a function of another package, or nil. The
// standard library carries none (the rule skips it).
func (b *bodies) importedFact(fn *types.Func) *Fact {
	if fn.Pkg() == nil || fn.Pkg() == b.pass.Pkg {
		return nil
	}
	if f, ok := b.imported[fn]; ok {
		return f
	}
	var out *Fact
	if !cacheops.IsStd(fn.Pkg().Path()) {
		if f := new(Fact); b.pass.ImportObjectFact(fn, f) {
			out = f
		}
	}
	b.imported[fn] = out
	return out
}

// nilOrSwallows reports whether a function's fact could say it returns
// nil or swallows a failure: a function of this package whose returns
// could give it one (mayCarry), or an imported one whose fact says so.
// Interface methods and function values carry no fact.
func (b *bodies) nilOrSwallows(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if fn.Pkg() == b.pass.Pkg {
		if b.decls[fn] == nil {
			return !isAbstract(fn) // a declaration without body: assume it could
		}
		return b.mayCarry(fn)
	}
	f := b.importedFact(fn)
	return f != nil && (len(f.Nil) > 0 || f.Swallows != "")
}

func returnsFunc(sig *types.Signature) bool {
	for i := 0; i < sig.Results().Len(); i++ {
		if _, ok := sig.Results().At(i).Type().Underlying().(*types.Signature); ok {
			return true
		}
	}
	return false
}

// mayCarry reports whether a function of the package could carry a Nil
// or Swallows fact (mayCarryFact), memoised; a function met again while
// its own answer is being worked out (recursion) counts as one that could.
func (b *bodies) mayCarry(fn *types.Func) bool {
	switch b.carries[fn] {
	case carryVisiting, carryYes:
		return true
	case carryNo:
		return false
	}
	fd := b.decls[fn]
	if fd == nil {
		return true
	}
	b.carries[fn] = carryVisiting
	ok := b.mayCarryFact(fd, fn.Type().(*types.Signature))
	b.carries[fn] = carryNo
	if ok {
		b.carries[fn] = carryYes
	}
	return ok
}

// isAbstract reports whether fn is an interface method.
func isAbstract(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type())
}

// mayCarryFact reports whether one of the return statements of fd (not
// those of its function literals) could give it a Nil or Swallows fact.
//
// updateFact gives a function a Nil fact for a result that may be nil
// while the error is nil: the error returned is a nil constant or the
// error of the call that returned the nil; and a Swallows fact when it
// returns a nil constant error with a value derived from a failed call or
// a zero value, or returns the results of a call whose fact says it
// swallows. In the SSA form, the error returned is a nil constant only
// when the expression is nil (or a local variable holding nil), and the
// error of a call only when it is a variable assigned from a call's
// results. So a return statement is harmless when its error is anything
// else (a call such as fmt.Errorf or ctx.Err(), a package-level sentinel,
// a field, a variable assigned otherwise), or when its error may only be
// nil and every other result is a non-zero constant. A function without
// results carries neither fact; one with only an error can only pass on a
// callee's Swallows fact (err = f(); return err).
func (b *bodies) mayCarryFact(fd *ast.FuncDecl, sig *types.Signature) bool {
	n := sig.Results().Len()
	ei := errIndex(sig)
	if n == 0 {
		return false
	}
	// A function that calls something that can fail (or that swallows a
	// failure) may return a default after a failure: a Swallows fact for
	// any return without an error result (but a comma-ok) or with a nil
	// error.
	mayFail := b.callsFallible(fd)
	if ei < 0 {
		if mayFail && !hasBoolResult(sig) {
			return true
		}
		// No error result: a Nil fact for any result that may be nil.
		any := false
		for i := 0; i < n; i++ {
			if missingIfNil(sig.Results().At(i).Type()) {
				any = true
			}
		}
		if !any {
			return false
		}
	}
	info := b.pass.TypesInfo
	var defs map[*types.Var][]ast.Expr // lazily: definitions of local variables
	found := false
	ast.Inspect(fd.Body, func(node ast.Node) bool {
		if found {
			return false
		}
		switch node := node.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(node.Results) == 0 {
				found = true // named results
				return false
			}
			if len(node.Results) != n {
				// return f(...): the callee's fact passes on.
				// A call of a function value or an interface method carries
				// no fact.
				if call, ok := ast.Unparen(node.Results[0]).(*ast.CallExpr); ok {
					found = b.nilOrSwallows(typeutilCallee(b.pass, call))
				} else {
					found = true
				}
				return false
			}
			if ei < 0 {
				for i, r := range node.Results {
					if missingIfNil(sig.Results().At(i).Type()) && !nonNil(info, r) {
						found = true
					}
				}
				return false
			}
			if defs == nil {
				defs = localDefs(info, fd.Body)
			}
			k := b.errKind(node.Results[ei], defs)
			if k&errOfCall != 0 {
				found = true
			}
			if k&errNil != 0 {
				for i, r := range node.Results {
					if i != ei && (mayFail || !nonZeroConst(info, r)) {
						found = true
					}
				}
			}
			return false
		}
		return true
	})
	return found
}

// callsFallible reports whether fd's body (not its function literals)
// calls a function with an error result, or one that may swallow a
// failure.
func (b *bodies) callsFallible(fd *ast.FuncDecl) bool {
	info := b.pass.TypesInfo
	found := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			var sig *types.Signature
			if t := info.TypeOf(n.Fun); t != nil {
				sig, _ = t.Underlying().(*types.Signature)
			}
			fn := typeutilCallee(b.pass, n)
			if sig != nil && !isConversion(info, n) && errIndex(sig) >= 0 {
				found = true
			} else if fn != nil && fn.Pkg() != b.pass.Pkg && b.nilOrSwallows(fn) {
				found = true
			} else if fn != nil && fn.Pkg() == b.pass.Pkg && b.decls[fn.Origin()] != nil && b.mayCarry(fn.Origin()) {
				found = true
			}
		}
		return true
	})
	return found
}

func isConversion(info *types.Info, call *ast.CallExpr) bool {
	tv, ok := info.Types[call.Fun]
	return ok && tv.IsType()
}

// errKind is what an error expression of a return statement can be in the
// SSA form: a nil constant (errNil), the error result of a call that
// may have a fact (errOfCall), both, or neither.
type errKind uint8

const (
	errNil errKind = 1 << iota
	errOfCall
)

func (b *bodies) errKind(x ast.Expr, defs map[*types.Var][]ast.Expr) errKind {
	info := b.pass.TypesInfo
	x = ast.Unparen(x)
	if isNilLit(info, x) {
		return errNil
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return 0 // a call (fmt.Errorf, ctx.Err()), a field, a literal
	}
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.Pkg() != b.pass.Pkg || v.Parent() == v.Pkg().Scope() {
		return 0 // a package-level sentinel
	}
	var kind errKind
	if v.Kind() == types.ResultVar {
		kind |= errNil // a named result starts as nil
	}
	// A parameter starts as itself, never a constant.
	for _, d := range defs[v] {
		switch {
		case d == nil || isNilLit(info, d): // var err error; err = nil; &err
			kind |= errNil
		case tupleDef(d):
			if b.nilOrSwallows(typeutilCallee(b.pass, d.(tupleMark).Expr.(*ast.CallExpr))) {
				kind |= errOfCall
			}
		}
	}
	return kind
}

// isNilLit reports whether x is nil, or a conversion of nil (error(nil)).
func isNilLit(info *types.Info, x ast.Expr) bool {
	x = ast.Unparen(x)
	if tv, ok := info.Types[x]; ok && tv.IsNil() {
		return true
	}
	if call, ok := x.(*ast.CallExpr); ok && len(call.Args) == 1 && isConversion(info, call) {
		return isNilLit(info, call.Args[0])
	}
	return false
}

// nonZeroConst reports whether x is a constant other than its type's zero
// value.
func nonZeroConst(info *types.Info, x ast.Expr) bool {
	tv, ok := info.Types[ast.Unparen(x)]
	if !ok || tv.Value == nil {
		return false
	}
	switch s := tv.Value.ExactString(); s {
	case "0", `""`, "false":
		return false
	}
	return true
}

// nonNil reports whether x can never be nil: a composite literal, its
// address, a function literal, new(T) or make(...).
func nonNil(info *types.Info, x ast.Expr) bool {
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		return true
	}
	switch x := x.(type) {
	case *ast.CompositeLit, *ast.FuncLit, *ast.BasicLit:
		return true
	case *ast.CallExpr:
		if id, ok := ast.Unparen(x.Fun).(*ast.Ident); ok {
			if b, ok := info.Uses[id].(*types.Builtin); ok && (b.Name() == "new" || b.Name() == "make") {
				return true
			}
		}
	}
	return false
}

// tupleMark wraps the right-hand side of a definition from a call with
// several results (v, err := f()), so that errKind can tell it from a
// call with one result (err := f()), whose value is the call itself.
type tupleMark struct{ ast.Expr }

func tupleDef(d ast.Expr) bool { _, ok := d.(tupleMark); return ok }

// localDefs maps each local variable assigned or declared in body
// (function literals included) to the expressions assigned to it: nil for
// a declaration without a value, a tupleMark for one result of a call
// with several (the call), and the expression itself otherwise. Range
// variables and other definitions map to a placeholder that is none of
// those.
func localDefs(info *types.Info, body *ast.BlockStmt) map[*types.Var][]ast.Expr {
	defs := map[*types.Var][]ast.Expr{}
	obj := func(id *ast.Ident) *types.Var {
		if id == nil || id.Name == "_" {
			return nil
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		return v
	}
	other := ast.NewIdent("_")
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				v := obj(identOf(lhs))
				if v == nil {
					continue
				}
				switch {
				case len(n.Lhs) == len(n.Rhs):
					defs[v] = append(defs[v], n.Rhs[i])
				case len(n.Rhs) == 1:
					if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok {
						defs[v] = append(defs[v], tupleMark{call})
					} else {
						defs[v] = append(defs[v], other)
					}
				default:
					defs[v] = append(defs[v], other)
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				v := obj(id)
				if v == nil {
					continue
				}
				switch {
				case len(n.Values) == 0:
					defs[v] = append(defs[v], nil)
				case len(n.Values) == len(n.Names):
					defs[v] = append(defs[v], n.Values[i])
				default:
					if call, ok := ast.Unparen(n.Values[0]).(*ast.CallExpr); ok {
						defs[v] = append(defs[v], tupleMark{call})
					} else {
						defs[v] = append(defs[v], other)
					}
				}
			}
		case *ast.RangeStmt:
			for _, x := range []ast.Expr{n.Key, n.Value} {
				if v := obj(identOf(x)); v != nil {
					defs[v] = append(defs[v], other)
				}
			}
		case *ast.UnaryExpr:
			// &v: written through the pointer, by anything.
			if n.Op == token.AND {
				if v := obj(identOf(n.X)); v != nil {
					defs[v] = append(defs[v], nil)
				}
			}
		}
		return true
	})
	return defs
}

func identOf(x ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(x).(*ast.Ident)
	return id
}
