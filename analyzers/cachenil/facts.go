package cachenil

import (
	"fmt"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Fact is what cachenil knows about a function, for callers in any
// package: which results may be nil while its error is nil ("not found"
// as nil, nil), whether it turns a failure into a zero value with a nil
// error, and which function-typed parameters (loaders) it caches the
// results of without a nil check.
type Fact struct {
	// Nil lists the results (0-based) that may be nil with a nil error.
	Nil []int
	// NilHow says how, for messages: "returns nil, nil".
	NilHow string
	// Swallows names the call whose failure the function turns into a
	// zero value (or ignores) while returning a nil error.
	Swallows string
	// SwallowsAs says what the function returns instead, for messages:
	// "the zero value", "a default", "an empty result".
	SwallowsAs string
	// Caches lists function-typed parameters (0-based, receiver excluded)
	// whose result the function stores in a cache without a nil check.
	Caches []int
	// CacheAPI names the write that caches a loader's result.
	CacheAPI string
	// Guarded lists value parameters (0-based, receiver excluded) that the
	// function checks for nil before every cache write of them: callers may
	// pass nil.
	Guarded []int
}

func (*Fact) AFact() {}

func (f *Fact) String() string {
	var parts []string
	if len(f.Nil) > 0 {
		parts = append(parts, fmt.Sprintf("nil%v", f.Nil))
	}
	if f.Swallows != "" {
		parts = append(parts, "swallows("+f.Swallows+")")
	}
	if len(f.Caches) > 0 {
		parts = append(parts, fmt.Sprintf("caches%v", f.Caches))
	}
	if len(f.Guarded) > 0 {
		parts = append(parts, fmt.Sprintf("guards%v", f.Guarded))
	}
	return "cachenil " + strings.Join(parts, " ")
}

func (f *Fact) nilAt(i int) bool { return f != nil && containsInt(f.Nil, i) }

func (f *Fact) empty() bool {
	return f == nil || (len(f.Nil) == 0 && f.Swallows == "" && len(f.Caches) == 0 && len(f.Guarded) == 0)
}

func containsInt(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

func addInt(s []int, x int) ([]int, bool) {
	if containsInt(s, x) {
		return s, false
	}
	s = append(s, x)
	sort.Ints(s)
	return s, true
}

// calleeFact is the fact of the function a call statically calls: this
// package's (computed), or imported from the callee's package.
func (a *checker) calleeFact(c *ssa.CallCommon) *Fact {
	fn := c.StaticCallee()
	if fn == nil {
		return nil
	}
	return a.funcFact(fn)
}

func (a *checker) funcFact(fn *ssa.Function) *Fact {
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	if f, ok := a.facts[fn]; ok {
		return f
	}
	obj, _ := fn.Object().(*types.Func)
	if obj == nil {
		return nil
	}
	if obj.Origin() != nil {
		obj = obj.Origin()
	}
	if local := a.byObj[obj]; local != nil {
		return a.facts[local]
	}
	if obj.Pkg() == nil || obj.Pkg() == a.pass.Pkg {
		return nil
	}
	if f, ok := a.imported[obj]; ok {
		return f
	}
	var f Fact
	var out *Fact
	if a.pass.ImportObjectFact(obj, &f) {
		out = &f
	}
	a.imported[obj] = out
	return out
}

// computeFacts computes the facts of every function of the package,
// closures included, to a fixed point (facts only grow).
func (a *checker) computeFacts() {
	for round := 0; round < 6; round++ {
		changed := false
		for _, fn := range a.funcs {
			if a.updateFact(fn) {
				changed = true
			}
		}
		if !changed {
			break
		}
	}
}

func (a *checker) updateFact(fn *ssa.Function) bool {
	f := a.facts[fn]
	if f == nil {
		f = &Fact{}
	}
	changed := false
	sig := fn.Signature
	ei := errIndex(sig)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ret, ok := instr.(*ssa.Return)
			if !ok || len(ret.Results) != sig.Results().Len() {
				continue
			}
			target, _ := pointOf(ret)
			for i, res := range ret.Results {
				if i == ei || f.nilAt(i) {
					continue
				}
				rt := sig.Results().At(i).Type()
				if !missingIfNil(rt) {
					continue
				}
				for _, o := range a.nilOrigins(res, false) {
					if !errNilWith(ret, ei, o) {
						continue
					}
					if reaches(o.path(), isNil, target) {
						f.Nil, _ = addInt(f.Nil, i)
						f.NilHow = a.nilHow(fn, o, ei)
						changed = true
						break
					}
				}
			}
			// A failure turned into a value: with a nil error, or by a
			// function without an error result (not one with a comma-ok).
			hides := ei >= 0 && isNilConst(resolveLoad(ret.Results[ei])) ||
				ei < 0 && len(ret.Results) > 0 && !hasBoolResult(sig)
			if hides && f.Swallows == "" {
				s, as := a.swallowed(fn, ret, ei)
				if s == "" {
					s, as = a.swallowedDefault(fn, ret, ei)
				}
				if s != "" {
					f.Swallows, f.SwallowsAs = s, as
					changed = true
				}
			}
			// return v, nil (or return v) where v is what a swallowing
			// callee returned: its failure value is ours.
			if hides && f.Swallows == "" {
				for i, res := range ret.Results {
					if i == ei {
						continue
					}
					var call *ssa.Call
					switch x := unconvert(resolveLoad(res)).(type) {
					case *ssa.Call:
						call = x
					case *ssa.Extract:
						call, _ = x.Tuple.(*ssa.Call)
					}
					if call == nil {
						continue
					}
					if cf := a.calleeFact(&call.Call); cf != nil && cf.Swallows != "" {
						f.Swallows, f.SwallowsAs = cf.Swallows, cf.SwallowsAs
						if !strings.Contains(cf.Swallows, "(inside ") {
							f.Swallows += " (inside " + calleeName(&call.Call) + ")"
						}
						changed = true
						break
					}
				}
			}
			// return f(...): f's swallowed failure is ours.
			if ei >= 0 && f.Swallows == "" {
				if ex, ok := resolveLoad(ret.Results[ei]).(*ssa.Extract); ok {
					if call, ok := ex.Tuple.(*ssa.Call); ok {
						if cf := a.calleeFact(&call.Call); cf != nil && cf.Swallows != "" {
							f.Swallows, f.SwallowsAs = cf.Swallows, cf.SwallowsAs
							if !strings.Contains(cf.Swallows, "(inside ") {
								f.Swallows += " (inside " + calleeName(&call.Call) + ")"
							}
							changed = true
						}
					}
				}
			}
		}
	}
	if changed {
		a.facts[fn] = f
	}
	return changed
}

// errNilWith reports whether, at ret, the error result is nil whenever the
// value from o is: a nil constant, or the error of the same call that
// returned the nil (return repo.Find(id)).
func errNilWith(ret *ssa.Return, ei int, o *origin) bool {
	if ei < 0 {
		return true
	}
	e := resolveLoad(ret.Results[ei])
	if isNilConst(e) {
		return true
	}
	if o.kind == fromNilCall && o.call != nil {
		if ex, ok := e.(*ssa.Extract); ok && ex.Tuple == o.call {
			return true
		}
	}
	return false
}

func (a *checker) nilHow(fn *ssa.Function, o *origin, ei int) string {
	switch o.kind {
	case fromNilConst:
		if ei >= 0 {
			return "returns nil, nil"
		}
		return "returns nil"
	case fromNilCall:
		return "returns the nil that " + calleeName(&o.call.Call) + " returns with a nil error"
	}
	return "may return nil"
}

// swallowed reports the call whose failure fn turns into a success at ret
// (which returns a nil error): ret returns a zero value and is reached only
// when that call failed, or returns the call's result while its error can
// still be non-nil.
func (a *checker) swallowed(fn *ssa.Function, ret *ssa.Return, ei int) (string, string) {
	target, ok := pointOf(ret)
	if !ok {
		return "", ""
	}
	for i, res := range ret.Results {
		if i == ei {
			continue
		}
		// The result comes from a call whose error is not checked.
		for _, o := range a.derived(res) {
			if o.kind != fromCall || o.idx < 0 || o.infallible || (ei < 0 && !upstream(o.call)) {
				continue
			}
			cei := errIndex(o.call.Call.Signature())
			if cei < 0 || o.idx == cei {
				continue
			}
			_, al := errAliases(o.call, cei)
			p := o.path()
			p.aliases = al
			if reaches(p, failed, target) {
				return calleeName(&o.call.Call), "what it got without checking the error"
			}
		}
		// A zero value returned only after a call failed (without an
		// error result: see swallowedDefault).
		if ei >= 0 && isZeroConst(unconvert(resolveLoad(res))) {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					call, ok := instr.(*ssa.Call)
					if !ok {
						continue
					}
					cei := errIndex(call.Call.Signature())
					if cei < 0 {
						continue
					}
					errV, al := errAliases(call, cei)
					if errV == nil {
						continue
					}
					pt, _ := pointOf(call)
					if onlyOnFailure(pt, al, target) {
						return calleeName(&call.Call), "the zero value"
					}
				}
			}
		}
	}
	return "", ""
}

// onlyOnFailure reports whether target is reachable from the call at pt
// while its error is non-nil, and never while it is nil.
func onlyOnFailure(pt point, al map[ssa.Value]bool, target point) bool {
	p := &path{startBlock: pt.b, startIdx: pt.i, aliases: al}
	return reaches(p, failed, target) && !reaches(p, succeeded, target)
}

// calleeName is how messages name a called function: its name, or the
// expression for a function value.
func calleeName(c *ssa.CallCommon) string {
	if c.IsInvoke() {
		return c.Method.Name()
	}
	if fn := c.StaticCallee(); fn != nil {
		if fn.Origin() != nil {
			fn = fn.Origin()
		}
		if obj, ok := fn.Object().(*types.Func); ok {
			return obj.Name()
		}
		if fn.Parent() != nil {
			return "the function literal"
		}
		return fn.Name()
	}
	if p, ok := c.Value.(*ssa.Parameter); ok {
		return p.Name()
	}
	return c.Value.Name()
}

// cachesFact records that fn stores the result of its function-typed
// parameter param without a nil check.
func (a *checker) cachesFact(fn *ssa.Function, param int, api string) {
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	f := a.facts[fn]
	if f == nil {
		f = &Fact{}
	}
	var added bool
	f.Caches, added = addInt(f.Caches, param)
	if added && f.CacheAPI == "" {
		f.CacheAPI = api
	}
	a.facts[fn] = f
}
