package cachenil

import (
	"go/ast"
	"go/types"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

// TestBodiesSound runs the rule on every fixture with the bodies it needs
// only, builds each package again with every body, and checks that both
// give every function the same fact: a body left out could only have
// given none. The bodies fixture also checks which functions are left out.
func TestBodiesSound(t *testing.T) {
	var mu sync.Mutex
	dropped := map[string][]string{} // package path -> functions left out
	checked := 0
	bodiesHook = func(c *checker, nr *noReturnState, keep map[*ast.FuncDecl]bool) {
		all := map[*ast.FuncDecl]bool{}
		var out []string
		for _, f := range c.pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					all[fd] = true
					if fd.Body != nil && !keep[fd] {
						out = append(out, fd.Name.Name)
					}
				}
			}
		}
		full := newChecker(c.pass, c.res, c.negative, buildSSA(c.pass, nr, all))
		mu.Lock()
		defer mu.Unlock()
		dropped[c.pass.Pkg.Path()] = out
		for _, fn := range full.funcs {
			obj, ok := fn.Object().(*types.Func)
			if !ok || fn.Parent() != nil {
				continue
			}
			checked++
			want, got := full.facts[fn], c.facts[c.byObj[obj]]
			if ws, gs := factString(want), factString(got); ws != gs {
				t.Errorf("%s.%s: every body gives %q, the bodies needed give %q", c.pass.Pkg.Path(), obj.Name(), ws, gs)
			}
		}
	}
	defer func() { bodiesHook = nil }()

	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	// Every fixture package but negttl2, whose findings need a flag.
	pkgs := []string{
		"cachenil/app", "cachenil/bodies", "cachenil/fix", "cachenil/guardlib", "cachenil/guarduse",
		"cachenil/marshal", "cachenil/negttl", "cachenil/noreturn/die", "cachenil/noreturn/app",
		"cachenil/repo", "cachenil/reset", "cachenil/wrap", "cachenil/faillib", "cachenil/failuse",
	}
	analysistest.Run(t, dir, Analyzer, pkgs...)

	if checked < 50 {
		t.Errorf("compared the facts of %d functions, expected the fixtures to hold more", checked)
	}
	got := dropped["cachenil/bodies"]
	slices.Sort(got)
	want := []string{"fetchUser", "get", "handle", "name", "save", "status", "validate"}
	if !slices.Equal(got, want) {
		t.Errorf("bodies left out in cachenil/bodies: %q, want %q", got, want)
	}
}

func factString(f *Fact) string {
	if f.empty() {
		return ""
	}
	return f.String()
}
