package cacheops_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/cachevet/cachevet/analyzers/suite"
)

// runSuite loads patterns from the GOPATH tree gopath and runs every
// analyzer of the suite on them; it returns the findings and fails the
// test on load errors, analyzer errors and panics.
func runSuite(t *testing.T, gopath string, patterns ...string) []string {
	t.Helper()
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax,
		Dir:   gopath,
		Tests: true,
		Env:   append(os.Environ(), "GOPATH="+gopath, "GO111MODULE=off", "GOPROXY=off", "GOFLAGS="),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatal(err)
	}
	var loadErrs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			loadErrs = append(loadErrs, e.Error())
		}
	})
	if len(loadErrs) > 0 {
		t.Fatalf("load errors:\n%s", strings.Join(loadErrs, "\n"))
	}
	g, err := checker.Analyze(suite.WithModel(), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var findings []string
	for act := range g.All() {
		if act.Err != nil {
			t.Errorf("%s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			findings = append(findings, fmt.Sprintf("%s: %s: %s", act.Package.Fset.Position(d.Pos), act.Analyzer.Name, d.Message))
		}
	}
	return findings
}

func testdataDir(t *testing.T) string {
	dir, err := filepath.Abs("../../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestRobustOddCode: generics-heavy code, cgo and files excluded by build
// tags (one of which does not type-check) load and analyse with no
// finding, no error and no panic.
func TestRobustOddCode(t *testing.T) {
	fs := runSuite(t, testdataDir(t), "robust/generics", "robust/cgo", "robust/tags")
	seen := map[string]bool{}
	var unexpected []string
	for _, f := range fs {
		known := false
		for _, k := range knownFalsePositives {
			if strings.Contains(f, k) {
				known, seen[k] = true, true
			}
		}
		if !known {
			unexpected = append(unexpected, f)
		}
	}
	if len(unexpected) > 0 {
		t.Errorf("findings on correct code:\n%s", strings.Join(unexpected, "\n"))
	}
	for _, k := range knownFalsePositives {
		if !seen[k] {
			t.Errorf("known false positive %q is gone: remove it from knownFalsePositives", k)
		}
	}
}

// knownFalsePositives are findings on the correct code of robust/ that
// are bugs of a rule, recorded here until fixed (the test fails when one
// disappears, so that the entry goes too).
var knownFalsePositives = []string{}

// A function that would be a finding of several rules: a key without the
// tenant whose value is computed from it, cached forever.
const badFunc = `
func bad%[1]d(ctx context.Context, rdb *redis.Client, tenantID string) {
	v := "report of " + tenantID
	rdb.Set(ctx, "reports:%[1]d", v, 0)
}
`

// A correct one: versioned key with the tenant, a TTL, the error checked.
const goodFunc = `
func good%[1]d(ctx context.Context, rdb *redis.Client, tenantID string, id int) error {
	v, err := load%[1]d(ctx, tenantID, id)
	if err != nil {
		return err
	}
	key := fmt.Sprintf("v1:tenant:%%s:item%[1]d:%%d", tenantID, id)
	return rdb.Set(ctx, key, v, 5*time.Minute).Err()
}

func load%[1]d(ctx context.Context, tenantID string, id int) (string, error) {
	if tenantID == "" {
		return "", fmt.Errorf("item %%d: no tenant", id)
	}
	return tenantID + ":" + strconv.Itoa(id), ctx.Err()
}
`

func writeHuge(t *testing.T, dir, header, pkg, tmpl string, lines int) int {
	t.Helper()
	var b strings.Builder
	b.WriteString(header)
	fmt.Fprintf(&b, "package %s\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"strconv\"\n\t\"time\"\n\n\t\"github.com/redis/go-redis/v9\"\n)\n\nvar _, _, _ = fmt.Sprint, strconv.Itoa, time.Second\n", pkg)
	n := 0
	for n == 0 || strings.Count(b.String(), "\n") < lines {
		for i := 0; i < 100; i++ {
			fmt.Fprintf(&b, tmpl, n)
			n++
		}
	}
	p := filepath.Join(dir, "src", "robust", pkg, pkg+".go")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return strings.Count(b.String(), "\n")
}

// TestRobustHugeFiles: a 50,000-line generated file full of mistakes is
// silent (generated code is skipped), a 20,000-line hand-written file of
// correct code is silent too, and both are analysed in bounded time; the
// same mistakes in a small hand-written file are found (the control).
func TestRobustHugeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("huge files: not in -short mode")
	}
	dir := t.TempDir()
	stub := filepath.Join(dir, "src", "github.com", "redis", "go-redis", "v9")
	if err := os.MkdirAll(stub, 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(testdataDir(t), "src", "github.com", "redis", "go-redis", "v9", "redis.go"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(stub, "redis.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	gen := writeHuge(t, dir, "// Code generated by robustgen. DO NOT EDIT.\n\n", "hugegen", badFunc, 50000)
	big := writeHuge(t, dir, "", "hugebig", goodFunc, 20000)
	writeHuge(t, dir, "", "control", badFunc, 1)
	t.Logf("generated file: %d lines; hand-written file: %d lines", gen, big)

	for _, c := range []struct {
		pkg   string
		limit time.Duration
	}{{"robust/hugegen", 90 * time.Second}, {"robust/hugebig", 120 * time.Second}} {
		start := time.Now()
		fs := runSuite(t, dir, c.pkg)
		d := time.Since(start)
		t.Logf("%s: %d findings in %v", c.pkg, len(fs), d)
		if len(fs) > 0 {
			t.Errorf("%s: findings:\n%s", c.pkg, strings.Join(fs[:min(len(fs), 10)], "\n"))
		}
		if d > c.limit {
			t.Errorf("%s took %v (limit %v)", c.pkg, d, c.limit)
		}
	}
	if fs := runSuite(t, dir, "robust/control"); len(fs) == 0 {
		t.Error("control: the mistakes of the generated file are not found in a hand-written one")
	}
}
