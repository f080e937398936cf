package cachenil

import (
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/internal/diag"
)

// Analyzer is the cachenil rule.
var Analyzer = &analysis.Analyzer{
	Name:      "cachenil",
	Doc:       Doc,
	URL:       "https://github.com/cachevet/cachevet/blob/main/rules.md#cachenil",
	Requires:  []*analysis.Analyzer{cacheops.Analyzer}, // SSA: built in run, see ssa.go
	Run:       run,
	Flags:     flags(),
	FactTypes: []analysis.Fact{(*Fact)(nil), (*noReturnFact)(nil)},
}

// DefaultNegativeTTL is the longest TTL a deliberate negative entry (a
// "not found" sentinel) may have when neither the flag nor the
// configuration sets one.
const DefaultNegativeTTL = time.Minute

var negativeTTLFlag string

func flags() flag.FlagSet {
	var fs flag.FlagSet
	fs.StringVar(&negativeTTLFlag, "negative-ttl", "", "longest TTL with which a sentinel \"not found\" value may be cached on purpose (default 1m; settings key cachenil.negative-ttl)")
	return fs
}

// checker holds one package's analysis.
type checker struct {
	pass     *analysis.Pass
	res      *cacheops.Result
	r        *diag.Reporter
	negative time.Duration

	funcs    []*ssa.Function
	facts    map[*ssa.Function]*Fact
	byObj    map[*types.Func]*ssa.Function
	imported map[*types.Func]*Fact
	callAt   map[token.Pos]ssa.CallInstruction
	astCall  map[token.Pos]*ast.CallExpr
	assigns  map[token.Pos]ast.Node // call Lparen -> the assignment of its results
	reported map[token.Pos]bool
	nilFail  map[nilFailKey]bool // nilOnFailure, memoised
}

type nilFailKey struct {
	fn  *ssa.Function
	idx int
}

// newChecker indexes the SSA functions of a package and computes their
// facts.
func newChecker(pass *analysis.Pass, res *cacheops.Result, negative time.Duration, funcs []*ssa.Function) *checker {
	c := &checker{
		pass: pass, res: res, negative: negative,
		funcs:    funcs,
		facts:    map[*ssa.Function]*Fact{},
		byObj:    map[*types.Func]*ssa.Function{},
		imported: map[*types.Func]*Fact{},
		callAt:   map[token.Pos]ssa.CallInstruction{},
		astCall:  map[token.Pos]*ast.CallExpr{},
		assigns:  map[token.Pos]ast.Node{},
		reported: map[token.Pos]bool{},
		nilFail:  map[nilFailKey]bool{},
	}
	c.index()
	c.computeFacts()
	c.computeCaches()
	return c
}

// bodiesHook, set by a test, sees each package's checker after its facts
// are computed from the bodies needed selected.
var bodiesHook func(c *checker, nr *noReturnState, keep map[*ast.FuncDecl]bool)

func run(pass *analysis.Pass) (any, error) {
	negative, err := negativeTTL(pass)
	if err != nil {
		return nil, err
	}
	if inGOROOT(pass) {
		return nil, nil
	}
	nr := noReturnFuncs(pass)
	res, _ := pass.ResultOf[cacheops.Analyzer].(*cacheops.Result)
	if res == nil {
		return nil, nil
	}
	keep := needed(pass, res)
	if !slices.ContainsFunc(res.Ops, checked) && len(keep) == 0 {
		return nil, nil // key builders, constants, pure helpers: nothing to check or carry
	}
	c := newChecker(pass, res, negative, buildSSA(pass, nr, keep))
	c.export()
	if bodiesHook != nil {
		bodiesHook(c, nr, keep)
	}

	c.r = diag.New(pass, "cachenil").SkipTests() // tests cache fixtures and fakes on purpose
	for _, op := range res.Ops {
		instr := c.callAt[op.Call.Lparen]
		if instr == nil {
			continue
		}
		switch {
		case op.Kind == cacheops.Set || op.Kind == cacheops.Add:
			if valueExpr(op) != nil {
				c.checkWrite(op, instr)
			}
		case op.Kind == cacheops.GetOrCreate && op.Loader != nil && (op.Fact == nil || !op.Fact.LoaderStored):
			// (a wrapper that stores its loader's result is judged by
			// cachenil's own facts, which know whether it checks for nil)
			if lv := c.argValue(instr, op.Call, op.Loader); lv != nil {
				c.checkLoader(op.Call, lv, op.Name(), ttlPhrase(op))
			}
		}
	}
	c.checkCachingCalls()
	c.checkMemoWrites()
	return nil, nil
}

func init() {
	config.RegisterCheck("cachenil", func(s *config.Settings) error {
		_, err := negativeTTLFor(s)
		return err
	})
}

func negativeTTL(pass *analysis.Pass) (time.Duration, error) {
	var s *config.Settings
	if res, ok := pass.ResultOf[cacheops.Analyzer].(*cacheops.Result); ok && res != nil {
		s = res.Settings()
	}
	return negativeTTLFor(s)
}

func negativeTTLFor(s *config.Settings) (time.Duration, error) {
	if negativeTTLFlag != "" {
		d, err := time.ParseDuration(negativeTTLFlag)
		if err != nil {
			return 0, fmt.Errorf("-cachenil.negative-ttl=%q: want a duration such as 30s or 1m", negativeTTLFlag)
		}
		if d < 0 {
			return 0, fmt.Errorf("-cachenil.negative-ttl=%q: must not be negative", negativeTTLFlag)
		}
		return d, nil
	}
	if s != nil {
		if d := s.CacheNil.NegativeTTL.Duration; d > 0 {
			return d, nil
		}
	}
	return DefaultNegativeTTL, nil
}

// inGOROOT reports whether the package is part of the standard library,
// which caches nothing: no facts worth computing.
func inGOROOT(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 {
		return true
	}
	name := diag.PackageDir(pass) + string(filepath.Separator)
	root := filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)
	return strings.HasPrefix(name, root)
}

// index maps call positions to SSA call instructions and AST calls, and
// calls to the statements that assign their results.
func (c *checker) index() {
	for _, fn := range c.funcs {
		if obj, ok := fn.Object().(*types.Func); ok && fn.Parent() == nil {
			c.byObj[obj] = fn
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if ci, ok := instr.(ssa.CallInstruction); ok {
					if p := ci.Common().Pos(); p.IsValid() {
						c.callAt[p] = ci
					}
				}
			}
		}
	}
	for _, f := range c.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				c.astCall[n.Lparen] = n
			case *ast.AssignStmt:
				if len(n.Rhs) == 1 {
					if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok {
						c.assigns[call.Lparen] = n
					}
				}
			case *ast.ValueSpec:
				if len(n.Values) == 1 {
					if call, ok := ast.Unparen(n.Values[0]).(*ast.CallExpr); ok {
						c.assigns[call.Lparen] = n
					}
				}
			}
			return true
		})
	}
}

// computeCaches finds wrappers that call a function-typed parameter and
// cache its result without a nil check (a user's GetOrSet[T]), directly or
// by passing the parameter on to another such wrapper.
func (c *checker) computeCaches() {
	for _, op := range c.res.Ops {
		if (op.Kind != cacheops.Set && op.Kind != cacheops.Add) || valueExpr(op) == nil {
			continue
		}
		instr := c.callAt[op.Call.Lparen]
		if instr == nil {
			continue
		}
		w, ok := pointOf(instr)
		if !ok {
			continue
		}
		v := c.argValue(instr, op.Call, valueExpr(op))
		if v == nil {
			continue
		}
		for _, o := range c.nilOrigins(v, true) {
			if o.kind != fromParamCall {
				continue
			}
			if reaches(o.path(), isNil, w) {
				if p, ok := o.call.Call.Value.(*ssa.Parameter); ok && p.Parent() != nil {
					c.cachesFact(p.Parent(), o.param, op.API)
				}
			}
		}
	}
	c.computeGuards()
	for round := 0; round < 4; round++ {
		changed := false
		for _, fn := range c.funcs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					ci, ok := instr.(ssa.CallInstruction)
					if !ok {
						continue
					}
					f := c.calleeFact(ci.Common())
					if f == nil || len(f.Caches) == 0 {
						continue
					}
					for _, i := range f.Caches {
						a := paramArg(ci.Common(), i)
						if p, ok := unconvert(a).(*ssa.Parameter); ok && p.Parent() != nil {
							if pf := c.facts[p.Parent()]; pf == nil || !containsInt(pf.Caches, paramIndex(p)) {
								c.cachesFact(p.Parent(), paramIndex(p), f.CacheAPI)
								changed = true
							}
						}
					}
				}
			}
		}
		if !changed {
			break
		}
	}
}

// computeGuards finds wrappers that check a value parameter for nil
// before every cache write of it or of a value computed from it
// (if e != nil { store(key, e) }, if obj == nil { return }; ...; a write
// derived from obj): callers of such a wrapper may pass nil.
func (c *checker) computeGuards() {
	for round := 0; round < 4; round++ {
		guarded := map[*ssa.Function]map[int]bool{}
		for _, op := range c.res.Ops {
			if op.Kind != cacheops.Set && op.Kind != cacheops.Add {
				continue
			}
			instr := c.callAt[op.Call.Lparen]
			if instr == nil {
				continue
			}
			w, ok := pointOf(instr)
			if !ok {
				continue
			}
			fn := instr.Parent()
			if fn == nil || fn.Parent() != nil || len(fn.Blocks) == 0 {
				continue
			}
			var v ssa.Value
			if x := valueExpr(op); x != nil {
				v = unconvert(c.argValue(instr, op.Call, x))
			}
			for _, p := range valueParams(fn, v, op) {
				if !missingIfNil(p.Type()) {
					continue
				}
				i := paramIndex(p)
				if guarded[fn] == nil {
					guarded[fn] = map[int]bool{}
				}
				ok := (v == p && c.wrapperGuards(instr)) || !reaches(&path{startBlock: fn.Blocks[0], startIdx: -1, aliases: map[ssa.Value]bool{p: true}}, isNil, w)
				if prev, seen := guarded[fn][i]; !seen || prev {
					guarded[fn][i] = ok
				}
			}
		}
		changed := false
		for fn, ps := range guarded {
			for i, ok := range ps {
				if !ok {
					continue
				}
				f := c.facts[fn]
				if f == nil {
					f = &Fact{}
					c.facts[fn] = f
				}
				var added bool
				if f.Guarded, added = addInt(f.Guarded, i); added {
					changed = true
				}
			}
		}
		if !changed {
			return
		}
	}
}

// valueParams are the parameters of fn that the value a write stores is,
// or is computed from (the model's value sources).
func valueParams(fn *ssa.Function, v ssa.Value, op *cacheops.Op) []*ssa.Parameter {
	var out []*ssa.Parameter
	if p, ok := v.(*ssa.Parameter); ok && p.Parent() == fn {
		out = append(out, p)
	}
	recv := 0
	if fn.Signature.Recv() != nil {
		recv = 1
	}
	for _, s := range op.ValueSources {
		if s.Param <= 0 || recv+s.Param-1 >= len(fn.Params) {
			continue
		}
		if p := fn.Params[recv+s.Param-1]; !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// wrapperGuards reports whether a write through a wrapper is one whose
// wrapper checks the value (the parameter valueExpr takes for it) for nil
// itself.
func (c *checker) wrapperGuards(instr ssa.CallInstruction) bool {
	for _, op := range c.res.ByCall[c.astCall[instr.Common().Pos()]] {
		if !op.Wrapped || op.Fact == nil {
			continue
		}
		var i int
		switch {
		case op.Fact.ValueExact > 0:
			i = op.Fact.ValueExact - 1
		case len(op.Fact.ValueParams) == 1:
			i = op.Fact.ValueParams[0]
		default:
			continue
		}
		f := c.calleeFact(instr.Common())
		return f != nil && containsInt(f.Guarded, i)
	}
	return false
}

// takesError reports whether a wrapped write also receives an error: the
// wrapper decides on it (complete(key, v, err)).
func takesError(op *cacheops.Op, instr ssa.CallInstruction) bool {
	if !op.Wrapped {
		return false
	}
	for _, a := range instr.Common().Args {
		if implementsError(a.Type()) && !isNilConst(a) {
			return true
		}
	}
	return false
}

// export exports the facts of the package's named functions.
func (c *checker) export() {
	for _, fn := range c.funcs {
		if fn.Parent() != nil {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != c.pass.Pkg {
			continue
		}
		if f := c.facts[fn]; !f.empty() {
			c.pass.ExportObjectFact(obj, f)
		}
	}
}

// paramArg is the argument a call passes for parameter i (receiver
// excluded), or nil.
func paramArg(cc *ssa.CallCommon, i int) ssa.Value {
	sig := cc.Signature()
	n := sig.Params().Len()
	off := len(cc.Args) - n
	if off < 0 || i < 0 || i >= n {
		return nil
	}
	return cc.Args[off+i]
}

func unconvert(v ssa.Value) ssa.Value {
	for k := 0; k < 8; k++ {
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
			return v
		}
	}
	return v
}

// argValue is the SSA value, at instr, of an expression that is an
// argument of call or a field of a composite-literal argument
// (&cache.Item{Value: v}).
func (c *checker) argValue(instr ssa.CallInstruction, call *ast.CallExpr, x ast.Expr) ssa.Value {
	cc := instr.Common()
	sig := cc.Signature()
	n := sig.Params().Len()
	off := len(cc.Args) - n
	if off < 0 {
		return nil
	}
	for j, a := range call.Args {
		if a.Pos() > x.Pos() || x.End() > a.End() {
			continue
		}
		if sig.Variadic() && j >= n-1 {
			return nil // packed into a slice
		}
		if j >= n {
			return nil
		}
		v := cc.Args[off+j]
		if a == x {
			return v
		}
		return fieldValue(v, a, x)
	}
	return nil
}

// fieldValue finds the value stored into the field of a composite literal
// that holds x.
func fieldValue(v ssa.Value, arg, x ast.Expr) ssa.Value {
	name := ""
	ast.Inspect(arg, func(n ast.Node) bool {
		if kv, ok := n.(*ast.KeyValueExpr); ok && kv.Value == x {
			if id, ok := kv.Key.(*ast.Ident); ok {
				name = id.Name
			}
		}
		return name == ""
	})
	if name == "" {
		return nil
	}
	if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
		v = ld.X
	}
	al, ok := v.(*ssa.Alloc)
	if !ok || al.Referrers() == nil {
		return nil
	}
	var out ssa.Value
	for _, r := range *al.Referrers() {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		st, ok := fa.X.Type().Underlying().(*types.Pointer)
		if !ok {
			continue
		}
		s, ok := st.Elem().Underlying().(*types.Struct)
		if !ok || fa.Field >= s.NumFields() || s.Field(fa.Field).Name() != name || fa.Referrers() == nil {
			continue
		}
		for _, rr := range *fa.Referrers() {
			if store, ok := rr.(*ssa.Store); ok && store.Addr == fa {
				if out != nil {
					return nil // assigned more than once: unsure
				}
				out = store.Val
			}
		}
	}
	return out
}

// NilSafeAPIs are packages whose cache writes and get-or-create
// operations refuse a nil value (or store it only as a deliberately
// configured negative entry with its own TTL): cachevet's reference cache
// returns ErrNilValue unless WithNegativeCaching is given.
var NilSafeAPIs = []string{"github.com/cachevet/cachevet/cache"}

// refusesNil reports whether call is a direct call of a NilSafeAPIs cache.
func (c *checker) refusesNil(call *ast.CallExpr) bool {
	fn := c.res.Callee(call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	for _, p := range NilSafeAPIs {
		if fn.Pkg().Path() == p {
			return true
		}
	}
	return false
}

// cacheRead reports whether call is a cache read: its failure is a miss,
// which the read-through code handles by loading, not an upstream failure.
func (c *checker) cacheRead(call *ssa.Call) bool {
	for _, op := range c.res.ByCall[c.astCall[call.Call.Pos()]] {
		if op.Kind == cacheops.Get {
			return true
		}
	}
	return false
}

// valueExpr is the expression for the stored value at op: the value
// argument, or, for a wrapper that transforms its one value parameter
// before storing it (SetJSON(ctx, key, v, ttl) marshals v), that argument.
func valueExpr(op *cacheops.Op) ast.Expr {
	if op.Value != nil {
		return op.Value
	}
	if op.Wrapped && op.Fact != nil && op.Fact.ValueExact == 0 && len(op.Fact.ValueParams) == 1 {
		if i := op.Fact.ValueParams[0]; i >= 0 && i < len(op.Call.Args) {
			return op.Call.Args[i]
		}
	}
	return nil
}

// checkWrite checks one cache write of a value.
func (c *checker) checkWrite(op *cacheops.Op, instr ssa.CallInstruction) {
	w, ok := pointOf(instr)
	if !ok {
		return
	}
	x := valueExpr(op)
	v := c.argValue(instr, op.Call, x)
	if v == nil {
		return
	}
	what := describe(x)
	verb := "this " + callName(op.Call)
	ttl := ttlPhrase(op)

	// 3. An error stored as the value.
	if bare := unconvert(v); !isNilConst(bare) && implementsError(bare.Type()) {
		if c.checkStoredError(op, bare, w, verb, ttl) {
			return
		}
	}

	// 1. The value comes from a call whose error can be non-nil here.
	for _, o := range c.derived(v) {
		if o.kind != fromCall || o.infallible || takesError(op, instr) || c.cacheRead(o.call) {
			continue
		}
		cei := errIndex(o.call.Call.Signature())
		errV, al := errAliases(o.call, cei)
		p := o.path()
		p.aliases = al
		if o.idx != cei && c.nilOnFailure(o.call, o.idx) {
			p.nilVals = results(o.call, o.idx)
		}
		if !reaches(p, failed, w) {
			continue
		}
		name := calleeName(&o.call.Call)
		if o.idx == cei {
			c.report(op.Call, fmt.Sprintf("caches %s, which holds the error of %s (%s): the failure would be served from cache %s; cache only successful results", what, name, c.failReason(o.call, errV, al, w, verb), ttl))
			return
		}
		reason := c.failReason(o.call, errV, al, w, verb)
		msg := fmt.Sprintf("caches %s although %s may have failed (%s): a failed call would be served from cache %s; check the error before caching", what, name, reason, ttl)
		c.report(op.Call, msg, c.guardFix(op, o.call, errV, al, w)...)
		return
	}

	// 1b. The value is built from a function that returns a default or a
	// zero value when a call it makes fails, without reporting it.
	if !takesError(op, instr) && c.checkFailValue(op, v, w, what, ttl) {
		return
	}

	// 2. The value is nil on some path (unless a wrapper or the cache
	// itself checks it).
	if c.wrapperGuards(instr) || c.refusesNil(op.Call) {
		return
	}
	for _, o := range c.nilOrigins(v, false) {
		if !reaches(o.path(), isNil, w) {
			continue
		}
		var why string
		switch o.kind {
		case fromNilConst:
			if _, ok := unconvert(v).(*ssa.Const); ok {
				// Written on purpose (often to clear an entry): nothing
				// failed, but the stored nil is a hit that a reader cannot
				// tell from a missing entry or a failed load.
				c.report(op.Call, fmt.Sprintf("stores the nil literal as a value %s: a read gets nil as a hit and cannot tell it from a missing entry or a failed load; delete the entry to clear it, or store a non-nil sentinel", ttl))
				return
			} else {
				why = what + " is still nil on one path to " + verb
			}
		case fromNilCall:
			why = calleeName(&o.call.Call) + " " + o.fact.NilHow
		}
		msg := fmt.Sprintf("caches %s although it may be nil (%s): every read would get the miss as a value %s; check %s before caching", what, why, ttl, nilCheck(x))
		c.report(op.Call, msg, c.nilFix(op)...)
		return
	}

	// 5. A negative entry: written only when a call failed.
	c.checkNegative(op, v, w, what, ttl)
}

// checkStoredError reports an error value stored in a cache, unless it is
// a sentinel cached briefly on purpose or an error known to be nil here.
func (c *checker) checkStoredError(op *cacheops.Op, v ssa.Value, w point, verb, ttl string) bool {
	what := describe(valueExpr(op))
	if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
		if _, ok := ld.X.(*ssa.Global); ok {
			if c.shortTTL(op) {
				return true // a sentinel error as a short negative entry
			}
			c.report(op.Call, fmt.Sprintf("caches the error %s as the value %s: a negative entry that long turns a short failure into a long one; cache a sentinel with a TTL of at most %s, or nothing", what, ttl, fmtDuration(c.negative)))
			return true
		}
	}
	if ex, ok := v.(*ssa.Extract); ok {
		if call, ok := ex.Tuple.(*ssa.Call); ok {
			errV, al := errAliases(call, ex.Index)
			pt, _ := pointOf(call)
			p := &path{startBlock: pt.b, startIdx: pt.i, aliases: al}
			if !reaches(p, failed, w) {
				return true // the error is nil here
			}
			_ = errV
			c.report(op.Call, fmt.Sprintf("caches the error %s of %s as the value: the failure would be served from cache %s; cache only successful results and return the error", what, calleeName(&call.Call), ttl))
			return true
		}
	}
	c.report(op.Call, fmt.Sprintf("caches the error %s as the value: the failure would be served from cache %s; cache only successful results and return the error", what, ttl))
	return true
}

// checkNegative reports a value written only when some call failed (a
// negative entry) whose TTL is longer than the configured bound.
func (c *checker) checkNegative(op *cacheops.Op, v ssa.Value, w point, what, ttl string) {
	d, known := ttlDuration(op)
	if !known || (d > 0 && d <= c.negative) {
		return
	}
	if len(c.derived(v)) > 0 {
		return // computed by calls that succeeded: a real value, not a marker
	}
	fn := w.b.Parent()
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
			if !onlyOnFailure(pt, al, w) {
				continue
			}
			c.report(op.Call, fmt.Sprintf("caches %s as a negative entry %s, only when %s failed: a short failure would be served from cache that long; give negative entries a TTL of at most %s (-cachenil.negative-ttl)", what, ttl, calleeName(&call.Call), fmtDuration(c.negative)))
			return
		}
	}
}

// failReason says why the error of call can still be non-nil at w.
func (c *checker) failReason(call *ssa.Call, errV ssa.Value, al map[ssa.Value]bool, w point, verb string) string {
	errName := "err"
	var errObj types.Object
	if id := c.errIdent(call); id != nil {
		errName = id.Name
		errObj = c.pass.TypesInfo.ObjectOf(id)
	}
	if errV == nil || errName == "_" {
		return "its error is discarded"
	}
	pt, _ := pointOf(call)
	if onlyOnFailure(pt, al, w) {
		return verb + " runs only when " + errName + " != nil"
	}
	wpos := c.instrPos(w)
	// A check of a different variable of the same name: a shadowed err.
	if errObj != nil && wpos.IsValid() {
		shadow := false
		if decl := c.enclosingDecl(call.Pos()); decl != nil {
			ast.Inspect(decl, func(n ast.Node) bool {
				be, ok := n.(*ast.BinaryExpr)
				if !ok || (be.Op != token.NEQ && be.Op != token.EQL) || be.Pos() < call.Pos() || be.Pos() > wpos {
					return true
				}
				if id, ok := ast.Unparen(be.X).(*ast.Ident); ok && id.Name == errName && c.pass.TypesInfo.ObjectOf(id) != errObj {
					shadow = true
				}
				return true
			})
		}
		if shadow {
			return "the " + errName + " checked before " + verb + " is a different, shadowing variable"
		}
	}
	// A check after the write.
	for _, b := range w.b.Parent().Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if be, ok := ifi.Cond.(*ssa.BinOp); ok && (isAlias(be.X, al) || isAlias(be.Y, al)) && wpos.IsValid() && be.Pos() > wpos {
				return errName + " is checked only after " + verb
			}
		}
	}
	return errName + " is not checked before " + verb
}

// nilOnFailure reports whether the callee of call, declared in this
// package, returns nil as its result idx with every error it returns
// (return nil, err): a nil check of that result is then a check of the
// failure too. Bare returns and return f() are not judged.
func (c *checker) nilOnFailure(call *ssa.Call, idx int) bool {
	fn := call.Call.StaticCallee()
	if fn == nil || fn.Object() == nil || fn.Object().Pkg() != c.pass.Pkg {
		return false
	}
	k := nilFailKey{fn, idx}
	if v, ok := c.nilFail[k]; ok {
		return v
	}
	v := c.returnsNilOnFailure(fn, idx)
	c.nilFail[k] = v
	return v
}

func (c *checker) returnsNilOnFailure(fn *ssa.Function, idx int) bool {
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || decl.Body == nil {
		return false
	}
	sig := fn.Signature
	n, ei := sig.Results().Len(), errIndex(sig)
	if ei < 0 || idx < 0 || idx >= n {
		return false
	}
	info := c.pass.TypesInfo
	isNil := func(x ast.Expr) bool { return isNilLit(info, x) }
	nilOnFail := true
	ast.Inspect(decl.Body, func(nd ast.Node) bool {
		switch r := nd.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(r.Results) != n {
				nilOnFail = false
			} else if !isNil(r.Results[ei]) && !isNil(r.Results[idx]) {
				nilOnFail = false
			}
		}
		return nilOnFail
	})
	return nilOnFail
}

// results are the values of call's result idx.
func results(call *ssa.Call, idx int) map[ssa.Value]bool {
	out := map[ssa.Value]bool{}
	if refs := call.Referrers(); refs != nil {
		for _, r := range *refs {
			if x, ok := r.(*ssa.Extract); ok && x.Index == idx {
				out[x] = true
			}
		}
	}
	return out
}

func (c *checker) instrPos(w point) token.Pos {
	if w.i < len(w.b.Instrs) {
		if ci, ok := w.b.Instrs[w.i].(ssa.CallInstruction); ok {
			return ci.Common().Pos()
		}
		return w.b.Instrs[w.i].Pos()
	}
	return token.NoPos
}

// errIdent is the identifier the error result of call is assigned to.
func (c *checker) errIdent(call *ssa.Call) *ast.Ident {
	cei := errIndex(call.Call.Signature())
	n := c.assigns[call.Call.Pos()]
	var lhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		lhs = n.Lhs
	case *ast.ValueSpec:
		for _, id := range n.Names {
			lhs = append(lhs, id)
		}
	}
	if cei < 0 || cei >= len(lhs) {
		return nil
	}
	id, _ := lhs[cei].(*ast.Ident)
	return id
}

func (c *checker) enclosingDecl(pos token.Pos) ast.Node {
	for _, f := range c.pass.Files {
		if f.Pos() <= pos && pos < f.End() {
			path, _ := astutil.PathEnclosingInterval(f, pos, pos)
			for _, n := range path {
				if fd, ok := n.(*ast.FuncDecl); ok {
					return fd
				}
			}
		}
	}
	return nil
}

// checkLoader reports a loader passed to a get-or-create operation (or to
// a wrapper that caches its result) that returns nil with a nil error, or
// turns a failure into a zero value with a nil error.
func (c *checker) checkLoader(call *ast.CallExpr, lv ssa.Value, api, ttl string) {
	fn, name := loaderFunc(lv)
	if fn == nil {
		return
	}
	sig := fn.Signature
	ei := errIndex(sig)
	if ei < 0 || sig.Results().Len() < 2 {
		return
	}
	f := c.funcFact(fn)
	if f == nil {
		return
	}
	switch {
	case f.nilAt(0) && !c.refusesNil(call):
		c.report(call, fmt.Sprintf("%s passed to %s%s %s: the miss would be cached as a nil value %s and served to every later read; return an error (e.g. ErrNotFound) instead of nil", name, api, comma(name), f.NilHow, ttl))
	case f.Swallows != "":
		c.report(call, fmt.Sprintf("%s passed to %s%s returns a nil error when %s fails: the failure would be cached as a real value %s; return the error", name, api, comma(name), f.Swallows, ttl))
	}
}

// comma closes the apposition opened by "the loader that f returns,".
func comma(name string) string {
	if strings.HasSuffix(name, ",") {
		return ","
	}
	return ""
}

// loaderFunc resolves a loader value to its function.
func loaderFunc(v ssa.Value) (*ssa.Function, string) { return loaderFuncDepth(v, 0) }

func loaderFuncDepth(v ssa.Value, depth int) (*ssa.Function, string) {
	if depth > 3 {
		return nil, ""
	}
	v = unconvert(v)
	switch x := v.(type) {
	case *ssa.MakeClosure:
		fn, _ := x.Fn.(*ssa.Function)
		if fn == nil {
			return nil, ""
		}
		if fn.Parent() != nil {
			return fn, "the loader"
		}
		if obj, ok := fn.Object().(*types.Func); ok {
			return fn, "loader " + obj.Name()
		}
		return fn, "the loader"
	case *ssa.Function:
		if x.Parent() != nil {
			return x, "the loader"
		}
		return x, "loader " + x.Name()
	case *ssa.Call:
		// A factory that returns the loader: l.profile(id).
		fn := x.Call.StaticCallee()
		if fn == nil || len(fn.Blocks) == 0 {
			return nil, ""
		}
		var only *ssa.Function
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ret, ok := instr.(*ssa.Return)
				if !ok || len(ret.Results) != 1 {
					continue
				}
				lf, _ := loaderFuncDepth(ret.Results[0], depth+1)
				if lf == nil || (only != nil && only != lf) {
					return nil, ""
				}
				only = lf
			}
		}
		if only != nil {
			return only, "the loader that " + fn.Name() + " returns,"
		}
	}
	return nil, ""
}

// checkCachingCalls checks calls of wrappers that cache a loader
// parameter's result (a fact), at the call that passes the loader.
func (c *checker) checkCachingCalls() {
	for _, fn := range c.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				f := c.calleeFact(ci.Common())
				if f == nil || len(f.Caches) == 0 {
					continue
				}
				call := c.astCall[ci.Common().Pos()]
				if call == nil {
					continue
				}
				for _, i := range f.Caches {
					a := paramArg(ci.Common(), i)
					if a == nil {
						continue
					}
					if _, ok := unconvert(a).(*ssa.Parameter); ok {
						continue // a wrapper of the wrapper: its callers pass the loader
					}
					api := calleeName(ci.Common()) + " (" + f.CacheAPI + ")"
					c.checkLoader(call, a, api, "for the entry's lifetime")
				}
			}
		}
	}
}

func (c *checker) report(call *ast.CallExpr, msg string, fixes ...analysis.SuggestedFix) {
	if c.reported[call.Lparen] {
		return
	}
	c.reported[call.Lparen] = true
	c.r.Report(call, msg, fixes...)
}

// describe names the stored value in messages.
func describe(x ast.Expr) string {
	s := types.ExprString(x)
	if len(s) > 40 || strings.ContainsAny(s, "\n…") {
		return "the value"
	}
	return s
}

func nilCheck(x ast.Expr) string {
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		return id.Name + " != nil"
	}
	return "for nil"
}

// callName is the name of the called function or method: "Set".
func callName(call *ast.CallExpr) string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.SelectorExpr:
		return f.Sel.Name
	case *ast.Ident:
		return f.Name
	case *ast.IndexExpr:
		return callName(&ast.CallExpr{Fun: f.X})
	case *ast.IndexListExpr:
		return callName(&ast.CallExpr{Fun: f.X})
	}
	return "write"
}

// ttlDuration is the op's TTL when it is a known constant; 0 with known
// means no expiry.
func ttlDuration(op *cacheops.Op) (time.Duration, bool) {
	if op.TTLConst != nil {
		d := time.Duration(*op.TTLConst)
		if op.TTLSeconds {
			d *= time.Second
		}
		if d <= 0 {
			return 0, op.TTLZero == cacheops.TTLZeroNever
		}
		return d, true
	}
	if op.TTLZero == cacheops.TTLNone {
		return 0, true
	}
	return 0, false
}

func (c *checker) shortTTL(op *cacheops.Op) bool {
	d, known := ttlDuration(op)
	return known && d > 0 && d <= c.negative
}

// ttlPhrase says how long a bad entry would live: "for 30m", "until it is
// evicted", "for the entry's lifetime".
func ttlPhrase(op *cacheops.Op) string {
	d, known := ttlDuration(op)
	switch {
	case known && d > 0:
		return "for " + fmtDuration(d)
	case known:
		return "until it is evicted"
	}
	return "for the entry's lifetime"
}

// fmtDuration prints 30m, 1h, 90s, 1h30m.
func fmtDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
