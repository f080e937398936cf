package cachenil_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cachenil"
)

func testdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestCacheNil(t *testing.T) {
	analysistest.Run(t, testdata(t), cachenil.Analyzer, "cachenil/repo", "cachenil/wrap", "cachenil/app", "cachenil/reset")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), cachenil.Analyzer, "cachenil/fix")
}

func TestNegativeTTLFlag(t *testing.T) {
	analysistest.Run(t, testdata(t), cachenil.Analyzer, "cachenil/negttl")
	if err := cachenil.Analyzer.Flags.Set("negative-ttl", "2m"); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cachenil.Analyzer.Flags.Set("negative-ttl", "") }()
	analysistest.Run(t, testdata(t), cachenil.Analyzer, "cachenil/negttl2")
}

func TestMarshal(t *testing.T) {
	analysistest.Run(t, testdata(t), cachenil.Analyzer, "cachenil/marshal")
}

// Issue 19: helpers that turn a failure into a value, and their callers
// that cache it.
func TestFailureValues(t *testing.T) {
	analysistest.Run(t, testdata(t), cachenil.Analyzer, "cachenil/faillib", "cachenil/failuse")
}

// A callee that returns at once for a nil argument, before any cache write
// of a value computed from it, may be passed nil (facts across packages).
func TestGuardedCallee(t *testing.T) {
	analysistest.Run(t, testdata(t), cachenil.Analyzer, "cachenil/guardlib", "cachenil/guarduse")
}
