// Package testutil holds what the driver and plugin tests share: copying
// the example module somewhere it can be changed and built.
package testutil

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// CopyModule copies the module in src into a new temporary directory
// (named like src) and rewrites its relative replace directives to
// absolute paths, so that the copy builds where it is.
func CopyModule(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "mod", "edit", "-json", filepath.Join(dst, "go.mod")).Output()
	if err != nil {
		t.Fatalf("go mod edit -json: %v", err)
	}
	var mod struct {
		Replace []struct {
			Old struct{ Path, Version string }
			New struct{ Path, Version string }
		}
	}
	if err := json.Unmarshal(out, &mod); err != nil {
		t.Fatal(err)
	}
	for _, r := range mod.Replace {
		if r.New.Version != "" || filepath.IsAbs(r.New.Path) || !strings.HasPrefix(r.New.Path, ".") {
			continue
		}
		old := r.Old.Path
		if r.Old.Version != "" {
			old += "@" + r.Old.Version
		}
		arg := "-replace=" + old + "=" + filepath.Join(src, r.New.Path)
		if b, err := exec.Command("go", "mod", "edit", arg, filepath.Join(dst, "go.mod")).CombinedOutput(); err != nil {
			t.Fatalf("go mod edit %s: %v\n%s", arg, err, b)
		}
	}
	return dst
}
