package cacheops

import (
	"go/ast"
	"go/types"
)

// Origin follows x, inside decl, to the expression that produced it:
// through parentheses, conversions, & and local variables assigned exactly
// once. It returns x itself when there is nothing to follow.
func (r *Result) Origin(decl *ast.FuncDecl, x ast.Expr) ast.Expr {
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	e := r.m.evaluator(decl)
	info := r.m.pass.TypesInfo
	for i := 0; i < 16 && x != nil; i++ {
		switch y := ast.Unparen(x).(type) {
		case *ast.CallExpr:
			if tv, ok := info.Types[y.Fun]; ok && tv.IsType() && len(y.Args) == 1 {
				x = y.Args[0]
				continue
			}
			return y
		case *ast.Ident:
			v, ok := info.ObjectOf(y).(*types.Var)
			if !ok {
				return y
			}
			ds := e.fi.defs[v]
			if len(ds) != 1 {
				return y
			}
			x = ds[0].expr
			continue
		default:
			return y
		}
	}
	return x
}

// ValueType is the type of the value an operation stores: the value
// argument, the wrapper's value parameter at this call, or the first result
// of the loader. Nil when unknown.
func (o *Op) ValueType(info *types.Info) types.Type {
	if o.Value != nil {
		return info.TypeOf(o.Value)
	}
	if o.Wrapped && o.Fact != nil && len(o.Fact.ValueParams) == 1 {
		if a := arg(o.Call, o.Fact.ValueParams[0]); a != nil {
			return info.TypeOf(a)
		}
	}
	if o.Loader != nil {
		if sig, ok := info.TypeOf(o.Loader).Underlying().(*types.Signature); ok && sig.Results().Len() > 0 {
			return sig.Results().At(0).Type()
		}
	}
	return nil
}
