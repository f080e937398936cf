package cacheops_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestDependencyDAG: transpiled code (modernc.org/sqlite/lib, 250,000
// lines) has long functions where each variable is computed from several
// earlier ones. Following every path to a variable's definitions is
// exponential in the chain's length (the field run ran out of memory at
// 20 GB); each variable must be followed once per evaluation.
func TestDependencyDAG(t *testing.T) {
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
	var b strings.Builder
	b.WriteString("package dag\n\nimport (\n\t\"context\"\n\t\"time\"\n\n\t\"github.com/redis/go-redis/v9\"\n)\n\n")
	b.WriteString("func Chain(ctx context.Context, rdb *redis.Client, a, b int) {\n")
	b.WriteString("\tx0, x1 := a, b\n")
	const n = 80
	for i := 2; i < n; i++ {
		fmt.Fprintf(&b, "\tx%d := x%d + x%d\n", i, i-1, i-2)
	}
	for i := 2; i < n; i++ {
		fmt.Fprintf(&b, "\tx%d = x%d * x%d\n", i, i-2, i-1) // a second definition of each
	}
	fmt.Fprintf(&b, "\trdb.Set(ctx, \"sum:v1\", x%d, time.Minute)\n}\n", n-1)
	pkg := filepath.Join(dir, "src", "robust", "dag")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkg, "dag.go"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	done := make(chan []string, 1)
	go func() { done <- runSuite(t, dir, "robust/dag") }()
	select {
	case fs := <-done:
		if len(fs) > 0 {
			t.Errorf("findings:\n%s", strings.Join(fs, "\n"))
		}
		t.Logf("analysed in %v", time.Since(start))
	case <-time.After(90 * time.Second):
		t.Fatal("the dependency chain was not analysed in 90s: definitions are followed once per path, not once per variable")
	}
}
