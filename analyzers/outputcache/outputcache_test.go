package outputcache_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/outputcache"
)

func testdata(t *testing.T) string {
	t.Helper()
	d, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestOutputCache(t *testing.T) {
	analysistest.Run(t, testdata(t), outputcache.Analyzer,
		"outputcache/auth", "outputcache/respond", "outputcache/rcache",
		"outputcache/nethttp", "outputcache/chiapp", "outputcache/ginapp")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), outputcache.Analyzer, "outputcache/fixes")
}
