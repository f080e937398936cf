package cachenil

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// originKind is where a stored value can go wrong.
type originKind uint8

const (
	fromNilConst  originKind = iota + 1 // a nil constant
	fromNilCall                         // a call that may return nil with a nil error
	fromParamCall                       // a call of a function-typed parameter (a wrapper's loader)
	fromCall                            // a call with an error result the value is computed from
	fromSwallow                         // a call of a function whose fact says it swallows a failure
)

// origin is one source of a stored value, with the path it takes.
type origin struct {
	kind originKind
	call *ssa.Call // the producing call (nil for a constant)
	idx  int       // the result of call the value comes from; -1: filled through a pointer
	fact *Fact     // the callee's fact, for fromNilCall
	// phi edges from the origin towards the use, in execution order.
	edges []edge
	// aliases are the values between the origin and the use.
	aliases map[ssa.Value]bool
	param   int // fromParamCall: the parameter index (receiver excluded)
	// firstEdge is the phi edge a nil constant arrives on (its start).
	firstEdge *edge
	// direct marks a constant that is the used value itself.
	direct bool
	// via is the local variable the value was found through.
	via *ssa.Alloc
	// infallible marks a fromCall whose error cannot be non-nil for its
	// arguments' types (json.Marshal of a struct of strings): the value is
	// still computed by it, but no failure can come from it.
	infallible bool
}

// start returns the path from the origin, carrying its own aliases.
func (o *origin) path() *path {
	p := &path{aliases: o.aliases, direct: o.direct, overwrite: o.via, chain: o.aliases}
	switch {
	case o.direct:
	case o.call != nil:
		pt, ok := pointOf(o.call)
		if !ok {
			return &path{}
		}
		p.startBlock, p.startIdx = pt.b, pt.i
		p.edges = o.edges
	case o.firstEdge != nil:
		p.startBlock, p.startIdx = o.firstEdge.from, len(o.firstEdge.from.Instrs)
		p.edges = o.edges
	default:
		return &path{}
	}
	return p
}

type tracer struct {
	a      *checker
	seen   map[ssa.Value]bool
	out    []*origin
	budget int
}

func reverse(es []edge) []edge {
	out := make([]edge, len(es))
	for i, e := range es {
		out[len(es)-1-i] = e
	}
	return out
}

func copyAliases(m map[ssa.Value]bool, v ssa.Value) map[ssa.Value]bool {
	out := make(map[ssa.Value]bool, len(m)+1)
	for k := range m {
		out[k] = true
	}
	out[v] = true
	return out
}

// nilOrigins lists where v can be nil: nil constants (of pointer,
// interface, func or channel type) and calls known to return nil with a
// nil error; with params, also calls of function-typed parameters.
func (a *checker) nilOrigins(v ssa.Value, params bool) []*origin {
	t := &tracer{a: a, seen: map[ssa.Value]bool{}, budget: 200}
	t.nils(v, nil, map[ssa.Value]bool{}, params)
	return t.out
}

func (t *tracer) nils(v ssa.Value, back []edge, aliases map[ssa.Value]bool, params bool) {
	if v == nil || t.seen[v] || t.budget <= 0 {
		return
	}
	t.budget--
	t.seen[v] = true
	defer delete(t.seen, v)
	aliases = copyAliases(aliases, v)
	if r := resolveLoad(v); r != v {
		t.nils(r, back, aliases, params)
		return
	}
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value == nil && !isTypeParam(x.Type()) && missingIfNil(x.Type()) {
			o := &origin{kind: fromNilConst, aliases: aliases}
			if len(back) > 0 {
				es := reverse(back)
				o.firstEdge = &es[0]
				o.edges = es[1:]
			} else {
				o.direct = true
			}
			t.out = append(t.out, o)
		}
	case *ssa.MakeInterface:
		t.nils(x.X, back, aliases, params)
	case *ssa.ChangeInterface:
		t.nils(x.X, back, aliases, params)
	case *ssa.ChangeType:
		t.nils(x.X, back, aliases, params)
	case *ssa.Phi:
		for i, e := range x.Edges {
			if i < len(x.Block().Preds) {
				t.nils(e, append(append([]edge(nil), back...), edge{from: x.Block().Preds[i], to: x.Block()}), aliases, params)
			}
		}
	case *ssa.Extract:
		if call, ok := x.Tuple.(*ssa.Call); ok {
			t.callNil(call, x.Index, back, aliases, params)
		}
	case *ssa.Call:
		if x.Call.Signature().Results().Len() == 1 {
			t.callNil(x, 0, back, aliases, params)
		}
	}
}

func (t *tracer) callNil(call *ssa.Call, idx int, back []edge, aliases map[ssa.Value]bool, params bool) {
	res := call.Call.Signature().Results()
	if idx >= res.Len() || isErrorType(res.At(idx).Type()) {
		return
	}
	if params {
		if p, ok := call.Call.Value.(*ssa.Parameter); ok {
			if i := paramIndex(p); i >= 0 {
				t.out = append(t.out, &origin{kind: fromParamCall, call: call, idx: idx, edges: reverse(back), aliases: aliases, param: i})
			}
			return
		}
	}
	if !missingIfNil(res.At(idx).Type()) && !isTypeParam(res.At(idx).Type()) {
		return
	}
	f := t.a.calleeFact(&call.Call)
	if f == nil || !f.nilAt(idx) {
		return
	}
	t.out = append(t.out, &origin{kind: fromNilCall, call: call, idx: idx, fact: f, edges: reverse(back), aliases: aliases})
}

// paramIndex is p's index among its function's parameters, receiver
// excluded, or -1.
func paramIndex(p *ssa.Parameter) int {
	fn := p.Parent()
	if fn == nil {
		return -1
	}
	recv := 0
	if fn.Signature.Recv() != nil {
		recv = 1
	}
	for i, q := range fn.Params {
		if q == p {
			return i - recv
		}
	}
	return -1
}

// derived lists the calls with an error result that v is computed from:
// its direct producer and, through conversions, field reads, phi nodes,
// composite literals and calls that transform it (json.Marshal(v),
// toDTO(v)), the producers of their inputs.
func (a *checker) derived(v ssa.Value) []*origin {
	t := &tracer{a: a, seen: map[ssa.Value]bool{}, budget: 400}
	t.derive(v, nil, map[ssa.Value]bool{}, 0)
	return t.out
}

func (t *tracer) derive(v ssa.Value, back []edge, aliases map[ssa.Value]bool, depth int) {
	if v == nil || t.seen[v] || t.budget <= 0 || depth > 16 {
		return
	}
	t.budget--
	t.seen[v] = true
	aliases = copyAliases(aliases, v)
	d := depth + 1
	if r := resolveLoad(v); r != v {
		t.derive(r, back, aliases, d)
		return
	}
	switch x := v.(type) {
	case *ssa.Extract:
		switch tu := x.Tuple.(type) {
		case *ssa.Call:
			t.callDerive(tu, x.Index, back, aliases, d)
		default:
			t.derive(tu, back, aliases, d)
		}
	case *ssa.Call:
		t.callDerive(x, 0, back, aliases, d)
	case *ssa.Phi:
		for i, e := range x.Edges {
			if i < len(x.Block().Preds) {
				t.derive(e, append(append([]edge(nil), back...), edge{from: x.Block().Preds[i], to: x.Block()}), aliases, d)
			}
		}
	case *ssa.MakeInterface:
		t.derive(x.X, back, aliases, d)
	case *ssa.ChangeInterface:
		t.derive(x.X, back, aliases, d)
	case *ssa.ChangeType:
		t.derive(x.X, back, aliases, d)
	case *ssa.Convert:
		t.derive(x.X, back, aliases, d)
	case *ssa.MultiConvert:
		t.derive(x.X, back, aliases, d)
	case *ssa.SliceToArrayPointer:
		t.derive(x.X, back, aliases, d)
	case *ssa.Field:
		t.derive(x.X, back, aliases, d)
	case *ssa.FieldAddr:
		t.derive(x.X, back, aliases, d)
	case *ssa.Index:
		t.derive(x.X, back, aliases, d)
	case *ssa.IndexAddr:
		t.derive(x.X, back, aliases, d)
	case *ssa.Lookup:
		t.derive(x.X, back, aliases, d)
	case *ssa.Slice:
		t.derive(x.X, back, aliases, d)
	case *ssa.TypeAssert:
		t.derive(x.X, back, aliases, d)
	case *ssa.BinOp:
		if (x.Op == token.EQL || x.Op == token.NEQ) && (implementsError(x.X.Type()) || implementsError(x.Y.Type())) {
			return // err == nil, err != io.EOF: a check of the error, like a call that takes it
		}
		t.derive(x.X, back, aliases, d)
		t.derive(x.Y, back, aliases, d)
	case *ssa.UnOp:
		if x.Op == token.MUL {
			if al, ok := x.X.(*ssa.Alloc); ok {
				t.deriveAlloc(al, back, aliases, d)
				return
			}
		}
		t.derive(x.X, back, aliases, d)
	case *ssa.Alloc:
		t.deriveAlloc(x, back, aliases, d)
	}
}

// deriveAlloc follows what is stored into a local variable or composite
// literal (its fields and elements), and calls that fill it through a
// pointer (json.Unmarshal(data, &v)).
func (t *tracer) deriveAlloc(al *ssa.Alloc, back []edge, aliases map[ssa.Value]bool, d int) {
	if t.seen[al] && len(aliases) > 1 && !aliases[al] {
		return
	}
	t.seen[al] = true
	var addrs []ssa.Value
	addrs = append(addrs, al)
	refs := al.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			addrs = append(addrs, r)
		case *ssa.IndexAddr:
			addrs = append(addrs, r)
		}
	}
	n := len(t.out)
	defer func() {
		for _, o := range t.out[n:] {
			if o.via == nil {
				o.via = al
			}
		}
	}()
	for _, addr := range addrs {
		ar := addr.Referrers()
		if ar == nil {
			continue
		}
		for _, r := range *ar {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr == addr {
					// The value enters the variable here: the check of
					// an error must come before this store, not before
					// the use (a loop that skips failures and appends
					// the rest to a variable in memory).
					t.derive(r.Val, append(append([]edge(nil), back...), edge{at: r}), aliases, d)
				}
			case *ssa.Call:
				if addr == al && isArg(&r.Call, al) {
					t.callDerive(r, -1, back, aliases, d)
				}
			case *ssa.MakeInterface, *ssa.ChangeType, *ssa.Convert:
				// &v passed as any: json.Unmarshal(data, &v).
				if addr != al {
					continue
				}
				view := r.(ssa.Value)
				if view.Referrers() == nil {
					continue
				}
				for _, rr := range *view.Referrers() {
					if call, ok := rr.(*ssa.Call); ok && isArg(&call.Call, view) {
						t.callDerive(call, -1, back, aliases, d)
					}
				}
			}
		}
	}
}

func isArg(c *ssa.CallCommon, v ssa.Value) bool {
	for _, a := range c.Args {
		if a == v {
			return true
		}
	}
	return false
}

func (t *tracer) callDerive(call *ssa.Call, idx int, back []edge, aliases map[ssa.Value]bool, d int) {
	sig := call.Call.Signature()
	if ei := errIndex(sig); ei >= 0 {
		t.out = append(t.out, &origin{kind: fromCall, call: call, idx: idx, edges: reverse(back), aliases: aliases, infallible: cannotFail(call)})
	}
	if f := t.a.calleeFact(&call.Call); f != nil && f.Swallows != "" && idx >= 0 {
		t.out = append(t.out, &origin{kind: fromSwallow, call: call, idx: idx, fact: f, edges: reverse(back), aliases: aliases})
	}
	if _, ok := call.Call.Value.(*ssa.Builtin); ok && call.Call.Value.Name() != "append" {
		return // len, cap, ...
	}
	// A call that takes an error decides on it itself (wrap(v, err)).
	for _, a := range call.Call.Args {
		if implementsError(a.Type()) {
			return
		}
	}
	if call.Call.IsInvoke() {
		t.derive(call.Call.Value, back, aliases, d)
	}
	for _, a := range call.Call.Args {
		if _, ok := a.Type().Underlying().(*types.Signature); ok {
			continue
		}
		t.derive(a, back, aliases, d)
	}
}
