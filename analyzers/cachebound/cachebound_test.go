package cachebound_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cachebound"
)

func TestCacheBound(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, cachebound.Analyzer, "cachebound/memo", "cachebound/app")
}
