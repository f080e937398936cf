package cachettl_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cachettl"
)

func TestCacheTTL(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, cachettl.Analyzer, "cachettl/store", "cachettl/app")
}

func TestCacheTTLNoLRU(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	if err := cachettl.Analyzer.Flags.Set("lru", "off"); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cachettl.Analyzer.Flags.Set("lru", "") }()
	analysistest.Run(t, testdata, cachettl.Analyzer, "cachettl/lruoff")
}
