package driver_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/analyzers/suite"
)

// TestAnalyzerExportShape checks what Bazel's nogo (and go vet, and
// golangci-lint users who build their own list) rely on: every analyzer
// package under analyzers/ exports exactly one *analysis.Analyzer, named
// Analyzer, and every analyzer of the suite lives in the package named
// after it.
func TestAnalyzerExportShape(t *testing.T) {
	withAnalyzer, problems := exportShape(t, filepath.Join("..", "..", "analyzers"))
	for _, p := range problems {
		t.Error(p)
	}
	for _, a := range suite.Analyzers() {
		if !withAnalyzer[a.Name] {
			t.Errorf("suite analyzer %q is not the Analyzer of package analyzers/%s: nogo configurations name rules by package", a.Name, a.Name)
		}
	}
}

// TestAnalyzerExportShapeCatches makes sure the shape check fails on the
// shapes nogo cannot use.
func TestAnalyzerExportShapeCatches(t *testing.T) {
	root := t.TempDir()
	write := func(pkg, src string) {
		if err := os.MkdirAll(filepath.Join(root, pkg), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, pkg, pkg+".go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good", "package good\nimport \"golang.org/x/tools/go/analysis\"\nvar Analyzer = &analysis.Analyzer{Name: \"good\"}\nvar helper = &analysis.Analyzer{}\n")
	write("two", "package two\nimport \"golang.org/x/tools/go/analysis\"\nvar Analyzer = &analysis.Analyzer{}\nvar Other = &analysis.Analyzer{}\n")
	write("renamed", "package renamed\nimport a \"golang.org/x/tools/go/analysis\"\nvar Check *a.Analyzer\n")
	withAnalyzer, problems := exportShape(t, root)
	if !withAnalyzer["good"] || withAnalyzer["two"] || withAnalyzer["renamed"] {
		t.Errorf("packages with one Analyzer: %v, want only good", withAnalyzer)
	}
	if len(problems) != 2 {
		t.Errorf("problems %q, want two (two, renamed)", problems)
	}
}

// exportShape checks each package directory under root.
func exportShape(t *testing.T, root string) (withAnalyzer map[string]bool, problems []string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	withAnalyzer = map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "internal" || e.Name() == "suite" || e.Name() == "testdata" {
			continue
		}
		exported := analyzerVars(t, filepath.Join(root, e.Name()))
		switch {
		case len(exported) == 0:
			t.Logf("analyzers/%s declares no Analyzer yet", e.Name())
		case len(exported) == 1 && exported[0] == "Analyzer":
			withAnalyzer[e.Name()] = true
		default:
			problems = append(problems, fmt.Sprintf("analyzers/%s exports %v: nogo needs exactly one exported *analysis.Analyzer, named Analyzer (unexport the others)", e.Name(), exported))
		}
	}
	return withAnalyzer, problems
}

// analyzerVars lists the exported package-level variables of the
// package in dir that are (syntactically) *analysis.Analyzer, plus any
// variable named Analyzer.
func analyzerVars(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		pkgName := ""
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "golang.org/x/tools/go/analysis" {
				pkgName = "analysis"
				if imp.Name != nil {
					pkgName = imp.Name.Name
				}
			}
		}
		isAnalyzerType := func(x ast.Expr) bool {
			sel, ok := x.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Analyzer" {
				return false
			}
			id, ok := sel.X.(*ast.Ident)
			return ok && pkgName != "" && id.Name == pkgName
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, id := range vs.Names {
					if !id.IsExported() {
						continue
					}
					typed := false
					if st, ok := vs.Type.(*ast.StarExpr); ok && isAnalyzerType(st.X) {
						typed = true
					}
					if i < len(vs.Values) {
						if u, ok := vs.Values[i].(*ast.UnaryExpr); ok && u.Op == token.AND {
							if cl, ok := u.X.(*ast.CompositeLit); ok && isAnalyzerType(cl.Type) {
								typed = true
							}
						}
					}
					if typed || id.Name == "Analyzer" {
						names = append(names, id.Name)
					}
				}
			}
		}
	}
	return names
}
