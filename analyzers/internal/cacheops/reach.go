package cacheops

import (
	"go/types"
	"strings"
)

// reachFact marks a package whose code can reach a cache operation the
// model knows: it is a cache library, is or declares something named for
// a cache (what the cache-like heuristic looks at), declares operations,
// or imports such a package. A package without it, and whose imports have
// none, can perform no cache operation (a wrapper, a cache-like method or
// a library call is always in a package it imports, directly or not), so
// the model does not look for operations in it: most packages of an
// application (models, utilities, repositories) are such.
type reachFact struct{}

func (*reachFact) AFact()         {}
func (*reachFact) String() string { return "reaches a cache" }

// reaches reports whether the package can reach a cache operation. It
// reads the facts of its direct imports only: every package exports its
// own, so the facts carry the answer up the import graph (the imports of
// a package loaded from export data may be incomplete; facts are not).
func (m *model) reaches() bool {
	if len(m.declared) > 0 || len(m.wraps) > 0 {
		return true // operations declared in the configuration or by directive
	}
	if cacheNamedPackage(m.pass.Pkg) || declaresCacheType(m.pass.Pkg) || m.mod.declares(m.pass.Pkg.Path()) {
		return true
	}
	for _, imp := range m.pass.Pkg.Imports() {
		if m.mod.declares(imp.Path()) {
			return true
		}
		// An import's own types were looked at by its own analysis, which
		// exported the fact.
		if cacheNamedPackage(imp) || m.pass.ImportPackageFact(imp, new(reachFact)) {
			return true
		}
	}
	return false
}

// cacheNamedPackage reports whether a package is a cache library the
// model knows, or its name mentions a cache or a key-value store.
func cacheNamedPackage(p *types.Package) bool {
	path := trimVendor(p.Path())
	if knownAPIPackages[path] || path == rueidis || strings.HasPrefix(path, rueidis+"/") || path == refCache {
		return true
	}
	return containsFold(p.Name(), "cach") || kvPackage(p.Name())
}

// declaresCacheType reports whether a package declares a type named for a
// cache (what cacheLike looks for in a receiver's name).
func declaresCacheType(p *types.Package) bool {
	scope := p.Scope()
	for _, n := range scope.Names() {
		if _, ok := scope.Lookup(n).(*types.TypeName); ok && containsFold(n, "cach") {
			return true
		}
	}
	return false
}

// containsFold reports whether s contains the lower-case ASCII word sub in
// any case, without allocating.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for ; j < len(sub); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

// knownAPIPackages are the packages of KnownAPIs.
var knownAPIPackages = func() map[string]bool {
	m := map[string]bool{}
	for _, a := range KnownAPIs {
		m[a.Pkg] = true
	}
	return m
}()
