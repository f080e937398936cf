package cachemetric_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/cachemetric"
)

func TestCacheMetric(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, cachemetric.Analyzer, "cachemetric/app", "cachemetric/otelapp")
}

// TestConfigFile: strict/cachevet.toml turns tenant labels on and adds a
// cache-metric word.
func TestConfigFile(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	analysistest.Run(t, testdata, cachemetric.Analyzer, "cachemetric/strict")
}

func TestAllMetricsFlag(t *testing.T) {
	testdata, _ := filepath.Abs("../../testdata")
	f := cachemetric.Analyzer.Flags.Lookup("all-metrics")
	if err := f.Value.Set("true"); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Value.Set("false") }()
	analysistest.Run(t, testdata, cachemetric.Analyzer, "cachemetric/allmetrics")
}
