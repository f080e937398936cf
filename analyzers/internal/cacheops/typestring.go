package cacheops

import (
	"go/types"
	"sync"
	"sync/atomic"
)

// TypeString is types.TypeString(t, nil), fast for the types rules compare
// by name: basic types, named types and pointers to them. The analyzers
// ask for the name of nearly every expression's type (is it a context, a
// request, an error?), and types.TypeString allocates a writer and a map
// per call: it dominated the profile of the whole suite. Every other type
// (generic instances, aliases, composites) goes to types.TypeString, so the
// result is always the same; those strings are kept per type value, since
// the same signature or slice type is asked about again and again.
func TypeString(t types.Type) string {
	switch t := t.(type) {
	case nil:
		return "<nil>"
	case *types.Basic:
		if t.Kind() != types.UnsafePointer {
			return t.Name()
		}
	case *types.Named:
		if s, ok := namedString(t); ok {
			return s
		}
	case *types.Pointer:
		if n, ok := t.Elem().(*types.Named); ok {
			if s, ok := namedString(n); ok {
				return "*" + s
			}
		}
	}
	if s, ok := slowTypeStrings.Load(t); ok {
		return s.(string)
	}
	s := types.TypeString(t, nil)
	if slowTypeCount.Add(1) > maxSlowTypeStrings {
		// A long-lived process (the editor's server) type-checks again
		// and again: start over rather than keep old types alive.
		slowTypeStrings.Clear()
		slowTypeCount.Store(0)
	}
	slowTypeStrings.Store(t, s)
	return s
}

// slowTypeStrings holds the strings of the types TypeString cannot build by
// concatenation, by type value; at most maxSlowTypeStrings of them.
var slowTypeStrings sync.Map

var slowTypeCount atomic.Int64

const maxSlowTypeStrings = 1 << 16

func namedString(n *types.Named) (string, bool) {
	if n.TypeArgs().Len() > 0 || n.TypeParams().Len() > 0 {
		return "", false
	}
	obj := n.Obj()
	if obj.Pkg() == nil {
		return obj.Name(), true // error, comparable
	}
	return obj.Pkg().Path() + "." + obj.Name(), true
}
