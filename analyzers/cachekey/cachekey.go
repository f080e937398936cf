package cachekey

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/internal/diag"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// Analyzer is the cachekey rule.
var Analyzer = &analysis.Analyzer{
	Name:     "cachekey",
	Doc:      Doc,
	URL:      "https://github.com/cachevet/cachevet/blob/main/rules.md#cachekey",
	Requires: []*analysis.Analyzer{cacheops.Analyzer},
	Run:      run,
	Flags:    flags(),
}

var (
	versionFlag string
	formatFlag  string
)

func flags() flag.FlagSet {
	var fs flag.FlagSet
	fs.StringVar(&versionFlag, "version", "", "when keys need a version segment: distributed (default: caches that outlive the process), all, or off")
	fs.StringVar(&formatFlag, "format", "", "optional key format every literal key must match, e.g. {context}:{resource}:{scope}:*:v{N}")
	return fs
}

func init() {
	config.RegisterCheck("cachekey", func(s *config.Settings) error {
		_, _, _, err := options(s)
		return err
	})
}

// options are the key version policy and format after flags and settings.
func options(s *config.Settings) (version, format string, pattern []string, err error) {
	version = versionFlag
	if version == "" {
		version = s.CacheKey.Version
	}
	switch version {
	case "":
		version = "distributed"
	case "distributed", "all", "off":
	default:
		if versionFlag == "" {
			return "", "", nil, fmt.Errorf("%scachekey.version %q: want distributed, all or off", s.Where(), version)
		}
		return "", "", nil, fmt.Errorf("-cachekey.version=%q: want distributed, all or off", version)
	}
	format = formatFlag
	if format == "" {
		format = s.CacheKey.Format
	}
	if format != "" {
		if pattern, err = parseFormat(format); err != nil {
			if formatFlag == "" {
				return "", "", nil, fmt.Errorf("%scachekey.format: %v", s.Where(), err)
			}
			return "", "", nil, fmt.Errorf("-cachekey.format: %v", err)
		}
	}
	return version, format, pattern, nil
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[cacheops.Analyzer].(*cacheops.Result)
	version, format, pattern, err := options(res.Settings())
	if err != nil {
		return nil, err
	}
	r := diag.New(pass, "cachekey").SkipTests() // tests build keys for fixtures and throw-away stores
	shapes := valueShapes(pass, res)
	for _, op := range res.Ops {
		switch op.Kind {
		case cacheops.Get, cacheops.Set, cacheops.Add, cacheops.GetOrCreate, cacheops.Coalesce:
		default:
			continue
		}
		if len(op.Key.Parts) == 0 {
			continue
		}
		// The version belongs to whoever writes the key's literal text: the
		// wrapper that namespaces keys, or the caller of a pure forwarder.
		ownText := op.Key.OwnText()
		if op.Wrapped {
			// A wrapper that adds no text of its own: the caller writes it,
			// unless this call itself only forwards its own key parameter
			// (a forwarder of a forwarder: its callers write the text).
			ownText = !op.Fact.Key.OwnText() && (op.Key.OwnText() || !pureForward(op.Key))
		}
		// A delete or an expiry stores nothing: the version belongs to the
		// writes (and the reads that must find them).
		if (op.Kind.Writes() || op.Kind.Reads()) && ownText && needsVersion(version, op) && shapes.has(op) && !op.Key.HasVersion() && !op.Key.UnknownPrefix() && !op.Key.UnknownText() {
			reportVersion(pass, r, op)
		}
		if op.Forwards() {
			continue // a wrapper: its callers supply the key
		}
		// A wrapper's own key is reported inside the wrapper.
		callerKey := op.CallerKey()
		checkScope(r, op, callerKey)
		if !callerKey {
			continue
		}
		checkPII(r, op)
		if pattern != nil && op.Kind != cacheops.Coalesce {
			if why := matchFormat(pattern, op.Key); why != "" {
				r.Report(reportNode(op), fmt.Sprintf("cache key %q does not follow the key format %q: %s", op.Key.String(), format, why))
			}
		}
	}
	return nil, nil
}

func reportNode(op *cacheops.Op) ast.Node {
	if op.KeyExpr != nil {
		return op.KeyExpr
	}
	return op.Call
}

// checkScope reports a key that omits an identity the value depends on.
func checkScope(r *diag.Reporter, op *cacheops.Op, callerKey bool) {
	if op.Key.Opaque() {
		return // part of the key comes from a call that may read the identity
	}
	if credentialKey(op.Key) {
		return // a token or session id belongs to one caller: the key is as narrow as it gets
	}
	need := op.ValueSources
	if op.Wrapped && !callerKey {
		need = op.CallerSources
	}
	scope := op.Key.Scope()
	seen := map[string]bool{}
	for _, s := range need {
		if s.Identity == identity.None || scope.Covers(s.Identity) || seen[s.Name] {
			continue
		}
		seen[s.Name] = true
		who := "one tenant would be served another tenant's data"
		if s.Identity == identity.User {
			who = "one user would be served another user's data"
		}
		var msg string
		if op.Kind == cacheops.Coalesce {
			msg = fmt.Sprintf("singleflight key %q omits %s, but the shared call depends on it: concurrent callers would share one result and %s; add %s to the key", op.Key.String(), s.Name, who, s.Name)
		} else {
			msg = fmt.Sprintf("cache key %q omits %s, but the cached value is computed from it: %s; add %s to the key", op.Key.String(), s.Name, who, s.Name)
		}
		r.Report(reportNode(op), msg)
		return
	}
}

func checkPII(r *diag.Reporter, op *cacheops.Op) {
	for _, p := range op.Key.Parts {
		if !p.Hole || !p.PII || (op.Wrapped && !p.Caller) {
			continue
		}
		hashed := false
		for _, s := range p.Sources {
			if s.Hashed {
				hashed = true
			}
		}
		if hashed {
			continue
		}
		r.Report(reportNode(op), fmt.Sprintf("cache key %q contains %s in clear: personal data in keys ends up in cache stores, dumps, logs and metrics; hash it with a keyed hash (HMAC-SHA256) before it goes into the key", op.Key.String(), p.Name))
		return
	}
}

// shapes records, per key, whether the values written under it have a shape
// that can change between deploys (structs, slices, maps, encoded bytes), as
// opposed to counters, flags and plain strings.
type shapeIndex struct {
	info  *types.Info
	res   *cacheops.Result
	byKey map[string]bool
}

func valueShapes(pass *analysis.Pass, res *cacheops.Result) *shapeIndex {
	s := &shapeIndex{info: pass.TypesInfo, res: res, byKey: map[string]bool{}}
	for _, op := range res.Ops {
		if op.Kind.Writes() {
			k := op.Key.String()
			s.byKey[k] = s.byKey[k] || s.opShape(op)
		}
	}
	return s
}

// has reports whether op's values have a shape; for a read, whether a
// write under the same key in this package does.
func (s *shapeIndex) has(op *cacheops.Op) bool {
	if op.Kind.Writes() {
		return s.opShape(op)
	}
	return s.byKey[op.Key.String()]
}

func (s *shapeIndex) opShape(op *cacheops.Op) bool {
	t := op.ValueType(s.info)
	if t == nil {
		return true // unknown: assume a shape
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Info()&types.IsString == 0 {
			return false // numbers and booleans have no shape
		}
		return s.encoded(op)
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
			return true // encoded bytes
		}
	}
	return true
}

// encoded reports whether a string value was produced by an encoder.
func (s *shapeIndex) encoded(op *cacheops.Op) bool {
	x := op.Value
	if x == nil {
		return false
	}
	call, ok := s.res.Origin(op.Decl, x).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := s.res.Callee(call)
	if fn == nil {
		return false
	}
	n := fn.Name()
	return strings.HasPrefix(n, "Marshal") || strings.HasPrefix(n, "Encode") || (fn.Pkg() != nil && strings.HasPrefix(fn.Pkg().Path(), "encoding/"))
}

func needsVersion(policy string, op *cacheops.Op) bool {
	if op.Kind == cacheops.Coalesce {
		return false
	}
	switch policy {
	case "all":
		return true
	case "distributed":
		return op.Store == cacheops.StoreDistributed
	}
	return false
}

func reportVersion(pass *analysis.Pass, r *diag.Reporter, op *cacheops.Op) {
	msg := fmt.Sprintf("cache key %q has no version segment: entries in a distributed cache outlive a deploy, so a changed value shape would be read back from old entries; add a segment such as \":v1\" and bump it when the shape changes", op.Key.String())
	if op.Store != cacheops.StoreDistributed {
		// -cachekey.version=all: the store may not outlive the process,
		// but the policy asks every key for a version.
		msg = fmt.Sprintf("cache key %q has no version segment, which -cachekey.version=all asks of every key: a changed value shape would be read back from entries written before it changed; add a segment such as \":v1\" and bump it when the shape changes", op.Key.String())
	}
	var fixes []analysis.SuggestedFix
	if lit := versionLiteral(pass, op.KeyExpr); lit != nil {
		s, err := strconv.Unquote(lit.Value)
		if err == nil {
			fixes = append(fixes, analysis.SuggestedFix{
				Message:   "Append a :v1 version segment",
				TextEdits: []analysis.TextEdit{{Pos: lit.Pos(), End: lit.End(), NewText: []byte(strconv.Quote(s + ":v1"))}},
			})
		}
	} else if b, ok := ast.Unparen(op.KeyExpr).(*ast.BinaryExpr); ok && b.Op == token.ADD && op.KeyExpr.Pos() == b.Pos() {
		// "lms:course:" + id → "lms:course:" + id + ":v1"
		fixes = append(fixes, analysis.SuggestedFix{
			Message:   "Append a :v1 version segment",
			TextEdits: []analysis.TextEdit{{Pos: b.End(), End: b.End(), NewText: []byte(` + ":v1"`)}},
		})
	}
	r.Report(reportNode(op), msg, fixes...)
}

// versionLiteral finds the string literal to extend with ":v1": the key
// itself, or the format of a fmt.Sprintf key, or the last literal of a +.
func versionLiteral(pass *analysis.Pass, key ast.Expr) *ast.BasicLit {
	switch x := ast.Unparen(key).(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			return x
		}
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(x.Args) > 0 {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "fmt" {
				if lit, ok := x.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					return lit
				}
			}
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			if lit, ok := ast.Unparen(x.Y).(*ast.BasicLit); ok && lit.Kind == token.STRING {
				return lit
			}
		}
	}
	return nil
}

// parseFormat splits a key format into segments.
func parseFormat(f string) ([]string, error) {
	segs := strings.Split(f, ":")
	for _, s := range segs {
		if s == "" {
			return nil, fmt.Errorf("empty segment in %q", f)
		}
		if strings.Count(s, "{") != strings.Count(s, "}") {
			return nil, fmt.Errorf("unbalanced braces in segment %q", s)
		}
	}
	return segs, nil
}

// matchFormat checks a key against format segments: literal text matches
// itself, {name} any one segment, {scope} an identity hole or "shared",
// v{N} a version, * any number of segments. It returns why the key does
// not match, or "".
func matchFormat(pattern []string, t cacheops.Template) string {
	type seg struct {
		text    string
		hole    bool
		scope   bool
		version bool
	}
	var segs []seg
	cur := seg{}
	started := false
	for _, p := range t.Parts {
		if p.Hole {
			if p.Name == "" {
				continue
			}
			cur.hole = true
			cur.text += "{" + p.Name + "}"
			started = true
			for _, s := range p.Sources {
				if s.Identity != identity.None {
					cur.scope = true
				}
			}
			if p.Version {
				cur.version = true
			}
			continue
		}
		pieces := strings.Split(p.Lit, ":")
		for i, piece := range pieces {
			if i > 0 {
				segs = append(segs, cur)
				cur = seg{}
			}
			cur.text += piece
			started = started || piece != ""
		}
	}
	if started {
		segs = append(segs, cur)
	}
	var match func(pi, si int) bool
	match = func(pi, si int) bool {
		if pi == len(pattern) {
			return si == len(segs)
		}
		p := pattern[pi]
		if p == "*" {
			for k := si; k <= len(segs); k++ {
				if match(pi+1, k) {
					return true
				}
			}
			return false
		}
		if si == len(segs) {
			return false
		}
		s := segs[si]
		ok := false
		switch {
		case p == "{scope}":
			ok = s.scope || s.text == "shared" || s.text == "global" || s.text == "public"
		case p == "v{N}":
			ok = s.version || identity.VersionSegment(s.text)
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}"):
			ok = s.text != ""
		default:
			ok = !s.hole && s.text == p
		}
		return ok && match(pi+1, si+1)
	}
	if match(0, 0) {
		return ""
	}
	return fmt.Sprintf("it has %d segments %s", len(segs), describe(segs, func(i int) string { return segs[i].text }))
}

func describe[T any](segs []T, text func(int) string) string {
	var parts []string
	for i := range segs {
		parts = append(parts, strconv.Quote(text(i)))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// credentialWords name a caller's credential: a key that holds one is
// scoped to that caller, more narrowly than by a user or tenant id.
var credentialWords = map[string]bool{"token": true, "jwt": true, "session": true, "sid": true, "apikey": true, "bearer": true, "credential": true, "credentials": true}

// credentialKey reports whether a hole of t is a credential: oldToken,
// sessionID, apiKey, tokenString (not tokenCount or tokenType).
func credentialKey(t cacheops.Template) bool {
	for _, p := range t.Parts {
		if !p.Hole {
			continue
		}
		names := []string{p.Name}
		for _, s := range p.Sources {
			names = append(names, s.Name)
		}
		for _, n := range names {
			if credentialName(n) {
				return true
			}
		}
	}
	return false
}

func credentialName(name string) bool {
	w := identity.Split(name)
	if i := strings.LastIndex(name, "."); i >= 0 {
		w = identity.Split(name[i+1:]) // req.Token: the field's own name
	}
	if len(w) == 0 {
		return false
	}
	last := w[len(w)-1]
	if credentialWords[last] || (last == "key" && len(w) > 1 && w[len(w)-2] == "api") {
		return true
	}
	switch last {
	case "id", "string", "str", "raw", "value":
		for _, x := range w[:len(w)-1] {
			if credentialWords[x] {
				return true
			}
		}
	}
	return false
}

// pureForward reports whether a key is exactly a parameter of the
// enclosing function (beside the store's own prefix): the function only
// passes its caller's key on.
func pureForward(t cacheops.Template) bool {
	params := 0
	for _, p := range t.Parts {
		switch {
		case !p.Hole:
			if strings.TrimSpace(p.Lit) != "" {
				return false
			}
		case p.Impl:
		case p.Param > 0:
			params++
		default:
			return false
		}
	}
	return params == 1
}
