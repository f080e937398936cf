package outputcache

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	gocfg "golang.org/x/tools/go/cfg"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/internal/diag"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// Analyzer is the outputcache rule.
var Analyzer = &analysis.Analyzer{
	Name:      "outputcache",
	Doc:       Doc,
	URL:       "https://github.com/cachevet/cachevet/blob/main/rules.md#outputcache",
	Requires:  []*analysis.Analyzer{cacheops.Analyzer},
	Run:       run,
	Flags:     flags(),
	FactTypes: []analysis.Fact{(*FuncFact)(nil), (*PolicyFact)(nil)},
}

var (
	authFlag, cacheFlag, headerFlag, cookieFlag string
)

func flags() flag.FlagSet {
	var fs flag.FlagSet
	fs.StringVar(&authFlag, "auth-middlewares", "", "comma-separated functions that authenticate requests, e.g. example.com/auth.Require,example.com/auth.(*Verifier).Middleware")
	fs.StringVar(&cacheFlag, "response-caches", "", "comma-separated functions that install a response cache (middleware or handler wrapper)")
	fs.StringVar(&headerFlag, "identity-headers", "", "comma-separated request headers that identify the caller, in addition to Authorization, Cookie and X-User-ID-like names")
	fs.StringVar(&cookieFlag, "identity-cookies", "", "comma-separated cookie names that identify the caller, in addition to session-like names")
	return fs
}

// settings is the rule's configuration: flags override the [rules.outputcache]
// section of cachevet.toml.
type settings struct {
	authMiddlewares, responseCaches  map[string]bool
	identityHeaders, identityCookies []string
}

func init() {
	config.RegisterCheck("outputcache", func(s *config.Settings) error {
		_, err := loadSettings(s)
		return err
	})
}

func loadSettings(s *config.Settings) (*settings, error) {
	sec := s.Rules["outputcache"]
	for k := range sec {
		switch k {
		case "auth-middlewares", "response-caches", "identity-headers", "identity-cookies":
		default:
			return nil, fmt.Errorf("%s[rules.outputcache]: unknown key %q (keys: auth-middlewares, response-caches, identity-headers, identity-cookies)", s.Where(), k)
		}
	}
	list := func(flagVal, key string) ([]string, error) {
		if flagVal != "" {
			var out []string
			for _, s := range strings.Split(flagVal, ",") {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
			return out, nil
		}
		v, ok := sec[key]
		if !ok {
			return nil, nil
		}
		items, ok := v.([]any)
		if !ok {
			if ss, ok := v.([]string); ok {
				return ss, nil
			}
			return nil, fmt.Errorf("%s[rules.outputcache] %s: want a list of strings, got %T", s.Where(), key, v)
		}
		var out []string
		for _, it := range items {
			str, ok := it.(string)
			if !ok {
				return nil, fmt.Errorf("%s[rules.outputcache] %s: want a list of strings, got an element of type %T", s.Where(), key, it)
			}
			out = append(out, str)
		}
		return out, nil
	}
	st := &settings{authMiddlewares: map[string]bool{}, responseCaches: map[string]bool{}}
	var err error
	var auths, caches []string
	if auths, err = list(authFlag, "auth-middlewares"); err != nil {
		return nil, err
	}
	if caches, err = list(cacheFlag, "response-caches"); err != nil {
		return nil, err
	}
	if st.identityHeaders, err = list(headerFlag, "identity-headers"); err != nil {
		return nil, err
	}
	if st.identityCookies, err = list(cookieFlag, "identity-cookies"); err != nil {
		return nil, err
	}
	for _, s := range auths {
		if !strings.Contains(s, ".") {
			return nil, fmt.Errorf("outputcache auth-middlewares: %q is not a qualified function name such as example.com/auth.Require", s)
		}
		st.authMiddlewares[normalizeName(s)] = true
	}
	for _, s := range caches {
		if !strings.Contains(s, ".") {
			return nil, fmt.Errorf("outputcache response-caches: %q is not a qualified function name such as example.com/httpcache.Middleware", s)
		}
		st.responseCaches[normalizeName(s)] = true
	}
	return st, nil
}

type an struct {
	pass *analysis.Pass
	res  *cacheops.Result
	cls  *identity.Classifier
	cfg  *settings
	r    *diag.Reporter

	decls    map[*types.Func]*ast.FuncDecl
	litDecl  map[*ast.FuncLit]*ast.FuncDecl
	infos    map[*ast.FuncDecl]*fnInfo
	sums     map[ast.Node]*summary
	busy     map[ast.Node]bool
	reported map[token.Pos]bool

	routers map[types.Object]*router
	walking map[*ast.FuncDecl]int
	routes  []*route

	oidx *originIndex

	params map[*types.Var]bool
	cfgs   map[ast.Node]*gocfg.CFG
}

func run(pass *analysis.Pass) (any, error) {
	if isStd(pass.Pkg.Path()) {
		return nil, nil
	}
	res := pass.ResultOf[cacheops.Analyzer].(*cacheops.Result)
	cfg, err := loadSettings(res.Settings())
	if err != nil {
		return nil, err
	}
	a := &an{
		pass: pass, res: res, cls: res.Classifier(), cfg: cfg, r: diag.New(pass, "outputcache"),
		decls: map[*types.Func]*ast.FuncDecl{}, litDecl: map[*ast.FuncLit]*ast.FuncDecl{},
		infos: map[*ast.FuncDecl]*fnInfo{}, sums: map[ast.Node]*summary{}, busy: map[ast.Node]bool{},
		reported: map[token.Pos]bool{}, routers: map[types.Object]*router{}, walking: map[*ast.FuncDecl]int{},
		cfgs: map[ast.Node]*gocfg.CFG{},
	}
	var decls []*ast.FuncDecl
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			decls = append(decls, fd)
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				a.decls[fn] = fd
			}
			if fd.Body != nil {
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					if lit, ok := n.(*ast.FuncLit); ok {
						a.litDecl[lit] = fd
					}
					return true
				})
			}
		}
	}
	// Facts.
	fns := make([]*types.Func, 0, len(a.decls))
	for fn := range a.decls {
		fns = append(fns, fn)
	}
	sort.Slice(fns, func(i, j int) bool { return fns[i].Pos() < fns[j].Pos() })
	for _, fn := range fns {
		d := a.decls[fn]
		if !fn.Exported() {
			continue // callers in other packages cannot name it
		}
		if f := a.summarize(d, d).fact(); f != nil {
			pass.ExportObjectFact(fn, f)
		}
	}
	a.exportPolicyFacts(fns)
	a.checkPolicies()
	// Routes first: their findings name the route.
	for _, d := range decls {
		a.walkRoutes(d)
	}
	for _, rt := range a.routes {
		a.checkRoute(rt)
	}
	// Handlers on their own: identity read in the handler itself.
	for _, d := range decls {
		if a.handlerShaped(d.Type, d.Recv != nil && d.Name.Name == "ServeHTTP") {
			a.checkHandler(handlerRef{node: d, decl: d}, nil)
		}
	}
	lits := make([]*ast.FuncLit, 0, len(a.litDecl))
	for lit := range a.litDecl {
		lits = append(lits, lit)
	}
	sort.Slice(lits, func(i, j int) bool { return lits[i].Pos() < lits[j].Pos() })
	for _, lit := range lits {
		if a.handlerShaped(lit.Type, false) {
			a.checkHandler(handlerRef{node: lit, decl: a.litDecl[lit]}, nil)
		}
	}
	for _, d := range decls {
		a.checkConflicts(a.summarize(d, d))
	}
	return nil, nil
}

func (a *an) handlerShaped(ft *ast.FuncType, serveHTTP bool) bool {
	if ft == nil || ft.Params == nil {
		return false
	}
	var params []types.Type
	for _, f := range ft.Params.List {
		t := a.pass.TypesInfo.TypeOf(f.Type)
		n := len(f.Names)
		if n == 0 {
			n = 1
		}
		for i := 0; i < n; i++ {
			params = append(params, t)
		}
	}
	var results []types.Type
	if ft.Results != nil {
		for _, f := range ft.Results.List {
			for i := 0; i < max(len(f.Names), 1); i++ {
				results = append(results, a.pass.TypesInfo.TypeOf(f.Type))
			}
		}
	}
	switch len(params) {
	case 2:
		return len(results) == 0 && isResponseWriter(params[0]) && isRequest(params[1])
	case 1:
		fw := ctxFramework(params[0])
		return fw != nil && len(results) == fw.results && (fw.results == 0 || typeString(results[0]) == "error")
	}
	return false
}

// applyDeclared reads //cachevet:auth and //cachevet:responsecache.
func (a *an) applyDeclared(fn *types.Func, doc *ast.CommentGroup, s *summary) {
	if f := a.declared(fn, doc); f != nil {
		s.auth = s.auth || f.Auth
		s.rcache = s.rcache || f.RCache
		if f.KeyParam > 0 {
			s.keyParam = f.KeyParam
		}
	}
}

// Directive prefixes.
const (
	AuthDirective          = "//cachevet:auth"
	ResponseCacheDirective = "//cachevet:responsecache"
)

// declared returns what configuration, directives or the table of known
// libraries say about fn.
func (a *an) declared(fn *types.Func, doc *ast.CommentGroup) *FuncFact {
	f := &FuncFact{}
	q := qualName(fn)
	if a.cfg.authMiddlewares[q] {
		f.Auth = true
	}
	if a.cfg.responseCaches[q] {
		f.RCache = true
	}
	if k, ok := knownCaches[q]; ok {
		f.RCache = true
		f.KeyParam = k
	}
	if strings.HasSuffix(pkgPath(fn), "/cache/httpcache") && pkgPath(fn) == "github.com/cachevet/cachevet/cache/httpcache" {
		if resultIs(fn, isMiddlewareFunc) || resultIs(fn, isHandler) {
			f.RCache = true
		}
	}
	if doc != nil {
		for _, c := range doc.List {
			switch {
			case c.Text == AuthDirective || strings.HasPrefix(c.Text, AuthDirective+" "):
				f.Auth = true
			case c.Text == ResponseCacheDirective || strings.HasPrefix(c.Text, ResponseCacheDirective+" "):
				f.RCache = true
				for _, fld := range strings.Fields(strings.TrimPrefix(c.Text, ResponseCacheDirective)) {
					k, v, _ := strings.Cut(fld, "=")
					if k != "key" {
						a.pass.Reportf(c.Pos(), "cachevet:responsecache: unknown option %q: write //cachevet:responsecache [key=<parameter>]", fld)
						continue
					}
					sig, _ := fn.Type().(*types.Signature)
					found := false
					for i := 0; sig != nil && i < sig.Params().Len(); i++ {
						if sig.Params().At(i).Name() == v {
							f.KeyParam = i + 1
							found = true
						}
					}
					if !found {
						a.pass.Reportf(c.Pos(), "cachevet:responsecache: %s has no parameter %q", fn.Name(), v)
					}
				}
			}
		}
	}
	if !f.Auth && !f.RCache {
		return nil
	}
	return f
}

// knownCaches are response caches of known libraries, with the parameter
// that computes their key (0: the key is the URL and ignores the user).
var knownCaches = map[string]int{
	"github.com/gin-contrib/cache.CachePage":                 0,
	"github.com/gin-contrib/cache.CachePageWithoutQuery":     0,
	"github.com/gin-contrib/cache.CachePageAtomic":           0,
	"github.com/gin-contrib/cache.CachePageWithoutHeader":    0,
	"github.com/victorspringer/http-cache.Client.Middleware": 0,
	// Its default key is the path; a KeyGenerator in the config may add
	// the user.
	"github.com/gofiber/fiber/v2/middleware/cache.New": 0,
}

// authName reports whether a middleware's name says it authenticates.
func authName(name string) bool {
	words := identity.Split(name)
	for i, w := range words {
		switch w {
		case "auth", "authn", "authenticate", "authenticated", "authenticator", "authentication", "authorize", "authorized", "jwt", "jwtauth", "bearer", "oidc", "oauth", "oauth2", "basicauth", "protected", "login":
			return true
		case "session", "sessions":
			// Session(store), sessions.Sessions(name, store) install a
			// session store for the handlers; SessionAuth, RequireSession,
			// ValidSession check one.
			base := name
			if i := strings.LastIndex(base, "."); i >= 0 {
				base = base[i+1:] // middleware.Session: the function's own name
			}
			if len(identity.Split(base)) > 1 {
				return true
			}
		case "require", "requires", "must":
			if i+1 < len(words) && (identity.Default.Name(words[i+1]) != identity.None || words[i+1] == "login" || words[i+1] == "auth") {
				return true
			}
		}
	}
	return false
}

// funcType is fn's signature, or nil.
func funcSig(fn *types.Func) *types.Signature {
	if fn == nil {
		return nil
	}
	sig, _ := fn.Type().(*types.Signature)
	return sig
}
