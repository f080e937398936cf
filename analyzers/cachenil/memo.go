package cachenil

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Memo maps: a package-level map, or a map in a struct field, that the
// package both assigns by key (m[k] = v) and reads by key (m[k]) is a
// cache the model of cache operations does not know. A value stored in
// it lives until restart.

// memoMaps returns the package-level variables and struct fields of map
// type that the package's syntax both assigns and reads by key.
func memoMaps(pass *passInfo) map[*types.Var]bool {
	written := map[*types.Var]bool{}
	read := map[*types.Var]bool{}
	lhs := map[*ast.IndexExpr]bool{}
	for _, f := range pass.files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
						lhs[ix] = true
						if tv, ok := pass.info.Types[ix.Index]; ok && tv.Value != nil {
							continue // data["Title"] = ...: a record of fixed fields, not a memo
						}
						if v := memoVar(pass.info, ix.X); v != nil {
							written[v] = true
						}
					}
				}
			case *ast.IndexExpr:
				if !lhs[n] {
					if v := memoVar(pass.info, n.X); v != nil {
						read[v] = true
					}
				}
			}
			return true
		})
	}
	out := map[*types.Var]bool{}
	for v := range written {
		if read[v] {
			out[v] = true
		}
	}
	return out
}

type passInfo struct {
	files []*ast.File
	info  *types.Info
	pkg   *types.Package
}

// memoVar is the package-level variable or struct field of map type that
// x names, or nil.
func memoVar(info *types.Info, x ast.Expr) *types.Var {
	var v *types.Var
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		v, _ = info.Uses[x].(*types.Var)
		if v != nil && (v.Pkg() == nil || v.Parent() != v.Pkg().Scope()) {
			return nil // a local map
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
			// A field map is a memo only in a value shared between
			// goroutines (it holds a lock): the map of a per-request
			// context or of a value built for one call dies with it.
			if !lockedStruct(sel.Recv()) {
				return nil
			}
			v, _ = sel.Obj().(*types.Var)
		} else {
			v, _ = info.Uses[x.Sel].(*types.Var) // pkg.Var
		}
	}
	if v == nil {
		return nil
	}
	if _, ok := v.Type().Underlying().(*types.Map); !ok {
		return nil
	}
	return v
}

// lockedStruct reports whether t (or what it points to) is a struct with a
// sync.Mutex or sync.RWMutex field.
func lockedStruct(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		ft := st.Field(i).Type()
		if p, ok := ft.(*types.Pointer); ok {
			ft = p.Elem()
		}
		if n, ok := types.Unalias(ft).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" {
			switch n.Obj().Name() {
			case "Mutex", "RWMutex":
				return true
			}
		}
	}
	return false
}

// ssaMemoVar is the variable or field an SSA map value is loaded from.
func ssaMemoVar(m ssa.Value) *types.Var {
	ld, ok := m.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return nil
	}
	switch x := ld.X.(type) {
	case *ssa.Global:
		v, _ := x.Object().(*types.Var)
		return v
	case *ssa.FieldAddr:
		pt, ok := x.X.Type().Underlying().(*types.Pointer)
		if !ok {
			return nil
		}
		st, ok := pt.Elem().Underlying().(*types.Struct)
		if !ok || x.Field >= st.NumFields() {
			return nil
		}
		return st.Field(x.Field)
	}
	return nil
}

// checkMemoWrites checks the values stored into memo maps: from a call
// that may have failed, or from a function that returns a default when a
// call it makes fails.
func (c *checker) checkMemoWrites() {
	memos := memoMaps(&passInfo{files: c.pass.Files, info: c.pass.TypesInfo, pkg: c.pass.Pkg})
	if len(memos) == 0 {
		return
	}
	for _, fn := range c.funcs {
		// A memo is filled on a miss: the function that stores into it
		// also looks it up (a map written in one place and read in another
		// is an index or a registry, not a cache of results).
		looked := map[*types.Var]bool{}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if l, ok := instr.(*ssa.Lookup); ok {
					if v := ssaMemoVar(l.X); v != nil {
						looked[v] = true
					}
				}
			}
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				mu, ok := instr.(*ssa.MapUpdate)
				if !ok {
					continue
				}
				mv := ssaMemoVar(mu.Map)
				if mv == nil || !memos[mv] || !looked[mv] {
					continue
				}
				if _, ok := mu.Key.(*ssa.Const); ok {
					continue // a fixed field of a record, not a memo entry
				}
				c.checkMemoWrite(mu, mv.Name())
			}
		}
	}
}

func (c *checker) checkMemoWrite(mu *ssa.MapUpdate, memo string) {
	w, ok := pointOf(mu)
	if !ok || c.reported[mu.Pos()] {
		return
	}
	report := func(msg string) {
		c.reported[mu.Pos()] = true
		c.r.ReportRange(mu.Pos(), mu.Pos(), msg)
	}
	for _, o := range c.derived(mu.Value) {
		switch o.kind {
		case fromCall:
			if o.infallible || c.cacheRead(o.call) {
				continue
			}
			cei := errIndex(o.call.Call.Signature())
			if o.idx == cei {
				continue
			}
			errV, al := errAliases(o.call, cei)
			p := o.path()
			p.aliases = al
			if o.idx != cei && c.nilOnFailure(o.call, o.idx) {
				p.nilVals = results(o.call, o.idx)
			}
			if !reaches(p, failed, w) {
				continue
			}
			name := calleeName(&o.call.Call)
			report(fmt.Sprintf("stores in the memo map %s a value from %s, which may have failed (%s): the failure would be served from the map until restart; check the error before storing", memo, name, c.failReason(o.call, errV, al, w, "this store")))
			return
		case fromSwallow:
			if o.fact == nil || valueChecked(o.call, o.idx) {
				continue
			}
			name := calleeName(&o.call.Call)
			as := o.fact.SwallowsAs
			if as == "" {
				as = "a made-up value"
			}
			report(fmt.Sprintf("stores in the memo map %s a value built from %s, which returns %s when %s fails without reporting the error: the failure would be served from the map until restart; make %s return the error, or store only real results", memo, name, as, o.fact.Swallows, name))
			return
		}
	}
}
