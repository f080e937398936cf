package cachenil_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cachenil"
)

// TestNoReturn: error branches that end in a function that never returns
// (os.Exit, log.Fatal, panic, or a helper of another package that ends in
// one) are no path to the cache write; helpers that return are.
func TestNoReturn(t *testing.T) {
	analysistest.Run(t, testdata(t), cachenil.Analyzer, "cachenil/noreturn/die", "cachenil/noreturn/app")
}
