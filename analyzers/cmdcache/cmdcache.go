package cmdcache

import (
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/internal/diag"
)

// Analyzer is the cmdcache rule.
var Analyzer = &analysis.Analyzer{
	Name:      "cmdcache",
	Doc:       Doc,
	URL:       "https://github.com/cachevet/cachevet/blob/main/rules.md#cmdcache",
	Requires:  []*analysis.Analyzer{cacheops.Analyzer},
	Run:       run,
	Flags:     flags(),
	FactTypes: []analysis.Fact{(*reachFact)(nil), (*txFact)(nil), (*txKeyFact)(nil)},
}

// Defaults of the conventions.
var (
	DefaultHandlerTypes   = []string{"*CommandHandler", "*Command"}
	DefaultHandlerMethods = []string{"Handle", "Execute"}
	DefaultPackages       = []string{"command", "commands"}
	DefaultInfra          = []string{"infra", "infrastructure", "adapter", "adapters", "persistence", "repository", "repositories"}
)

var (
	handlerTypesFlag   string
	handlerMethodsFlag string
	packagesFlag       string
	interfacesFlag     string
	allowFlag          string
	commitsFlag        string
	infraFlag          string
)

func flags() flag.FlagSet {
	var fs flag.FlagSet
	fs.StringVar(&handlerTypesFlag, "handler-types", "", "comma-separated glob patterns of command handler type names whose handler methods are command handlers (default \"*CommandHandler,*Command\"; \"none\" turns the convention off)")
	fs.StringVar(&handlerMethodsFlag, "handler-methods", "", "comma-separated handler method names for -handler-types (default \"Handle,Execute\")")
	fs.StringVar(&packagesFlag, "packages", "", "comma-separated package path segments whose exported methods are command handlers (default \"command,commands\"; \"none\" turns it off)")
	fs.StringVar(&interfacesFlag, "interfaces", "", "comma-separated command handler interfaces, \"example.com/app.CommandHandler\" or a bare name; their implementations' methods are command handlers")
	fs.StringVar(&allowFlag, "allow", "", "comma-separated cache types or interfaces that are part of the write-side contract, \"example.com/infra/cache.Invalidator\" or a bare name")
	fs.StringVar(&commitsFlag, "commits", "", "comma-separated extra commit functions, \"example.com/db.UnitOfWork.Commit\"; one with a function parameter is a transaction helper whose callback runs before the commit")
	fs.StringVar(&infraFlag, "infra", "", "comma-separated package path segments of the infrastructure layer, where a handler's callees may invalidate after their commit (default \"infra,infrastructure,adapter,adapters,persistence,repository,repositories\"; \"none\" turns it off)")
	return fs
}

// conventions is the configuration in force for one package.
type conventions struct {
	handlerTypes   []string
	handlerMethods []string
	packages       []string
	interfaces     []string
	allow          []string
	commits        []string
	infra          []string
}

// pick returns the flag's list when set, else the settings' list when set,
// else the default. "none" is the empty list.
func pick(flagVal string, setting, def []string) []string {
	var list []string
	switch {
	case flagVal != "":
		for _, s := range strings.Split(flagVal, ",") {
			if s = strings.TrimSpace(s); s != "" {
				list = append(list, s)
			}
		}
	case len(setting) > 0:
		list = setting
	default:
		return def
	}
	if len(list) == 1 && list[0] == "none" {
		return nil
	}
	return list
}

func init() {
	config.RegisterCheck("cmdcache", func(s *config.Settings) error {
		_, err := newConventions(s)
		return err
	})
}

func newConventions(s *config.Settings) (*conventions, error) {
	cs := s.CmdCache
	c := &conventions{
		handlerTypes:   pick(handlerTypesFlag, cs.HandlerTypes, DefaultHandlerTypes),
		handlerMethods: pick(handlerMethodsFlag, cs.HandlerMethods, DefaultHandlerMethods),
		packages:       pick(packagesFlag, cs.Packages, DefaultPackages),
		interfaces:     pick(interfacesFlag, cs.Interfaces, nil),
		allow:          pick(allowFlag, cs.Allow, nil),
		commits:        pick(commitsFlag, cs.Commits, nil),
		infra:          pick(infraFlag, cs.Infra, DefaultInfra),
	}
	for _, p := range c.handlerTypes {
		if _, err := path.Match(p, "x"); err != nil || strings.Contains(p, "/") {
			return nil, fmt.Errorf("cmdcache: handler type pattern %q is not a valid glob over type names (e.g. \"*CommandHandler\")", p)
		}
	}
	for _, list := range []struct {
		name string
		v    []string
	}{{"handler-methods", c.handlerMethods}, {"packages", c.packages}, {"infra", c.infra}} {
		for _, v := range list.v {
			if !identLike(v) {
				return nil, fmt.Errorf("cmdcache: %s entry %q must be a single name, without dots or slashes", list.name, v)
			}
		}
	}
	for _, list := range []struct {
		name string
		v    []string
	}{{"interfaces", c.interfaces}, {"allow", c.allow}, {"commits", c.commits}} {
		for _, v := range list.v {
			if strings.HasSuffix(v, ".") || strings.HasPrefix(v, ".") || strings.ContainsAny(v, " \t") {
				return nil, fmt.Errorf("cmdcache: %s entry %q must be a type or function name such as \"example.com/app.Name\"", list.name, v)
			}
		}
	}
	for _, v := range c.commits {
		if !strings.Contains(v, ".") {
			return nil, fmt.Errorf("cmdcache: commits entry %q must be qualified: \"example.com/db.UnitOfWork.Commit\" or \"example.com/db.WithTx\"", v)
		}
	}
	return c, nil
}

// identLike reports whether s is one path segment or identifier.
func identLike(s string) bool {
	return s != "" && !strings.ContainsAny(s, "./ \t")
}

func run(pass *analysis.Pass) (any, error) {
	res, ok := pass.ResultOf[cacheops.Analyzer].(*cacheops.Result)
	if !ok || res == nil || cacheops.IsStd(pass.Pkg.Path()) {
		return nil, nil // the standard library reaches no cache: no fact, no finding
	}
	conv, err := newConventions(res.Settings())
	if err != nil {
		return nil, err
	}
	c := &checker{
		pass:   pass,
		res:    res,
		conv:   conv,
		r:      diag.New(pass, "cmdcache"),
		facts:  map[*types.Func]*reachFact{},
		busy:   map[*types.Func]bool{},
		inside: map[*ast.CallExpr]ast.Node{},
		tx:     txState{facts: map[*types.Func]*txFact{}, busy: map[*types.Func]bool{}},
		scoped: map[token.Pos]bool{},
	}
	c.findTxKeys()
	c.exportTxFacts() // transaction helpers and store writes, cache or not
	if !res.ReachesCache() {
		return nil, nil // no cache call here, nor a call of a function that makes one
	}
	c.exportFacts()
	c.checkHandlers()
	invs := c.checkCommits()
	c.checkScopes(invs)
	c.checkWriteOrder(invs)
	return nil, nil
}

// isTestFile reports whether n is in a _test.go file.
func isTestFile(pass *analysis.Pass, n ast.Node) bool {
	f := pass.Fset.File(n.Pos())
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}
