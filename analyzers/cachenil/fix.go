package cachenil

import (
	"bytes"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
)

// guardFix wraps the write in `if err == nil { ... }` when that is
// mechanical: the write is a statement of its own, the error is in a named
// variable that still holds the call's error at the write, and the write
// is not already in the error branch.
func (c *checker) guardFix(op *cacheops.Op, call *ssa.Call, errV ssa.Value, al map[ssa.Value]bool, w point) []analysis.SuggestedFix {
	if errV == nil {
		return nil
	}
	id := c.errIdent(call)
	if id == nil || id.Name == "_" {
		return nil
	}
	obj, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if obj == nil || obj.Parent() == nil || !obj.Parent().Contains(op.Call.Pos()) {
		return nil
	}
	pt, _ := pointOf(call)
	if onlyOnFailure(pt, al, w) {
		return nil
	}
	if !types.Identical(obj.Type(), errorType) {
		return nil
	}
	// No other assignment to the variable between the call and the write,
	// and no variable of that name declared in between (shadowing).
	if c.assignedBetween(obj, id.End(), op.Call.Pos()) {
		return nil
	}
	if inner := c.lookupAt(id.Name, op.Call.Pos()); inner != obj {
		return nil
	}
	return c.wrapFix(op.Call, id.Name+" == nil", "Cache only when "+id.Name+" is nil")
}

// nilFix wraps the write in `if v != nil { ... }` when the value is a
// local variable.
func (c *checker) nilFix(op *cacheops.Op) []analysis.SuggestedFix {
	id, ok := ast.Unparen(valueExpr(op)).(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || v.Pkg() != c.pass.Pkg || v.Parent() == nil || v.Parent() == c.pass.Pkg.Scope() || !missingIfNil(v.Type()) {
		return nil
	}
	return c.wrapFix(op.Call, id.Name+" != nil", "Cache only when "+id.Name+" is not nil")
}

func (c *checker) lookupAt(name string, pos token.Pos) types.Object {
	inner := c.pass.Pkg.Scope().Innermost(pos)
	if inner == nil {
		return nil
	}
	_, obj := inner.LookupParent(name, pos)
	return obj
}

func (c *checker) assignedBetween(obj *types.Var, from, to token.Pos) bool {
	found := false
	for _, f := range c.pass.Files {
		if f.Pos() > to || f.End() < from {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if found || n == nil {
				return false
			}
			if n.End() < from || n.Pos() > to {
				return false
			}
			switch s := n.(type) {
			case *ast.AssignStmt:
				if s.Pos() > from && s.Pos() < to {
					for _, l := range s.Lhs {
						if id, ok := ast.Unparen(l).(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == obj {
							found = true
						}
					}
				}
			case *ast.UnaryExpr:
				if s.Op == token.AND && s.Pos() > from && s.Pos() < to {
					if id, ok := ast.Unparen(s.X).(*ast.Ident); ok && c.pass.TypesInfo.ObjectOf(id) == obj {
						found = true
					}
				}
			}
			return true
		})
	}
	return found
}

// wrapFix wraps the statement that is the write in `if cond { ... }`.
func (c *checker) wrapFix(call *ast.CallExpr, cond, msg string) []analysis.SuggestedFix {
	var file *ast.File
	for _, f := range c.pass.Files {
		if f.Pos() <= call.Pos() && call.End() <= f.End() {
			file = f
		}
	}
	if file == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(file, call.Pos(), call.End())
	var stmt ast.Stmt
	var parent ast.Node
	for i, n := range path {
		if s, ok := n.(ast.Stmt); ok {
			stmt = s
			if i+1 < len(path) {
				parent = path[i+1]
			}
			break
		}
	}
	switch s := stmt.(type) {
	case *ast.ExprStmt:
	case *ast.AssignStmt:
		for _, l := range s.Lhs {
			if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
				return nil // the results are used after the write
			}
		}
	default:
		return nil
	}
	switch parent.(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
	default:
		return nil
	}
	tf := c.pass.Fset.File(stmt.Pos())
	if tf == nil {
		return nil
	}
	src, err := c.pass.ReadFile(tf.Name())
	if err != nil {
		return nil
	}
	start, end := tf.Offset(stmt.Pos()), tf.Offset(stmt.End())
	if start < 0 || end > len(src) || start > end {
		return nil
	}
	// Keep a trailing comment with the statement it annotates.
	rest := src[end:]
	if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[:nl]
	}
	if t := bytes.TrimLeft(rest, " \t"); bytes.HasPrefix(t, []byte("//")) {
		end += len(rest)
	}
	lineStart := bytes.LastIndexByte(src[:start], '\n') + 1
	indent := src[lineStart:start]
	if len(bytes.TrimLeft(indent, " \t")) != 0 {
		return nil // not alone on its line
	}
	text := src[start:end]
	var b bytes.Buffer
	b.WriteString("if " + cond + " {\n")
	b.Write(indent)
	b.WriteByte('\t')
	b.Write(bytes.ReplaceAll(text, []byte("\n"), []byte("\n\t")))
	b.WriteByte('\n')
	b.Write(indent)
	b.WriteByte('}')
	return []analysis.SuggestedFix{{
		Message:   msg,
		TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: tf.Pos(end), NewText: b.Bytes()}},
	}}
}
