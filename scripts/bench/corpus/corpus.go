// Package corpus writes the synthetic Go module the cachevet benchmark
// runs on: a service of "domains" of four packages each (key builders, a
// Redis/in-process cache wrapper with generic helpers, a repository with
// business rules and a test, HTTP handlers reading the caller's identity),
// with cross-package wrappers, key builders and loaders, and a few
// deliberate cache-key mistakes. Library dependencies are small stub
// modules inside the corpus, wired in by replace directives, so it builds
// and loads with no network.
package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Module is the corpus module path.
const Module = "bench.example/svc"

// Stats describes a generated corpus.
type Stats struct {
	Packages int // packages of the corpus module (stubs excluded)
	Files    int
	Lines    int
	Mistakes int // handlers with a key that omits the organisation
}

var entities = []string{
	"Course", "Lesson", "Invoice", "Order", "Ticket", "Project", "Report", "Article",
	"Booking", "Account", "Device", "Policy", "Survey", "Asset", "Playlist", "Recipe",
}

// Generate writes a corpus of about pkgs packages (two shared packages and
// four per domain) into dir, which must not exist or be empty.
func Generate(dir string, pkgs int) (Stats, error) {
	var st Stats
	if pkgs < 6 {
		pkgs = 6
	}
	domains := (pkgs - 2) / 4
	w := func(rel, text string) error {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if strings.HasSuffix(rel, ".go") {
			st.Files++
			st.Lines += strings.Count(text, "\n")
		}
		return os.WriteFile(p, []byte(text), 0o644)
	}

	var mod strings.Builder
	fmt.Fprintf(&mod, "module %s\n\ngo 1.22\n\nrequire (\n", Module)
	for _, s := range stubs {
		fmt.Fprintf(&mod, "\t%s %s\n", s.module, s.version)
	}
	mod.WriteString(")\n\nreplace (\n")
	for _, s := range stubs {
		fmt.Fprintf(&mod, "\t%s => ./%s\n", s.module, s.dir)
	}
	mod.WriteString(")\n")
	if err := w("go.mod", mod.String()); err != nil {
		return st, err
	}
	for _, s := range stubs {
		if err := os.MkdirAll(filepath.Join(dir, s.dir), 0o755); err != nil {
			return st, err
		}
		if err := os.WriteFile(filepath.Join(dir, s.dir, "go.mod"), []byte("module "+s.module+"\n\ngo 1.22\n"), 0o644); err != nil {
			return st, err
		}
		for name, text := range s.files {
			p := filepath.Join(dir, s.dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return st, err
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				return st, err
			}
		}
	}

	if err := w("auth/auth.go", authTmpl); err != nil {
		return st, err
	}
	if err := w("platform/platform.go", platformTmpl); err != nil {
		return st, err
	}
	st.Packages = 2
	for i := 0; i < domains; i++ {
		ent := entities[i%len(entities)]
		dom := fmt.Sprintf("d%04d", i)
		prev := dom
		if i > 0 {
			prev = fmt.Sprintf("d%04d", i-1)
		}
		listKey := goodListKey
		if i%5 == 2 {
			listKey = badListKey
			st.Mistakes++
		}
		prevEnt := entities[(i+len(entities)-1)%len(entities)]
		if i == 0 {
			prevEnt = ent
		}
		r := strings.NewReplacer(
			"MODPATH", Module,
			"DOM", dom,
			"PREV", prev,
			"Pq", prevEnt,
			"Qq", ent,
			"qq", strings.ToLower(ent),
		)
		files := []struct{ rel, tmpl string }{
			{"keys/keys.go", keysTmpl},
			{"store/store.go", storeTmpl},
			{"repo/repo.go", repoTmpl},
			{"repo/repo_test.go", repoTestTmpl},
			{"api/api.go", apiTmpl},
		}
		for _, f := range files {
			text := strings.ReplaceAll(f.tmpl, "LISTKEY", listKey)
			if err := w(dom+"/"+f.rel, r.Replace(text)); err != nil {
				return st, err
			}
		}
		st.Packages += 4
	}
	return st, nil
}
