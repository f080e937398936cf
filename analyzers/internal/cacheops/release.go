package cacheops

import "golang.org/x/tools/go/analysis"

// Releaser returns an analyzer for drivers that keep every package's
// results until the end of a run, as the checker does: it runs on each
// package after the given analyzers (and the model they share) and drops
// the model's per-package state: the operations, the evaluator's indexes
// and memos, the constructors found. Only the rules of the same package
// read that state (other packages see facts), and they are done by then.
// Without it, a run over many packages keeps all of it alive: a larger
// heap to mark at every collection.
func Releaser(after []*analysis.Analyzer) *analysis.Analyzer {
	req := append([]*analysis.Analyzer{Analyzer, CtorAnalyzer}, after...)
	return &analysis.Analyzer{
		Name:     "cachevetrelease",
		Doc:      "drop the cache model's per-package state once every rule of the package has run",
		Requires: req,
		Run: func(pass *analysis.Pass) (any, error) {
			if r, ok := pass.ResultOf[Analyzer].(*Result); ok && r != nil {
				r.release()
			}
			if c, ok := pass.ResultOf[CtorAnalyzer].(*Ctors); ok && c != nil {
				c.release()
			}
			return nil, nil
		},
	}
}

func (r *Result) release() {
	m := r.m
	m.mu.Lock()
	defer m.mu.Unlock()
	r.Ops, r.ByCall = nil, nil
	m.decls, m.infos, m.funcFacts, m.wraps, m.calls, m.busy, m.declOps = nil, nil, nil, nil, nil, nil, nil
}

func (c *Ctors) release() {
	c.m.mu.Lock()
	defer c.m.mu.Unlock()
	c.All, c.byCall, c.sites, c.calls, c.busy = nil, nil, nil, nil, nil
}
