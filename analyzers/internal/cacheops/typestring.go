package cacheops

import (
	"go/types"

	"github.com/cachevet/cachevet/analyzers/internal/memo"
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
	return typeStrings.Get(t, typeString)
}

// typeStrings holds TypeString's results by type value.
var typeStrings = memo.New[types.Type, string](1 << 16)

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
