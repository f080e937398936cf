package cacheentity_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cacheentity"
)

func TestCacheEntity(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, cacheentity.Analyzer, "cacheentity/app", "cacheentity/store")
}

// TestConfigFile: custom/cachevet.toml adds a package and a type and allows *Row.
func TestConfigFile(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, cacheentity.Analyzer, "cacheentity/custom")
}
