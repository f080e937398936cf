package suite

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
)

// Module is the linked module-wide model: interface methods of the module
// tied to the cache operations of their implementations in the module.
type Module = cacheops.Module

// LinkModule runs phase 1 of the module-wide model on loaded packages (the
// cache operations of every method of every named type, and every
// interface) and links it: each interface method of the packages that a
// type of theirs implements is tied to that implementation's operations.
func LinkModule(roots []*packages.Package) (*Module, error) {
	graph, err := checker.Analyze([]*analysis.Analyzer{cacheops.SummaryAnalyzer}, roots, nil)
	if err != nil {
		return nil, err
	}
	var sums []*cacheops.Summary
	for _, act := range graph.Roots {
		if s, ok := act.Result.(*cacheops.Summary); ok && act.Err == nil {
			sums = append(sums, s)
		}
	}
	return cacheops.Link(sums), nil
}

// UseModule puts a linked model in force for the analyses that follow (nil:
// none, or the model file the configuration names) and returns the one it
// replaced.
func UseModule(mod *Module) *Module { return cacheops.UseModule(mod) }
