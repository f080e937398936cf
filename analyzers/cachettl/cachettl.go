package cachettl

import (
	"flag"
	"fmt"
	"go/ast"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/internal/diag"
)

// Analyzer is the cachettl rule.
var Analyzer = &analysis.Analyzer{
	Name:     "cachettl",
	Doc:      Doc,
	URL:      "https://github.com/cachevet/cachevet/blob/main/rules.md#cachettl",
	Requires: []*analysis.Analyzer{cacheops.Analyzer, cacheops.CtorAnalyzer},
	Run:      run,
	Flags:    flags(),
}

var lruFlag string

func flags() flag.FlagSet {
	var fs flag.FlagSet
	fs.StringVar(&lruFlag, "lru", "", "report writes to plain LRU caches (golang-lru) that have no TTL: on (default) or off")
	return fs
}

// Library import paths, as in the model's table.
const (
	goRedis    = "github.com/redis/go-redis/v9"
	goRedisV8  = "github.com/go-redis/redis/v8"
	redisCache = "github.com/go-redis/cache/v9"
	memcache   = "github.com/bradfitz/gomemcache/memcache"
	goCache    = "github.com/patrickmn/go-cache"
	ristretto  = "github.com/dgraph-io/ristretto/v2"
	lru        = "github.com/hashicorp/golang-lru/v2"
	lruV1      = "github.com/hashicorp/golang-lru"
	ttlcache   = "github.com/jellydator/ttlcache/v3"
	freecache  = "github.com/coocood/freecache"
)

func lib(op *cacheops.Op) string {
	if strings.HasPrefix(op.Lib, "github.com/redis/rueidis") {
		return "rueidis"
	}
	if op.Lib == lruV1 {
		return lru // the same plain LRU, before generics
	}
	return op.Lib
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[cacheops.Analyzer].(*cacheops.Result)
	ctors := pass.ResultOf[cacheops.CtorAnalyzer].(*cacheops.Ctors)
	reportLRU, err := lruSetting(res.Settings())
	if err != nil {
		return nil, err
	}
	r := diag.New(pass, "cachettl").SkipTests() // a test's cache lives as long as the test
	c := &checker{pass: pass, res: res, ctors: ctors, r: r, lru: reportLRU}
	c.indexExpires()
	for _, ct := range ctors.All {
		c.ctor(ct)
	}
	for _, op := range res.Ops {
		if op.Kind.Writes() {
			c.write(op)
		}
	}
	return nil, nil
}

// lruSetting reads -cachettl.lru, or [rules.cachettl] lru = "on"|"off".
func init() {
	config.RegisterCheck("cachettl", func(s *config.Settings) error {
		_, err := lruSetting(s)
		return err
	})
}

func lruSetting(s *config.Settings) (bool, error) {
	v := lruFlag
	if v == "" {
		if s != nil && s.Rules != nil {
			if raw, ok := s.Rules["cachettl"]["lru"]; ok {
				switch x := raw.(type) {
				case string:
					v = x
				case bool:
					v = "off"
					if x {
						v = "on"
					}
				default:
					return false, fmt.Errorf("rules.cachettl.lru: want \"on\" or \"off\", got %v", raw)
				}
			}
			for k := range s.Rules["cachettl"] {
				if k != "lru" {
					return false, fmt.Errorf("rules.cachettl: unknown key %q (known: lru)", k)
				}
			}
		}
	}
	switch v {
	case "", "on":
		return true, nil
	case "off":
		return false, nil
	}
	return false, fmt.Errorf("-cachettl.lru=%q: want on or off", v)
}

type checker struct {
	pass  *analysis.Pass
	res   *cacheops.Result
	ctors *cacheops.Ctors
	r     *diag.Reporter
	lru   bool

	// expires lists the Expire operations with a TTL that is not a
	// constant zero, by key.
	expires      map[string][]*cacheops.Op
	hasOtterExpr bool
}

func (c *checker) indexExpires() {
	c.expires = map[string][]*cacheops.Op{}
	for _, op := range c.res.Ops {
		if op.Kind != cacheops.Expire {
			continue
		}
		if strings.HasPrefix(op.API, "otter.") {
			c.hasOtterExpr = true
		}
		if op.TTLConst != nil && *op.TTLConst == 0 {
			continue
		}
		k := op.Key.String()
		c.expires[k] = append(c.expires[k], op)
	}
}

// expiredLater reports whether an Expire on op's key follows op: later in
// the same function, or anywhere in another function of the package (a
// separate step that sets the TTL of the same key).
func (c *checker) expiredLater(op *cacheops.Op) bool {
	if len(op.Key.Parts) == 0 {
		return false
	}
	for _, e := range c.expires[op.Key.String()] {
		if e.Decl != op.Decl || e.Call.Pos() > op.Call.Pos() {
			return true
		}
	}
	return false
}

// ctor reports constructors that give every entry an infinite lifetime.
func (c *checker) ctor(ct *cacheops.Ctor) {
	if ct.Call == nil {
		return
	}
	switch ct.Lib {
	case "expirable":
		if ct.Expiry == cacheops.SettingOff {
			c.r.Report(ct.Call, fmt.Sprintf("expirable.NewLRU is built with TTL %s, which turns expiration off: a hot entry is never evicted and never refreshed, so it is served stale until the process restarts; pass a positive TTL", ct.ExpiryText))
		}
	case "otter":
		if ct.Sliding != "" {
			c.r.Report(ct.Call, fmt.Sprintf("otter cache expires entries only after they go unread (%s): an entry read more often than that never expires and is served stale forever; use otter.ExpiryWriting, or an ExpiryCalculator that also caps the lifetime after the write", ct.Sliding))
			return
		}
		if ct.Expiry == cacheops.SettingOff && !c.hasOtterExpr {
			c.r.Report(ct.Call, fmt.Sprintf("otter cache is built with %s, so its entries never expire: a missed invalidation serves stale data until the process restarts; set ExpiryCalculator, e.g. otter.ExpiryWriting[K, V](ttl)", ct.ExpiryText))
		}
	case "sturdyc":
		if ct.Expiry == cacheops.SettingOff {
			c.r.Report(ct.Call, fmt.Sprintf("sturdyc.New is given TTL %s, so its entries never expire: a missed invalidation serves stale data until the process restarts; pass a positive TTL", ct.ExpiryText))
		}
	}
}

// write checks one write.
func (c *checker) write(op *cacheops.Op) {
	if op.Wrapped {
		// Only a TTL the caller passes is the caller's to fix; a wrapper's
		// own constant TTL is reported inside the wrapper.
		if op.Fact == nil || op.Fact.TTLParam == 0 || op.TTL == nil {
			return
		}
	}
	l := lib(op)
	switch op.TTLZero {
	case cacheops.TTLZeroNever:
		c.zeroNever(op, l)
	case cacheops.TTLZeroDefault:
		c.zeroDefault(op, l)
	case cacheops.TTLFromCtor:
		if l == goCache && !op.Wrapped {
			c.fromCtor(op, "SetDefault")
		}
	case cacheops.TTLNone:
		c.none(op, l)
	}
}

func (c *checker) report(op *cacheops.Op, node ast.Node, how, fix string) {
	if c.expiredLater(op) {
		return
	}
	c.r.Report(node, fmt.Sprintf("%s stores %s %s, so the entry never expires: a missed invalidation serves stale data %s; %s", op.Name(), keyText(op), how, until(op), fix))
}

func keyText(op *cacheops.Op) string {
	if len(op.Key.Parts) == 0 || op.Key.String() == "" {
		return "its entry"
	}
	return fmt.Sprintf("%q", op.Key.String())
}

func until(op *cacheops.Op) string {
	if op.Store == cacheops.StoreDistributed {
		return "until someone deletes the key"
	}
	return "until the process restarts"
}

func ttlNode(op *cacheops.Op) ast.Node {
	if op.TTL != nil {
		return op.TTL
	}
	return op.Call
}

func (c *checker) zeroNever(op *cacheops.Op, l string) {
	if op.TTLMissing {
		if op.Wrapped {
			return
		}
		switch l {
		case goRedis, goRedisV8:
			// SetArgs{...} without TTL: ExpireAt or KeepTTL also bound it.
			if x := argAt(op.Call, 3); x != nil {
				for _, f := range []string{"ExpireAt", "KeepTTL"} {
					if v, _ := c.ctors.Field(op.Decl, x, f); v != nil {
						return
					}
				}
				c.report(op, x, "with SetArgs that set neither TTL nor ExpireAt", "set SetArgs.TTL (or ExpireAt)")
			}
			return
		case memcache:
			c.report(op, op.Call, "in an Item without Expiration (0 means never expire)", "set Item.Expiration (seconds, or a Unix time)")
			return
		case "rueidis":
			c.report(op, op.Call, "with a SET built without Ex/Px/Exat/Pxat", "add .Ex(ttl) (or .Keepttl() to keep the current one)")
			return
		}
		return
	}
	if op.TTLConst == nil {
		return // computed at run time: configuration
	}
	v := *op.TTLConst
	switch l {
	case freecache:
		if v <= 0 {
			c.report(op, ttlNode(op), fmt.Sprintf("with expireSeconds %s (<= 0 means never expire)", op.TTLText), "pass a positive expireSeconds")
		}
	case memcache:
		if v == 0 {
			c.report(op, ttlNode(op), fmt.Sprintf("with Expiration %s (0 means never expire)", op.TTLText), "set Item.Expiration (seconds, or a Unix time)")
		}
	case ristretto:
		if v == 0 {
			c.report(op, ttlNode(op), fmt.Sprintf("with TTL %s (0 means never expire)", op.TTLText), "pass a positive TTL")
		}
	default:
		if v == 0 {
			c.report(op, ttlNode(op), fmt.Sprintf("with expiration %s (0 means no expiration)", op.TTLText), "pass a TTL (a constant or a configured duration)")
		}
	}
}

func (c *checker) zeroDefault(op *cacheops.Op, l string) {
	if op.TTLConst == nil {
		return
	}
	v := *op.TTLConst
	switch l {
	case goCache:
		if v < 0 {
			c.report(op, ttlNode(op), fmt.Sprintf("with %s", op.TTLText), "pass a TTL (or cache.DefaultExpiration on a cache built with a default expiration)")
		} else if v == 0 && !op.Wrapped {
			c.fromCtor(op, op.TTLText)
		}
	case ttlcache:
		if v == -1 {
			c.report(op, ttlNode(op), fmt.Sprintf("with %s", op.TTLText), "pass a TTL (or ttlcache.DefaultTTL on a cache built with WithTTL)")
		} else if v == 0 && !op.Wrapped {
			c.fromCtor(op, op.TTLText)
		}
	case redisCache:
		if v < 0 {
			c.report(op, ttlNode(op), fmt.Sprintf("with TTL %s (a negative TTL stores the Redis key without expiration)", op.TTLText), "pass a positive TTL")
		}
	}
}

// fromCtor reports a write that uses the cache's default expiration when
// every constructor the cache can come from has none.
func (c *checker) fromCtor(op *cacheops.Op, how string) {
	cs, complete := c.ctors.Receiver(op.Decl, op.Call)
	if !complete || len(cs) == 0 {
		return
	}
	for _, ct := range cs {
		if ct.Expiry != cacheops.SettingOff {
			return
		}
	}
	ct := cs[0]
	what := fmt.Sprintf("with the default expiration (%s) of a cache built in %s by %s with %s", how, ct.At, ct.Func, ct.ExpiryText)
	if how == "SetDefault" {
		what = fmt.Sprintf("with the default expiration of a cache built in %s by %s with %s", ct.At, ct.Func, ct.ExpiryText)
	}
	fix := "build the cache with a default expiration, or pass a TTL here"
	if ct.Lib == "ttlcache" {
		fix = "build the cache with ttlcache.WithTTL, or pass a TTL here"
	}
	c.report(op, ttlNode(op), what, fix)
}

func (c *checker) none(op *cacheops.Op, l string) {
	if op.Wrapped {
		return
	}
	switch l {
	case lru:
		if c.lru {
			c.r.Report(op.Call, fmt.Sprintf("%s stores %s in a plain LRU, which has no TTL: an LRU evicts cold entries, but a hot entry is never evicted and never refreshed, so it is served stale for as long as it stays hot; use expirable.NewLRU with a TTL, or suppress with a reason (e.g. the data is immutable)", op.Name(), keyText(op)))
		}
	case ristretto:
		c.report(op, op.Call, "with Set, which takes no TTL", "use SetWithTTL with a positive TTL")
	case goRedis, goRedisV8, "rueidis":
		switch {
		case strings.HasSuffix(strings.ToLower(op.API), "getset"):
			c.report(op, op.Call, "with GETSET, which clears the key's TTL", "use SetArgs{Get: true, TTL: ttl}, or call Expire on the key after it")
		case strings.HasSuffix(strings.ToLower(op.API), "setnx"):
			c.report(op, op.Call, "with SETNX, which takes no TTL", "use SetNX with an expiration, or call Expire on the key after it")
		default:
			c.report(op, op.Call, "in a hash that no Expire follows", "call Expire on the key after the write (in the same pipeline)")
		}
	}
}

func argAt(call *ast.CallExpr, i int) ast.Expr {
	if i < len(call.Args) {
		return call.Args[i]
	}
	return nil
}
