package cachenil

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
)

// This file is issue #19's "failures that become values": a function that
// checks a callee's error, drops it (or only logs it) and returns a
// default, an empty or a zero value with a nil error or with no error
// result at all. Its Swallows fact names the callee; a cache write of a
// value built from its result caches the failure as a real value.

// upstream reports whether the failure of call is an upstream failure
// worth reporting when swallowed: a call of a function outside the
// standard library, a method, or a call that takes a context. A package
// function of the standard library without a context parses or formats
// (strconv.Atoi, url.Parse, json.Unmarshal): falling back to a default
// when it fails is how configuration is read, not a hidden outage.
func upstream(call *ssa.Call) bool {
	if call.Call.IsInvoke() {
		return true
	}
	for _, a := range call.Call.Args {
		if isContext(a.Type()) {
			return true
		}
	}
	fn := call.Call.StaticCallee()
	if fn == nil {
		return true // a function value: unknown, may reach anything
	}
	if fn.Signature.Recv() != nil {
		return true
	}
	if fn.Pkg == nil || fn.Pkg.Pkg == nil {
		return true
	}
	p := fn.Pkg.Pkg.Path()
	return !cacheops.IsStd(p) || p == "net/http" || p == "database/sql"
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// expectedError reports whether block b is reached only through the true
// branch of a test of the error against a particular error
// (errors.Is(err, ErrNotFound), err == sql.ErrNoRows): the callee answered
// "there is none", and a default is then the right answer, not a failure.
func expectedError(fn *ssa.Function, al map[ssa.Value]bool, b *ssa.BasicBlock) bool {
	for _, x := range fn.Blocks {
		if len(x.Instrs) == 0 || len(x.Succs) != 2 {
			continue
		}
		ifi, ok := x.Instrs[len(x.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		var taken *ssa.BasicBlock
		switch c := ifi.Cond.(type) {
		case *ssa.Call:
			if isErrorsIsAs(c) && usesAlias(c, al) {
				taken = x.Succs[0]
			}
		case *ssa.BinOp:
			if (c.Op == token.EQL || c.Op == token.NEQ) && (isAlias(c.X, al) && isSentinel(c.Y) || isAlias(c.Y, al) && isSentinel(c.X)) {
				taken = x.Succs[0]
				if c.Op == token.NEQ {
					taken = x.Succs[1]
				}
			}
		}
		if taken != nil && len(taken.Preds) == 1 && taken.Dominates(b) {
			return true
		}
	}
	return false
}

// isSentinel reports whether v is a package-level error variable.
func isSentinel(v ssa.Value) bool {
	ld, ok := unconvert(v).(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return false
	}
	_, ok = ld.X.(*ssa.Global)
	return ok
}

// failureValue says what a returned value is when it stands for a failure
// ("the zero value", "a default"), or "" when it is computed by a call
// that can fail (a fallback to another source is a real value).
func (a *checker) failureValue(res ssa.Value) string {
	r := unconvert(resolveLoad(res))
	if isZeroConst(r) {
		if _, ok := r.Type().Underlying().(*types.Slice); ok {
			return "an empty result"
		}
		return "the zero value"
	}
	for _, o := range a.derived(res) {
		if o.kind == fromCall || o.kind == fromSwallow {
			return ""
		}
	}
	if isEmpty(r) {
		return "an empty result"
	}
	return "a default"
}

// isEmpty reports whether v is an empty slice or map literal.
func isEmpty(v ssa.Value) bool {
	switch x := v.(type) {
	case *ssa.MakeMap:
		return true
	case *ssa.Slice:
		if al, ok := x.X.(*ssa.Alloc); ok {
			if at, ok := al.Type().Underlying().(*types.Pointer); ok {
				if arr, ok := at.Elem().Underlying().(*types.Array); ok {
					return arr.Len() == 0
				}
			}
		}
	case *ssa.MakeSlice:
		n, ok := intConst(x.Len)
		return ok && n == 0
	}
	return false
}

// hasBoolResult reports whether a function without an error result also
// returns a bool (v, ok): its callers learn failure from ok.
func hasBoolResult(sig *types.Signature) bool {
	for i := 0; i < sig.Results().Len(); i++ {
		if isBool(sig.Results().At(i).Type()) {
			return true
		}
	}
	return false
}

// swallowedDefault reports the upstream call whose failure fn hides at
// ret (whose error, if any, is nil): ret returns a failure value and is
// reached only when that call failed, and not because it answered with a
// particular error such as "not found". what says what ret returns.
func (a *checker) swallowedDefault(fn *ssa.Function, ret *ssa.Return, ei int) (callee, what string) {
	target, ok := pointOf(ret)
	if !ok {
		return "", ""
	}
	for i, res := range ret.Results {
		if i == ei {
			continue
		}
		w := a.failureValue(res)
		if w == "" {
			return "", "" // one result is real: a partial answer the caller can use
		}
		if what == "" || what == "a default" {
			what = w
		}
	}
	if what == "" {
		return "", ""
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || a.cacheRead(call) || cannotFail(call) || !upstream(call) {
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
			if onlyOnFailure(pt, al, target) && !expectedError(fn, al, ret.Block()) {
				return calleeName(&call.Call), what
			}
		}
	}
	return "", ""
}

// valueChecked reports whether the caller tests the result of call before
// using it (v == "", len(v) > 0, v.Ok()): it can tell the default apart.
func valueChecked(call *ssa.Call, idx int) bool {
	vals := []ssa.Value{call}
	if call.Referrers() != nil {
		for _, r := range *call.Referrers() {
			if ex, ok := r.(*ssa.Extract); ok && ex.Index == idx {
				vals = append(vals, ex)
			}
		}
	}
	for _, v := range vals {
		if v.Referrers() == nil {
			continue
		}
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.BinOp:
				switch r.Op {
				case token.EQL, token.NEQ, token.LSS, token.GTR, token.LEQ, token.GEQ:
					return true
				}
			case *ssa.Call:
				if b, ok := r.Call.Value.(*ssa.Builtin); ok && b.Name() == "len" {
					return true
				}
			}
		}
	}
	return false
}

// checkFailValue reports a write of a value built from the result of a
// function that returns a failure value without reporting the failure.
func (c *checker) checkFailValue(op *cacheops.Op, v ssa.Value, w point, what, ttl string) bool {
	if c.shortTTL(op) {
		return false // a fallback cached briefly: at most a negative entry's life
	}
	for _, o := range c.derived(v) {
		if o.kind != fromSwallow || o.fact == nil || valueChecked(o.call, o.idx) {
			continue
		}
		p := o.path()
		p.aliases, p.chain = map[ssa.Value]bool{}, nil
		if !reaches(p, failed, w) {
			continue
		}
		name := calleeName(&o.call.Call)
		as := o.fact.SwallowsAs
		if as == "" {
			as = "a made-up value"
		}
		c.report(op.Call, fmt.Sprintf("caches %s, built from %s, which returns %s when %s fails without reporting the error: the failure would be served from cache %s as a real value; make %s return the error, or cache only real results", what, name, as, o.fact.Swallows, ttl, name))
		return true
	}
	return false
}
