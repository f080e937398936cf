package cacheops

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"sort"

	"golang.org/x/tools/go/analysis"
)

// CtorAnalyzer traces in-process cache constructors (go-cache New,
// expirable.NewLRU, otter.New, bigcache.New, ...) to the variables, struct
// fields and factory functions that hold their result, so that a rule can
// ask, at a write, how the cache it writes to was built: its default
// expiration and its size limit. Package variables, fields and factories
// export a CtorFact, so a cache built in one package and used in another is
// traced too. Rules Require it and read its *Ctors result.
var CtorAnalyzer = &analysis.Analyzer{
	Name:       "cachectors",
	Doc:        "trace in-process cache constructors to the variables, fields and factories that hold them (shared by cachevet rules)",
	URL:        "https://github.com/cachevet/cachevet/blob/main/rules.md",
	Requires:   []*analysis.Analyzer{Analyzer},
	Run:        runCtors,
	ResultType: reflect.TypeOf((*Ctors)(nil)),
	FactTypes:  []analysis.Fact{(*CtorFact)(nil)},
}

// Setting says whether a constructor turned a feature on.
type Setting uint8

const (
	SettingUnknown Setting = iota // computed at run time (configuration) or not visible
	SettingOff                    // no expiration / no size limit
	SettingOn
)

// CtorInfo is what a constructor call says about the cache it builds.
type CtorInfo struct {
	// Lib names the library: "go-cache", "expirable", "otter", "bigcache",
	// "ttlcache", "sturdyc", "lru", "ristretto", "freecache".
	Lib string
	// Func is how messages name the constructor: "cache.New".
	Func string
	// At is where the constructor call is: "NewStore in wire.go", or
	// "wire.go" at package level (no line: see ctor).
	At string
	// Expiry is whether entries written with the cache's default TTL
	// expire; ExpiryText is the expression (or missing option) that says so.
	Expiry     Setting
	ExpiryText string
	// Size is whether the cache has a size limit; SizeText says why not.
	Size     Setting
	SizeText string
	// Cleanup is whether expired entries are purged (go-cache's cleanup
	// interval); CleanupText is the expression.
	Cleanup     Setting
	CleanupText string
	// Sliding is the expression of a sliding-only expiration (otter's
	// ExpiryAccessing), "" when there is none.
	Sliding string
}

// Ctor is one constructor call; Call is nil for a constructor known only
// from another package's fact.
type Ctor struct {
	CtorInfo
	Call *ast.CallExpr
	Decl *ast.FuncDecl
}

// CtorFact records the constructors a package variable, a struct field or
// a factory function's result holds.
type CtorFact struct {
	Ctors []CtorInfo
}

func (*CtorFact) AFact() {}

func (f *CtorFact) String() string {
	s := "cache built by"
	for _, c := range f.Ctors {
		s += fmt.Sprintf(" %s(expiry=%d size=%d)", c.Func, c.Expiry, c.Size)
	}
	return s
}

// Ctors is the constructor index of one package.
type Ctors struct {
	// All lists the constructor calls of this package, in source order.
	All []*Ctor

	m      *model
	pass   *analysis.Pass
	byCall map[*ast.CallExpr]*Ctor
	// sites maps package variables and fields of this package to the
	// expressions assigned to them, anywhere in the package.
	sites map[types.Object][]site
	// calls maps functions of this package to their call sites.
	calls map[*types.Func][]site
	busy  map[any]bool
}

type site struct {
	expr ast.Expr
	decl *ast.FuncDecl
}

func runCtors(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[Analyzer].(*Result)
	c := &Ctors{m: res.m, pass: pass, byCall: map[*ast.CallExpr]*Ctor{}, sites: map[types.Object][]site{}, calls: map[*types.Func][]site{}, busy: map[any]bool{}}
	if isStd(pass.Pkg.Path()) || res.m.noOps {
		return c, nil // no cache library, nor a function building one, is reachable
	}
	// The rules of this package may already be asking the model.
	res.m.mu.Lock()
	defer res.m.mu.Unlock()
	info := pass.TypesInfo
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			var decl *ast.FuncDecl
			var body ast.Node = d
			if fd, ok := d.(*ast.FuncDecl); ok {
				decl = fd
				if fd.Body == nil {
					continue
				}
				body = fd.Body
			}
			ast.Inspect(body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.ValueSpec:
					for i, name := range n.Names {
						if len(n.Values) == len(n.Names) {
							if v, ok := info.Defs[name].(*types.Var); ok && isPkgVar(v) {
								c.sites[v] = append(c.sites[v], site{n.Values[i], decl})
							}
						}
					}
				case *ast.AssignStmt:
					if len(n.Lhs) != len(n.Rhs) && len(n.Rhs) == 1 {
						// v, err := otter.New(...): the call is the first result.
						if o := c.location(n.Lhs[0]); o != nil {
							c.sites[o] = append(c.sites[o], site{n.Rhs[0], decl})
						}
						for _, l := range n.Lhs[1:] {
							if o := c.location(l); o != nil {
								c.sites[o] = append(c.sites[o], site{nil, decl})
							}
						}
					}
					if len(n.Lhs) == len(n.Rhs) {
						for i, l := range n.Lhs {
							if o := c.location(l); o != nil {
								c.sites[o] = append(c.sites[o], site{n.Rhs[i], decl})
							}
						}
					}
				case *ast.CompositeLit:
					for _, el := range n.Elts {
						kv, ok := el.(*ast.KeyValueExpr)
						if !ok {
							continue
						}
						id, ok := kv.Key.(*ast.Ident)
						if !ok {
							continue
						}
						if fv, ok := info.Uses[id].(*types.Var); ok && fv.IsField() && fv.Pkg() == pass.Pkg {
							fv = fv.Origin()
							c.sites[fv] = append(c.sites[fv], site{kv.Value, decl})
						}
					}
				case *ast.CallExpr:
					if ctor := c.recognize(decl, n); ctor != nil {
						c.byCall[n] = ctor
						c.All = append(c.All, ctor)
					}
					if fn := res.m.callee(n); fn != nil && fn.Pkg() == pass.Pkg {
						c.calls[fn] = append(c.calls[fn], site{n, decl})
					}
				}
				return true
			})
		}
	}
	sort.Slice(c.All, func(i, j int) bool { return c.All[i].Call.Pos() < c.All[j].Call.Pos() })
	c.exportFacts()
	return c, nil
}

func isPkgVar(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// location is the package variable or field of this package an assignment
// target writes (nil for locals, elements and others).
func (c *Ctors) location(lhs ast.Expr) types.Object {
	info := c.pass.TypesInfo
	switch x := ast.Unparen(lhs).(type) {
	case *ast.Ident:
		if v, ok := info.ObjectOf(x).(*types.Var); ok && isPkgVar(v) && v.Pkg() == c.pass.Pkg {
			return v
		}
	case *ast.SelectorExpr:
		if sel := info.Selections[x]; sel != nil && sel.Kind() == types.FieldVal {
			if v, ok := sel.Obj().(*types.Var); ok && v.Pkg() == c.pass.Pkg {
				return v.Origin()
			}
			return nil
		}
		if v, ok := info.ObjectOf(x.Sel).(*types.Var); ok && isPkgVar(v) && v.Pkg() == c.pass.Pkg {
			return v
		}
	}
	return nil
}

// exportFacts exports what package variables, fields and factory functions
// of this package hold.
func (c *Ctors) exportFacts() {
	var objs []types.Object
	for o := range c.sites {
		if cacheType(o.Type()) != "" {
			objs = append(objs, o)
		}
	}
	for fn, d := range c.m.decls {
		sig, ok := fn.Type().(*types.Signature)
		if ok && d.Body != nil && sig.Results().Len() > 0 && cacheType(sig.Results().At(0).Type()) != "" {
			objs = append(objs, fn)
		}
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Pos() < objs[j].Pos() })
	for _, o := range objs {
		var ctors []*Ctor
		ok := false
		switch o := o.(type) {
		case *types.Func:
			ctors, ok = c.returnsOf(o)
		case *types.Var:
			ctors, ok = c.fromSites(o)
		}
		if !ok || len(ctors) == 0 {
			continue
		}
		f := &CtorFact{}
		for _, ct := range ctors {
			f.Ctors = append(f.Ctors, ct.CtorInfo)
		}
		c.pass.ExportObjectFact(o, f)
	}
}

// cacheType names the library of a (pointer to a) cache type from the
// constructor table, or "".
func cacheType(t types.Type) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	switch trimVendor(n.Obj().Pkg().Path()) + "." + n.Obj().Name() {
	case goCache + ".Cache":
		return "go-cache"
	case expirable + ".LRU":
		return "expirable"
	case otter + ".Cache":
		return "otter"
	case bigcache + ".BigCache":
		return "bigcache"
	case ttlcache + ".Cache":
		return "ttlcache"
	case sturdyc + ".Client":
		return "sturdyc"
	case lru + ".Cache", lruV1 + ".Cache":
		return "lru"
	case ristretto + ".Cache":
		return "ristretto"
	case freecache + ".Cache":
		return "freecache"
	}
	return ""
}

// Of returns the constructors the cache expression x (evaluated inside
// decl, nil at package level) may hold. complete is false when some value
// it may hold could not be traced (a parameter of an exported function, an
// interface, a value from another package without a fact).
func (c *Ctors) Of(decl *ast.FuncDecl, x ast.Expr) (ctors []*Ctor, complete bool) {
	if c == nil || c.m == nil {
		return nil, false
	}
	c.m.mu.Lock()
	defer c.m.mu.Unlock()
	return c.resolve(decl, x, 0)
}

// Receiver returns the constructors of the cache a method call is made on.
func (c *Ctors) Receiver(decl *ast.FuncDecl, call *ast.CallExpr) ([]*Ctor, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	return c.Of(decl, sel.X)
}

// ByCall returns the constructor a call is, or nil.
func (c *Ctors) ByCall(call *ast.CallExpr) *Ctor {
	if c == nil || c.m == nil {
		return nil
	}
	c.m.mu.Lock()
	defer c.m.mu.Unlock()
	return c.byCall[call]
}

const maxCtorDepth = 8

func (c *Ctors) resolve(decl *ast.FuncDecl, x ast.Expr, depth int) ([]*Ctor, bool) {
	if x == nil || depth > maxCtorDepth {
		return nil, false
	}
	info := c.pass.TypesInfo
	switch y := ast.Unparen(x).(type) {
	case *ast.UnaryExpr:
		if y.Op == token.AND {
			return c.resolve(decl, y.X, depth+1)
		}
	case *ast.StarExpr:
		return c.resolve(decl, y.X, depth+1)
	case *ast.CallExpr:
		if tv, ok := info.Types[y.Fun]; ok && tv.IsType() && len(y.Args) == 1 {
			return c.resolve(decl, y.Args[0], depth+1)
		}
		if ct := c.byCall[y]; ct != nil {
			return []*Ctor{ct}, true
		}
		fn := c.m.callee(y)
		if fn == nil {
			return nil, false
		}
		if fn.Pkg() == c.pass.Pkg {
			return c.returnsOf(fn)
		}
		return c.fact(fn)
	case *ast.Ident:
		v, ok := info.ObjectOf(y).(*types.Var)
		if !ok {
			return nil, false
		}
		return c.variable(decl, v, depth)
	case *ast.SelectorExpr:
		if sel := info.Selections[y]; sel != nil {
			if sel.Kind() != types.FieldVal {
				return nil, false
			}
			v, ok := sel.Obj().(*types.Var)
			if !ok {
				return nil, false
			}
			v = v.Origin()
			if v.Pkg() == c.pass.Pkg {
				return c.fromSites(v)
			}
			return c.fact(v)
		}
		if v, ok := info.ObjectOf(y.Sel).(*types.Var); ok {
			return c.variable(decl, v, depth)
		}
	}
	return nil, false
}

// variable resolves a local or package variable.
func (c *Ctors) variable(decl *ast.FuncDecl, v *types.Var, depth int) ([]*Ctor, bool) {
	if isPkgVar(v) {
		if v.Pkg() == c.pass.Pkg {
			return c.fromSites(v)
		}
		return c.fact(v)
	}
	fi := c.m.info(decl)
	if i, ok := fi.params[v]; ok {
		return c.paramCtors(decl, i, depth)
	}
	if v == fi.recv {
		return nil, false
	}
	var out []*Ctor
	complete := true
	n := 0
	for _, d := range fi.defs[v] {
		if d.tuple && selfCall(c.pass.TypesInfo, d.expr, v) {
			continue // c.Set(...), f(&c): a use, not a definition
		}
		n++
		if d.tuple {
			// v, err := New(...); anything else with several results is not traced.
			call, ok := ast.Unparen(d.expr).(*ast.CallExpr)
			if !ok {
				complete = false
				continue
			}
			cs, ok := c.resolve(decl, call, depth+1)
			out = append(out, cs...)
			complete = complete && ok
			continue
		}
		cs, ok := c.resolve(decl, d.expr, depth+1)
		out = append(out, cs...)
		complete = complete && ok
	}
	if n == 0 {
		// declared without a value (var c *cache.Cache) and filled elsewhere
		return nil, false
	}
	return out, complete
}

// selfCall reports whether the definition expr of v is a call that uses v
// (a method call on v, or v's address passed as an argument).
func selfCall(info *types.Info, expr ast.Expr, v *types.Var) bool {
	call, ok := ast.Unparen(expr).(*ast.CallExpr)
	if !ok {
		return false
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && baseVar(info, sel.X) == v {
		return true
	}
	for _, a := range call.Args {
		if u, ok := ast.Unparen(a).(*ast.UnaryExpr); ok && u.Op == token.AND && baseVar(info, u.X) == v {
			return true
		}
	}
	return false
}

// paramCtors traces parameter i of decl to the arguments of the calls of
// decl's function in this package. An exported function may be called
// from elsewhere with something else: the result is then incomplete.
func (c *Ctors) paramCtors(decl *ast.FuncDecl, i, depth int) ([]*Ctor, bool) {
	if decl == nil {
		return nil, false
	}
	fn, ok := c.pass.TypesInfo.Defs[decl.Name].(*types.Func)
	if !ok {
		return nil, false
	}
	key := [2]any{fn, i}
	if c.busy[key] {
		return nil, false
	}
	c.busy[key] = true
	defer delete(c.busy, key)
	sites := c.calls[fn]
	complete := len(sites) > 0 && !fn.Exported()
	var out []*Ctor
	for _, s := range sites {
		call := s.expr.(*ast.CallExpr)
		if i >= len(call.Args) || call.Ellipsis.IsValid() {
			complete = false
			continue
		}
		cs, ok := c.resolve(s.decl, call.Args[i], depth+1)
		out = append(out, cs...)
		complete = complete && ok
	}
	return out, complete
}

// fromSites resolves a package variable or field of this package through
// every assignment to it.
func (c *Ctors) fromSites(v *types.Var) ([]*Ctor, bool) {
	if c.busy[v] {
		return nil, false
	}
	c.busy[v] = true
	defer delete(c.busy, v)
	sites := c.sites[v]
	if len(sites) == 0 {
		return nil, false
	}
	var out []*Ctor
	complete := true
	for _, s := range sites {
		if s.expr == nil {
			complete = false
			continue
		}
		cs, ok := c.resolve(s.decl, s.expr, 1)
		out = append(out, cs...)
		complete = complete && ok
	}
	return out, complete
}

// returnsOf resolves the first result of a function of this package.
func (c *Ctors) returnsOf(fn *types.Func) ([]*Ctor, bool) {
	d := c.m.decls[fn]
	if d == nil || d.Body == nil || c.busy[fn] {
		return nil, false
	}
	c.busy[fn] = true
	defer delete(c.busy, fn)
	var out []*Ctor
	complete := true
	n := 0
	ast.Inspect(d.Body, func(nd ast.Node) bool {
		switch r := nd.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(r.Results) == 0 {
				complete = false
				return true
			}
			x := r.Results[0]
			if id, ok := ast.Unparen(x).(*ast.Ident); ok && id.Name == "nil" {
				return true // the error path
			}
			n++
			cs, ok := c.resolve(d, x, 1)
			out = append(out, cs...)
			complete = complete && ok
		}
		return true
	})
	return out, complete && n > 0
}

// fact imports what another package recorded about obj.
func (c *Ctors) fact(obj types.Object) ([]*Ctor, bool) {
	if obj.Pkg() == nil || isStd(obj.Pkg().Path()) {
		return nil, false
	}
	var f CtorFact
	if !c.pass.ImportObjectFact(obj, &f) {
		return nil, false
	}
	var out []*Ctor
	for _, ci := range f.Ctors {
		out = append(out, &Ctor{CtorInfo: ci})
	}
	return out, len(out) > 0
}

// recognize reads a constructor call of a known in-process cache library.
func (c *Ctors) recognize(decl *ast.FuncDecl, call *ast.CallExpr) *Ctor {
	fn := c.m.callee(call)
	if fn == nil || fn.Pkg() == nil {
		return nil
	}
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
		return nil
	}
	pkg := trimVendor(fn.Pkg().Path())
	switch pkg {
	case goCache, expirable, otter, bigcache, ttlcache, sturdyc, lru, lruV1, ristretto, freecache:
	default:
		return nil // not a library whose constructors are known (most calls)
	}
	ct := &Ctor{Call: call, Decl: decl}
	ct.Func = fn.Pkg().Name() + "." + fn.Name()
	// Where, without a line number: messages that name it must not change
	// when unrelated lines move (baselines fingerprint the message).
	ct.At = filepath.Base(c.pass.Fset.Position(call.Pos()).Filename)
	if decl != nil {
		ct.At = decl.Name.Name + " in " + ct.At
	}
	e := c.m.evaluator(decl)
	switch pkg + "." + fn.Name() {
	case goCache + ".New", goCache + ".NewFrom":
		ct.Lib = "go-cache"
		ct.Func = "go-cache." + fn.Name()
		ct.Size, ct.SizeText = SettingOff, "go-cache has no size limit"
		ct.Expiry, ct.ExpiryText = c.durationSetting(decl, arg(call, 0))
		ct.Cleanup, ct.CleanupText = c.durationSetting(decl, arg(call, 1))
	case expirable + ".NewLRU":
		ct.Lib = "expirable"
		ct.Size, ct.SizeText = c.positive(decl, arg(call, 0))
		ct.Expiry, ct.ExpiryText = c.durationSetting(decl, arg(call, 2))
	case otter + ".Must", otter + ".New":
		ct.Lib = "otter"
		o := arg(call, 0)
		if o == nil {
			return nil
		}
		if isNil(c.pass.TypesInfo, o) {
			ct.Expiry, ct.ExpiryText = SettingOff, "nil options (no ExpiryCalculator)"
			ct.Size, ct.SizeText = SettingOff, "nil options (no MaximumSize or MaximumWeight)"
			break
		}
		ct.Expiry, ct.ExpiryText = c.optionField(e, decl, o, "no ExpiryCalculator", "ExpiryCalculator")
		ct.Size, ct.SizeText = c.optionField(e, decl, o, "no MaximumSize or MaximumWeight", "MaximumSize", "MaximumWeight")
		if v, _ := e.field(o, "ExpiryCalculator"); v != nil {
			if vc, ok := ast.Unparen(v).(*ast.CallExpr); ok {
				if vf := c.m.callee(vc); vf != nil && vf.Pkg() != nil && trimVendor(vf.Pkg().Path()) == otter && vf.Name() == "ExpiryAccessing" {
					ct.Sliding = types.ExprString(vc)
				}
			}
		}
	case bigcache + ".New", bigcache + ".NewBigCache":
		ct.Lib = "bigcache"
		cfg := arg(call, 1)
		if fn.Name() == "NewBigCache" {
			cfg = arg(call, 0)
		}
		if cfg == nil {
			return nil
		}
		ct.Size, ct.SizeText = c.optionField(e, decl, cfg, "HardMaxCacheSize 0", "HardMaxCacheSize")
	case ttlcache + ".New":
		ct.Lib = "ttlcache"
		ct.Expiry, ct.ExpiryText = SettingOff, "no WithTTL option"
		ct.Size, ct.SizeText = SettingOff, "no WithCapacity option"
		for _, a := range call.Args {
			oc, ok := ast.Unparen(a).(*ast.CallExpr)
			if !ok || call.Ellipsis.IsValid() {
				ct.Expiry, ct.Size = SettingUnknown, SettingUnknown
				continue
			}
			ofn := c.m.callee(oc)
			if ofn == nil || ofn.Pkg() == nil || trimVendor(ofn.Pkg().Path()) != ttlcache {
				ct.Expiry, ct.Size = SettingUnknown, SettingUnknown
				continue
			}
			switch ofn.Name() {
			case "WithTTL":
				ct.Expiry, ct.ExpiryText = c.durationSetting(decl, arg(oc, 0))
			case "WithCapacity":
				ct.Size, ct.SizeText = c.positive(decl, arg(oc, 0))
			}
		}
	case sturdyc + ".New":
		ct.Lib = "sturdyc"
		ct.Size, ct.SizeText = c.positive(decl, arg(call, 0))
		ct.Expiry, ct.ExpiryText = c.durationSetting(decl, arg(call, 2))
	case lru + ".New", lru + ".NewWithEvict", lruV1 + ".New", lruV1 + ".NewWithEvict":
		ct.Lib = "lru"
		ct.Size, ct.SizeText = c.positive(decl, arg(call, 0))
		ct.Expiry, ct.ExpiryText = SettingOff, "a plain LRU has no TTL"
	case ristretto + ".NewCache":
		ct.Lib = "ristretto"
		ct.Size = SettingOn
	case freecache + ".NewCache":
		ct.Lib = "freecache"
		ct.Size = SettingOn
	default:
		return nil
	}
	return ct
}

// Field finds a field's value in a struct literal argument x inside decl
// (also through & and a local variable assigned once). lit is false when x
// is not a visible literal.
func (c *Ctors) Field(decl *ast.FuncDecl, x ast.Expr, name string) (val ast.Expr, lit bool) {
	c.m.mu.Lock()
	defer c.m.mu.Unlock()
	return c.m.evaluator(decl).field(x, name)
}

// ConstInt is the constant integer value of x inside decl: a constant
// expression, or a local variable assigned once from one.
func (c *Ctors) ConstInt(decl *ast.FuncDecl, x ast.Expr) (int64, bool) {
	c.m.mu.Lock()
	defer c.m.mu.Unlock()
	return c.constInt(decl, x, 0)
}

func (c *Ctors) constInt(decl *ast.FuncDecl, x ast.Expr, depth int) (int64, bool) {
	if x == nil || depth > 4 {
		return 0, false
	}
	info := c.pass.TypesInfo
	if tv, ok := info.Types[x]; ok && tv.Value != nil {
		if v, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok {
			return v, true
		}
		return 0, false
	}
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		if v, ok := info.ObjectOf(id).(*types.Var); ok && !isPkgVar(v) {
			fi := c.m.info(decl)
			if _, isParam := fi.params[v]; isParam {
				return 0, false
			}
			if ds := fi.defs[v]; len(ds) == 1 && !ds[0].tuple {
				return c.constInt(decl, ds[0].expr, depth+1)
			}
		}
	}
	return 0, false
}

// durationSetting: a constant <= 0 turns the feature off, a constant > 0
// on; anything computed at run time is unknown (configuration).
func (c *Ctors) durationSetting(decl *ast.FuncDecl, x ast.Expr) (Setting, string) {
	if x == nil {
		return SettingUnknown, ""
	}
	v, ok := c.constInt(decl, x, 0)
	if !ok {
		return SettingUnknown, types.ExprString(x)
	}
	if v <= 0 {
		return SettingOff, types.ExprString(x)
	}
	return SettingOn, types.ExprString(x)
}

func (c *Ctors) positive(decl *ast.FuncDecl, x ast.Expr) (Setting, string) {
	return c.durationSetting(decl, x)
}

func isNil(info *types.Info, x ast.Expr) bool {
	tv, ok := info.Types[x]
	return ok && tv.IsNil()
}

// optionField reads an options struct (a literal, &literal, a variable
// assigned once from one, or a DefaultConfig-style call) and the later
// assignments to its fields in decl: the feature is off when none of the
// fields is set to anything but a constant 0.
func (c *Ctors) optionField(e *ev, decl *ast.FuncDecl, x ast.Expr, offText string, fields ...string) (Setting, string) {
	info := c.pass.TypesInfo
	var base *types.Var
	y := ast.Unparen(x)
	if u, ok := y.(*ast.UnaryExpr); ok && u.Op == token.AND {
		y = ast.Unparen(u.X)
	}
	lit := y
	if id, ok := y.(*ast.Ident); ok {
		v, ok := info.ObjectOf(id).(*types.Var)
		if !ok || isPkgVar(v) {
			return SettingUnknown, ""
		}
		base = v
		ds := e.fi.defs[v]
		var val []def
		for _, d := range ds {
			if d.tuple && selfCall(info, d.expr, v) {
				continue
			}
			val = append(val, d)
		}
		if len(val) != 1 || val[0].tuple {
			return SettingUnknown, ""
		}
		lit = ast.Unparen(val[0].expr)
		if u, ok := lit.(*ast.UnaryExpr); ok && u.Op == token.AND {
			lit = ast.Unparen(u.X)
		}
	}
	state := SettingOff
	text := offText
	seen := func(v ast.Expr) {
		if isNil(info, v) {
			return
		}
		if n, ok := c.constInt(decl, v, 0); ok {
			if n > 0 {
				state, text = SettingOn, types.ExprString(v)
			}
			return
		}
		if !isNumeric(info.TypeOf(v)) {
			state, text = SettingOn, types.ExprString(v) // a calculator, a weigher
			return
		}
		if state != SettingOn {
			state, text = SettingUnknown, types.ExprString(v) // computed: configuration
		}
	}
	switch l := lit.(type) {
	case *ast.CompositeLit:
		for _, el := range l.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return SettingUnknown, ""
			}
			if id, ok := kv.Key.(*ast.Ident); ok && containsStr(fields, id.Name) {
				seen(kv.Value)
			}
		}
	case *ast.CallExpr:
		// bigcache.DefaultConfig(...) leaves the limit at 0; anything else is not visible.
		fn := c.m.callee(l)
		if fn == nil || fn.Name() != "DefaultConfig" || fn.Pkg() == nil || trimVendor(fn.Pkg().Path()) != bigcache {
			return SettingUnknown, ""
		}
		text = "bigcache.DefaultConfig, which leaves HardMaxCacheSize at 0"
	default:
		return SettingUnknown, ""
	}
	if base != nil && decl != nil && decl.Body != nil {
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignStmt)
			if !ok || len(as.Lhs) != len(as.Rhs) {
				return true
			}
			for i, l := range as.Lhs {
				sel, ok := ast.Unparen(l).(*ast.SelectorExpr)
				if !ok || !containsStr(fields, sel.Sel.Name) {
					continue
				}
				if baseVar(info, sel.X) == base {
					seen(as.Rhs[i])
				}
			}
			return true
		})
	}
	return state, text
}

func isNumeric(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsNumeric != 0
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
