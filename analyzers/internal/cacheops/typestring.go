package cacheops

import (
	"go/types"
	"sync"
	"sync/atomic"
)

// TypeString is types.TypeString(t, nil), fast: the analyzers ask for the
// name of nearly every expression's type (is it a context, a request, an
// error?), and types.TypeString allocates a writer and a map per call: it
// dominated the profile of the whole suite. Basic types answer at once;
// the string of any other type value is built once (by concatenation for
// named types and pointers to them, by types.TypeString for the rest, so
// the result is always the same) and kept.
func TypeString(t types.Type) string {
	switch t := t.(type) {
	case nil:
		return "<nil>"
	case *types.Basic:
		if t.Kind() != types.UnsafePointer {
			return t.Name()
		}
	}
	if s, ok := slowTypeStrings.Load(t); ok {
		return s.(string)
	}
	s := typeString(t)
	if slowTypeCount.Add(1) > maxSlowTypeStrings {
		// A long-lived process (the editor's server) type-checks again
		// and again: start over rather than keep old types alive.
		slowTypeStrings.Clear()
		slowTypeCount.Store(0)
	}
	slowTypeStrings.Store(t, s)
	return s
}

func typeString(t types.Type) string {
	switch t := t.(type) {
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
	return types.TypeString(t, nil)
}

// slowTypeStrings holds TypeString's results by type value; at most
// maxSlowTypeStrings of them.
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
