package cacheops

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// funcFact computes (or imports) what fn returns.
func (m *model) funcFact(fn *types.Func) *FuncFact {
	if fn.Pkg() != m.pass.Pkg {
		if fn.Pkg() == nil || isStd(fn.Pkg().Path()) {
			return nil
		}
		var f FuncFact
		if m.pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	if f, ok := m.funcFacts[fn]; ok {
		return f
	}
	d := m.decls[fn]
	if d == nil || d.Body == nil || m.busy[fn] {
		return nil
	}
	sig := fn.Type().(*types.Signature)
	if !readsRequest(sig) && (sig.Results().Len() == 0 || !keyLike(sig.Results().At(0).Type())) {
		// Neither an identity (only a function that receives the request
		// can return one) nor a key: no need to evaluate the body.
		m.funcFacts[fn] = nil
		return nil
	}
	m.busy[fn] = true
	defer delete(m.busy, fn)
	e := m.evaluator(d)
	var f FuncFact
	var rets []*ast.ReturnStmt
	ast.Inspect(d.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			rets = append(rets, n)
		}
		return true
	})
	seen := map[Source]bool{}
	for _, r := range rets {
		results := r.Results
		if len(results) == 0 && d.Type.Results != nil {
			for _, fld := range d.Type.Results.List {
				for _, n := range fld.Names {
					results = append(results, n)
				}
			}
		}
		for i, x := range results {
			if i < sig.Results().Len() && isErrorType(sig.Results().At(i).Type()) {
				continue
			}
			for _, s := range e.deps(x) {
				if s.Identity != identity.None && s.Accessor && s.Param == 0 && !seen[s] {
					seen[s] = true
					f.Result = append(f.Result, s)
				}
			}
		}
	}
	if k := m.accessor(fn); k != identity.None && len(f.Result) == 0 {
		f.Result = append(f.Result, Source{Name: fn.Name(), Identity: k, Accessor: true})
	}
	if sig.Results().Len() >= 1 && keyLike(sig.Results().At(0).Type()) {
		f.Key, f.KeyVaries = m.builderKey(e, rets)
	}
	if !readsRequest(sig) {
		// Only a function that receives the request (or its context) can
		// return the caller's identity.
		f.Result = nil
	}
	if len(f.Result) == 0 && f.Key == nil && !f.KeyVaries {
		m.funcFacts[fn] = nil
		return nil
	}
	m.funcFacts[fn] = &f
	return &f
}

// readsRequest reports whether a function receives request state: a
// context, a request, a framework context, or is a method of a credential
// type.
func readsRequest(sig *types.Signature) bool {
	for i := 0; i < sig.Params().Len(); i++ {
		if isRequestState(sig.Params().At(i).Type()) {
			return true
		}
	}
	return sig.Recv() != nil && credentialType(sig.Recv().Type())
}

func isErrorType(t types.Type) bool { return TypeString(t) == "error" }

// keyLike reports whether a result type can be a key: strings and byte
// slices (and named types of them).
func keyLike(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && b.Kind() == types.Byte
	}
	return false
}

// builderKey is the key a builder returns: the template all its non-empty
// returns agree on. varies reports returns that build different keys.
func (m *model) builderKey(e *ev, rets []*ast.ReturnStmt) (key *Template, varies bool) {
	var out *Template
	for _, r := range rets {
		if len(r.Results) == 0 {
			return nil, false
		}
		x := r.Results[0]
		if tv, ok := m.pass.TypesInfo.Types[x]; ok && tv.Value != nil && tv.Value.Kind() == constant.String && constant.StringVal(tv.Value) == "" {
			continue // the error path's ""
		}
		t := e.tmpl(x)
		if len(t.Parts) == 1 && t.Parts[0].Hole && t.Parts[0].Param == 0 {
			return nil, false // one opaque value is no key builder
		}
		if out == nil {
			out = &t
			continue
		}
		if out.String() != t.String() {
			return nil, true
		}
	}
	return out, false
}

// wrapperFact computes (or imports) fn's wrapper operations.
func (m *model) wrapperFact(fn *types.Func) *WrapperFact {
	if fn.Pkg() != m.pass.Pkg {
		if fn.Pkg() == nil || isStd(fn.Pkg().Path()) {
			return nil
		}
		var f WrapperFact
		if m.pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	if f, ok := m.wraps[fn]; ok {
		return f
	}
	d := m.decls[fn]
	if d == nil || d.Body == nil || m.busy[d] {
		return nil
	}
	ops := m.opsOf(d)
	e := m.evaluator(d)
	var f WrapperFact
	for _, op := range ops {
		of, ok := m.toFact(e, op)
		if ok {
			f.Ops = append(f.Ops, of)
		}
	}
	if len(f.Ops) == 0 {
		m.wraps[fn] = nil
		return nil
	}
	m.wraps[fn] = &f
	return &f
}

// toFact describes op in terms of its function's parameters; ok is false
// when no role depends on a parameter.
func (m *model) toFact(e *ev, op *Op) (OpFact, bool) {
	of := OpFact{Kind: op.Kind, API: op.API, Lib: op.Lib, Via: op.Via, Store: op.Store, TTLZero: op.TTLZero, TTLSeconds: op.TTLSeconds, Key: op.Key, TTLMissing: op.TTLMissing}
	of.LoaderStored = op.Fact != nil && op.Fact.LoaderStored
	of.Key.Parts = append([]Part(nil), op.Key.Parts...)
	for i := range of.Key.Parts {
		of.Key.Parts[i].Caller = false
	}
	involved := op.Key.HasParam()
	if op.Value != nil {
		if i, ok := e.paramIndex(op.Value); ok {
			of.ValueExact = i + 1
		}
	}
	for _, s := range op.ValueSources {
		if s.Param > 0 && s.Identity == identity.None {
			if !containsInt(of.ValueParams, s.Param-1) {
				of.ValueParams = append(of.ValueParams, s.Param-1)
			}
			involved = true
			continue
		}
		if s.Identity != identity.None {
			of.ValueSources = append(of.ValueSources, s)
		}
	}
	if op.TTL != nil {
		if i, ok := e.paramIndex(op.TTL); ok {
			of.TTLParam = i + 1
			involved = true
		} else {
			for _, s := range e.deps(op.TTL) {
				if s.Param > 0 {
					of.TTLParam = s.Param
					involved = true
					break
				}
			}
		}
	}
	if of.TTLParam == 0 && op.TTLConst != nil {
		of.TTLConst = true
		of.TTLValue = *op.TTLConst
		of.TTLText = op.TTLText
	}
	if op.Loader != nil {
		if i, ok := e.paramIndex(op.Loader); ok {
			of.LoaderParam = i + 1
			involved = true
		}
	}
	// A write of what a function parameter returned (v, err := load(ctx);
	// c.Set(key, v)) makes the wrapper a get-or-create whatever it is
	// called: its callers' loaders are what it stores.
	if (op.Kind == Set || op.Kind == Add) && op.Value != nil && of.LoaderParam == 0 {
		if i, ok := e.loaderResult(op.Value); ok {
			of.Kind = GetOrCreate
			of.LoaderParam = i + 1
			of.LoaderStored = true
			of.ValueExact = 0
			of.ValueParams = nil
			involved = true
		}
	}
	return of, involved
}

// loaderResult reports whether x is the first result of a call of a
// function-typed parameter (directly, or through one variable defined once
// by that call): the parameter is a loader.
func (e *ev) loaderResult(x ast.Expr) (int, bool) {
	x = ast.Unparen(x)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		x = ast.Unparen(u.X)
	}
	if id, ok := x.(*ast.Ident); ok {
		v, ok := e.m.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok {
			return 0, false
		}
		ds := e.fi.defs[v]
		if len(ds) != 1 || ds[0].tuple && ds[0].idx != 0 {
			return 0, false
		}
		x = ast.Unparen(ds[0].expr)
	}
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return 0, false
	}
	i, ok := e.paramIndex(call.Fun)
	if !ok {
		return 0, false
	}
	if _, isFunc := e.m.pass.TypesInfo.TypeOf(call.Fun).Underlying().(*types.Signature); !isFunc {
		return 0, false
	}
	return i, true
}

func containsInt(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// paramIndex reports whether x is (a conversion or address of) a parameter.
func (e *ev) paramIndex(x ast.Expr) (int, bool) {
	x = ast.Unparen(x)
	switch y := x.(type) {
	case *ast.UnaryExpr:
		if y.Op == token.AND {
			return e.paramIndex(y.X)
		}
	case *ast.CallExpr:
		if tv, ok := e.m.pass.TypesInfo.Types[y.Fun]; ok && tv.IsType() && len(y.Args) == 1 {
			return e.paramIndex(y.Args[0])
		}
	case *ast.Ident:
		if v, ok := e.m.pass.TypesInfo.ObjectOf(y).(*types.Var); ok {
			i, ok := e.fi.params[v]
			return i, ok
		}
	}
	return 0, false
}

// callsFact computes (or imports) whether fn performs cache operations.
func (m *model) callsFact(fn *types.Func) *CallsFact {
	if fn.Pkg() != m.pass.Pkg {
		if fn.Pkg() == nil || isStd(fn.Pkg().Path()) {
			return nil
		}
		var f CallsFact
		if m.pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	if f, ok := m.calls[fn]; ok {
		return f
	}
	d := m.decls[fn]
	if d == nil || d.Body == nil || m.inGenerated(d) {
		return nil
	}
	key := [2]any{"calls", fn}
	if m.busy[key] {
		return nil
	}
	m.busy[key] = true
	defer delete(m.busy, key)
	var best *CallsFact
	for _, op := range m.opsOf(d) {
		c := &CallsFact{Chain: append([]string{shortName(fn)}, append(append([]string(nil), op.Via...), op.API)...), Kinds: []Kind{op.Kind}}
		if best == nil || len(c.Chain) < len(best.Chain) {
			best = c
		}
		if best != nil && !containsKind(best.Kinds, op.Kind) {
			best.Kinds = append(best.Kinds, op.Kind)
		}
	}
	if best == nil {
		ast.Inspect(d.Body, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			callee := m.callee(call)
			if callee == nil || callee == fn {
				return true
			}
			if cf := m.callsFact(callee); cf != nil {
				c := &CallsFact{Chain: append([]string{shortName(fn)}, cf.Chain...), Kinds: cf.Kinds}
				if best == nil || len(c.Chain) < len(best.Chain) {
					best = c
				}
			}
			return true
		})
	}
	m.calls[fn] = best
	return best
}

func containsKind(ks []Kind, k Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// cacheLike recognises a method of a type or interface named like a cache
// (ProfileCache, Cacher, cache.Store) whose name and signature look like a
// cache operation on a key, for implementations the caller cannot see.
func (m *model) cacheLike(fn *types.Func) *OpFact {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	rn := recvName(fn)
	if rn == "interface" {
		rn = ""
	}
	words := identity.Split(rn)
	cacheNamed := false
	for _, w := range words {
		if w == "cache" || w == "cacher" || w == "caching" || w == "caches" {
			cacheNamed = true
		}
	}
	if !cacheNamed && fn.Pkg() != nil {
		pw := identity.Split(fn.Pkg().Name())
		if len(pw) > 0 && (pw[len(pw)-1] == "cache" || pw[0] == "cache") && (rn == "Store" || rn == "Client" || rn == "Interface" || rn == "Service") {
			cacheNamed = true
		}
	}
	// An interface of a package named cache or kv whose methods read and
	// write by a string key is a key-value cache, whatever its name
	// (cache.Driver, kv.Backend): its implementations are chosen at run time.
	kvShaped := false
	if !cacheNamed && fn.Pkg() != nil && kvPackage(fn.Pkg().Name()) {
		if iface := namedInterface(sig.Recv().Type()); iface != nil && kvInterface(iface) {
			cacheNamed, kvShaped = true, true
		}
	}
	if !cacheNamed {
		return nil
	}
	kind := methodKind(fn.Name())
	if kind == 0 {
		return nil
	}
	params := sig.Params()
	var key, value, ttl, loader = -1, -1, -1, -1
	ttlSeconds := false
	for i := 0; i < params.Len(); i++ {
		t := params.At(i).Type()
		switch {
		case isRequestState(t):
		case TypeString(t) == "time.Duration":
			if ttl < 0 {
				ttl = i
			}
		case key >= 0 && ttl < 0 && ttlSecondsParam(params.At(i)):
			ttl, ttlSeconds = i, true
		case isFunc(t):
			if loader < 0 {
				loader = i
			}
		case key < 0:
			key = i
		case value < 0:
			value = i
		}
	}
	if kvShaped && (key < 0 || !keyLike(params.At(key).Type())) {
		return nil // Gets(keys []string), Sets(values map[string]any): not one key
	}
	of := OpFact{Kind: kind, API: shortName(fn), Store: StoreUnknown, TTLSeconds: ttlSeconds}
	switch kind {
	case Get, Delete, Expire:
		if key < 0 {
			return nil
		}
	case Set, Add:
		if key < 0 || value < 0 {
			return nil
		}
		of.ValueExact = value + 1
		of.ValueParams = []int{value}
		if ttl >= 0 {
			of.TTLParam = ttl + 1
		} else {
			of.TTLZero = TTLFromCtor
		}
	case GetOrCreate:
		if key < 0 || loader < 0 {
			return nil
		}
		of.LoaderParam = loader + 1
		if ttl >= 0 {
			of.TTLParam = ttl + 1
		}
	case InvalidateTag:
		key = -1
	}
	if key >= 0 {
		of.Key = Template{Parts: []Part{{Hole: true, Name: params.At(key).Name(), Param: key + 1, Sources: []Source{{Name: params.At(key).Name(), Param: key + 1}}}}}
		// Delete(prefix string, keys ...string): the keys are the prefix
		// followed by each of the rest.
		if kvShaped && sig.Variadic() && key == params.Len()-2 && keyLike(params.At(key+1).Type().(*types.Slice).Elem()) {
			rest := params.At(key + 1)
			of.Key.Parts = append(of.Key.Parts, Part{Hole: true, Name: rest.Name(), Param: key + 2, Sources: []Source{{Name: rest.Name(), Param: key + 2}}})
		}
	}
	if kind == Expire && ttl >= 0 {
		of.TTLParam = ttl + 1
	}
	return &of
}

// kvPackage reports whether a package's name says it holds caches or a
// key-value store: cache, caches, caching, kv, kvstore, rediscache.
func kvPackage(name string) bool {
	w := identity.Split(name)
	if len(w) == 0 {
		return false
	}
	for _, x := range []string{w[0], w[len(w)-1]} {
		switch x {
		case "cache", "caches", "caching", "kv", "kvstore", "kvcache", "keyvalue":
			return true
		}
	}
	return false
}

// namedInterface returns the interface a named interface type is.
func namedInterface(t types.Type) *types.Interface {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return nil
	}
	iface, _ := n.Underlying().(*types.Interface)
	return iface
}

// kvInterface reports whether an interface's method set looks like a
// key-value cache: a Get by one string key, and a Set (with a value) or a
// Delete by one string key.
func kvInterface(iface *types.Interface) bool {
	get, write := false, false
	for i := 0; i < iface.NumMethods(); i++ {
		m := iface.Method(i)
		sig := m.Type().(*types.Signature)
		var keys []types.Type
		for j := 0; j < sig.Params().Len(); j++ {
			if t := sig.Params().At(j).Type(); !isRequestState(t) {
				keys = append(keys, t)
			}
		}
		if len(keys) == 0 || !keyLike(keys[0]) {
			continue
		}
		switch methodKind(m.Name()) {
		case Get:
			get = true
		case Set, Add:
			write = write || len(keys) >= 2
		case Delete:
			write = true
		}
	}
	return get && write
}

// ttlSecondsParam reports whether a parameter is an integer TTL in
// seconds: ttl int, expire int64, expirationSeconds int.
func ttlSecondsParam(v *types.Var) bool {
	b, ok := v.Type().Underlying().(*types.Basic)
	if !ok || b.Info()&types.IsInteger == 0 {
		return false
	}
	words := identity.Split(v.Name())
	ttl := false
	for _, w := range words {
		switch w {
		case "ttl", "expire", "expires", "expiration", "expiry", "seconds", "secs", "sec":
			ttl = true
		case "ms", "millis", "milliseconds", "nanos", "ns", "minutes", "hours":
			return false
		}
	}
	return ttl
}

func isFunc(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// methodKind classifies a cache-like method name.
func methodKind(name string) Kind {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "tag"):
		if strings.HasPrefix(n, "invalidate") || strings.HasPrefix(n, "delete") || strings.HasPrefix(n, "remove") || strings.HasPrefix(n, "evict") || strings.HasPrefix(n, "purge") {
			return InvalidateTag
		}
		return 0
	case strings.HasPrefix(n, "getorset"), strings.HasPrefix(n, "getorcreate"), strings.HasPrefix(n, "getorload"), strings.HasPrefix(n, "getorfetch"), n == "remember", n == "memoize", n == "fetch", n == "once", n == "getorcompute":
		return GetOrCreate
	case strings.HasPrefix(n, "setnx"), strings.HasPrefix(n, "setifabsent"), strings.HasPrefix(n, "putifabsent"), n == "add":
		return Add
	case strings.HasPrefix(n, "get"), n == "load", n == "lookup", n == "peek", n == "read":
		return Get
	case strings.HasPrefix(n, "set"), strings.HasPrefix(n, "put"), n == "store", n == "save", n == "write":
		return Set
	case n == "delete", n == "del", n == "remove", n == "evict", n == "invalidate", n == "forget", n == "unset", strings.HasPrefix(n, "delete"), strings.HasPrefix(n, "invalidate"):
		return Delete
	case n == "expire", n == "touch":
		return Expire
	}
	return 0
}
