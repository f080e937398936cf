package cachenil

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// This file is the path machinery: which values a stored value comes from
// (walking SSA def-use chains backwards, through phi nodes with the edge
// each operand arrives on), and whether a path exists from where a bad
// state begins (a call failed, a value is nil) to the write, given the
// branches the code takes on the way.

// state is what a path carries from its origin.
type state uint8

const (
	failed    state = iota + 1 // the origin call's error is non-nil
	succeeded                  // the origin call's error is nil
	isNil                      // the value is nil
)

// edge is a control-flow edge; a phi operand arrives on one. An edge with
// at set is a waypoint instead: the store by which the value enters a
// variable in memory, which the path must pass through.
type edge struct {
	from, to *ssa.BasicBlock
	at       ssa.Instruction
}

// path describes how to get from an origin to a target: the start point,
// the phi edges the value passes through (in execution order), and the
// values that stand for the tracked value (for branch conditions).
type path struct {
	startBlock *ssa.BasicBlock
	startIdx   int // the state begins after this instruction; -1: at block entry
	edges      []edge
	aliases    map[ssa.Value]bool
	// direct: the state holds at the target itself (a nil literal).
	direct bool
	// overwrite is the variable the value passes through: a store to it
	// replaces the value, ending the state.
	overwrite *ssa.Alloc
	// chain are the values from the origin to the use: storing one of them
	// into overwrite is not a replacement.
	chain map[ssa.Value]bool
	// nilVals, with the failed state, are values that are nil whenever
	// the origin call failed (its result, when the callee returns nil with
	// every error): a branch on them, or a dereference, tells failure too.
	nilVals map[ssa.Value]bool
}

// point is an instruction position.
type point struct {
	b *ssa.BasicBlock
	i int
}

func pointOf(instr ssa.Instruction) (point, bool) {
	b := instr.Block()
	if b == nil {
		return point{}, false
	}
	for i, in := range b.Instrs {
		if in == instr {
			return point{b, i}, true
		}
	}
	return point{}, false
}

// reaches reports whether, carrying state st, control can go from p's
// start through its edges to target.
func reaches(p *path, st state, target point) bool {
	if p.direct {
		return target.b != nil
	}
	if p.startBlock == nil || target.b == nil {
		return false
	}
	b, i := p.startBlock, p.startIdx
	for _, e := range p.edges {
		if e.at != nil {
			pt, ok := pointOf(e.at)
			if !ok || !segment(b, i, pt, st, p) {
				return false
			}
			b, i = pt.b, pt.i
			continue
		}
		if !segment(b, i, point{e.from, len(e.from.Instrs)}, st, p) {
			return false
		}
		if !p.allowed(e.from, e.to, st) {
			return false
		}
		b, i = e.to, -1
	}
	return segment(b, i, target, st, p)
}

func overwrites(instr ssa.Instruction, ow *ssa.Alloc, chain map[ssa.Value]bool) bool {
	if ow == nil {
		return false
	}
	st, ok := instr.(*ssa.Store)
	return ok && st.Addr == ow && !chain[st.Val]
}

// segment is a breadth-first search from (b, after i) to target, pruning
// branch edges that contradict st and stopping at instructions that kill it.
func segment(b *ssa.BasicBlock, i int, target point, st state, p *path) bool {
	// scan reports: 1 target reached, -1 killed, 0 fell off the end.
	scan := func(b *ssa.BasicBlock, from int) int {
		for j := from; j < len(b.Instrs); j++ {
			if b == target.b && j == target.i {
				return 1
			}
			if kills(b.Instrs[j], st, p.aliases) || overwrites(b.Instrs[j], p.overwrite, p.chain) || (p.nilVals != nil && kills(b.Instrs[j], isNil, p.nilVals)) {
				return -1
			}
		}
		if b == target.b && target.i == len(b.Instrs) {
			return 1
		}
		return 0
	}
	switch scan(b, i+1) {
	case 1:
		return true
	case -1:
		return false
	}
	seen := map[*ssa.BasicBlock]bool{}
	queue := []*ssa.BasicBlock{b}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		for _, s := range cur.Succs {
			if seen[s] || !p.allowed(cur, s, st) {
				continue
			}
			seen[s] = true
			switch scan(s, 0) {
			case 1:
				return true
			case 0:
				queue = append(queue, s)
			}
		}
	}
	return false
}

// kills reports whether executing instr ends state st on this path: a
// nil pointer dereferenced would have panicked.
func kills(instr ssa.Instruction, st state, aliases map[ssa.Value]bool) bool {
	if st != isNil {
		return false
	}
	switch in := instr.(type) {
	case *ssa.FieldAddr:
		return isAlias(in.X, aliases)
	case *ssa.UnOp:
		return in.Op == token.MUL && isAlias(in.X, aliases)
	case *ssa.TypeAssert:
		return !in.CommaOk && isAlias(in.X, aliases)
	}
	return false
}

// isAlias reports whether v is one of the tracked values, possibly
// converted (any(v), T(v)).
func isAlias(v ssa.Value, aliases map[ssa.Value]bool) bool {
	for k := 0; k < 8 && v != nil; k++ {
		if aliases[v] {
			return true
		}
		switch x := v.(type) {
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.Convert:
			v = x.X
		default:
			return false
		}
	}
	return false
}

// allowed reports whether the edge from→to can be taken carrying st,
// judged on the path's aliases and, with failed, on its nil values.
func (p *path) allowed(from, to *ssa.BasicBlock, st state) bool {
	if !allowed(from, to, st, p.aliases) {
		return false
	}
	return p.nilVals == nil || st != failed || allowed(from, to, isNil, p.nilVals)
}

// allowed reports whether the edge from→to can be taken carrying st.
func allowed(from, to *ssa.BasicBlock, st state, aliases map[ssa.Value]bool) bool {
	if len(from.Instrs) == 0 {
		return true
	}
	ifi, ok := from.Instrs[len(from.Instrs)-1].(*ssa.If)
	if !ok || len(from.Succs) != 2 || from.Succs[0] == from.Succs[1] {
		return true
	}
	onTrue, onFalse := judge(ifi.Cond, st, aliases)
	if to == from.Succs[0] {
		return onTrue
	}
	return onFalse
}

// judge says whether st can still hold when cond is true, and when false.
func judge(cond ssa.Value, st state, aliases map[ssa.Value]bool) (onTrue, onFalse bool) {
	switch c := cond.(type) {
	case *ssa.UnOp:
		if c.Op == token.NOT {
			f, t := judge(c.X, st, aliases)
			return t, f
		}
	case *ssa.BinOp:
		if c.Op != token.EQL && c.Op != token.NEQ && c.Op != token.GTR && c.Op != token.LSS && c.Op != token.GEQ && c.Op != token.LEQ {
			return true, true
		}
		x, y, op := c.X, c.Y, c.Op
		if isAlias(y, aliases) || isLenOf(y, aliases) {
			x, y = y, x
			op = flip(op)
		}
		if isAlias(x, aliases) && (op == token.EQL || op == token.NEQ) {
			if isNilConst(y) {
				// x == nil (EQL) or x != nil (NEQ).
				nilWhenTrue := op == token.EQL
				switch st {
				case failed: // x is non-nil
					return !nilWhenTrue, nilWhenTrue
				case succeeded, isNil: // x is nil
					return nilWhenTrue, !nilWhenTrue
				}
			}
			// x == someSentinel: when true, x is not nil.
			if st == succeeded || st == isNil {
				if op == token.EQL {
					return false, true
				}
				return true, false
			}
			return true, true
		}
		if isLenOf(x, aliases) && st == isNil {
			k, ok := intConst(y)
			if !ok {
				return true, true
			}
			// A nil slice, map or string has length 0: the state holds
			// only where len(x) == 0 is possible.
			switch {
			case op == token.GTR && k >= 0, op == token.NEQ && k == 0, op == token.GEQ && k >= 1:
				return false, true
			case op == token.EQL && k == 0, op == token.LEQ && k == 0, op == token.LSS && k == 1:
				return true, false
			}
		}
	case *ssa.Extract:
		// v, ok := lookup(): a true ok means found.
		if st == isNil {
			if call, ok := c.Tuple.(*ssa.Call); ok && aliasOfCall(call, aliases) && isBool(c.Type()) {
				return false, true
			}
		}
	case *ssa.Call:
		if usesAlias(c, aliases) {
			if isErrorsIsAs(c) {
				if st == succeeded {
					return false, true // errors.Is(err, X) is true only for a non-nil err
				}
				return true, true
			}
			// A helper decides (valid(v), shouldCache(err)): we cannot tell
			// which branch is which, so assume neither carries the state.
			return false, false
		}
	}
	return true, true
}

func flip(op token.Token) token.Token {
	switch op {
	case token.GTR:
		return token.LSS
	case token.LSS:
		return token.GTR
	case token.GEQ:
		return token.LEQ
	case token.LEQ:
		return token.GEQ
	}
	return op
}

func isLenOf(v ssa.Value, aliases map[ssa.Value]bool) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "len" && len(call.Call.Args) == 1 && isAlias(call.Call.Args[0], aliases)
}

func intConst(v ssa.Value) (int64, bool) {
	c, ok := v.(*ssa.Const)
	if !ok || c.Value == nil {
		return 0, false
	}
	b, ok := c.Type().Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return 0, false
	}
	return c.Int64(), true
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// aliasOfCall reports whether one of call's results is tracked.
func aliasOfCall(call *ssa.Call, aliases map[ssa.Value]bool) bool {
	if aliases[call] {
		return true
	}
	for _, r := range *call.Referrers() {
		if v, ok := r.(ssa.Value); ok && aliases[v] {
			return true
		}
	}
	return false
}

func usesAlias(c *ssa.Call, aliases map[ssa.Value]bool) bool {
	for _, a := range c.Call.Args {
		if isAlias(a, aliases) {
			return true
		}
	}
	return false
}

func isErrorsIsAs(c *ssa.Call) bool {
	fn := c.Call.StaticCallee()
	if fn == nil || fn.Pkg == nil || fn.Pkg.Pkg == nil {
		return false
	}
	return fn.Pkg.Pkg.Path() == "errors" && (fn.Name() == "Is" || fn.Name() == "As")
}

func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil && !isTypeParam(c.Type()) && nillable(c.Type())
}

func isTypeParam(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.TypeParam)
	return ok
}

// nillable reports whether nil is a value of t.
func nillable(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface, *types.Signature, *types.Chan, *types.Map, *types.Slice:
		return true
	case *types.Basic:
		b := t.Underlying().(*types.Basic)
		return b.Kind() == types.UnsafePointer || b.Kind() == types.UntypedNil
	}
	return false
}

// missingIfNil reports whether a nil of type t means "no value" rather than
// "an empty value": pointers, interfaces, functions and channels. A nil
// slice or map is an empty collection and is fine to cache.
func missingIfNil(t types.Type) bool {
	if isTypeParam(t) {
		return false
	}
	switch t.Underlying().(type) {
	case *types.Pointer, *types.Interface, *types.Signature, *types.Chan:
		return true
	}
	return false
}

// isZeroConst reports whether v is the zero value of its type.
func isZeroConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok {
		return false
	}
	if c.Value == nil {
		return true
	}
	return c.IsNil() || (c.Value.ExactString() == "0" || c.Value.ExactString() == `""` || c.Value.ExactString() == "false")
}

// errIndex is the index of the last result when it is an error, or -1.
func errIndex(sig *types.Signature) int {
	n := sig.Results().Len()
	if n == 0 {
		return -1
	}
	if isErrorType(sig.Results().At(n - 1).Type()) {
		return n - 1
	}
	return -1
}

var errorType = types.Universe.Lookup("error").Type()

func isErrorType(t types.Type) bool { return types.Identical(t, errorType) }

// implementsError reports whether t is error or a type that implements it.
func implementsError(t types.Type) bool {
	if isTypeParam(t) {
		return false
	}
	if isErrorType(t) {
		return true
	}
	if _, ok := t.Underlying().(*types.Interface); ok {
		return false // any, fmt.Stringer: not an error by type
	}
	iface := errorType.Underlying().(*types.Interface)
	return types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface) && isPointer(t)
}

func isPointer(t types.Type) bool {
	_, ok := t.Underlying().(*types.Pointer)
	return ok
}

// errAliases is the set of values that hold the error result of call:
// the Extract itself, phis it flows into, and loads of variables it is
// stored in (a named result or a variable a closure captures).
func errAliases(call *ssa.Call, idx int) (ssa.Value, map[ssa.Value]bool) {
	var errV ssa.Value
	if call.Referrers() != nil {
		for _, r := range *call.Referrers() {
			if ex, ok := r.(*ssa.Extract); ok && ex.Index == idx {
				errV = ex
			}
		}
	}
	if call.Call.Signature().Results().Len() == 1 {
		errV = call
	}
	set := map[ssa.Value]bool{}
	if errV == nil {
		return nil, set
	}
	work := []ssa.Value{errV}
	for len(work) > 0 && len(set) < 64 {
		v := work[0]
		work = work[1:]
		if set[v] {
			continue
		}
		set[v] = true
		if v.Referrers() == nil {
			continue
		}
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.Phi:
				work = append(work, r)
			case *ssa.Store:
				if r.Val == v {
					if refs := r.Addr.Referrers(); refs != nil {
						for _, rr := range *refs {
							if ld, ok := rr.(*ssa.UnOp); ok && ld.Op == token.MUL {
								work = append(work, ld)
							}
						}
					}
				}
			}
		}
	}
	return errV, set
}

// resolveLoad sees through a load of a local variable that was stored in
// the same block just before (the result slots of a function with defers:
// *t0 = nil; rundefers; t1 = *t0; return t1). A variable a closure
// captures may change in between (a deferred recover): it stays a load.
func resolveLoad(v ssa.Value) ssa.Value {
	ld, ok := v.(*ssa.UnOp)
	if !ok || ld.Op != token.MUL {
		return v
	}
	al, ok := ld.X.(*ssa.Alloc)
	if !ok || al.Referrers() == nil {
		return v
	}
	for _, r := range *al.Referrers() {
		if _, ok := r.(*ssa.MakeClosure); ok {
			return v
		}
	}
	b := ld.Block()
	if b == nil {
		return v
	}
	idx := -1
	for i, in := range b.Instrs {
		if in == ld {
			idx = i
			break
		}
	}
	for i := idx - 1; i >= 0; i-- {
		switch in := b.Instrs[i].(type) {
		case *ssa.Store:
			if in.Addr == al {
				return in.Val
			}
		case *ssa.Call:
			if isArg(&in.Call, al) {
				return v
			}
		}
	}
	return v
}
