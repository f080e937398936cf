package cacheops

import (
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// The fuzz targets type-check small generated packages against the
// standard library (export data) and the go-redis stub of testdata.

var (
	fuzzOnce sync.Once
	fuzzImp  types.Importer
	fuzzErr  error
)

type stubImporter struct {
	std   types.Importer
	fset  *token.FileSet
	stubs map[string]*types.Package
}

func (s *stubImporter) Import(path string) (*types.Package, error) {
	if p, ok := s.stubs[path]; ok {
		return p, nil
	}
	return s.std.Import(path)
}

func fuzzImporter(t testing.TB) types.Importer {
	fuzzOnce.Do(func() {
		fset := token.NewFileSet()
		imp := &stubImporter{std: importer.Default(), fset: fset, stubs: map[string]*types.Package{}}
		const redis = "github.com/redis/go-redis/v9"
		src, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "src", filepath.FromSlash(redis), "redis.go"))
		if err != nil {
			fuzzErr = err
			return
		}
		f, err := parser.ParseFile(fset, "redis.go", src, 0)
		if err != nil {
			fuzzErr = err
			return
		}
		p, err := (&types.Config{Importer: imp}).Check(redis, fset, []*ast.File{f}, nil)
		if err != nil {
			fuzzErr = err
			return
		}
		imp.stubs[redis] = p
		fuzzImp = imp
	})
	if fuzzErr != nil {
		t.Fatal(fuzzErr)
	}
	return fuzzImp
}

// analyzeSource type-checks src as package example.com/p and runs the
// model on it; ok is false when src does not type-check.
func analyzeSource(t testing.TB, src string) (res *Result, pass *analysis.Pass, ok bool) {
	imp := fuzzImporter(t)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "/nonexistent/p/p.go", src, parser.ParseComments)
	if err != nil {
		return nil, nil, false
	}
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		Scopes:       map[ast.Node]*types.Scope{},
		Instances:    map[*ast.Ident]types.Instance{},
		FileVersions: map[*ast.File]string{},
	}
	pkg, err := (&types.Config{Importer: imp}).Check("example.com/p", fset, []*ast.File{f}, info)
	if err != nil {
		return nil, nil, false
	}
	pass = &analysis.Pass{
		Analyzer:          Analyzer,
		Fset:              fset,
		Files:             []*ast.File{f},
		Pkg:               pkg,
		TypesInfo:         info,
		TypesSizes:        types.SizesFor("gc", "amd64"),
		ResultOf:          map[*analysis.Analyzer]any{},
		Report:            func(analysis.Diagnostic) {},
		ImportObjectFact:  func(types.Object, analysis.Fact) bool { return false },
		ExportObjectFact:  func(types.Object, analysis.Fact) {},
		ImportPackageFact: func(*types.Package, analysis.Fact) bool { return false },
		ExportPackageFact: func(analysis.Fact) {},
		AllObjectFacts:    func() []analysis.ObjectFact { return nil },
		AllPackageFacts:   func() []analysis.PackageFact { return nil },
		ReadFile:          os.ReadFile,
	}
	r, err := Analyzer.Run(pass)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return r.(*Result), pass, true
}

const keyProgram = `package p

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

var _, _, _ = fmt.Sprint, strconv.Itoa, strings.Join

type Key struct{ Org, ID string }

func (k Key) String() string { return k.Org + ":" + k.ID }

func build(orgID string, parts ...string) string {
	return "x:" + orgID + ":" + strings.Join(parts, ":")
}

func userID(ctx context.Context) string { s, _ := ctx.Value("user").(string); return s }

func f(ctx context.Context, rdb *redis.Client, orgID, email string, n int, id int64, k Key, parts []string) {
	key := KEY
	rdb.Set(ctx, key, orgID+email, time.Minute)
}
`

// FuzzKeyTemplate evaluates generated key expressions: any expression
// that type-checks as a key is evaluated without panicking, gives exactly
// one Set whose template renders, and a constant key gives a literal
// template with the constant's text.
//
//	go test ./analyzers/internal/cacheops -run '^$' -fuzz FuzzKeyTemplate -fuzztime 30s
func FuzzKeyTemplate(f *testing.F) {
	for _, s := range []string{
		`"courses:all"`,
		`"org:" + orgID + ":user:" + userID(ctx)`,
		`fmt.Sprintf("org:%s:course:%d:v%d", orgID, id, 2)`,
		`fmt.Sprintf("%[2]s:%[1]s:%%:%v", orgID, email, k)`,
		`fmt.Sprintf("%s")`,
		`fmt.Sprintf(orgID)`,
		`strings.Join([]string{"v1", "org", orgID, strconv.Itoa(n)}, ":")`,
		`strings.Join(parts, ":")`,
		`build(orgID, "a", strconv.FormatInt(id, 10))`,
		`k.String()`,
		`fmt.Sprint(k)`,
		`func() string { if n > 0 { return "a:" + orgID }; return "b" }()`,
		`string(rune(n)) + "x"`,
		"`raw:` + orgID",
		`"x" + "y" + "z" + orgID + "w"`,
		`fmt.Sprintf("%s:%s:%s:%s:%s:%s:%s:%s", orgID, orgID, orgID, orgID, orgID, orgID, orgID, orgID)`,
		`strings.ToLower(strings.TrimSpace(email))`,
		`map[string]string{"a": orgID}["a"]`,
		`[]string{orgID}[0]`,
		`fmt.Sprintf("%*d", n, id)`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		if strings.Contains(expr, "\n") || len(expr) > 400 {
			return // one expression on one line
		}
		if _, err := parser.ParseExpr(expr); err != nil {
			return
		}
		src := strings.Replace(keyProgram, "KEY", expr, 1)
		res, pass, ok := analyzeSource(t, src)
		if !ok {
			return
		}
		var sets []*Op
		for _, op := range res.Ops {
			if op.Kind == Set {
				sets = append(sets, op)
			}
		}
		if len(sets) != 1 {
			t.Fatalf("key %s: %d Set operations, want 1", expr, len(sets))
		}
		op := sets[0]
		tmpl := op.Key
		_ = tmpl.String()
		_, _, _, _ = tmpl.Scope(), tmpl.HasVersion(), tmpl.Forwards(), tmpl.Opaque()
		_, _, _ = tmpl.UnknownPrefix(), tmpl.OwnText(), tmpl.Sources()
		// The key variable's definition: a constant string must come out
		// as that literal text.
		var keyExpr ast.Expr
		ast.Inspect(pass.Files[0], func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 {
				if id, ok := as.Lhs[0].(*ast.Ident); ok && id.Name == "key" {
					keyExpr = as.Rhs[0]
				}
			}
			return keyExpr == nil
		})
		if keyExpr == nil {
			t.Fatalf("key %s: no key assignment", expr)
		}
		if tv, ok := pass.TypesInfo.Types[keyExpr]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			want := constant.StringVal(tv.Value)
			if !tmpl.Literal() || tmpl.String() != want {
				t.Fatalf("constant key %s = %q: template %q (literal %v)", expr, want, tmpl.String(), tmpl.Literal())
			}
		}
	})
}

const directiveProgram = `package p

import (
	"context"
	"time"
)

func Put(ctx context.Context, key string, value any, ttl time.Duration, load func() (any, error)) error { return nil }
`

// FuzzParseOpDirective: any directive text is parsed without panicking,
// and an accepted directive only names parameters the function has.
//
//	go test ./analyzers/internal/cacheops -run '^$' -fuzz FuzzParseOpDirective -fuzztime 30s
func FuzzParseOpDirective(f *testing.F) {
	for _, s := range []string{
		"//cachevet:op set key=key value=value ttl=ttl",
		"//cachevet:op set key=1 value=2 ttl=3 store=distributed",
		"//cachevet:op get-or-create key=key loader=load store=inprocess",
		"//cachevet:op delete key=key",
		"//cachevet:op",
		"//cachevet:op fetch key=key",
		"//cachevet:op set key=99",
		"//cachevet:op set key=-1",
		"//cachevet:op set key=",
		"//cachevet:op set =key",
		"//cachevet:op set key=key key=value",
		"//cachevet:op set store=cloud",
		"//cachevet:op set colour=key",
		"//cachevet:op\tset\tkey=ctx",
		"//cachevet:opset key=key",
		"//cachevet:op set key=9223372036854775808",
	} {
		f.Add(s)
	}
	_, pass, ok := analyzeSource(f, directiveProgram)
	if !ok {
		f.Fatal("directive program does not type-check")
	}
	fn, _ := pass.Pkg.Scope().Lookup("Put").(*types.Func)
	if fn == nil {
		f.Fatal("no Put")
	}
	nparams := fn.Type().(*types.Signature).Params().Len()
	f.Fuzz(func(t *testing.T, text string) {
		of, err := ParseOpDirective(text, fn)
		if err != nil {
			if !strings.Contains(err.Error(), "cachevet:op") {
				t.Fatalf("error does not name the directive: %v", err)
			}
			return
		}
		for _, p := range of.Key.Parts {
			if p.Param < 0 || p.Param > nparams {
				t.Fatalf("%q: key parameter %d of %d", text, p.Param, nparams)
			}
		}
		for _, i := range []int{of.ValueExact, of.TTLParam, of.LoaderParam} {
			if i < 0 || i > nparams {
				t.Fatalf("%q: role parameter %d of %d", text, i, nparams)
			}
		}
		if of.API == "" {
			t.Fatalf("%q: no API name", text)
		}
	})
}

// TestKeyProgram keeps FuzzKeyTemplate honest: its program type-checks
// and the model finds the Set and its key's parts.
func TestKeyProgram(t *testing.T) {
	for expr, want := range map[string]string{
		`"courses:all"`: "courses:all",
		`fmt.Sprintf("org:%s:course:%d", orgID, id)`: "org:{orgID}:course:{id}",
	} {
		res, _, ok := analyzeSource(t, strings.Replace(keyProgram, "KEY", expr, 1))
		if !ok {
			t.Fatalf("%s: the key program does not type-check", expr)
		}
		if len(res.Ops) != 1 || res.Ops[0].Kind != Set {
			t.Fatalf("%s: ops %v, want one Set", expr, res.Ops)
		}
		if got := res.Ops[0].Key.String(); got != want {
			t.Errorf("%s: key %q, want %q", expr, got, want)
		}
	}
}
