package cmdcache_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cmdcache"
)

func TestCmdCache(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, cmdcache.Analyzer, "cmdcache/...")
}
