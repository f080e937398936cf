package cachemetric

import (
	"go/ast"
	"go/types"
	"strings"
)

// label is one label (Prometheus) or attribute (OpenTelemetry) of a
// measurement.
type label struct {
	name  string // the label name or attribute key, when known
	value ast.Expr
}

// metricCall is a call that records a measurement with labels.
type metricCall struct {
	recv       ast.Expr // the vector or instrument
	labels     []label
	positional bool // Prometheus label values by position
}

// metricCall recognises Prometheus label selection and OpenTelemetry
// measurements, and collects their labels.
func (c *checker) metricCall(decl *ast.FuncDecl, call *ast.CallExpr) *metricCall {
	info := c.pass.TypesInfo
	fn := callee(info, call)
	if fn == nil {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || info.Selections[sel] == nil {
		return nil
	}
	switch pkgPath(fn) {
	case promPkg:
		if !strings.HasSuffix(recvName(fn), "Vec") {
			return nil
		}
		m := &metricCall{recv: sel.X}
		switch fn.Name() {
		case "WithLabelValues", "GetMetricWithLabelValues":
			m.positional = true
			args := call.Args
			if call.Ellipsis.IsValid() && len(args) == 1 {
				args = c.sliceElems(decl, args[0])
			}
			for _, a := range args {
				m.labels = append(m.labels, label{value: a})
			}
		case "With", "GetMetricWith", "CurryWith", "MustCurryWith":
			if len(call.Args) == 1 {
				m.labels = c.labelMap(decl, call.Args[0])
			}
		default:
			return nil
		}
		return m
	case otelMetric:
		var opts []ast.Expr
		switch fn.Name() {
		case "Add", "Record":
			if len(call.Args) > 2 {
				opts = call.Args[2:]
			}
		case "Observe":
			if len(call.Args) > 1 {
				opts = call.Args[1:]
			}
		case "ObserveInt64", "ObserveFloat64":
			if len(call.Args) > 2 {
				opts = call.Args[2:]
			}
			// the observable is the instrument
			m := &metricCall{recv: call.Args[0]}
			c.collect(decl, opts, m)
			return m
		default:
			return nil
		}
		m := &metricCall{recv: sel.X}
		c.collect(decl, opts, m)
		return m
	}
	return nil
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
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

// sliceElems evaluates a slice passed with ... to its elements: a literal,
// or a local built from a literal and appends.
func (c *checker) sliceElems(decl *ast.FuncDecl, x ast.Expr) []ast.Expr {
	var out []ast.Expr
	seen := map[*types.Var]bool{}
	var walk func(x ast.Expr, depth int)
	walk = func(x ast.Expr, depth int) {
		if depth > 8 {
			return
		}
		switch y := ast.Unparen(x).(type) {
		case *ast.CompositeLit:
			out = append(out, y.Elts...)
		case *ast.Ident:
			v, ok := c.pass.TypesInfo.ObjectOf(y).(*types.Var)
			if !ok || seen[v] {
				return
			}
			seen[v] = true
			for _, d := range c.res.LocalDefs(decl, v) {
				if d.Index < 0 {
					walk(d.Expr, depth+1)
				}
			}
		case *ast.CallExpr:
			if isBuiltin(c.pass.TypesInfo, y, "append") && len(y.Args) > 0 {
				walk(y.Args[0], depth+1)
				if y.Ellipsis.IsValid() {
					if len(y.Args) == 2 {
						walk(y.Args[1], depth+1)
					}
					return
				}
				out = append(out, y.Args[1:]...)
			}
		}
	}
	walk(x, 0)
	return out
}

// labelMap reads a prometheus.Labels literal (also through a local).
func (c *checker) labelMap(decl *ast.FuncDecl, x ast.Expr) []label {
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok {
		if d, ok := c.single(decl, id); ok && d.Index < 0 {
			x = ast.Unparen(d.Expr)
		}
	}
	cl, ok := x.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	var out []label
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			out = append(out, label{name: constString(c.pass.TypesInfo, kv.Key), value: kv.Value})
		}
	}
	return out
}

// collect gathers the attributes of OpenTelemetry measurement options:
// metric.WithAttributes(kv...), metric.WithAttributeSet(attribute.NewSet(...)),
// slices of options or attributes built with literals and appends, and
// locals holding any of these.
func (c *checker) collect(decl *ast.FuncDecl, xs []ast.Expr, m *metricCall) {
	info := c.pass.TypesInfo
	seen := map[*types.Var]bool{}
	var walk func(x ast.Expr, depth int)
	walk = func(x ast.Expr, depth int) {
		if depth > 10 || x == nil {
			return
		}
		switch y := ast.Unparen(x).(type) {
		case *ast.Ident:
			v, ok := info.ObjectOf(y).(*types.Var)
			if !ok || seen[v] {
				return
			}
			seen[v] = true
			for _, d := range c.res.LocalDefs(decl, v) {
				if d.Index < 0 {
					walk(d.Expr, depth+1)
				}
			}
		case *ast.CompositeLit:
			for _, el := range y.Elts {
				walk(el, depth+1)
			}
		case *ast.CallExpr:
			if isBuiltin(info, y, "append") {
				for _, a := range y.Args {
					walk(a, depth+1)
				}
				return
			}
			fn := callee(info, y)
			if fn == nil {
				return
			}
			switch pkgPath(fn) {
			case otelMetric:
				if fn.Name() == "WithAttributes" || fn.Name() == "WithAttributeSet" {
					for _, a := range y.Args {
						walk(a, depth+1)
					}
				}
				return
			case otelAttr:
				if l, ok := c.attribute(y, fn); ok {
					m.labels = append(m.labels, l)
					return
				}
				if fn.Name() == "NewSet" {
					for _, a := range y.Args {
						walk(a, depth+1)
					}
				}
				return
			}
			// semantic-convention helpers: semconv.UserID(id) returns an attribute.
			if isKeyValue(info.TypeOf(y)) && len(y.Args) == 1 {
				m.labels = append(m.labels, label{name: fn.Name(), value: y.Args[0]})
			}
		}
	}
	for _, x := range xs {
		walk(x, 0)
	}
}

// attribute reads attribute.String("k", v) and attribute.Key("k").String(v).
func (c *checker) attribute(call *ast.CallExpr, fn *types.Func) (label, bool) {
	info := c.pass.TypesInfo
	switch fn.Name() {
	case "String", "Int", "Int64", "Stringer", "StringSlice", "IntSlice", "Int64Slice":
	default:
		return label{}, false
	}
	if recvName(fn) == "Key" {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || len(call.Args) != 1 {
			return label{}, false
		}
		name := constString(info, sel.X)
		if name == "" {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok {
				if v, ok := info.ObjectOf(id).(*types.Var); ok && v.Pkg() == c.pass.Pkg && v.Parent() == c.pass.Pkg.Scope() {
					name = constString(info, c.packageInit(v))
				}
			}
		}
		return label{name: name, value: call.Args[0]}, true
	}
	if len(call.Args) != 2 {
		return label{}, false
	}
	return label{name: constString(info, call.Args[0]), value: call.Args[1]}, true
}

func isKeyValue(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && trimVendor(n.Obj().Pkg().Path()) == otelAttr && n.Obj().Name() == "KeyValue"
}

func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != name {
		return false
	}
	_, ok = info.Uses[id].(*types.Builtin)
	return ok
}
