package cacheops

// The module-wide model. go/analysis facts flow from a package's
// dependencies only, and in real applications a cache is an interface
// declared in one package and implemented (Redis, memory, a database) in
// another that its callers never import. The model joins them in three
// steps: phase 1 summarises every package of the module (SummaryAnalyzer:
// the cache operations each method of each named type performs, in terms
// of its parameters); the link (Link) matches every interface of the
// module to the types of the module that implement it, by types, not
// names; phase 2 runs the rules with the linked Module in force
// (UseModule), and a call through an interface method is then the cache
// operation its implementation performs, with that implementation's store
// kind and TTL meaning.
//
// The standalone driver and the language server do all three steps. Drivers
// that see one package at a time (go vet, golangci-lint, nogo) read the
// linked model from the file `cachevet model` writes, named by `model` in
// cachevet.toml.

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// ModuleVersion is the format version of a model file.
const ModuleVersion = 1

// Module is the linked model of a module.
type Module struct {
	Version int `json:"version"`
	// Methods maps an interface method of the module ("example.com/app/store.Cache.Set")
	// to what its implementations do.
	Methods map[string]*LinkedMethod `json:"methods"`
	// Packages lists the packages that declare a linked interface: they
	// and their importers can reach a cache operation.
	Packages []string `json:"packages"`
	pkgs     map[string]bool
}

// LinkedMethod is an interface method with the cache operations of the
// implementation the rules judge it by.
type LinkedMethod struct {
	// Impl is the implementation the operations are taken from: the one
	// that is not test-only, preferring a store that outlives the process
	// (the stricter case for keys); Others are the other implementations.
	Impl   string   `json:"impl"`
	Others []string `json:"others,omitempty"`
	Ops    []OpFact `json:"ops"`
}

// Summary is phase 1's summary of one package: the cache operations of the
// methods of its named types, and its named interfaces.
type Summary struct {
	Pkg   string
	Impls []ImplSummary
	// Ifaces are the package's named interface types.
	Ifaces []*types.TypeName
	// Flows are the conversions of concrete types to interfaces in the
	// package's code.
	Flows []Flow
}

// ImplSummary is a method of a named type that performs cache operations.
type ImplSummary struct {
	Type     *types.TypeName
	Method   string
	Name     string // "redisstore.(*Cache).Set"
	TestOnly bool   // declared in a _test.go file
	Ops      []OpFact
}

// SummaryAnalyzer is phase 1: it summarises a package for the link.
var SummaryAnalyzer = &analysis.Analyzer{
	Name:       "cachesummary",
	Doc:        "summarise a package's cache-performing methods and interfaces for the module-wide model",
	Run:        summarise,
	Requires:   []*analysis.Analyzer{Analyzer},
	ResultType: reflect.TypeOf((*Summary)(nil)),
}

func summarise(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[Analyzer].(*Result)
	m := res.m
	s := &Summary{Pkg: pass.Pkg.Path()}
	if m.dependency {
		return s, nil
	}
	s.Flows = flows(pass)
	scope := pass.Pkg.Scope()
	for _, n := range scope.Names() {
		tn, ok := scope.Lookup(n).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok {
			continue
		}
		if _, ok := named.Underlying().(*types.Interface); ok {
			s.Ifaces = append(s.Ifaces, tn)
			continue
		}
		if m.noOps {
			continue
		}
		for i := 0; i < named.NumMethods(); i++ {
			fn := named.Method(i)
			m.mu.Lock()
			wf := m.wrapperFact(fn)
			m.mu.Unlock()
			if wf == nil || len(wf.Ops) == 0 {
				continue
			}
			test := false
			if f := pass.Fset.File(fn.Pos()); f != nil && strings.HasSuffix(f.Name(), "_test.go") {
				test = true
			}
			s.Impls = append(s.Impls, ImplSummary{Type: tn, Method: fn.Name(), Name: shortName(fn), TestOnly: test, Ops: wf.Ops})
		}
	}
	// Phase 1 has no rules: nothing else reads the model's per-package
	// state, and the checker keeps every result to the end of the phase.
	res.release()
	return s, nil
}

// Link joins the summaries of a module's packages: each interface method
// implemented by a summarised type of the module is linked to the
// operations of its implementation.
func Link(sums []*Summary) *Module {
	mod := &Module{Version: ModuleVersion, Methods: map[string]*LinkedMethod{}}
	byType := map[*types.TypeName][]*ImplSummary{}
	var typesOrder []*types.TypeName
	for _, s := range sums {
		for i := range s.Impls {
			im := &s.Impls[i]
			if byType[im.Type] == nil {
				typesOrder = append(typesOrder, im.Type)
			}
			byType[im.Type] = append(byType[im.Type], im)
		}
	}
	// The types each interface is given, where the module shows any.
	given := map[*types.TypeName]map[*types.TypeName]bool{}
	for _, s := range sums {
		for _, f := range s.Flows {
			if given[f.Iface] == nil {
				given[f.Iface] = map[*types.TypeName]bool{}
			}
			given[f.Iface][f.Impl] = true
		}
	}
	pkgs := map[string]bool{}
	for _, s := range sums {
		for _, it := range s.Ifaces {
			iface := it.Type().Underlying().(*types.Interface)
			if iface.NumMethods() == 0 {
				continue
			}
			found := map[string][]*ImplSummary{}
			for _, tn := range typesOrder {
				if g := given[it]; g != nil && !g[tn] {
					continue // the module never puts a tn in an it
				}
				t := tn.Type()
				if !types.Implements(t, iface) && !types.Implements(types.NewPointer(t), iface) {
					continue
				}
				for _, im := range byType[tn] {
					if !cacheShaped(im.Ops) {
						continue
					}
					if obj, _, _ := types.LookupFieldOrMethod(iface, false, nil, im.Method); obj != nil {
						found[im.Method] = append(found[im.Method], im)
					}
				}
			}
			for meth, impls := range found {
				best := pickImpl(impls)
				lm := &LinkedMethod{Impl: best.Name, Ops: best.Ops}
				for _, o := range impls {
					if o != best {
						lm.Others = append(lm.Others, o.Name)
					}
				}
				sort.Strings(lm.Others)
				mod.Methods[it.Pkg().Path()+"."+it.Name()+"."+meth] = lm
				pkgs[it.Pkg().Path()] = true
			}
		}
	}
	for p := range pkgs {
		mod.Packages = append(mod.Packages, p)
	}
	sort.Strings(mod.Packages)
	return mod
}

// cacheShaped reports whether a method's operations are those of a cache
// API rather than of a component that caches inside: one kind of
// operation, on a key that is one of the method's parameters (with fixed
// text and the implementation's own prefix around it), and for a write, a value the caller passes. A
// repository whose caching decorator reads through (a get and a set on a
// key it computes from several arguments) is not a cache to its callers:
// calls through its interface are reads of the repository.
func cacheShaped(ops []OpFact) bool {
	if len(ops) == 0 {
		return false
	}
	for _, o := range ops {
		if o.Kind != ops[0].Kind {
			return false
		}
		params := 0
		for _, p := range o.Key.Parts {
			if p.Hole && (p.Param > 0 || p.Caller) {
				params++
			}
		}
		switch o.Kind {
		case InvalidateTag, Coalesce:
			continue
		}
		// One parameter in the key; other holes are the implementation's
		// own (a configured prefix, a namespace field).
		if params != 1 {
			return false
		}
		switch o.Kind {
		case Set, Add:
			if o.ValueExact == 0 && len(o.ValueParams) == 0 {
				return false
			}
		case GetOrCreate:
			if o.LoaderParam == 0 {
				return false
			}
		}
	}
	return ops[0].Kind != Coalesce
}

// pickImpl chooses the implementation an interface method is judged by:
// not test-only where one exists, and among those one whose store outlives
// the process (its keys need a version; its zero TTL is the stricter).
func pickImpl(impls []*ImplSummary) *ImplSummary {
	sort.SliceStable(impls, func(i, j int) bool { return impls[i].Name < impls[j].Name })
	score := func(im *ImplSummary) int {
		s := 0
		if !im.TestOnly {
			s += 4
		}
		for _, o := range im.Ops {
			if o.Store == StoreDistributed {
				s += 2
				break
			}
		}
		if s&2 == 0 {
			for _, o := range im.Ops {
				if o.Store == StoreInProcess {
					s++
					break
				}
			}
		}
		return s
	}
	best := impls[0]
	for _, im := range impls[1:] {
		if score(im) > score(best) {
			best = im
		}
	}
	return best
}

// Write writes the model as JSON.
func (mod *Module) Write(path string) error {
	b, err := json.MarshalIndent(mod, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// ReadModule reads a model file `cachevet model` wrote.
func ReadModule(path string) (*Module, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var mod Module
	if err := json.Unmarshal(b, &mod); err != nil {
		return nil, fmt.Errorf("%s: not a cachevet model file: %v", path, err)
	}
	if mod.Version != ModuleVersion {
		return nil, fmt.Errorf("%s: model file version %d, this cachevet reads version %d: run cachevet model again", path, mod.Version, ModuleVersion)
	}
	return &mod, nil
}

func (mod *Module) declares(pkg string) bool {
	if mod == nil {
		return false
	}
	if mod.pkgs == nil {
		set := map[string]bool{}
		for _, p := range mod.Packages {
			set[p] = true
		}
		mod.pkgs = set
	}
	return mod.pkgs[pkg]
}

var (
	activeMu sync.RWMutex
	active   *Module
	//cachevet:ignore cachebound one entry per model file named in a configuration: bounded by the program's configuration files
	files = map[string]*Module{}
)

// UseModule puts a linked model in force for the analyses that follow (nil:
// none); the standalone driver and the language server call it between
// phase 1 and phase 2. It returns the model it replaced.
func UseModule(mod *Module) *Module {
	activeMu.Lock()
	defer activeMu.Unlock()
	old := active
	if mod != nil {
		mod.declares("") // build the package set before it is shared
	}
	active = mod
	return old
}

// module returns the model in force: the one the driver linked, or the
// model file the configuration names.
func (m *model) module() (*Module, error) {
	activeMu.RLock()
	mod := active
	activeMu.RUnlock()
	// A driver's own link wins, unless it linked nothing where a model
	// file is configured: the language server loads one package at a
	// time, and the file has the whole module.
	if m.settings == nil || m.settings.Model == "" || mod != nil && len(mod.Methods) > 0 {
		return mod, nil
	}
	path := m.settings.Model
	activeMu.Lock()
	defer activeMu.Unlock()
	if mod, ok := files[path]; ok {
		return mod, nil
	}
	mod, err := ReadModule(path)
	if err != nil {
		return nil, err
	}
	mod.declares("")
	files[path] = mod
	return mod, nil
}

// linked returns the operations of the implementation of interface method
// fn, when the module model links it.
func (m *model) linked(fn *types.Func) []OpFact {
	if m.mod == nil {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	if _, ok := sig.Recv().Type().Underlying().(*types.Interface); !ok {
		return nil
	}
	lm := m.mod.Methods[funcName(fn)]
	if lm == nil {
		return nil
	}
	ops := make([]OpFact, len(lm.Ops))
	for i, o := range lm.Ops {
		o.Via = append([]string{lm.Impl}, o.Via...)
		o.Key.Parts = append([]Part(nil), o.Key.Parts...)
		for j := range o.Key.Parts {
			if p := &o.Key.Parts[j]; p.Hole && p.Param == 0 && !p.Caller {
				p.Impl = true // the implementation's own prefix
			}
		}
		ops[i] = o
	}
	return ops
}

// Flow is a concrete type converted to a named interface somewhere in a
// package (an assignment, a return, an argument, a field of a composite
// literal): the values an interface holds are of those types. Go's
// interfaces are structural, so a type that merely has the methods does
// not make it an implementation the program uses.
type Flow struct {
	Iface, Impl *types.TypeName
}

// flows finds the conversions of concrete named types to named interfaces
// in the package's code.
func flows(pass *analysis.Pass) []Flow {
	info := pass.TypesInfo
	seen := map[Flow]bool{}
	var out []Flow
	record := func(target types.Type, src ast.Expr) {
		if target == nil || src == nil {
			return
		}
		in, ok := types.Unalias(target).(*types.Named)
		if !ok {
			return
		}
		if _, ok := in.Underlying().(*types.Interface); !ok || in.Obj().Pkg() == nil || isStd(in.Obj().Pkg().Path()) {
			return
		}
		st := info.TypeOf(src)
		if st == nil {
			return
		}
		if p, ok := st.(*types.Pointer); ok {
			st = p.Elem()
		}
		sn, ok := types.Unalias(st).(*types.Named)
		if !ok {
			return
		}
		if _, ok := sn.Underlying().(*types.Interface); ok {
			return
		}
		f := Flow{Iface: in.Origin().Obj(), Impl: sn.Origin().Obj()}
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	var results []*types.Tuple
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body == nil {
				return false
			}
			if fn, ok := info.Defs[n.Name].(*types.Func); ok {
				results = append(results, fn.Type().(*types.Signature).Results())
				ast.Inspect(n.Body, visit)
				results = results[:len(results)-1]
			}
			return false
		case *ast.FuncLit:
			if sig, ok := info.TypeOf(n).(*types.Signature); ok {
				results = append(results, sig.Results())
				ast.Inspect(n.Body, visit)
				results = results[:len(results)-1]
			}
			return false
		case *ast.ReturnStmt:
			if len(results) > 0 {
				if res := results[len(results)-1]; res.Len() == len(n.Results) {
					for i, r := range n.Results {
						record(res.At(i).Type(), r)
					}
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i := range n.Lhs {
					record(info.TypeOf(n.Lhs[i]), n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if n.Type != nil && len(n.Values) == len(n.Names) {
				for _, v := range n.Values {
					record(info.TypeOf(n.Type), v)
				}
			}
		case *ast.CallExpr:
			if tv, ok := info.Types[n.Fun]; ok && tv.IsType() {
				if len(n.Args) == 1 {
					record(tv.Type, n.Args[0])
				}
				return true
			}
			sig, ok := info.TypeOf(n.Fun).Underlying().(*types.Signature)
			if !ok {
				return true
			}
			for i, a := range n.Args {
				var pt types.Type
				switch {
				case sig.Variadic() && i >= sig.Params().Len()-1:
					if s, ok := sig.Params().At(sig.Params().Len() - 1).Type().(*types.Slice); ok && !n.Ellipsis.IsValid() {
						pt = s.Elem()
					}
				case i < sig.Params().Len():
					pt = sig.Params().At(i).Type()
				}
				record(pt, a)
			}
		case *ast.CompositeLit:
			t := info.TypeOf(n)
			if t == nil {
				return true
			}
			switch u := t.Underlying().(type) {
			case *types.Struct:
				for i, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok {
							for j := 0; j < u.NumFields(); j++ {
								if u.Field(j).Name() == id.Name {
									record(u.Field(j).Type(), kv.Value)
								}
							}
						}
					} else if i < u.NumFields() {
						record(u.Field(i).Type(), el)
					}
				}
			case *types.Slice:
				for _, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						el = kv.Value
					}
					record(u.Elem(), el)
				}
			case *types.Map:
				for _, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						record(u.Elem(), kv.Value)
					}
				}
			}
		}
		return true
	}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			ast.Inspect(d, visit)
		}
	}
	return out
}
