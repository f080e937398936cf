package cacheops_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
)

// TestFacts checks the facts the model exports (wrappers, cache-calling
// chains, key builders, identity accessors) and the directive errors it
// reports.
func TestFacts(t *testing.T) {
	testdata, _ := filepath.Abs("../../../testdata")
	analysistest.Run(t, testdata, cacheops.Analyzer, "cacheops/lib", "cacheops/directives", "cacheops/libs", "cacheops/kvuse/...", "cacheops/reach/...")
}
