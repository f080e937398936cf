package cachenil_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cachenil"
)

func TestCacheNil(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, cachenil.Analyzer, "cachenil/repo", "cachenil/wrap", "cachenil/app")
}
