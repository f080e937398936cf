package cacheops

import (
	"fmt"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// UnusedIgnoreName is the name of the check that reports directives that
// suppress nothing; "disable" and -unusedignore=false turn it off.
const UnusedIgnoreName = "unusedignore"

// UnusedIgnoreDoc documents the unusedignore check.
const UnusedIgnoreDoc = `unusedignore: //cachevet:ignore directives that suppress nothing

A //cachevet:ignore directive that no longer covers a finding of the rules
it names (the code was fixed, or moved away from the directive) hides the
next real finding there. The check reports such a directive when every
rule it names ran on the package; remove the directive. Turn the check off
with -unusedignore=false or disable = ["unusedignore"].`

// UnusedIgnore returns the unusedignore check for a run of the given rule
// analyzers: it runs after them and reports the directives none of them
// used.
func UnusedIgnore(rules []*analysis.Analyzer) *analysis.Analyzer {
	req := []*analysis.Analyzer{Analyzer}
	names := map[string]bool{}
	for _, a := range rules {
		if a.Name == Analyzer.Name || a.Name == UnusedIgnoreName {
			continue
		}
		req = append(req, a)
		names[a.Name] = true
	}
	return &analysis.Analyzer{
		Name:     UnusedIgnoreName,
		Doc:      UnusedIgnoreDoc,
		URL:      "https://github.com/cachevet/cachevet/blob/main/rules.md#suppressing-a-finding",
		Requires: req,
		Run: func(pass *analysis.Pass) (any, error) {
			res, ok := pass.ResultOf[Analyzer].(*Result)
			if !ok || res == nil || res.dirs == nil {
				return nil, nil
			}
			s := res.Settings()
			if s != nil && s.Disabled(UnusedIgnoreName) {
				return nil, nil
			}
			ran := func(rule string) bool { return names[rule] && (s == nil || !s.Disabled(rule)) }
			for _, d := range res.dirs.Unused(ran) {
				pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End, Category: UnusedIgnoreName,
					Message: fmt.Sprintf("cachevet:ignore %s suppresses nothing: no finding of %s is reported here; remove the directive", strings.Join(d.Rules, ","), strings.Join(d.Rules, " or "))})
			}
			return nil, nil
		},
	}
}
