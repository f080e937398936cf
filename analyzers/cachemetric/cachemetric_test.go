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
