package cachebound

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/internal/diag"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// Analyzer is the cachebound rule.
var Analyzer = &analysis.Analyzer{
	Name:     "cachebound",
	Doc:      Doc,
	URL:      "https://github.com/cachevet/cachevet/blob/main/rules.md#cachebound",
	Requires: []*analysis.Analyzer{cacheops.Analyzer, cacheops.CtorAnalyzer},
	Run:      run,
}

const goCache = "github.com/patrickmn/go-cache"

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[cacheops.Analyzer].(*cacheops.Result)
	ctors := pass.ResultOf[cacheops.CtorAnalyzer].(*cacheops.Ctors)
	maps, err := mapsSetting(res.Settings())
	if err != nil {
		return nil, err
	}
	r := diag.New(pass, "cachebound").SkipTests() // a test's map lives as long as the test
	checkCtors(pass, res, ctors, r)
	if maps {
		checkMaps(pass, r)
	}
	return nil, nil
}

// mapsSetting reads [rules.cachebound] maps = true|false (default true).
func init() {
	config.RegisterCheck("cachebound", func(s *config.Settings) error {
		_, err := mapsSetting(s)
		return err
	})
}

func mapsSetting(s *config.Settings) (bool, error) {
	if s == nil || s.Rules == nil {
		return true, nil
	}
	sec := s.Rules["cachebound"]
	for k, v := range sec {
		switch k {
		case "maps":
			b, ok := v.(bool)
			if !ok {
				return false, fmt.Errorf("rules.cachebound.maps: want true or false, got %v", v)
			}
			return b, nil
		default:
			return false, fmt.Errorf("rules.cachebound: unknown key %q (known: maps)", k)
		}
	}
	return true, nil
}

// ---- library constructors ----

func checkCtors(pass *analysis.Pass, res *cacheops.Result, ctors *cacheops.Ctors, r *diag.Reporter) {
	// go-cache: which writes reach which constructor, and whether the
	// package purges expired entries itself.
	if len(ctors.All) == 0 {
		return
	}
	writes := map[*cacheops.Ctor][]*cacheops.Op{}
	purges := false
	for _, op := range res.Ops {
		if op.Wrapped || !strings.HasPrefix(op.API, "go-cache.") || !op.Kind.Writes() {
			continue
		}
		cs, _ := ctors.Receiver(op.Decl, op.Call)
		for _, ct := range cs {
			writes[ct] = append(writes[ct], op)
		}
	}
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn := res.Callee(call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == goCache && (fn.Name() == "DeleteExpired" || fn.Name() == "Flush") {
					purges = true
				}
			}
			return true
		})
	}
	for _, ct := range ctors.All {
		switch ct.Lib {
		case "expirable":
			if ct.Size == cacheops.SettingOff {
				r.Report(ct.Call, fmt.Sprintf("expirable.NewLRU is built with size %s, which means no size limit: the cache grows with every distinct key until the process runs out of memory; pass a maximum number of entries", ct.SizeText))
			}
		case "otter":
			if ct.Size == cacheops.SettingOff {
				r.Report(ct.Call, fmt.Sprintf("otter cache is built with %s: it grows with every distinct key until the process runs out of memory; set MaximumSize (or MaximumWeight with a Weigher)", ct.SizeText))
			}
		case "bigcache":
			if ct.Size == cacheops.SettingOff {
				r.Report(ct.Call, fmt.Sprintf("bigcache is built with %s, so it has no size limit: its shards grow until the process runs out of memory; set HardMaxCacheSize (in MB)", ct.SizeText))
			}
		case "go-cache":
			goCacheCtor(r, ct, writes[ct], purges)
		}
	}
}

// goCacheCtor reports a go-cache used as an unbounded store: go-cache has
// no size limit, so time is its only bound.
func goCacheCtor(r *diag.Reporter, ct *cacheops.Ctor, writes []*cacheops.Op, purges bool) {
	if ct.Expiry == cacheops.SettingOff {
		// Fine only when every write seen gives its own positive TTL.
		explicit := len(writes) > 0
		for _, w := range writes {
			if w.TTL == nil || w.TTLConst != nil && *w.TTLConst <= 0 {
				explicit = false
			}
		}
		if !explicit {
			r.Report(ct.Call, fmt.Sprintf("%s is built with default expiration %s and go-cache has no size limit: entries written with the default stay forever, so the cache grows with every distinct key until the process runs out of memory; give it a default expiration, or use a size-bounded cache (otter, expirable.NewLRU)", ct.Func, ct.ExpiryText))
			return
		}
	}
	if ct.Cleanup == cacheops.SettingOff && !purges {
		r.Report(ct.Call, fmt.Sprintf("%s is built with cleanup interval %s: expired entries are never deleted, and go-cache has no size limit, so the cache grows with every distinct key; pass a positive cleanup interval, or call DeleteExpired periodically", ct.Func, ct.CleanupText))
	}
}

// ---- maps used as caches ----

// use is what the package does with one map (or sync.Map) variable or field.
type use struct {
	obj   *types.Var
	owner *types.Named // the struct type a field belongs to
	name  string       // how messages name it: "profileCache", "Service.memo"

	reads, writes int // key reads; key writes at run time (not init)
	missWrite     bool
	bounded       bool // deleted from, cleared, size-checked or reset
	finiteKeys    bool // every written key has a finite domain
	anyKey        bool // some written key has an unbounded domain
}

func checkMaps(pass *analysis.Pass, r *diag.Reporter) {
	info := pass.TypesInfo
	uses := map[*types.Var]*use{}
	candidate := func(x ast.Expr) *use {
		var v *types.Var
		var owner *types.Named
		switch y := ast.Unparen(x).(type) {
		case *ast.Ident:
			o, ok := info.ObjectOf(y).(*types.Var)
			if !ok || o.Pkg() != pass.Pkg || o.Parent() != pass.Pkg.Scope() {
				return nil
			}
			v = o
		case *ast.SelectorExpr:
			sel := info.Selections[y]
			if sel == nil || sel.Kind() != types.FieldVal {
				return nil
			}
			o, ok := sel.Obj().(*types.Var)
			if !ok || o.Pkg() != pass.Pkg {
				return nil
			}
			o = o.Origin() // the same field in every instantiation of a generic type
			owner = namedOf(sel.Recv())
			if owner == nil {
				return nil
			}
			v = o
		default:
			return nil
		}
		if !isMap(v.Type()) && !isSyncMap(v.Type()) {
			return nil
		}
		u := uses[v]
		if u == nil {
			u = &use{obj: v, owner: owner, name: v.Name()}
			if owner != nil {
				u.name = owner.Obj().Name() + "." + v.Name()
			}
			uses[v] = u
		}
		return u
	}
	typeParams := typeNameParams(pass)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			scanFunc(pass, fd, candidate, typeParams)
		}
	}
	var list []*use
	for _, u := range uses {
		list = append(list, u)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].obj.Pos() < list[j].obj.Pos() })
	for _, u := range list {
		if u.bounded || u.reads == 0 || u.writes == 0 || !u.anyKey {
			continue
		}
		named := cacheNamed(u.obj.Name()) || cacheNamed(typeName(u.obj.Type())) || (u.owner != nil && cacheNamed(u.owner.Obj().Name()))
		if !named && !u.missWrite {
			continue
		}
		if u.owner != nil {
			// A field lives as long as its owner, which may be one request or
			// one run: only a field that says it is a cache, is filled on a
			// miss, and is shared between goroutines (a lock, or a sync.Map).
			if !named || !u.missWrite || (!isSyncMap(u.obj.Type()) && !hasMutex(u.owner)) {
				continue
			}
		}
		how := "is read by key and filled on a miss"
		if !u.missWrite {
			how = "is filled at run time"
		}
		r.ReportRange(u.obj.Pos(), u.obj.Pos()+token.Pos(len(u.obj.Name())), fmt.Sprintf("map %s is used as a cache: it %s but never deleted from, cleared or size-checked, so it grows with every distinct key until the process runs out of memory; use a bounded cache (otter with MaximumSize, expirable.NewLRU) or evict entries", u.name, how))
	}
}

// scanFunc records the reads, writes, deletes and resets of candidate maps
// in one function (closures included).
func scanFunc(pass *analysis.Pass, fd *ast.FuncDecl, candidate func(ast.Expr) *use, typeParams map[*types.Var]bool) {
	info := pass.TypesInfo
	var recv *types.Var
	if fd.Recv != nil && len(fd.Recv.List) > 0 && len(fd.Recv.List[0].Names) > 0 {
		recv, _ = info.Defs[fd.Recv.List[0].Names[0]].(*types.Var)
	}
	if !mentionsCandidate(fd.Body, candidate) {
		return // most functions touch no package-level or field map
	}
	isInit := fd.Recv == nil && fd.Name.Name == "init"
	// runtime reports whether a write through x happens at run time: not
	// in init, and for a field, through the method's receiver (a field of a
	// value being built is initialisation).
	runtime := func(u *use, x ast.Expr) bool {
		if isInit {
			return false
		}
		if u.owner == nil {
			return true
		}
		sel, ok := ast.Unparen(x).(*ast.SelectorExpr)
		return ok && recv != nil && baseVar(info, sel.X) == recv
	}
	written := map[ast.Expr]bool{}  // IndexExprs that are assignment targets
	reads := map[*use][]token.Pos{} // key reads in this function
	nilGuard := map[ast.Node]bool{} // assignments under `if m == nil`
	hits := hitBranches(pass, fd.Body, candidate)
	defs := singleDefs(info, fd.Body)
	fixed := fixedVars(info, defs, fd.Body)
	params := map[*types.Var]bool{}
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			if v, ok := info.Defs[n].(*types.Var); ok {
				params[v] = true
			}
		}
	}
	keyWrite := func(u *use, key, val ast.Expr, pos token.Pos) {
		// A write on the branch where the lookup found the key replaces
		// an entry: the map does not grow.
		for _, h := range hits[u] {
			if h.Pos() <= pos && pos < h.End() {
				return
			}
		}
		u.writes++
		if finiteKey(info.TypeOf(key)) || typeKey(info, defs, key, 0) || isTypeParam(info, typeParams, key) || fixedKey(info, defs, fixed, key, pos, 0) {
			u.finiteKeys = true
		} else {
			u.anyKey = true
		}
		// m[k] = append(m[k], x), m[k] = m[k] + 1: an accumulator keeps
		// state per key, it does not fill a miss with a computed value.
		if val != nil && (readsMap(val, u, candidate) || emptyValue(val)) {
			return
		}
		// m[name] = handler with handler a parameter: a registry stores
		// what its caller hands it, it computes nothing from the key.
		if id, ok := ast.Unparen(val).(*ast.Ident); ok && val != nil {
			if v, ok := info.Uses[id].(*types.Var); ok && params[v] {
				return
			}
		}
		for _, p := range reads[u] {
			if p < pos {
				u.missWrite = true
			}
		}
	}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt:
			if be, ok := n.Cond.(*ast.BinaryExpr); ok && be.Op == token.EQL && isNilExpr(info, be.Y) {
				if u := candidate(be.X); u != nil {
					ast.Inspect(n.Body, func(m ast.Node) bool {
						if as, ok := m.(*ast.AssignStmt); ok {
							nilGuard[as] = true
						}
						return true
					})
				}
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				if ix, ok := ast.Unparen(l).(*ast.IndexExpr); ok {
					if u := candidate(ix.X); u != nil {
						written[ix] = true
						if n.Tok != token.ASSIGN && n.Tok != token.DEFINE {
							u.reads++ // m[k] += 1 reads first
						}
						if runtime(u, ix.X) {
							var val ast.Expr
							if len(n.Lhs) == len(n.Rhs) {
								val = n.Rhs[i]
							}
							keyWrite(u, ix.Index, val, n.Pos())
						}
					}
					continue
				}
				if u := candidate(l); u != nil && len(n.Lhs) == len(n.Rhs) {
					// m = make(...): a reset, unless it is initialisation.
					if nilGuard[n] || isInit || !runtime(u, l) {
						continue
					}
					if isNilExpr(pass.TypesInfo, n.Rhs[i]) || isFresh(n.Rhs[i]) {
						u.bounded = true
					}
				}
			}
		case *ast.IndexExpr:
			if written[n] {
				return true
			}
			if u := candidate(n.X); u != nil {
				u.reads++
				reads[u] = append(reads[u], n.Pos())
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && len(n.Args) > 0 {
				if b, ok := info.Uses[id].(*types.Builtin); ok {
					switch b.Name() {
					case "delete", "clear", "len":
						if u := candidate(n.Args[0]); u != nil {
							u.bounded = true
						}
					}
				}
				return true
			}
			sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			u := candidate(sel.X)
			if u == nil || !isSyncMap(u.obj.Type()) {
				return true
			}
			switch sel.Sel.Name {
			case "Load":
				u.reads++
				reads[u] = append(reads[u], n.Pos())
			case "Store", "Swap":
				if runtime(u, sel.X) && len(n.Args) > 1 {
					keyWrite(u, n.Args[0], n.Args[1], n.Pos())
				}
			case "LoadOrStore":
				u.reads++
				if runtime(u, sel.X) && len(n.Args) > 0 {
					reads[u] = append(reads[u], n.Pos()-1)
					keyWrite(u, n.Args[0], nil, n.Pos())
				}
			case "Delete", "LoadAndDelete", "CompareAndDelete", "CompareAndSwap", "Clear":
				u.bounded = true
			}
		}
		return true
	})
}

// mentionsCandidate reports whether body refers to a candidate map (a
// package-level map or sync.Map, or a map field of a package type).
func mentionsCandidate(body *ast.BlockStmt, candidate func(ast.Expr) *use) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch x := n.(type) {
		case *ast.Ident:
			found = candidate(x) != nil
		case *ast.SelectorExpr:
			found = candidate(x) != nil
		}
		return !found
	})
	return found
}

// hitBranches finds, per map, the branches taken when a comma-ok lookup
// found its key: the body of `if ok` (or `if ok && ...`) after
// `v, ok := m[k]` or `v, ok := m.Load(k)`, and the else branch of `if !ok`.
func hitBranches(pass *analysis.Pass, body *ast.BlockStmt, candidate func(ast.Expr) *use) map[*use][]ast.Node {
	info := pass.TypesInfo
	okVars := map[*types.Var]*use{}
	ast.Inspect(body, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			return true
		}
		var u *use
		switch r := ast.Unparen(as.Rhs[0]).(type) {
		case *ast.IndexExpr:
			u = candidate(r.X)
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(r.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Load" {
				if c := candidate(sel.X); c != nil && isSyncMap(c.obj.Type()) {
					u = c
				}
			}
		}
		if u == nil {
			return true
		}
		if id, ok := as.Lhs[1].(*ast.Ident); ok {
			if v, ok := info.ObjectOf(id).(*types.Var); ok {
				okVars[v] = u
			}
		}
		return true
	})
	if len(okVars) == 0 {
		return nil
	}
	// found returns the map whose lookup cond says succeeded (neg false),
	// or failed (neg true).
	var found func(cond ast.Expr) (*use, bool)
	found = func(cond ast.Expr) (*use, bool) {
		switch c := ast.Unparen(cond).(type) {
		case *ast.Ident:
			if v, ok := info.Uses[c].(*types.Var); ok && okVars[v] != nil {
				return okVars[v], false
			}
		case *ast.UnaryExpr:
			if c.Op == token.NOT {
				if u, neg := found(c.X); u != nil {
					return u, !neg
				}
			}
		case *ast.BinaryExpr:
			if c.Op == token.LAND {
				if u, neg := found(c.X); u != nil && !neg {
					return u, false
				}
				if u, neg := found(c.Y); u != nil && !neg {
					return u, false
				}
			}
		}
		return nil, false
	}
	hits := map[*use][]ast.Node{}
	ast.Inspect(body, func(n ast.Node) bool {
		ifs, ok := n.(*ast.IfStmt)
		if !ok {
			return true
		}
		u, neg := found(ifs.Cond)
		switch {
		case u == nil:
		case !neg:
			hits[u] = append(hits[u], ifs.Body)
		case ifs.Else != nil:
			if _, isOr := ast.Unparen(ifs.Cond).(*ast.BinaryExpr); !isOr {
				hits[u] = append(hits[u], ifs.Else)
			}
		}
		return true
	})
	return hits
}

// singleDefs maps the local variables of body assigned exactly once to
// their value.
func singleDefs(info *types.Info, body *ast.BlockStmt) map[*types.Var]ast.Expr {
	defs := map[*types.Var]ast.Expr{}
	count := map[*types.Var]int{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					continue
				}
				v, ok := info.ObjectOf(id).(*types.Var)
				if !ok {
					continue
				}
				count[v]++
				if len(n.Lhs) == len(n.Rhs) {
					defs[v] = n.Rhs[i]
				}
			}
		case *ast.ValueSpec:
			for i, id := range n.Names {
				if v, ok := info.Defs[id].(*types.Var); ok {
					count[v]++
					if len(n.Names) == len(n.Values) {
						defs[v] = n.Values[i]
					}
				}
			}
		}
		return true
	})
	for v, c := range count {
		if c != 1 {
			delete(defs, v)
		}
	}
	return defs
}

// typeKey reports whether a key is computed from a type only:
// reflect.TypeOf(v).String(), t.Name(), fmt.Sprintf("%T", v). The program's
// types are a finite domain.
func typeKey(info *types.Info, defs map[*types.Var]ast.Expr, x ast.Expr, depth int) bool {
	if depth > 4 || x == nil {
		return false
	}
	switch y := ast.Unparen(x).(type) {
	case *ast.Ident:
		if v, ok := info.Uses[y].(*types.Var); ok && defs[v] != nil {
			return typeKey(info, defs, defs[v], depth+1)
		}
	case *ast.CallExpr:
		sel, ok := ast.Unparen(y.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		if t := info.TypeOf(sel.X); t != nil && info.Selections[sel] != nil {
			if s := cacheops.TypeString(t); s == "reflect.Type" {
				return sel.Sel.Name == "String" || sel.Sel.Name == "Name" || sel.Sel.Name == "PkgPath"
			}
		}
		if fn, ok := info.Uses[sel.Sel].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && fn.Name() == "Sprintf" && len(y.Args) > 0 {
			if tv, ok := info.Types[y.Args[0]]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				f := strings.ReplaceAll(constant.StringVal(tv.Value), "%%", "")
				return strings.Count(f, "%") > 0 && strings.Count(f, "%") == strings.Count(f, "%T")
			}
		}
	}
	return false
}

// span is where a variable holds one of a few constants: a range over a
// literal list, or a case clause of a switch on it.
type span struct{ pos, end token.Pos }

// fixedVars finds the variables that take their values from a literal list
// of constants in part of body: `for _, lang := range []string{"en", "fr"}`
// (the loop body), and `switch kind { case "a", "b": ... }` (the clause).
func fixedVars(info *types.Info, defs map[*types.Var]ast.Expr, body *ast.BlockStmt) map[*types.Var][]span {
	out := map[*types.Var][]span{}
	add := func(x ast.Expr, n ast.Node) {
		id, ok := x.(*ast.Ident)
		if !ok || id.Name == "_" {
			return
		}
		if v, ok := info.ObjectOf(id).(*types.Var); ok {
			out[v] = append(out[v], span{n.Pos(), n.End()})
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			lit := constList(info, defs, n.X)
			if lit == nil {
				return true
			}
			if _, isMap := info.TypeOf(n.X).Underlying().(*types.Map); isMap {
				if n.Key != nil && allConst(info, lit, true) {
					add(n.Key, n.Body)
				}
			} else if n.Value != nil && allConst(info, lit, false) {
				add(n.Value, n.Body)
			}
		case *ast.SwitchStmt:
			if n.Tag == nil {
				return true
			}
			for _, c := range n.Body.List {
				cc, ok := c.(*ast.CaseClause)
				if !ok || len(cc.List) == 0 {
					continue // default: any value
				}
				consts := true
				for _, x := range cc.List {
					if tv, ok := info.Types[x]; !ok || tv.Value == nil {
						consts = false
					}
				}
				if consts {
					add(ast.Unparen(n.Tag), cc)
				}
			}
		}
		return true
	})
	return out
}

// constList returns the composite literal x is (or a local variable
// assigned once from it), or nil.
func constList(info *types.Info, defs map[*types.Var]ast.Expr, x ast.Expr) *ast.CompositeLit {
	switch y := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		return y
	case *ast.Ident:
		if v, ok := info.Uses[y].(*types.Var); ok && defs[v] != nil {
			cl, _ := ast.Unparen(defs[v]).(*ast.CompositeLit)
			return cl
		}
	}
	return nil
}

// allConst reports whether a literal's elements (or, for a map, its keys)
// are constants.
func allConst(info *types.Info, cl *ast.CompositeLit, keys bool) bool {
	if len(cl.Elts) == 0 {
		return false
	}
	for _, el := range cl.Elts {
		x := el
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if keys {
				x = kv.Key
			} else {
				x = kv.Value
			}
		}
		if tv, ok := info.Types[x]; !ok || tv.Value == nil {
			return false
		}
	}
	return true
}

// fixedKey reports whether a written key has a small, fixed domain known
// from the code: a constant, a variable holding one of a literal list of
// constants where the write happens, or a value named as a language, a
// locale or a time zone (see localeNamed).
func fixedKey(info *types.Info, defs map[*types.Var]ast.Expr, fixed map[*types.Var][]span, x ast.Expr, pos token.Pos, depth int) bool {
	if depth > 4 || x == nil {
		return false
	}
	x = ast.Unparen(x)
	if tv, ok := info.Types[x]; ok && tv.Value != nil {
		return true
	}
	switch y := x.(type) {
	case *ast.Ident:
		if localeNamed(y.Name) {
			return true
		}
		v, ok := info.Uses[y].(*types.Var)
		if !ok {
			return false
		}
		for _, sp := range fixed[v] {
			if sp.pos <= pos && pos < sp.end {
				return true
			}
		}
		if defs[v] != nil {
			return fixedKey(info, defs, fixed, defs[v], pos, depth+1)
		}
	case *ast.SelectorExpr:
		return localeNamed(y.Sel.Name)
	case *ast.CallExpr:
		// c.GetAcceptLanguage(), locale.Current()
		switch f := ast.Unparen(y.Fun).(type) {
		case *ast.Ident:
			return localeNamed(f.Name)
		case *ast.SelectorExpr:
			return localeNamed(f.Sel.Name)
		}
	}
	return false
}

// localeNamed reports whether a name says it is a language, a locale, a
// time zone (lang, language, acceptLanguage, locale, tz, timezone,
// timeZone) or a template's name or file (templateName, tmplFile,
// templateFileName), not a list of them: a program meets a handful of
// languages, the time zone database has a few hundred names, and
// templates are files of the program. A template's text (templateText,
// tmpl) is none of these.
func localeNamed(name string) bool {
	words := identity.Split(name)
	if len(words) == 0 {
		return false
	}
	switch last := words[len(words)-1]; last {
	case "lang", "language", "locale", "lng", "tz", "timezone", "tzname":
		return true
	case "zone":
		return len(words) >= 2 && words[len(words)-2] == "time"
	case "name", "file", "filename", "path":
		for _, w := range words[:len(words)-1] {
			if w == "template" || w == "tmpl" || w == "tpl" {
				return true
			}
		}
	}
	return false
}

// typeNameParams finds the parameters of unexported functions to which
// every call in the package passes a type's name (registerModel(name) with
// name := reflect.TypeOf(v).String()) or a constant (loadTemplate("mail")).
// A function also used as a value has callers the package does not show.
func typeNameParams(pass *analysis.Pass) map[*types.Var]bool {
	info := pass.TypesInfo
	all := map[*types.Var]bool{}  // every call passed a type name
	seen := map[*types.Var]bool{} // some call passed something
	called := map[*ast.Ident]bool{}
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			var defs map[*types.Var]ast.Expr
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				var id *ast.Ident
				switch fun := ast.Unparen(call.Fun).(type) {
				case *ast.Ident:
					id = fun
				case *ast.SelectorExpr:
					id = fun.Sel
				}
				if id == nil {
					return true
				}
				called[id] = true
				fn, ok := info.Uses[id].(*types.Func)
				if !ok || fn.Pkg() != pass.Pkg || fn.Exported() {
					return true
				}
				sig, ok := fn.Type().(*types.Signature)
				if !ok || sig.Variadic() {
					return true
				}
				if defs == nil {
					defs = singleDefs(info, fd.Body)
				}
				for i, a := range call.Args {
					if i >= sig.Params().Len() {
						break
					}
					v := sig.Params().At(i)
					if !seen[v] {
						seen[v] = true
						all[v] = true
					}
					if tv, ok := info.Types[a]; !typeKey(info, defs, a, 0) && (!ok || tv.Value == nil) {
						all[v] = false
					}
				}
				return true
			})
		}
	}
	for id, obj := range info.Uses {
		fn, ok := obj.(*types.Func)
		if !ok || called[id] || fn.Pkg() != pass.Pkg {
			continue
		}
		if sig, ok := fn.Type().(*types.Signature); ok {
			for i := 0; i < sig.Params().Len(); i++ {
				all[sig.Params().At(i)] = false
			}
		}
	}
	for v, ok := range all {
		if !ok {
			delete(all, v)
		}
	}
	return all
}

// isTypeParam reports whether key is a parameter every caller passes a
// type's name to.
func isTypeParam(info *types.Info, typeParams map[*types.Var]bool, key ast.Expr) bool {
	id, ok := ast.Unparen(key).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && typeParams[v]
}

// emptyValue reports whether x is a fresh empty value (make(...), T{}):
// the key's state is started or reset, nothing is computed from the key.
func emptyValue(x ast.Expr) bool {
	switch y := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		return len(y.Elts) == 0
	case *ast.CallExpr:
		id, ok := ast.Unparen(y.Fun).(*ast.Ident)
		return ok && id.Name == "make"
	}
	return false
}

// readsMap reports whether x reads map u: m[k] or m.Load(k).
func readsMap(x ast.Expr, u *use, candidate func(ast.Expr) *use) bool {
	seen := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IndexExpr:
			if candidate(n.X) == u {
				seen = true
			}
		case *ast.SelectorExpr:
			if n.Sel.Name == "Load" && candidate(n.X) == u {
				seen = true
			}
		}
		return !seen
	})
	return seen
}

func baseVar(info *types.Info, e ast.Expr) *types.Var {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.ObjectOf(x).(*types.Var)
			return v
		case *ast.SelectorExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		default:
			return nil
		}
	}
}

func isNilExpr(info *types.Info, x ast.Expr) bool {
	tv, ok := info.Types[x]
	return ok && tv.IsNil()
}

// isFresh reports whether x builds a new map: make(...) or a literal.
func isFresh(x ast.Expr) bool {
	switch y := ast.Unparen(x).(type) {
	case *ast.CompositeLit:
		return true
	case *ast.CallExpr:
		if id, ok := ast.Unparen(y.Fun).(*ast.Ident); ok && id.Name == "make" {
			return true
		}
	}
	return false
}

func isMap(t types.Type) bool {
	_, ok := t.Underlying().(*types.Map)
	return ok
}

func isSyncMap(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Map"
}

func namedOf(t types.Type) *types.Named {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

func typeName(t types.Type) string {
	if n := namedOf(t); n != nil {
		return n.Obj().Name()
	}
	return ""
}

// cacheNamed reports whether a name says cache or memo.
func cacheNamed(name string) bool {
	for _, w := range identity.Split(name) {
		switch w {
		case "cache", "caches", "cached", "memo", "memos", "memoize", "memoized", "memoization":
			return true
		}
	}
	return false
}

// finiteKey reports whether a key type has a small, fixed domain: bool,
// small integers, enum-like named integer types, reflect.Type.
func finiteKey(t types.Type) bool {
	if t == nil {
		return false
	}
	if s := cacheops.TypeString(t); s == "reflect.Type" || s == "go/types.Type" {
		return true
	}
	// A pointer to a connection handle (*sql.DB, *gorm.DB, *redis.Client):
	// one entry per pool or client the process opened.
	if p, ok := t.(*types.Pointer); ok {
		if n, ok := types.Unalias(p.Elem()).(*types.Named); ok {
			switch n.Obj().Name() {
			case "DB", "Conn", "Pool", "Client", "Engine":
				return true
			}
		}
	}
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return false
	}
	switch b.Kind() {
	case types.Bool, types.Int8, types.Uint8:
		return true
	}
	if _, named := types.Unalias(t).(*types.Named); named && b.Info()&types.IsInteger != 0 {
		return true // an enum
	}
	return false
}

// hasMutex reports whether a struct type has a sync.Mutex or RWMutex field
// (embedded or named): it is shared between goroutines, so long-lived.
func hasMutex(n *types.Named) bool {
	st, ok := n.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := 0; i < st.NumFields(); i++ {
		t := st.Field(i).Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		switch cacheops.TypeString(t) {
		case "sync.Mutex", "sync.RWMutex":
			return true
		}
	}
	return false
}
