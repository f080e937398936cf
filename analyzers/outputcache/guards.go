package outputcache

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// Argument-sensitive helpers: a helper that sets a header only under a
// condition on its parameters (if cacheFor > 0 { public }) sets it at a
// call only when the arguments can satisfy the condition. Constants and
// simple constant flows (a local variable with one constant definition)
// decide; any other argument may satisfy it.

// guards computes, for a header set at the top of stack in a function
// whose parameters fi indexes, whether it is conditional and the
// conditions on the parameters that hold there.
func (a *an) guards(fi *fnInfo, stack []ast.Node) (cond bool, gs []Guard) {
	for i := len(stack) - 1; i > 0; i-- {
		child, parent := stack[i], stack[i-1]
		switch p := parent.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return cond, gs
		case *ast.IfStmt:
			switch child {
			case p.Body:
				cond = true
				gs = append(gs, a.condGuards(fi, p.Cond, true)...)
			case p.Else:
				cond = true
				gs = append(gs, a.condGuards(fi, p.Cond, false)...)
			}
		case *ast.ForStmt, *ast.RangeStmt, *ast.CaseClause, *ast.CommClause:
			cond = true
		case *ast.BlockStmt:
			// if c { ...; return } before the statement: what follows runs
			// only when c is false.
			for _, st := range p.List {
				if st == child {
					break
				}
				ifs, ok := st.(*ast.IfStmt)
				if !ok {
					if containsReturn(st) {
						cond = true
					}
					continue
				}
				if ifs.Else == nil && ifs.Init == nil && endsWithReturn(ifs.Body) {
					cond = true
					gs = append(gs, a.condGuards(fi, ifs.Cond, false)...)
				} else if containsReturn(ifs) {
					cond = true
				}
			}
		}
	}
	return cond, gs
}

func containsReturn(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		switch x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		}
		return !found
	})
	return found
}

// condGuards returns the parameter comparisons that hold when cond has the
// value truth: the operands of && when true, of || when false; other
// conditions give none (they may hold for any argument).
func (a *an) condGuards(fi *fnInfo, cond ast.Expr, truth bool) []Guard {
	cond = ast.Unparen(cond)
	switch c := cond.(type) {
	case *ast.BinaryExpr:
		switch {
		case c.Op == token.LAND && truth, c.Op == token.LOR && !truth:
			return append(a.condGuards(fi, c.X, truth), a.condGuards(fi, c.Y, truth)...)
		case c.Op == token.LAND, c.Op == token.LOR:
			return nil
		}
		op := c.Op
		switch op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		default:
			return nil
		}
		x, y := c.X, c.Y
		if a.paramIndex(fi, y) > 0 {
			x, y = y, x
			op = swapOp(op)
		}
		p := a.paramIndex(fi, x)
		tv, ok := a.pass.TypesInfo.Types[y]
		if p == 0 || !ok || tv.Value == nil {
			return nil
		}
		if !truth {
			op = negateOp(op)
		}
		return []Guard{{Param: p, Op: op, Val: tv.Value.ExactString()}}
	case *ast.UnaryExpr:
		if c.Op == token.NOT {
			return a.condGuards(fi, c.X, !truth)
		}
	case *ast.Ident:
		if p := a.paramIndex(fi, c); p > 0 && isBool(a.pass.TypesInfo.TypeOf(c)) {
			return []Guard{{Param: p, Op: token.EQL, Val: constant.MakeBool(truth).ExactString()}}
		}
	}
	return nil
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// paramIndex is 1 + the index of the parameter x names, or 0.
func (a *an) paramIndex(fi *fnInfo, x ast.Expr) int {
	if fi == nil {
		return 0
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return 0
	}
	v, ok := a.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok {
		return 0
	}
	if i, ok := fi.params[v]; ok {
		return i + 1
	}
	return 0
}

func swapOp(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

func negateOp(op token.Token) token.Token {
	switch op {
	case token.EQL:
		return token.NEQ
	case token.NEQ:
		return token.EQL
	case token.LSS:
		return token.GEQ
	case token.GEQ:
		return token.LSS
	case token.GTR:
		return token.LEQ
	case token.LEQ:
		return token.GTR
	}
	return op
}

// constArg evaluates an argument: a constant, or a local variable of the
// calling function with one definition that is (through such variables) a
// constant.
func (a *an) constArg(fi *fnInfo, x ast.Expr, depth int) constant.Value {
	x = ast.Unparen(x)
	if tv, ok := a.pass.TypesInfo.Types[x]; ok && tv.Value != nil {
		return tv.Value
	}
	if fi == nil || depth > 4 {
		return nil
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := a.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok {
		return nil
	}
	if _, isParam := fi.params[v]; isParam {
		return nil
	}
	if ds := fi.defs[v]; len(ds) == 1 && !fi.mutated[v] {
		return a.constArg(fi, ds[0], depth+1)
	}
	return nil
}

// parseConst reads a Guard's value back.
func parseConst(s string) constant.Value {
	switch s {
	case "true":
		return constant.MakeBool(true)
	case "false":
		return constant.MakeBool(false)
	}
	for _, tok := range []token.Token{token.INT, token.FLOAT, token.STRING} {
		if v := constant.MakeFromLiteral(s, tok, 0); v.Kind() != constant.Unknown {
			return v
		}
	}
	return constant.MakeUnknown()
}

// holds reports whether a comparison of constant v with a guard's value
// can be true; unknown when the two cannot be compared.
func holds(v constant.Value, g Guard) (result, known bool) {
	w := parseConst(g.Val)
	if v == nil || w.Kind() == constant.Unknown || v.Kind() == constant.Unknown {
		return false, false
	}
	num := func(k constant.Kind) bool {
		return k == constant.Int || k == constant.Float
	}
	if v.Kind() != w.Kind() && (!num(v.Kind()) || !num(w.Kind())) {
		return false, false
	}
	if v.Kind() == constant.Bool && g.Op != token.EQL && g.Op != token.NEQ {
		return false, false
	}
	return constant.Compare(v, g.Op, w), true
}

// instGuards rewrites a callee's guards at a call: a guard the call's
// constant arguments falsify makes ok false; a guard on an argument that
// is a parameter of the caller becomes a guard of the caller; the others
// are dropped (the argument may satisfy them).
func (a *an) instGuards(fi *fnInfo, gs []Guard, call *ast.CallExpr) (out []Guard, ok bool) {
	for _, g := range gs {
		if g.Param-1 >= len(call.Args) || call.Ellipsis.IsValid() {
			continue
		}
		arg := call.Args[g.Param-1]
		if v := a.constArg(fi, arg, 0); v != nil {
			if r, known := holds(v, g); known && !r {
				return nil, false
			}
			continue
		}
		if p := a.paramIndex(fi, arg); p > 0 {
			out = append(out, Guard{Param: p, Op: g.Op, Val: g.Val})
		}
	}
	return out, true
}
