package cachenil

import (
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// cannotFail reports whether call is one whose error result cannot be
// non-nil for the static types of its arguments: encoding/json's Marshal
// and MarshalIndent of a value that has no float, complex, channel,
// function, interface or unsafe pointer inside, no MarshalJSON or
// MarshalText method of its own (time.Time's excepted), and no recursive
// type that could hold a cycle. Such a call is no failed call.
func cannotFail(call *ssa.Call) bool {
	fn := call.Call.StaticCallee()
	if fn == nil || fn.Pkg == nil || fn.Pkg.Pkg == nil || fn.Pkg.Pkg.Path() != "encoding/json" || fn.Signature.Recv() != nil {
		return false
	}
	if fn.Name() != "Marshal" && fn.Name() != "MarshalIndent" {
		return false
	}
	if len(call.Call.Args) == 0 {
		return false
	}
	a := call.Call.Args[0]
	if isNilConst(a) {
		return true // encodes as null
	}
	mi, ok := a.(*ssa.MakeInterface)
	if !ok {
		return false // an interface value: its dynamic type is unknown
	}
	s := &safety{busy: map[types.Type]bool{}, done: map[types.Type]bool{}, budget: 2000}
	return s.jsonSafe(mi.X.Type())
}

// safety checks types for jsonSafe: busy holds the types being checked,
// to refuse recursive types (a value of one can be cyclic, which Marshal
// reports as an error); done the answers so far; budget bounds the work
// on very large type graphs (when it runs out, the answer is "may fail").
type safety struct {
	busy, done map[types.Type]bool
	budget     int
}

// jsonSafe reports whether json.Marshal of any value of type t succeeds.
func (s *safety) jsonSafe(t types.Type) bool {
	t = types.Unalias(t)
	if isTimeTime(t) {
		return true
	}
	if ok, seen := s.done[t]; seen {
		return ok
	}
	if s.busy[t] || s.budget <= 0 {
		return false
	}
	s.budget--
	s.busy[t] = true
	ok := s.check(t)
	delete(s.busy, t)
	s.done[t] = ok
	return ok
}

func (s *safety) check(t types.Type) bool {
	if hasOwnMarshaler(t) {
		return false
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsBoolean|types.IsInteger|types.IsString) != 0 && u.Kind() != types.UnsafePointer
	case *types.Pointer:
		return s.jsonSafe(u.Elem())
	case *types.Slice:
		return s.jsonSafe(u.Elem())
	case *types.Array:
		return s.jsonSafe(u.Elem())
	case *types.Map:
		k := types.Unalias(u.Key())
		kb, ok := k.Underlying().(*types.Basic)
		if !ok || kb.Info()&(types.IsInteger|types.IsString) == 0 || hasOwnMarshaler(k) {
			return false
		}
		return s.jsonSafe(u.Elem())
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			if !f.Exported() && !f.Embedded() {
				continue // not encoded
			}
			if name, _, _ := strings.Cut(reflect.StructTag(u.Tag(i)).Get("json"), ","); name == "-" && !strings.HasPrefix(reflect.StructTag(u.Tag(i)).Get("json"), "-,") {
				continue
			}
			if !s.jsonSafe(f.Type()) {
				return false
			}
		}
		return true
	}
	// Floats (NaN, ±Inf), complex numbers, channels, functions,
	// interfaces, type parameters.
	return false
}

// hasOwnMarshaler reports whether t or *t has a MarshalJSON or
// MarshalText method (its own or promoted) that is not time.Time's.
func hasOwnMarshaler(t types.Type) bool {
	for _, name := range []string{"MarshalJSON", "MarshalText"} {
		for _, tt := range []types.Type{t, types.NewPointer(t)} {
			if _, isPtr := t.Underlying().(*types.Pointer); isPtr && tt != t {
				continue // no pointer to pointer method sets
			}
			if _, isIface := t.Underlying().(*types.Interface); isIface {
				return true
			}
			obj, _, _ := types.LookupFieldOrMethod(tt, true, nil, name)
			m, ok := obj.(*types.Func)
			if !ok {
				continue
			}
			sig, ok := m.Type().(*types.Signature)
			if !ok || sig.Recv() == nil {
				return true
			}
			rt := sig.Recv().Type()
			if p, ok := rt.Underlying().(*types.Pointer); ok {
				rt = p.Elem()
			}
			if !isTimeTime(rt) {
				return true
			}
		}
	}
	return false
}

func isTimeTime(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time"
}
