package cachekey_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cachekey"
)

func TestCacheKey(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, cachekey.Analyzer, "cachekey/app", "cachekey/store", "cachekey/refcache", "cachekey/gen")
}

func TestVersionFix(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.RunWithSuggestedFixes(t, testdata, cachekey.Analyzer, "cachekey/fix")
}
