package cacheops_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDependencyHeuristics: a downloaded or vendored library whose
// internals call a cache-like interface (an ORM's optional second-level
// cache: Cacher.PutBean) does not turn the application's calls of that
// library into cache operations; the same code in the application's own
// tree does (the control).
func TestDependencyHeuristics(t *testing.T) {
	orm := `package orm

// Cacher is the ORM's optional second-level cache.
type Cacher interface {
	PutBean(key string, bean any)
}

type Session struct{ cacher Cacher }

// Get loads a row into bean, and caches it when a cacher is configured.
func (s *Session) Get(table, id string, bean any) {
	if s.cacher != nil {
		s.cacher.PutBean(table+":"+id, bean)
	}
}
`
	app := func(ormPath string) string {
		return `package app

import "` + ormPath + `"

type Course struct{ OrgID string }

func coursesOf(orgID string) []Course { return []Course{{OrgID: orgID}} }

func Load(s *orm.Session, orgID string) {
	s.Get("courses", "all", coursesOf(orgID))
}
`
	}
	dir := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(dir, "src", rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("vendored/vendor/orm/orm.go", orm)
	write("vendored/app.go", app("orm"))
	write("ownorm/app/app.go", app("ownorm/orm"))
	write("ownorm/orm/orm.go", orm)

	if fs := runSuite(t, dir, "vendored"); len(fs) > 0 {
		t.Errorf("vendored ORM: its internal cache made application calls cache operations:\n%s", strings.Join(fs, "\n"))
	}
	fs := runSuite(t, dir, "ownorm/app")
	found := false
	for _, f := range fs {
		if strings.Contains(f, `cache key "courses:all" omits orgID`) {
			found = true
		}
	}
	if !found {
		t.Errorf("control: the application's own cache-like store is not seen; findings:\n%s", strings.Join(fs, "\n"))
	}
}
