package outputcache_test

import (
	"fmt"
	"path/filepath"
	"strings"
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
		"outputcache/nethttp", "outputcache/chiapp", "outputcache/ginapp",
		"outputcache/pagecache", "outputcache/httpcacheapp", "outputcache/selfcache",
		"outputcache/lgr", "outputcache/weberr", "outputcache/imgserve",
		"outputcache/user", "outputcache/ginstore", "outputcache/optauth/...", "outputcache/staticmw",
		"outputcache/echoapp", "outputcache/fiberapp", "outputcache/helpers",
		"outputcache/echo5app", "outputcache/chichain")
}

func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), outputcache.Analyzer, "outputcache/fixes", "outputcache/httpcachefix")
}

func TestDeclared(t *testing.T) {
	if err := outputcache.Analyzer.Flags.Set("auth-middlewares", "outputcache/declared.wall"); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = outputcache.Analyzer.Flags.Set("auth-middlewares", "") }()
	analysistest.Run(t, testdata(t), outputcache.Analyzer, "outputcache/declared")
}

func TestBadFlag(t *testing.T) {
	if err := outputcache.Analyzer.Flags.Set("response-caches", "nodot"); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = outputcache.Analyzer.Flags.Set("response-caches", "") }()
	var errs []string
	rt := &recorder{T: t, errs: &errs}
	analysistest.Run(rt, testdata(t), outputcache.Analyzer, "outputcache/declared")
	if len(errs) == 0 || !strings.Contains(strings.Join(errs, "\n"), `"nodot" is not a qualified function name`) {
		t.Errorf("want a clear error for an invalid -response-caches value, got %q", errs)
	}
}

// recorder captures analysistest's errors instead of failing.
type recorder struct {
	*testing.T
	errs *[]string
}

func (r *recorder) Errorf(format string, args ...any) {
	*r.errs = append(*r.errs, fmt.Sprintf(format, args...))
}
