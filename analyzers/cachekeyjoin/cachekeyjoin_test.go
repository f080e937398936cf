package cachekeyjoin_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cachekeyjoin"
)

func TestCacheKeyJoin(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, cachekeyjoin.Analyzer, "cachekeyjoin/app", "cachekeyjoin/esc", "cachekeyjoin/refcache")
}
