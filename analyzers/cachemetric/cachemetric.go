package cachemetric

import (
	"flag"
	"fmt"
	"go/ast"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/internal/diag"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// Analyzer is the cachemetric rule.
var Analyzer = &analysis.Analyzer{
	Name:      "cachemetric",
	Doc:       Doc,
	URL:       "https://github.com/cachevet/cachevet/blob/main/rules.md#cachemetric",
	Requires:  []*analysis.Analyzer{cacheops.Analyzer},
	Run:       run,
	Flags:     flags(),
	FactTypes: []analysis.Fact{(*MetricFact)(nil)},
}

// triBool is a boolean flag that remembers whether it was set, so that an
// unset flag leaves the configuration file's value in force.
type triBool struct {
	set, val bool
}

func (b *triBool) String() string {
	if b == nil || !b.set {
		return ""
	}
	return strconv.FormatBool(b.val)
}

func (b *triBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return fmt.Errorf("want true or false, got %q", s)
	}
	b.set, b.val = true, v
	return nil
}

func (b *triBool) IsBoolFlag() bool { return true }

var (
	allMetricsFlag  triBool
	tenantFlag      triBool
	metricWordsFlag string
	freeTextFlag    string
)

func flags() flag.FlagSet {
	var fs flag.FlagSet
	fs.Var(&allMetricsFlag, "all-metrics", "report user ids, personal data and free text on every metric, not only on cache metrics (default false)")
	fs.Var(&tenantFlag, "tenant", "also report tenant/organisation ids as high-cardinality labels (default false)")
	fs.StringVar(&metricWordsFlag, "metric-words", "", "comma-separated extra words that mark a metric as a cache metric (default: cache, hit, miss, evict and their forms)")
	fs.StringVar(&freeTextFlag, "free-text", "", "comma-separated extra words that mark a value as free-form text (default: query, search, term, keyword, phrase, prompt, q)")
	return fs
}

// options are the rule's settings after flags and configuration.
type options struct {
	allMetrics  bool
	tenant      bool
	metricWords map[string]bool
	freeText    map[string]bool
}

var defaultMetricWords = []string{"cache", "caches", "cached", "caching", "hit", "hits", "miss", "misses", "missed", "evict", "evicts", "evicted", "eviction", "evictions"}

var defaultFreeText = []string{"query", "queries", "search", "term", "terms", "keyword", "keywords", "phrase", "prompt", "q"}

// settingsKeys are the keys of the [rules.cachemetric] section.
var settingsKeys = []string{"all-metrics", "tenant", "metric-words", "free-text"}

func init() {
	config.RegisterCheck("cachemetric", func(s *config.Settings) error {
		_, err := readOptions(s)
		return err
	})
}

func readOptions(s *config.Settings) (*options, error) {
	o := &options{metricWords: set(defaultMetricWords), freeText: set(defaultFreeText)}
	sec := s.Rules["cachemetric"]
	keys := make([]string, 0, len(sec))
	for k := range sec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := sec[k]
		switch k {
		case "all-metrics", "tenant":
			b, ok := v.(bool)
			if !ok {
				return nil, fmt.Errorf("%srules.cachemetric.%s must be true or false, got %v", where(s), k, v)
			}
			if k == "all-metrics" {
				o.allMetrics = b
			} else {
				o.tenant = b
			}
		case "metric-words", "free-text":
			words, err := config.StringList(v)
			if err != nil {
				return nil, fmt.Errorf("%srules.cachemetric.%s: %v", where(s), k, err)
			}
			dst := o.metricWords
			if k == "free-text" {
				dst = o.freeText
			}
			for _, w := range words {
				dst[strings.ToLower(w)] = true
			}
		default:
			return nil, fmt.Errorf("%srules.cachemetric: unknown key %q (known: %s)", where(s), k, strings.Join(settingsKeys, ", "))
		}
	}
	if allMetricsFlag.set {
		o.allMetrics = allMetricsFlag.val
	}
	if tenantFlag.set {
		o.tenant = tenantFlag.val
	}
	for _, w := range config.SplitList(metricWordsFlag) {
		o.metricWords[strings.ToLower(w)] = true
	}
	for _, w := range config.SplitList(freeTextFlag) {
		o.freeText[strings.ToLower(w)] = true
	}
	return o, nil
}

func where(s *config.Settings) string {
	if s.File != "" {
		return s.File + ": "
	}
	return ""
}

func set(words []string) map[string]bool {
	m := map[string]bool{}
	for _, w := range words {
		m[w] = true
	}
	return m
}

type checker struct {
	pass *analysis.Pass
	res  *cacheops.Result
	opts *options
	r    *diag.Reporter
	idx  *metricIndex
}

func run(pass *analysis.Pass) (any, error) {
	if !seesMetrics(pass.Pkg) {
		// No Prometheus or OpenTelemetry metric type is within reach: no
		// metric call, no constructor, no fact. Most dependencies (the
		// standard library first) end here.
		return nil, nil
	}
	res := pass.ResultOf[cacheops.Analyzer].(*cacheops.Result)
	opts, err := readOptions(res.Settings())
	if err != nil {
		return nil, err
	}
	c := &checker{pass: pass, res: res, opts: opts}
	c.idx = c.buildIndex()
	c.idx.export()
	c.r = diag.New(pass, "cachemetric")
	for _, f := range pass.Files {
		if res.Generated(f) {
			continue // nothing is reported in generated code
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					c.checkCall(fd, call)
				}
				return true
			})
		}
	}
	return nil, nil
}

// checkCall reports the high-cardinality labels of one metric call.
func (c *checker) checkCall(decl *ast.FuncDecl, call *ast.CallExpr) {
	m := c.metricCall(decl, call)
	if m == nil || len(m.labels) == 0 {
		return
	}
	inst := c.instrumentOf(decl, m.recv)
	if m.positional && !inst.curried {
		for i := range m.labels {
			if i < len(inst.labels) {
				m.labels[i].name = inst.labels[i]
			}
		}
	}
	cacheMetric := c.opts.allMetrics || c.isCacheMetric(inst, m)
	for _, l := range m.labels {
		if l.value == nil || isConst(c.pass.TypesInfo, l.value) {
			continue
		}
		if op := c.cacheKey(decl, l.value); op != nil {
			c.report(l, inst, m, cacheMetric, fmt.Sprintf("the raw cache key of %s", op.Name()), "every distinct key", "label by a bounded dimension (cache name, result) and log the key instead")
			continue
		}
		if !cacheMetric {
			continue
		}
		cl := c.classify(decl, l.value, 0, false)
		if cl.kind == none && l.name != "" {
			cl = c.labelNameClass(l.name) // the label is named like an id: "user_id"
		}
		if cl.what == types.ExprString(l.value) {
			cl.what = ""
		}
		if cl.kind == tenant && !c.opts.tenant {
			continue
		}
		if cl.kind == none {
			continue
		}
		c.report(l, inst, m, true, cl.describe(), cl.every(), cl.fix())
	}
}

func (c *checker) report(l label, inst instrument, m *metricCall, cacheMetric bool, what, every, fix string) {
	metric := inst.describe(cacheMetric)
	lbl := "label"
	if l.name != "" {
		lbl = fmt.Sprintf("label %q", l.name)
	}
	msg := fmt.Sprintf("%s %s takes %s, %s: %s becomes its own time series, so the metrics backend's memory and cost grow without bound; %s",
		metric, lbl, types.ExprString(l.value), what, every, fix)
	c.r.Report(l.value, msg)
}

// cacheKey returns the cache operation in decl whose key x is: the same
// variable or expression, or a key that evaluates to the same template.
// Keys over a small domain (one hole named like an enum) are not reported.
func (c *checker) cacheKey(decl *ast.FuncDecl, x ast.Expr) *cacheops.Op {
	info := c.pass.TypesInfo
	var tmpl *cacheops.Template
	for _, op := range c.res.Ops {
		if op.Decl != decl || op.KeyExpr == nil || op.Kind == cacheops.InvalidateTag {
			continue
		}
		if op.Key.Literal() || !unboundedKey(c.res, op.Key) {
			continue
		}
		if sameExpr(info, x, op.KeyExpr) {
			return op
		}
		if tmpl == nil {
			t := c.res.KeyTemplate(decl, x)
			tmpl = &t
		}
		if !tmpl.Literal() && tmpl.String() == op.Key.String() {
			return op
		}
	}
	return nil
}

// unboundedKey reports whether a key template can take many values: it
// has literal text around a hole ("user:{id}"), or a hole named like an
// identifier, a key, an identity or personal data.
func unboundedKey(res *cacheops.Result, t cacheops.Template) bool {
	holes, lits := 0, 0
	for _, p := range t.Parts {
		if p.Hole {
			holes++
			if idLike(res, p.Name) {
				return true
			}
		} else if p.Lit != "" {
			lits++
		}
	}
	return holes > 0 && lits > 0
}

var idWords = map[string]bool{"key": true, "keys": true, "id": true, "ids": true, "uuid": true, "guid": true, "hash": true, "slug": true, "token": true, "url": true, "uri": true, "path": true, "query": true, "sku": true}

func idLike(res *cacheops.Result, name string) bool {
	w := splitWords(name)
	if len(w) == 0 {
		return false
	}
	if idWords[w[len(w)-1]] {
		return true
	}
	cls := res.Classifier()
	return cls.Name(name) != 0 || cls.PII(name)
}

// sameExpr reports whether x and y are the same variable, or the same
// non-constant expression text.
func sameExpr(info *types.Info, x, y ast.Expr) bool {
	x, y = ast.Unparen(x), ast.Unparen(y)
	if xi, ok := x.(*ast.Ident); ok {
		if yi, ok := y.(*ast.Ident); ok {
			xo, yo := info.ObjectOf(xi), info.ObjectOf(yi)
			return xo != nil && xo == yo
		}
		return false
	}
	return types.ExprString(x) == types.ExprString(y)
}

func isConst(info *types.Info, x ast.Expr) bool {
	tv, ok := info.Types[x]
	return ok && tv.Value != nil
}

// labelNameClass classifies a label by its name, for values the rule cannot
// see into: a label named "user_id" or "email" holds what it says. A label
// named "user" or "query" often holds a kind (admin, guest; search, browse),
// so only id-like and personal-data names count.
func (c *checker) labelNameClass(name string) class {
	w := splitWords(name)
	if len(w) < 1 {
		return class{}
	}
	cls := c.res.Classifier()
	if cls.PII(name) {
		return class{kind: pii}
	}
	if len(w) >= 2 && (w[len(w)-1] == "id" || w[len(w)-1] == "ids" || w[len(w)-1] == "uuid") {
		switch cls.Name(name) {
		case identity.User:
			return class{kind: user}
		case identity.Tenant:
			return class{kind: tenant}
		}
	}
	return class{}
}

// seesMetrics reports whether pkg is, or imports directly or not, the
// Prometheus client or the OpenTelemetry metric API (vendored or not): a
// package that does not can hold no instrument of either. The walk does
// not enter the standard library, which imports neither.
func seesMetrics(pkg *types.Package) bool {
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package) bool
	walk = func(p *types.Package) bool {
		if seen[p] {
			return false
		}
		seen[p] = true
		switch trimVendor(p.Path()) {
		case promPkg, otelMetric:
			return true
		}
		if cacheops.IsStd(p.Path()) {
			return false
		}
		for _, q := range p.Imports() {
			if walk(q) {
				return true
			}
		}
		return false
	}
	return walk(pkg)
}
