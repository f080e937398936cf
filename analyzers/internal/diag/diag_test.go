package diag_test

import (
	"go/ast"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cachevet/cachevet/analyzers/internal/diag"
)

// finder reports every "finding" string literal as the cachekey rule would.
var finder = &analysis.Analyzer{
	Name: "finder",
	Doc:  "reports string literals \"finding\" through diag",
	Run: func(pass *analysis.Pass) (any, error) {
		return find(pass, diag.New(pass, "cachekey"))
	},
}

// testSkipper is finder with SkipTests, as cachenil, cachettl and cachebound report.
var testSkipper = &analysis.Analyzer{
	Name: "testskipper",
	Doc:  "reports string literals \"finding\" through diag, except in tests",
	Run: func(pass *analysis.Pass) (any, error) {
		return find(pass, diag.New(pass, "cachekey").SkipTests())
	},
}

func find(pass *analysis.Pass, r *diag.Reporter) (any, error) {
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok {
				if s, _ := strconv.Unquote(lit.Value); s == "finding" {
					r.Report(lit, `found "finding"`)
				}
			}
			return true
		})
	}
	return nil, nil
}

// TestSuppressionsAndDisable checks //cachevet:ignore on the line and the
// line above, several rules and "all", another rule's directive, a
// directive without a reason, and a cachevet.toml that disables the rule.
func TestSuppressionsAndDisable(t *testing.T) {
	testdata, _ := filepath.Abs("../../../testdata")
	analysistest.Run(t, testdata, finder, "diagtest/on", "diagtest/off")
}

// TestSkipTests checks that SkipTests drops findings in _test.go files
// only, and that a reporter without it keeps them.
func TestSkipTests(t *testing.T) {
	testdata, _ := filepath.Abs("../../../testdata")
	analysistest.Run(t, testdata, testSkipper, "diagtest/tests")
	analysistest.Run(t, testdata, finder, "diagtest/testsall")
}

func TestParseIgnore(t *testing.T) {
	for text, want := range map[string]diag.Ignore{
		"//cachevet:ignore cachekey public data":   {Rules: []string{"cachekey"}, Reason: "public data"},
		"//cachevet:ignore cachekey,cachettl  why": {Rules: []string{"cachekey", "cachettl"}, Reason: "why"},
		"//cachevet:ignore cachekey":               {Rules: []string{"cachekey"}},
		"//cachevet:ignore":                        {},
	} {
		got, ok := diag.ParseIgnore(text)
		if !ok || got.Reason != want.Reason || len(got.Rules) != len(want.Rules) {
			t.Errorf("ParseIgnore(%q) = %+v, %v; want %+v", text, got, ok, want)
		}
	}
	for _, text := range []string{"// cachevet:ignore cachekey x", "//cachevet:ignorecachekey x", "//nolint:cachevet"} {
		if _, ok := diag.ParseIgnore(text); ok {
			t.Errorf("ParseIgnore(%q) is a directive", text)
		}
	}
}
