package cachenil

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"
)

// buildSSA builds the SSA form of the package's source functions, as the
// buildssa pass does (the same functions in source order). It is done
// here, only for the packages the rule analyses, rather than by requiring
// buildssa: the checker runs a fact-exporting analyzer's requirements on
// every dependency, so buildssa (and the ctrlflow and inspect passes it
// requires) ran on every standard library package the program imports,
// which cost more than loading and type-checking the whole program (see
// docs/performance.md). Which calls never return comes from noReturn.
//
// Only the function declarations in keep get their bodies (see needed);
// the others are given to the builder without, as declarations.
func buildSSA(pass *analysis.Pass, nr *noReturnState, keep map[*ast.FuncDecl]bool) []*ssa.Function {
	// BareInits: the synthetic package initializer does not call the
	// imports' initializers, so only the imports whose package-level
	// functions or variables the code refers to need creating, and of
	// each only those members (see createImport).
	prog := ssa.NewProgram(pass.Fset, ssa.BareInits)
	prog.SetNoReturn(nr.is)
	for _, imp := range referencedImports(pass) {
		createImport(prog, imp.pkg, imp.objs)
	}
	pkg := prog.CreatePackage(pass.Pkg, withBodies(pass.Files, keep), pass.TypesInfo, false)
	pkg.Build()

	var funcs []*ssa.Function
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			d, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[d.Name].(*types.Func)
			if !ok {
				continue
			}
			if f := prog.FuncValue(fn); f != nil {
				add(f)
			}
		}
	}
	return funcs
}

// withBodies returns the files with the bodies of the function
// declarations not in keep left out: shallow copies, so the syntax trees
// are shared and positions and type information stay valid. The builder
// builds a function declared without a body with its parameters only.
func withBodies(files []*ast.File, keep map[*ast.FuncDecl]bool) []*ast.File {
	out := make([]*ast.File, len(files))
	for i, f := range files {
		var decls []ast.Decl
		for j, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || keep[fd] {
				continue
			}
			if decls == nil {
				decls = slices.Clone(f.Decls)
			}
			bare := *fd
			bare.Body = nil
			decls[j] = &bare
		}
		if decls == nil {
			out[i] = f
			continue
		}
		cp := *f
		cp.Decls = decls
		out[i] = &cp
	}
	return out
}

// anImport is an imported package and the package-level functions and
// variables of it that the analysed package uses.
type anImport struct {
	pkg  *types.Package
	objs []types.Object
}

// referencedImports lists the imports that declare a package-level
// function or variable that the package's code uses, with those objects:
// the builder looks them up among the created packages (methods it
// creates on demand; constants and types it takes from the type
// information).
func referencedImports(pass *analysis.Pass) []anImport {
	need := map[*types.Package]map[types.Object]bool{}
	for _, obj := range pass.TypesInfo.Uses {
		p := obj.Pkg()
		if p == nil || p == pass.Pkg {
			continue
		}
		switch obj := obj.(type) {
		case *types.Func:
			if sig, ok := obj.Type().(*types.Signature); !ok || sig.Recv() != nil {
				continue
			}
		case *types.Var:
			if obj.Parent() != p.Scope() {
				continue
			}
		default:
			continue
		}
		if need[p] == nil {
			need[p] = map[types.Object]bool{}
		}
		need[p][obj] = true
	}
	var pkgs []*types.Package
	for _, p := range pass.Pkg.Imports() {
		if need[p] != nil {
			pkgs = append(pkgs, p)
		}
	}
	// Packages used but not imported directly (none in type-checked
	// code; kept for safety), in a stable order.
	var rest []*types.Package
	for p := range need {
		if !slices.Contains(pkgs, p) {
			rest = append(rest, p)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].Path() < rest[j].Path() })
	pkgs = append(pkgs, rest...)
	out := make([]anImport, 0, len(pkgs))
	for _, p := range pkgs {
		objs := make([]types.Object, 0, len(need[p]))
		for o := range need[p] {
			objs = append(objs, o)
		}
		sort.Slice(objs, func(i, j int) bool { return objs[i].Name() < objs[j].Name() })
		out = append(out, anImport{p, objs})
	}
	return out
}

// createImport creates the SSA package of an import with members for the
// given objects only. Creating it from its type information would make a
// member for every object and method it declares, which was most of the
// cost of building SSA (net/http has hundreds). The package is created
// from declarations without bodies that stand for those objects: the
// builder needs the members (to refer to them), never their code, and a
// function declared without a body is built, like one from type
// information, with its parameters only.
func createImport(prog *ssa.Program, p *types.Package, objs []types.Object) {
	info := &types.Info{Defs: make(map[*ast.Ident]types.Object, len(objs))}
	f := &ast.File{Name: ast.NewIdent(p.Name())}
	var vars []ast.Spec
	for _, obj := range objs {
		id := ast.NewIdent(obj.Name())
		info.Defs[id] = obj
		switch obj.(type) {
		case *types.Func:
			f.Decls = append(f.Decls, &ast.FuncDecl{Name: id, Type: &ast.FuncType{Params: &ast.FieldList{}}})
		case *types.Var:
			vars = append(vars, &ast.ValueSpec{Names: []*ast.Ident{id}})
		}
	}
	if len(vars) > 0 {
		f.Decls = append(f.Decls, &ast.GenDecl{Tok: token.VAR, Specs: vars})
	}
	prog.CreatePackage(p, []*ast.File{f}, info, true)
}

// noReturnFact marks a function that never returns (it always ends in
// os.Exit, log.Fatal, panic or another such function), for callers in
// other packages.
type noReturnFact struct{}

func (*noReturnFact) AFact()         {}
func (*noReturnFact) String() string { return "noreturn" }

// stdNoReturn are the functions of the standard library (and of common
// loggers) that never return.
var stdNoReturn = map[string]bool{
	"os.Exit": true, "syscall.Exit": true, "runtime.Goexit": true,
	"log.Fatal": true, "log.Fatalf": true, "log.Fatalln": true,
	"log.Panic": true, "log.Panicf": true, "log.Panicln": true,
	"log.Logger.Fatal": true, "log.Logger.Fatalf": true, "log.Logger.Fatalln": true,
	"log.Logger.Panic": true, "log.Logger.Panicf": true, "log.Logger.Panicln": true,
	"testing.common.FailNow": true, "testing.common.Fatal": true, "testing.common.Fatalf": true,
	"testing.common.SkipNow": true, "testing.common.Skip": true, "testing.common.Skipf": true,
	"go.uber.org/zap.Logger.Fatal": true, "go.uber.org/zap.Logger.Panic": true,
	"go.uber.org/zap.SugaredLogger.Fatal": true, "go.uber.org/zap.SugaredLogger.Fatalf": true, "go.uber.org/zap.SugaredLogger.Fatalw": true,
	"github.com/sirupsen/logrus.Fatal": true, "github.com/sirupsen/logrus.Fatalf": true,
	"github.com/sirupsen/logrus.Logger.Fatal": true, "github.com/sirupsen/logrus.Logger.Fatalf": true,
	"github.com/sirupsen/logrus.Entry.Fatal": true, "github.com/sirupsen/logrus.Entry.Fatalf": true,
}

// noReturnState knows which functions never return, for one package: its
// own (found by noReturnFuncs), the standard library's (a list) and other
// packages' (by fact). It replaces the ctrlflow pass's facts.
type noReturnState struct {
	pass  *analysis.Pass
	local map[*types.Func]bool
}

// noReturnName is "pkg/path.Func" or "pkg/path.Type.Method".
func noReturnName(fn *types.Func) string {
	if fn.Pkg() == nil {
		return fn.Name()
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return fn.Pkg().Path() + "." + n.Obj().Name() + "." + fn.Name()
		}
		return ""
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

func (s *noReturnState) is(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	fn = fn.Origin()
	if stdNoReturn[noReturnName(fn)] {
		return true
	}
	if fn.Pkg() == s.pass.Pkg {
		return s.local[fn]
	}
	return fn.Pkg() != nil && s.pass.ImportObjectFact(fn, new(noReturnFact))
}

// noReturnFuncs finds the package's functions that never return: no return
// statement, and a last statement that is a call of a function that never
// returns (or panic), to a fixed point within the package. It exports a
// fact for each.
func noReturnFuncs(pass *analysis.Pass) *noReturnState {
	s := &noReturnState{pass: pass, local: map[*types.Func]bool{}}
	type cand struct {
		fn   *types.Func
		last *ast.CallExpr
	}
	var cands []cand
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || len(fd.Body.List) == 0 {
				continue
			}
			fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			es, ok := fd.Body.List[len(fd.Body.List)-1].(*ast.ExprStmt)
			if !ok {
				continue
			}
			call, ok := ast.Unparen(es.X).(*ast.CallExpr)
			if !ok || hasReturn(fd.Body) {
				continue
			}
			cands = append(cands, cand{fn, call})
		}
	}
	for changed := true; changed; {
		changed = false
		for _, c := range cands {
			if s.local[c.fn] {
				continue
			}
			if isPanic(pass, c.last) || s.is(typeutilCallee(pass, c.last)) {
				s.local[c.fn] = true
				changed = true
			}
		}
	}
	for _, c := range cands {
		if s.local[c.fn] {
			pass.ExportObjectFact(c.fn, &noReturnFact{})
		}
	}
	return s
}

func hasReturn(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ReturnStmt:
			found = true
		case *ast.FuncLit:
			return false
		}
		return !found
	})
	return found
}

func isPanic(pass *analysis.Pass, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := pass.TypesInfo.Uses[id].(*types.Builtin)
	return ok && b.Name() == "panic"
}

// typeutilCallee is the function or method a call statically calls.
func typeutilCallee(pass *analysis.Pass, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
	return fn
}
