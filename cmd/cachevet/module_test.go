package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestModuleModel: a cache interface declared in one package and implemented
// with Redis in another that its callers never import. Standalone links the
// module by itself; go vet sees the interface call as a cache operation only
// with the model file `cachevet model` writes, and then reports what
// standalone reports. The interface only an in-process store is given to
// (wired in main) needs no versioned keys.
func TestModuleModel(t *testing.T) {
	dir := filepath.Join(repoRoot(t), "testdata/src/moduletest")
	env := gopathEnv(t)
	sa := run(t, dir, env, bin, "./...")
	if sa.code != 3 {
		t.Fatalf("standalone exit %d, want 3 (findings)\n%s%s", sa.code, sa.stdout, sa.stderr)
	}
	want := []string{
		// The implementation's own prefix (the store's, the same for every
		// kind of entry) cannot version one entry's shape.
		`catalog.go:35:6: cache key "{s.keyPrefix}catalog:courses:{orgID}" has no version segment`,
		`catalog.go:35:31: platform.Store.Put (go-redis.Set) stores "{s.keyPrefix}catalog:courses:{orgID}" with expiration 0`,
		// Through a forwarder (put), at the caller that writes the text;
		// nothing inside put, nothing at the delete in Forget.
		`catalog.go:68:9: cache key "{s.keyPrefix}catalog:teachers:{orgID}" has no version segment`,
	}
	for _, w := range want {
		if !strings.Contains(sa.stdout, w) {
			t.Errorf("standalone lacks %q:\n%s", w, sa.stdout)
		}
	}
	if got := strings.Count(sa.stdout, "\n"); got != len(want) {
		t.Errorf("standalone: %d findings, want %d (nothing in drafts, which only an in-process store backs, nor in Featured):\n%s", got, len(want), sa.stdout)
	}

	vet := run(t, dir, env, "go", "vet", "-vettool="+bin, "./...")
	if strings.Contains(vet.stderr, "catalog.go") {
		t.Errorf("go vet without a model file sees through the interface; the test proves nothing:\n%s", vet.stderr)
	}

	tmp := t.TempDir()
	model := filepath.Join(tmp, "model.json")
	if r := run(t, dir, env, bin, "model", "-o", model, "./..."); r.code != 0 {
		t.Fatalf("cachevet model: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	conf := filepath.Join(tmp, "cachevet.toml")
	if err := os.WriteFile(conf, []byte("model = \"model.json\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	vet = run(t, dir, env, "go", "vet", "-vettool="+bin, "-config="+conf, "./...")
	diffSets(t, "findings with the model file", parseText(dir, sa.stdout, true), parseText(dir, vet.stderr, false))

	// go vet caches on the tool id (-V=full): a changed model file must
	// change it, or the old findings would be replayed.
	if err := os.WriteFile(model, []byte(`{"version": 1, "methods": {}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	vet = run(t, dir, env, "go", "vet", "-vettool="+bin, "-config="+conf, "./...")
	if strings.Contains(vet.stderr, "catalog.go") {
		t.Errorf("go vet answered from its cache after the model file changed:\n%s", vet.stderr)
	}

	// A model file that is not one is an error that says so, not a crash
	// (standalone links the module itself and does not read it).
	badDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(badDir, "model.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(badDir, "cachevet.toml"), []byte("model = \"model.json\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := run(t, dir, env, "go", "vet", "-vettool="+bin, "-config="+filepath.Join(badDir, "cachevet.toml"), "./...")
	if bad.code == 0 || !strings.Contains(bad.stdout+bad.stderr, "not a cachevet model file") || strings.Contains(bad.stderr, "panic") {
		t.Errorf("a broken model file: exit %d, want 1 with a clear message\n%s%s", bad.code, bad.stdout, bad.stderr)
	}
}
