package cachemetric

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

type valueKind uint8

const (
	none valueKind = iota
	user
	tenant
	pii
	freeText
	keyName
)

// class is what a label value is.
type class struct {
	kind   valueKind
	what   string // the input as it reads in the code
	hashed bool
}

func (cl class) describe() string {
	var s string
	switch cl.kind {
	case user:
		s = "a user id"
	case tenant:
		s = "a tenant id"
	case pii:
		s = "personal data"
	case freeText:
		s = "free-form text"
	case keyName:
		s = "by its name a raw cache key"
	}
	if cl.what != "" {
		s += " (" + cl.what + ")"
	}
	if cl.hashed {
		s = "a hash of " + s
	}
	return s
}

func (cl class) every() string {
	switch cl.kind {
	case user:
		return "every user"
	case tenant:
		return "every tenant"
	case pii:
		return "every person"
	case keyName:
		return "every distinct key"
	}
	return "every distinct text"
}

func (cl class) fix() string {
	switch cl.kind {
	case user, tenant:
		return "drop the label or use a bounded dimension (plan, tier, result) and put the id in logs or traces"
	case pii:
		return "drop the label: personal data must not reach dashboards, and a hash is just as unbounded"
	case keyName:
		return "label by a bounded dimension (cache name, result) and log the key instead"
	}
	return "drop the label or bucket the text into a bounded set (query kind, length class)"
}

// classify decides whether a label value is an identity, personal data or
// free text. It follows what keeps the value's cardinality: conversions,
// formatting, case and trimming, concatenation, hashes and String methods,
// and locals assigned once. Any other call (tierOf(userID)) may map the
// value into a small set, so it stops the walk.
func (c *checker) classify(decl *ast.FuncDecl, x ast.Expr, depth int, hashed bool) class {
	if depth > 12 || x == nil || isConst(c.pass.TypesInfo, x) {
		return class{}
	}
	info := c.pass.TypesInfo
	mark := func(cl class) class {
		cl.hashed = cl.hashed || hashed
		return cl
	}
	switch y := ast.Unparen(x).(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(y).(*types.Var)
		if !ok {
			return class{}
		}
		if d, ok := c.single(decl, y); ok && d.Index <= 0 {
			if cl := c.classify(decl, d.Expr, depth+1, hashed); cl.kind != none {
				return cl
			}
		}
		if cl := c.nameClass(v.Name(), v.Type()); cl.kind != none {
			return mark(cl)
		}
	case *ast.SelectorExpr:
		if s := info.Selections[y]; s != nil && s.Kind() == types.FieldVal {
			if cl := c.nameClass(y.Sel.Name, s.Type()); cl.kind != none {
				if cl.kind != freeText || !isURLField(s) {
					cl.what = shorten(types.ExprString(y))
					return mark(cl)
				}
			}
			if isQueryString(s, y.Sel.Name) {
				return mark(class{kind: freeText, what: types.ExprString(y)})
			}
			return class{}
		}
		if v, ok := info.Uses[y.Sel].(*types.Var); ok {
			cl := c.nameClass(v.Name(), v.Type())
			cl.what = types.ExprString(y)
			return mark(cl)
		}
	case *ast.IndexExpr:
		// mux.Vars(r)["userID"], claims["email"]
		if s := constString(info, y.Index); s != "" {
			cl := c.nameClass(s, nil)
			cl.what = shorten(types.ExprString(y))
			return mark(cl)
		}
	case *ast.SliceExpr:
		return c.classify(decl, y.X, depth+1, hashed)
	case *ast.BinaryExpr:
		if y.Op == token.ADD {
			if cl := c.classify(decl, y.X, depth+1, hashed); cl.kind != none {
				return cl
			}
			return c.classify(decl, y.Y, depth+1, hashed)
		}
	case *ast.CallExpr:
		return c.classifyCall(decl, y, depth, hashed)
	}
	return class{}
}

func (c *checker) classifyCall(decl *ast.FuncDecl, call *ast.CallExpr, depth int, hashed bool) class {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return c.classify(decl, call.Args[0], depth+1, hashed)
		}
		return class{}
	}
	if k := c.res.CallIdentity(call); k != identity.None {
		cl := class{kind: user, what: shorten(types.ExprString(call)), hashed: hashed}
		if k == identity.Tenant {
			cl.kind = tenant
		}
		return cl
	}
	fn := callee(info, call)
	if fn == nil {
		return class{}
	}
	// Free text read from a request: r.URL.Query().Get("q"), c.Query("search").
	switch fn.Name() {
	case "Get", "Query", "QueryParam", "FormValue", "PostFormValue", "DefaultQuery", "Param", "URLParam", "PathValue":
		for _, a := range call.Args {
			if s := constString(info, a); s != "" && c.freeTextName(s) {
				return class{kind: freeText, what: shorten(types.ExprString(call)), hashed: hashed}
			}
		}
	}
	h := hashed || c.res.IsHash(call)
	sig, _ := fn.Type().(*types.Signature)
	// x.String(), id.Hex(): the receiver's value in another form.
	if sig != nil && sig.Recv() != nil && len(call.Args) == 0 {
		switch fn.Name() {
		case "String", "Hex", "Text":
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				if isURL(info.TypeOf(sel.X)) {
					return class{kind: freeText, what: shorten(types.ExprString(call)), hashed: h}
				}
				return c.classify(decl, sel.X, depth+1, h)
			}
		}
		return class{}
	}
	if !keepsValue(fn) && !c.res.IsHash(call) {
		return class{}
	}
	args := call.Args
	if pkgPath(fn) == "fmt" && len(args) > 0 && fn.Name() == "Sprintf" {
		args = args[1:]
	}
	for _, a := range args {
		if cl := c.classify(decl, a, depth+1, h); cl.kind != none {
			return cl
		}
	}
	return class{}
}

// keepsValue lists functions whose result has as many distinct values as
// their input.
func keepsValue(fn *types.Func) bool {
	switch pkgPath(fn) {
	case "strings":
		switch fn.Name() {
		case "ToLower", "ToUpper", "TrimSpace", "Trim", "TrimPrefix", "TrimSuffix", "TrimLeft", "TrimRight", "Clone", "ToTitle", "ReplaceAll", "Replace", "Join":
			return true
		}
	case "strconv":
		switch fn.Name() {
		case "Itoa", "FormatInt", "FormatUint", "Quote", "QuoteToASCII":
			return true
		}
	case "fmt":
		switch fn.Name() {
		case "Sprint", "Sprintf", "Sprintln":
			return true
		}
	case "net/url":
		return fn.Name() == "PathEscape" || fn.Name() == "QueryEscape"
	case "encoding/hex":
		return fn.Name() == "EncodeToString"
	case "encoding/base64", "encoding/base32":
		return fn.Name() == "EncodeToString"
	}
	return false
}

// nameClass classifies a name (and type): userID and claims.Subject are
// user ids, Email is personal data, searchQuery is free text.
func (c *checker) nameClass(name string, t types.Type) class {
	cls := c.res.Classifier()
	if t != nil && !stringish(t) {
		return class{}
	}
	k := cls.Name(name)
	if k == identity.None && t != nil {
		k = cls.Type(t)
	}
	switch k {
	case identity.User:
		return class{kind: user, what: name}
	case identity.Tenant:
		return class{kind: tenant, what: name}
	}
	if cls.PII(name) {
		return class{kind: pii, what: name}
	}
	if c.freeTextName(name) {
		return class{kind: freeText, what: name}
	}
	// key, cacheKey, redisKey: on a cache metric, a value named like a key is one.
	if w := splitWords(name); len(w) > 0 && (w[len(w)-1] == "key" || w[len(w)-1] == "keys") && (t == nil || isStringType(t)) {
		return class{kind: keyName, what: name}
	}
	return class{}
}

func isStringType(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsString != 0
	case *types.Slice:
		b, ok := u.Elem().Underlying().(*types.Basic)
		return ok && (b.Info()&types.IsString != 0 || b.Kind() == types.Byte)
	}
	return false
}

// stringish reports whether a value of type t can be a label value that
// names something: strings, integers (ids), byte slices, UUID-like arrays
// and Stringers; booleans and floats are never identities.
func stringish(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&(types.IsString|types.IsInteger) != 0
	case *types.Slice, *types.Array:
		return true
	case *types.Struct, *types.Interface, *types.Pointer:
		return true
	}
	return false
}

func (c *checker) freeTextName(name string) bool {
	w := splitWords(name)
	if len(w) == 0 {
		return false
	}
	last := w[len(w)-1]
	if last == "q" {
		return len(w) == 1
	}
	if c.opts.freeText[last] {
		return true
	}
	// searchText, queryString, rawQuery, freeText
	if len(w) >= 2 {
		prev := w[len(w)-2]
		if (last == "text" || last == "string" || last == "input") && (c.opts.freeText[prev] || prev == "free" || prev == "raw" || prev == "user") {
			return true
		}
	}
	return false
}

// isURLField reports whether a field is a field of net/url.URL or of
// net/http.Request (RawQuery is free text, but Path is not).
func isURLField(s *types.Selection) bool {
	t := s.Recv()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	p := n.Obj().Pkg().Path()
	return p == "net/url" || p == "net/http"
}

// isQueryString recognises the raw query string of a request: URL.RawQuery,
// Request.RequestURI.
func isQueryString(s *types.Selection, name string) bool {
	if !isURLField(s) {
		return false
	}
	return name == "RawQuery" || name == "RequestURI"
}

func isURL(t types.Type) bool {
	if t == nil {
		return false
	}
	switch cacheops.TypeString(t) {
	case "*net/url.URL", "net/url.URL", "net/url.Values":
		return true
	}
	return false
}
