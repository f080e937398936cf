// Package driver holds what cachevet's drivers share: the standalone
// runner (go/packages + go/analysis/checker), output formats (text, JSON,
// SARIF), baselines, fixes, and the rules on/off switch of the
// configuration.
package driver

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/suite"
)

// RuleNames are the names of the rule analyzers of the suite.
func RuleNames() []string {
	var names []string
	for _, a := range suite.Analyzers() {
		names = append(names, a.Name)
	}
	return names
}

// CheckDisable reports an error when a "disable" entry names no rule.
func CheckDisable(names []string) error {
	known := append(RuleNames(), "unusedignore")
	for _, n := range names {
		if !slices.Contains(known, n) {
			return fmt.Errorf("disable: no rule named %q (rules: %s)", n, strings.Join(known, ", "))
		}
	}
	return nil
}

// Gate returns an analyzer that behaves like a but does nothing in
// packages whose configuration (the nearest cachevet.toml, or the driver's
// settings) lists a.Name under "disable". Analyzers that others depend on
// (the shared model) or that return results are returned unchanged.
func Gate(a *analysis.Analyzer) *analysis.Analyzer {
	if a.ResultType != nil || a.Name == "cacheops" {
		return a
	}
	return &analysis.Analyzer{
		Name:             a.Name,
		Doc:              a.Doc,
		URL:              a.URL,
		Flags:            a.Flags,
		Requires:         a.Requires,
		FactTypes:        a.FactTypes,
		RunDespiteErrors: a.RunDespiteErrors,
		Run: func(pass *analysis.Pass) (any, error) {
			if Disabled(pass, a.Name) {
				return nil, nil
			}
			return a.Run(pass)
		},
	}
}

// Disabled reports whether the configuration in force for pass's package
// (as the shared model read it) turns rule off.
func Disabled(pass *analysis.Pass, rule string) bool {
	for a, res := range pass.ResultOf {
		if a.Name != "cacheops" {
			continue
		}
		if r, ok := res.(interface{ Settings() *suite.Settings }); ok && r.Settings() != nil {
			return r.Settings().Disabled(rule) // "disable", "all", and rules off by default without "enable"
		}
	}
	return false
}

// DespiteErrors makes the analyzers and everything they require run on
// packages with type errors (an editor's buffer is often mid-edit): the
// well-typed parts are still analysed. An analyzer that panics on what
// the type checker could not resolve fails for that package with an error
// instead of taking the process down. It changes the analyzers in place:
// for drivers that own their process (the language server).
func DespiteErrors(as []*analysis.Analyzer) {
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		if a.RunDespiteErrors {
			return
		}
		a.RunDespiteErrors = true
		run := a.Run
		name := a.Name
		a.Run = func(pass *analysis.Pass) (res any, err error) {
			defer func() {
				if p := recover(); p != nil {
					res, err = nil, fmt.Errorf("%s: not analysed after type errors in %s: %v", name, pass.Pkg.Path(), p)
				}
			}()
			return run(pass)
		}
	}
	for _, a := range as {
		visit(a)
	}
}
