package cacheentity

import (
	"flag"
	"fmt"
	"go/ast"
	"go/types"
	"path"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/internal/diag"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// Analyzer is the cacheentity rule.
var Analyzer = &analysis.Analyzer{
	Name:     "cacheentity",
	Doc:      Doc,
	URL:      "https://github.com/cachevet/cachevet/blob/main/rules.md#cacheentity",
	Requires: []*analysis.Analyzer{cacheops.Analyzer},
	Run:      run,
	Flags:    flags(),
}

var (
	packagesFlag string
	typesFlag    string
	allowFlag    string
	embedsFlag   string
)

func flags() flag.FlagSet {
	var fs flag.FlagSet
	fs.StringVar(&packagesFlag, "packages", "", "comma-separated package patterns whose every struct type is an entity: a path element glob (model) or a path glob (example.com/app/*/store); packages named domain, entity, entities, aggregate or aggregates always count for aggregate-shaped structs")
	fs.StringVar(&typesFlag, "types", "", "comma-separated type patterns that are entities: pkg/path.Type globs, or a bare type-name glob (*Aggregate)")
	fs.StringVar(&allowFlag, "allow", "", "comma-separated type patterns that are read models and never reported (same syntax as -types)")
	fs.StringVar(&embedsFlag, "embeds", "", "comma-separated types whose embedding makes a struct an ORM entity (pkg/path.Type), added to gorm.io/gorm.Model and github.com/uptrace/bun.BaseModel")
	return fs
}

// DefaultPackages name the packages whose structs are domain types.
var DefaultPackages = []string{"domain", "entity", "entities", "aggregate", "aggregates"}

// DefaultEmbeds are the ORM base types: a struct that embeds one is mapped.
var DefaultEmbeds = map[string]string{
	"gorm.io/gorm.Model":                "a GORM model (embeds gorm.Model)",
	"github.com/jinzhu/gorm.Model":      "a GORM model (embeds gorm.Model)",
	"github.com/uptrace/bun.BaseModel":  "a bun model (embeds bun.BaseModel)",
	"github.com/go-pg/pg/v10/orm.Model": "a go-pg model",
}

// readModelWords end the names of types that are read models wherever they
// are declared.
var readModelWords = map[string]bool{"dto": true, "view": true, "projection": true, "summary": true, "response": true, "snapshot": true, "readmodel": true, "payload": true, "preview": true}

type options struct {
	packages []string
	types    []string
	allow    []string
	embeds   []string
}

var settingsKeys = []string{"packages", "types", "allow", "embeds"}

func init() {
	config.RegisterCheck("cacheentity", func(s *config.Settings) error {
		_, err := readOptions(s)
		return err
	})
}

func readOptions(s *config.Settings) (*options, error) {
	o := &options{}
	sec := s.Rules["cacheentity"]
	keys := make([]string, 0, len(sec))
	for k := range sec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	where := ""
	if s.File != "" {
		where = s.File + ": "
	}
	for _, k := range keys {
		list, err := config.StringList(sec[k])
		if err != nil {
			return nil, fmt.Errorf("%srules.cacheentity.%s: %v", where, k, err)
		}
		switch k {
		case "packages":
			o.packages = append(o.packages, list...)
		case "types":
			o.types = append(o.types, list...)
		case "allow":
			o.allow = append(o.allow, list...)
		case "embeds":
			o.embeds = append(o.embeds, list...)
		default:
			return nil, fmt.Errorf("%srules.cacheentity: unknown key %q (known: %s)", where, k, strings.Join(settingsKeys, ", "))
		}
	}
	o.packages = append(o.packages, config.SplitList(packagesFlag)...)
	o.types = append(o.types, config.SplitList(typesFlag)...)
	o.allow = append(o.allow, config.SplitList(allowFlag)...)
	o.embeds = append(o.embeds, config.SplitList(embedsFlag)...)
	for _, p := range [][]string{o.packages, o.types, o.allow, o.embeds} {
		for _, pat := range p {
			if _, err := path.Match(pat, ""); err != nil {
				return nil, fmt.Errorf("%scacheentity: bad pattern %q: %v", where, pat, err)
			}
		}
	}
	return o, nil
}

type checker struct {
	pass *analysis.Pass
	res  *cacheops.Result
	opts *options
	r    *diag.Reporter
	memo map[*types.Named]string
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[cacheops.Analyzer].(*cacheops.Result)
	opts, err := readOptions(res.Settings())
	if err != nil {
		return nil, err
	}
	c := &checker{pass: pass, res: res, opts: opts, r: diag.New(pass, "cacheentity"), memo: map[*types.Named]string{}}
	for _, op := range res.Ops {
		if op.Kind.Writes() {
			c.checkOp(op)
		}
	}
	return nil, nil
}

// finding is an entity found in a cached value.
type finding struct {
	node   ast.Node
	value  string // the value as written
	typ    types.Type
	why    string
	viaSer string // the serialiser when the value is its output
}

func (c *checker) checkOp(op *cacheops.Op) {
	var f *finding
	if op.Value != nil && !c.wrapperTakesEntity(op, valueExact(op)) {
		f = c.value(op.Decl, op.Value)
	}
	if f == nil && op.Wrapped && op.Value == nil && op.Fact != nil {
		// A wrapper that serialises its value parameter (SetJSON(ctx, key, v, ttl)):
		// the caller's argument is what gets cached.
		for _, p := range op.Fact.ValueParams {
			if f != nil {
				break
			}
			if a := argAt(op.Call, p); a != nil && c.paramIsGeneric(op, p) {
				f = c.value(op.Decl, a)
			}
		}
	}
	if f == nil && op.Loader != nil && !c.wrapperTakesEntity(op, loaderParam(op)) {
		f = c.loader(op.Decl, op.Loader)
	}
	if f == nil && op.Kind == cacheops.GetOrCreate && op.Loader != nil {
		// typed get-or-create: the result type is the cached type.
		if t := resultType(c.pass.TypesInfo.TypeOf(op.Call)); t != nil && !c.wrapperResultIsEntity(op) {
			if why := c.entity(t, 0); why != "" {
				f = &finding{node: op.Loader, value: "the loaded value", typ: t, why: why}
			}
		}
	}
	if f == nil {
		return
	}
	c.report(op, f)
}

func (c *checker) report(op *cacheops.Op, f *finding) {
	t := types.TypeString(f.typ, func(p *types.Package) string { return p.Name() })
	what := fmt.Sprintf("%s (%s)", f.value, t)
	if f.viaSer != "" {
		what = fmt.Sprintf("%s (%s of %s)", f.value, f.viaSer, t)
	}
	var why string
	switch {
	case strings.Contains(f.why, "GORM") || strings.Contains(f.why, "bun") || strings.Contains(f.why, "go-pg") || strings.HasPrefix(f.why, "an ORM"):
		why = "a cached row carries ORM state (soft-delete markers, loaded associations) to every reader and changes shape with every migration"
	case strings.Contains(f.why, "ent entity"):
		why = "a cached ent entity carries its client config and loaded edges and changes shape with every schema change"
	default:
		why = "a cached aggregate shares a write model's state and invariants with every reader and changes shape with the domain model"
	}
	msg := fmt.Sprintf("%s caches %s, %s: %s; cache a read model (a DTO or projection with the fields readers need) instead",
		op.Name(), what, f.why, why)
	c.r.Report(f.node, msg)
}

// value checks a cached value expression: its type, or, for bytes and
// strings, the value a serialiser was given.
func (c *checker) value(decl *ast.FuncDecl, x ast.Expr) *finding {
	info := c.pass.TypesInfo
	t := info.TypeOf(x)
	if t == nil {
		return nil
	}
	if why := c.entity(t, 0); why != "" {
		return &finding{node: x, value: shorten(types.ExprString(x)), typ: t, why: why}
	}
	if ser, arg := c.serialised(decl, x, 0); arg != nil {
		at := info.TypeOf(arg)
		if at == nil {
			return nil
		}
		if why := c.entity(at, 0); why != "" {
			return &finding{node: x, value: shorten(types.ExprString(x)), typ: at, why: why, viaSer: ser}
		}
	}
	return nil
}

// serialised follows a []byte or string value back to the serialiser call
// that produced it (json.Marshal(v), msgpack.Marshal(v), proto.Marshal(v),
// codec.Marshal(v)), through conversions and locals assigned once.
func (c *checker) serialised(decl *ast.FuncDecl, x ast.Expr, depth int) (string, ast.Expr) {
	if depth > 8 {
		return "", nil
	}
	info := c.pass.TypesInfo
	switch y := ast.Unparen(x).(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(y).(*types.Var)
		if !ok {
			return "", nil
		}
		ds := c.res.LocalDefs(decl, v)
		if len(ds) != 1 || ds[0].Index > 0 {
			return "", nil
		}
		return c.serialised(decl, ds[0].Expr, depth+1)
	case *ast.CallExpr:
		if tv, ok := info.Types[y.Fun]; ok && tv.IsType() && len(y.Args) == 1 {
			return c.serialised(decl, y.Args[0], depth+1)
		}
		fn, _ := typeutil.Callee(info, y).(*types.Func)
		if fn == nil || len(y.Args) == 0 {
			return "", nil
		}
		if strings.HasPrefix(fn.Name(), "Marshal") && isBytesOrString(resultType(info.TypeOf(y))) {
			name := fn.Name()
			if fn.Pkg() != nil {
				name = fn.Pkg().Name() + "." + name
			}
			return name, y.Args[0]
		}
	}
	return "", nil
}

// loader checks a loader: its result type, or the values a literal loader
// returns when its declared result is an interface.
func (c *checker) loader(decl *ast.FuncDecl, x ast.Expr) *finding {
	info := c.pass.TypesInfo
	t := info.TypeOf(x)
	if t == nil {
		return nil
	}
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Results().Len() == 0 {
		return nil
	}
	rt := sig.Results().At(0).Type()
	if why := c.entity(rt, 0); why != "" {
		return &finding{node: x, value: "the loader's result", typ: rt, why: why}
	}
	if !types.IsInterface(rt) {
		return nil
	}
	lit, _ := ast.Unparen(x).(*ast.FuncLit)
	if id, ok := ast.Unparen(x).(*ast.Ident); ok && lit == nil {
		if v, ok := info.ObjectOf(id).(*types.Var); ok {
			if ds := c.res.LocalDefs(decl, v); len(ds) == 1 && ds[0].Index < 0 {
				lit, _ = ast.Unparen(ds[0].Expr).(*ast.FuncLit)
			}
		}
	}
	if lit == nil || lit.Body == nil {
		return nil
	}
	var f *finding
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		if f != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) > 0 {
				if v := c.value(decl, n.Results[0]); v != nil {
					v.value = "the loader's result " + v.value
					f = v
				}
			}
		}
		return true
	})
	return f
}

// entity explains why t is (or holds) an entity, or returns "".
func (c *checker) entity(t types.Type, depth int) string {
	if t == nil || depth > 6 {
		return ""
	}
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		return c.entity(u.Elem(), depth+1)
	case *types.Slice:
		return c.entity(u.Elem(), depth+1)
	case *types.Array:
		return c.entity(u.Elem(), depth+1)
	case *types.Map:
		return c.entity(u.Elem(), depth+1)
	case *types.Named:
		return c.named(u, depth)
	}
	return ""
}

func (c *checker) named(n *types.Named, depth int) string {
	if why, ok := c.memo[n]; ok {
		return why
	}
	c.memo[n] = "" // cycles
	why := c.namedUncached(n, depth)
	c.memo[n] = why
	return why
}

func (c *checker) namedUncached(n *types.Named, depth int) string {
	obj := n.Obj()
	if obj.Pkg() == nil {
		return ""
	}
	qual := obj.Pkg().Path() + "." + obj.Name()
	if c.matches(c.opts.allow, obj) {
		return ""
	}
	// Generic containers: Page[domain.Order].
	if args := n.TypeArgs(); args != nil {
		for i := 0; i < args.Len(); i++ {
			if why := c.entity(args.At(i), depth+1); why != "" {
				return why
			}
		}
	}
	if c.matches(c.opts.types, obj) {
		return fmt.Sprintf("an entity type (matches the configured types, %s)", qual)
	}
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		// type Orders []*domain.Order
		switch n.Underlying().(type) {
		case *types.Slice, *types.Map, *types.Array, *types.Pointer:
			return c.entity(n.Underlying(), depth+1)
		}
		return ""
	}
	if why := c.embedsORM(st, 0); why != "" {
		return why
	}
	if isEnt(st) {
		return "an ent entity"
	}
	if readModelName(obj.Name()) {
		return ""
	}
	if c.matchPackage(c.opts.packages, obj.Pkg().Path()) {
		return fmt.Sprintf("a domain type (package %s)", obj.Pkg().Path())
	}
	if c.matchPackage(DefaultPackages, obj.Pkg().Path()) {
		if why := aggregateShape(n, st); why != "" {
			return fmt.Sprintf("a domain aggregate (package %s, %s)", obj.Pkg().Path(), why)
		}
	}
	return ""
}

// aggregateShape tells an aggregate from a plain record in a domain
// package: an aggregate hides state (unexported fields, which a JSON cache
// silently drops) or has command methods that change it. Anemic structs
// used as records everywhere are left alone.
func aggregateShape(n *types.Named, st *types.Struct) string {
	for i := 0; i < st.NumFields(); i++ {
		if f := st.Field(i); !f.Exported() && !f.Embedded() {
			return "unexported state " + f.Name()
		}
	}
	for i := 0; i < n.NumMethods(); i++ {
		m := n.Method(i)
		sig, ok := m.Type().(*types.Signature)
		if !ok || sig.Recv() == nil {
			continue
		}
		if _, ptr := sig.Recv().Type().(*types.Pointer); !ptr || queryMethod(m.Name()) {
			continue
		}
		return "command method " + m.Name()
	}
	return ""
}

// queryMethod reports whether a method name reads rather than changes:
// getters, predicates, conversions and codec hooks.
func queryMethod(name string) bool {
	w := identity.Split(name)
	if len(w) == 0 {
		return true
	}
	switch w[0] {
	case "get", "is", "has", "can", "to", "as", "string", "marshal", "unmarshal", "validate", "scan", "value", "equal", "equals", "clone", "copy", "len", "format", "gorm", "table", "before", "after", "summary", "view", "dto", "total", "count", "find", "lookup", "contains", "compare", "hash", "key", "id":
		return true
	}
	return false
}

// embedsORM looks for an ORM base type among the embedded fields.
func (c *checker) embedsORM(st *types.Struct, depth int) string {
	if depth > 3 {
		return ""
	}
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if !f.Embedded() {
			continue
		}
		t := f.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || n.Obj().Pkg() == nil {
			continue
		}
		q := trimVendor(n.Obj().Pkg().Path()) + "." + n.Obj().Name()
		if why, ok := DefaultEmbeds[q]; ok {
			return why
		}
		for _, pat := range c.opts.embeds {
			if ok, _ := path.Match(pat, q); ok {
				return fmt.Sprintf("an ORM entity (embeds %s)", n.Obj().Pkg().Name()+"."+n.Obj().Name())
			}
		}
		if inner, ok := n.Underlying().(*types.Struct); ok {
			if why := c.embedsORM(inner, depth+1); why != "" {
				return why
			}
		}
	}
	return ""
}

// isEnt recognises an ent-generated entity: it embeds the generated client
// config (an unexported struct named config) and has an Edges field.
func isEnt(st *types.Struct) bool {
	hasConfig, hasEdges := false, false
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if f.Embedded() && f.Name() == "config" {
			hasConfig = true
		}
		if f.Name() == "Edges" {
			if n, ok := types.Unalias(f.Type()).(*types.Named); ok && strings.HasSuffix(n.Obj().Name(), "Edges") {
				hasEdges = true
			}
		}
	}
	return hasConfig && hasEdges
}

func (c *checker) matchPackage(pats []string, p string) bool {
	p = trimVendor(p)
	elems := strings.Split(p, "/")
	for _, pat := range pats {
		if strings.Contains(pat, "/") {
			if ok, _ := path.Match(pat, p); ok {
				return true
			}
			continue
		}
		for _, e := range elems {
			if ok, _ := path.Match(pat, e); ok {
				return true
			}
		}
	}
	return false
}

// matches reports whether a type matches one of the type patterns:
// "pkg/path.Type" globs, or bare type-name globs.
func (c *checker) matches(pats []string, obj *types.TypeName) bool {
	q := trimVendor(obj.Pkg().Path()) + "." + obj.Name()
	for _, pat := range pats {
		target := q
		if !strings.Contains(pat, ".") && !strings.Contains(pat, "/") {
			target = obj.Name()
		}
		if ok, _ := path.Match(pat, target); ok {
			return true
		}
	}
	return false
}

// readModelName reports whether a type's name says it is a read model:
// CourseDTO, OrderView, OrderSummary, ProfileResponse, CartReadModel.
func readModelName(name string) bool {
	w := identity.Split(name)
	if len(w) == 0 {
		return false
	}
	last := w[len(w)-1]
	if readModelWords[last] {
		return true
	}
	if len(w) >= 2 && last == "model" && (w[len(w)-2] == "read" || w[len(w)-2] == "view") {
		return true
	}
	return false
}

// wrapperTakesEntity reports whether op is a call of a wrapper whose
// parameter (1-based p) is declared as an entity: the wrapper itself chose
// to cache the entity, and is reported where it does.
func (c *checker) wrapperTakesEntity(op *cacheops.Op, p int) bool {
	if !op.Wrapped || p <= 0 {
		return false
	}
	pt := c.paramType(op, p-1)
	return pt != nil && c.entity(pt, 0) != ""
}

func (c *checker) wrapperResultIsEntity(op *cacheops.Op) bool {
	if !op.Wrapped {
		return false
	}
	fn := c.res.Callee(op.Call)
	if fn == nil {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() == 0 {
		return false
	}
	return c.entity(sig.Results().At(0).Type(), 0) != ""
}

// paramIsGeneric reports whether the wrapper's parameter i (0-based) is an
// interface or a type parameter: its callers decide what is cached.
func (c *checker) paramIsGeneric(op *cacheops.Op, i int) bool {
	pt := c.paramType(op, i)
	if pt == nil {
		return false
	}
	if _, ok := pt.(*types.TypeParam); ok {
		return true
	}
	return types.IsInterface(pt)
}

func (c *checker) paramType(op *cacheops.Op, i int) types.Type {
	fn := c.res.Callee(op.Call)
	if fn == nil {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || i < 0 || sig.Params().Len() == 0 {
		return nil
	}
	if i >= sig.Params().Len() {
		if !sig.Variadic() {
			return nil
		}
		i = sig.Params().Len() - 1
	}
	t := sig.Params().At(i).Type()
	if sig.Variadic() && i == sig.Params().Len()-1 {
		if s, ok := t.(*types.Slice); ok {
			t = s.Elem()
		}
	}
	return t
}

func valueExact(op *cacheops.Op) int {
	if op.Fact == nil {
		return 0
	}
	return op.Fact.ValueExact
}

func loaderParam(op *cacheops.Op) int {
	if op.Fact == nil {
		return 0
	}
	return op.Fact.LoaderParam
}

func argAt(call *ast.CallExpr, i int) ast.Expr {
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

func resultType(t types.Type) types.Type {
	if tup, ok := t.(*types.Tuple); ok {
		if tup.Len() == 0 {
			return nil
		}
		return tup.At(0).Type()
	}
	return t
}

func isBytesOrString(t types.Type) bool {
	if t == nil {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
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
