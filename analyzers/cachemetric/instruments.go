package cachemetric

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"unicode"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
)

const (
	promPkg     = "github.com/prometheus/client_golang/prometheus"
	promautoPkg = "github.com/prometheus/client_golang/prometheus/promauto"
	otelMetric  = "go.opentelemetry.io/otel/metric"
	otelAttr    = "go.opentelemetry.io/otel/attribute"
)

// MetricFact records, on a package-level variable or a struct field that
// holds a metric, the metric's name and (Prometheus) label names, so that
// code in other packages that uses it knows what it is.
type MetricFact struct {
	Name   string
	Labels []string
}

func (*MetricFact) AFact() {}

func (f *MetricFact) String() string {
	return fmt.Sprintf("metric %q labels %v", f.Name, f.Labels)
}

// instrument is what a label call's receiver resolves to.
type instrument struct {
	name    string   // the metric name, when its constructor was seen
	labels  []string // Prometheus label names, in order
	holder  string   // the variable or field that holds it: "cacheHits"
	curried bool     // reached through CurryWith: positions no longer match labels
	text    string   // the receiver as written
}

func (i instrument) describe(cacheMetric bool) string {
	kind := "metric"
	if cacheMetric {
		kind = "cache metric"
	}
	if i.name != "" {
		return fmt.Sprintf("%s %q", kind, i.name)
	}
	return kind + " " + i.text
}

// single returns the one expression assigned to a local variable (not a
// parameter), or nil.
func (c *checker) single(decl *ast.FuncDecl, id *ast.Ident) (cacheops.LocalDef, bool) {
	v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || v.IsField() || v.Parent() == nil || v.Pkg() == nil || v.Parent() == v.Pkg().Scope() {
		return cacheops.LocalDef{}, false
	}
	ds := c.res.LocalDefs(decl, v)
	if len(ds) != 1 {
		return cacheops.LocalDef{}, false
	}
	return ds[0], true
}

// metricIndex knows the metrics the package's variables and fields hold.
type metricIndex struct {
	c    *checker
	objs map[types.Object]*MetricFact
}

// buildIndex finds every assignment of a metric constructor to a variable
// or a field in the package: var x = prometheus.NewCounterVec(...),
// m.hits, err = meter.Int64Counter("cache.hits"), &Metrics{Hits: ...}.
func (c *checker) buildIndex() *metricIndex {
	idx := &metricIndex{c: c, objs: map[types.Object]*MetricFact{}}
	c.idx = idx
	info := c.pass.TypesInfo
	for round := 0; round < 2; round++ { // a second round sees variables assigned from indexed ones
		for _, f := range c.pass.Files {
			for _, d := range f.Decls {
				var decl *ast.FuncDecl
				var body ast.Node = d
				if fd, ok := d.(*ast.FuncDecl); ok {
					if fd.Body == nil {
						continue
					}
					decl, body = fd, fd.Body
				}
				ast.Inspect(body, func(n ast.Node) bool {
					switch n := n.(type) {
					case *ast.AssignStmt:
						for i, l := range n.Lhs {
							var rhs ast.Expr
							if len(n.Lhs) == len(n.Rhs) {
								rhs = n.Rhs[i]
							} else if len(n.Rhs) == 1 && i == 0 {
								rhs = n.Rhs[0]
							}
							idx.record(decl, c.objectOf(l), rhs)
						}
					case *ast.ValueSpec:
						for i, name := range n.Names {
							var rhs ast.Expr
							if len(n.Names) == len(n.Values) {
								rhs = n.Values[i]
							} else if len(n.Values) == 1 && i == 0 {
								rhs = n.Values[0]
							}
							idx.record(decl, info.Defs[name], rhs)
						}
					case *ast.CompositeLit:
						for _, el := range n.Elts {
							kv, ok := el.(*ast.KeyValueExpr)
							if !ok {
								continue
							}
							if id, ok := kv.Key.(*ast.Ident); ok {
								if v, ok := info.Uses[id].(*types.Var); ok && v.IsField() {
									idx.record(decl, v, kv.Value)
								}
							}
						}
					}
					return true
				})
			}
		}
	}
	return idx
}

func (idx *metricIndex) record(decl *ast.FuncDecl, obj types.Object, rhs ast.Expr) {
	if obj == nil || rhs == nil {
		return
	}
	if _, ok := obj.(*types.Var); !ok {
		return
	}
	if _, done := idx.objs[obj]; done {
		return
	}
	if f := idx.c.constructor(decl, rhs, 0); f != nil {
		idx.objs[obj] = f
	}
}

// export publishes facts for package-level variables and fields.
func (idx *metricIndex) export() {
	pass := idx.c.pass
	objs := make([]types.Object, 0, len(idx.objs))
	for o := range idx.objs {
		objs = append(objs, o)
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Pos() < objs[j].Pos() })
	for _, o := range objs {
		v, ok := o.(*types.Var)
		if !ok || v.Pkg() != pass.Pkg {
			continue
		}
		if v.Exported() && (v.IsField() || v.Parent() == pass.Pkg.Scope()) {
			pass.ExportObjectFact(v, idx.objs[o])
		}
	}
}

func (idx *metricIndex) lookup(obj types.Object) *MetricFact {
	if f := idx.objs[obj]; f != nil {
		return f
	}
	if obj.Pkg() != nil && obj.Pkg() != idx.c.pass.Pkg {
		var f MetricFact
		if idx.c.pass.ImportObjectFact(obj, &f) {
			return &f
		}
	}
	return nil
}

// objectOf is the variable or field an expression names.
func (c *checker) objectOf(x ast.Expr) types.Object {
	info := c.pass.TypesInfo
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		return info.ObjectOf(x)
	case *ast.SelectorExpr:
		if s := info.Selections[x]; s != nil {
			if s.Kind() == types.FieldVal {
				return s.Obj()
			}
			return nil
		}
		return info.Uses[x.Sel] // a qualified identifier
	}
	return nil
}

// constructor recognises an expression that creates a metric and returns
// its name and label names.
func (c *checker) constructor(decl *ast.FuncDecl, x ast.Expr, depth int) *MetricFact {
	if depth > 8 || x == nil {
		return nil
	}
	info := c.pass.TypesInfo
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		if d, ok := c.single(decl, x); ok && d.Index <= 0 {
			return c.constructor(decl, d.Expr, depth+1)
		}
		if o := info.ObjectOf(x); o != nil {
			if f := c.idx.lookupSafe(o); f != nil {
				return f
			}
		}
	case *ast.SelectorExpr:
		if o := c.objectOf(x); o != nil {
			return c.idx.lookupSafe(o)
		}
	case *ast.CallExpr:
		fn := callee(info, x)
		if fn == nil {
			return nil
		}
		path := pkgPath(fn)
		switch {
		case (path == promPkg || path == promautoPkg) && strings.HasPrefix(fn.Name(), "New") && len(x.Args) >= 1:
			f := &MetricFact{Name: c.promName(decl, x.Args[0])}
			if len(x.Args) >= 2 {
				f.Labels = c.stringSlice(decl, x.Args[1])
			}
			return f
		case path == promPkg && (fn.Name() == "MustCurryWith" || fn.Name() == "CurryWith"):
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok {
				if f := c.constructor(decl, sel.X, depth+1); f != nil {
					return &MetricFact{Name: f.Name} // curried: label positions shift
				}
			}
		case path == otelMetric && isInstrumentCtor(fn.Name()) && len(x.Args) >= 1:
			return &MetricFact{Name: constString(info, x.Args[0])}
		}
		// A helper that builds an instrument from a constant name:
		// counter("cache.hits", "...") returning metric.Int64Counter.
		if isInstrumentType(info.TypeOf(x)) && len(x.Args) >= 1 {
			if s := constString(info, x.Args[0]); s != "" {
				return &MetricFact{Name: s}
			}
		}
	}
	return nil
}

// lookupSafe is lookup on an index that may still be under construction.
func (idx *metricIndex) lookupSafe(o types.Object) *MetricFact {
	if idx == nil {
		return nil
	}
	return idx.lookup(o)
}

func isInstrumentCtor(name string) bool {
	for _, p := range []string{"Int64", "Float64"} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			switch rest {
			case "Counter", "UpDownCounter", "Histogram", "Gauge", "ObservableCounter", "ObservableUpDownCounter", "ObservableGauge":
				return true
			}
		}
	}
	return false
}

// isInstrumentType reports whether t is a Prometheus vector or an
// OpenTelemetry instrument.
func isInstrumentType(t types.Type) bool {
	if t == nil {
		return false
	}
	if tup, ok := t.(*types.Tuple); ok {
		if tup.Len() == 0 {
			return false
		}
		t = tup.At(0).Type()
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	switch trimVendor(n.Obj().Pkg().Path()) {
	case promPkg:
		return strings.HasSuffix(n.Obj().Name(), "Vec")
	case otelMetric:
		return isInstrumentCtor(n.Obj().Name())
	}
	return false
}

// promName joins Namespace, Subsystem and Name of a Prometheus Opts literal.
func (c *checker) promName(decl *ast.FuncDecl, opts ast.Expr) string {
	opts = ast.Unparen(opts)
	if u, ok := opts.(*ast.UnaryExpr); ok && u.Op == token.AND {
		opts = ast.Unparen(u.X)
	}
	if id, ok := opts.(*ast.Ident); ok {
		if d, ok := c.single(decl, id); ok && d.Index < 0 {
			opts = ast.Unparen(d.Expr)
		}
	}
	cl, ok := opts.(*ast.CompositeLit)
	if !ok {
		return ""
	}
	parts := map[string]string{}
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				parts[id.Name] = constString(c.pass.TypesInfo, kv.Value)
			}
		}
	}
	if parts["Name"] == "" {
		return ""
	}
	var out []string
	for _, k := range []string{"Namespace", "Subsystem", "Name"} {
		if parts[k] != "" {
			out = append(out, parts[k])
		}
	}
	return strings.Join(out, "_")
}

// stringSlice evaluates a []string literal of constants.
func (c *checker) stringSlice(decl *ast.FuncDecl, x ast.Expr) []string {
	x = ast.Unparen(x)
	if id, ok := x.(*ast.Ident); ok {
		if d, ok := c.single(decl, id); ok && d.Index < 0 {
			x = ast.Unparen(d.Expr)
		} else if v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok && v.Pkg() == c.pass.Pkg && v.Parent() == c.pass.Pkg.Scope() {
			x = c.packageInit(v)
		}
	}
	cl, ok := x.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	var out []string
	for _, el := range cl.Elts {
		out = append(out, constString(c.pass.TypesInfo, el))
	}
	return out
}

// packageInit is the initialiser of a package-level variable, or nil.
func (c *checker) packageInit(v *types.Var) ast.Expr {
	for _, f := range c.pass.Files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, s := range gd.Specs {
				vs, ok := s.(*ast.ValueSpec)
				if !ok || len(vs.Names) != len(vs.Values) {
					continue
				}
				for i, n := range vs.Names {
					if c.pass.TypesInfo.Defs[n] == v {
						return vs.Values[i]
					}
				}
			}
		}
	}
	return nil
}

// instrumentOf resolves a label call's receiver to the metric it is.
func (c *checker) instrumentOf(decl *ast.FuncDecl, recv ast.Expr) instrument {
	inst := instrument{text: shorten(types.ExprString(recv))}
	x := ast.Unparen(recv)
	for depth := 0; depth < 8; depth++ {
		switch y := x.(type) {
		case *ast.Ident:
			if inst.holder == "" {
				inst.holder = y.Name
			}
			if d, ok := c.single(decl, y); ok && d.Index <= 0 {
				if f := c.constructor(decl, d.Expr, 0); f != nil {
					inst.name, inst.labels = f.Name, f.Labels
					return inst
				}
				x = ast.Unparen(d.Expr)
				continue
			}
			if o := c.pass.TypesInfo.ObjectOf(y); o != nil {
				if f := c.idx.lookup(o); f != nil {
					inst.name, inst.labels = f.Name, f.Labels
				}
			}
			return inst
		case *ast.SelectorExpr:
			if inst.holder == "" {
				inst.holder = y.Sel.Name
			}
			if o := c.objectOf(y); o != nil {
				if f := c.idx.lookup(o); f != nil {
					inst.name, inst.labels = f.Name, f.Labels
				}
			}
			return inst
		case *ast.CallExpr:
			if f := c.constructor(decl, y, 0); f != nil {
				inst.name, inst.labels = f.Name, f.Labels
				return inst
			}
			// vec.MustCurryWith(...).WithLabelValues(...)
			if sel, ok := ast.Unparen(y.Fun).(*ast.SelectorExpr); ok {
				if fn := callee(c.pass.TypesInfo, y); fn != nil && pkgPath(fn) == promPkg {
					inst.curried = true
					x = ast.Unparen(sel.X)
					continue
				}
			}
			return inst
		case *ast.IndexExpr: // metrics["hits"]
			x = ast.Unparen(y.X)
			continue
		default:
			return inst
		}
	}
	return inst
}

// isCacheMetric decides whether a metric is about a cache: its name, the
// variable or field that holds it, or a literal "hit"/"miss" label says so.
func (c *checker) isCacheMetric(inst instrument, m *metricCall) bool {
	for _, s := range []string{inst.name, inst.holder} {
		for _, w := range splitWords(s) {
			if c.opts.metricWords[w] {
				return true
			}
		}
	}
	for _, l := range m.labels {
		if c.opts.metricWords[strings.ToLower(l.name)] || strings.Contains(strings.ToLower(l.name), "cache") {
			return true
		}
		if s := constString(c.pass.TypesInfo, l.value); s != "" {
			for _, w := range splitWords(s) {
				if c.opts.metricWords[w] {
					return true
				}
			}
		}
	}
	return false
}

// splitWords splits "cache_hits_total", "cache.hits" and "cacheHits" into
// lower-case words.
func splitWords(s string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return words
}

func constString(info *types.Info, x ast.Expr) string {
	if x == nil {
		return ""
	}
	tv, ok := info.Types[x]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return ""
	}
	return constant.StringVal(tv.Value)
}

func callee(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	case *ast.IndexExpr:
		switch g := ast.Unparen(f.X).(type) {
		case *ast.Ident:
			id = g
		case *ast.SelectorExpr:
			id = g.Sel
		}
	case *ast.IndexListExpr:
		switch g := ast.Unparen(f.X).(type) {
		case *ast.Ident:
			id = g
		case *ast.SelectorExpr:
			id = g.Sel
		}
	}
	if id == nil {
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

func pkgPath(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	return trimVendor(fn.Pkg().Path())
}

func trimVendor(p string) string {
	if i := strings.LastIndex(p, "/vendor/"); i >= 0 {
		return p[i+len("/vendor/"):]
	}
	return p
}

func shorten(s string) string {
	if len(s) > 48 {
		return s[:45] + "..."
	}
	return s
}
