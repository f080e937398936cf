package cacheops

// Kind is what a cache operation does.
type Kind uint8

const (
	Get           Kind = iota + 1 // read an entry
	Set                           // write an entry (overwrite)
	Add                           // write an entry only if absent
	Delete                        // remove an entry
	Expire                        // change an entry's expiration
	GetOrCreate                   // read, or load with a loader and write
	InvalidateTag                 // remove every entry with a tag
	Coalesce                      // share one call among concurrent callers of a key
)

var kindNames = map[Kind]string{Get: "get", Set: "set", Add: "add", Delete: "delete", Expire: "expire", GetOrCreate: "get-or-create", InvalidateTag: "invalidate-tag", Coalesce: "coalesce"}

func (k Kind) String() string { return kindNames[k] }

// Writes reports whether the operation stores a value.
func (k Kind) Writes() bool { return k == Set || k == Add || k == GetOrCreate }

// Reads reports whether the operation reads by key.
func (k Kind) Reads() bool { return k == Get || k == GetOrCreate }

// Invalidates reports whether the operation removes or expires entries.
func (k Kind) Invalidates() bool { return k == Delete || k == Expire || k == InvalidateTag }

// ParseKind parses a kind name as written in directives and configuration.
func ParseKind(s string) (Kind, bool) {
	for k, n := range kindNames {
		if n == s {
			return k, true
		}
	}
	return 0, false
}

// Store says whether a cache outlives the process.
type Store uint8

const (
	StoreUnknown     Store = iota
	StoreInProcess         // an in-memory cache: one per instance, gone on restart
	StoreDistributed       // Redis, memcached: shared by instances, survives deploys
)

func (s Store) String() string {
	switch s {
	case StoreInProcess:
		return "in-process"
	case StoreDistributed:
		return "distributed"
	}
	return "unknown"
}

// TTLMeaning says what a zero or absent TTL means for an API.
type TTLMeaning uint8

const (
	TTLNA          TTLMeaning = iota // not known
	TTLZeroNever                     // a zero TTL stores the entry without expiration
	TTLZeroDefault                   // a zero TTL means the cache's default TTL
	TTLFromCtor                      // the API takes no TTL; the constructor sets one (or none)
	TTLNone                          // the API cannot set a TTL: entries live until evicted
)

// API is one known cache method or function: where it lives and which
// argument plays which role. Indices are 0-based, receiver excluded; -1 is
// "no such argument".
type API struct {
	Pkg  string // import path
	Recv string // receiver type name; "*" any receiver in Pkg; "" a package function
	Name string // method or function name
	Kind Kind

	Key, Value, TTL, Loader int
	// When the argument at Key (and Value, TTL, Loader) is a struct or a
	// pointer to one, the field that holds the role: gomemcache's Item.Key.
	KeyField, ValueField, TTLField, LoaderField string
	// TTLSeconds is set when the TTL is a count of seconds, not a duration.
	TTLSeconds bool
	TTLZero    TTLMeaning
	Store      Store
	// Variadic marks a key argument that is variadic (Del(ctx, keys...)).
	Variadic bool
}

// QualifiedName is how messages name the API: "redis.Set".
func (a *API) QualifiedName() string {
	base := a.Pkg
	for i := len(base) - 1; i >= 0; i-- {
		if base[i] == '/' {
			base = base[i+1:]
			break
		}
	}
	if len(base) > 1 && base[0] == 'v' && base[1] >= '0' && base[1] <= '9' {
		// .../v9 → the element before it
		p := a.Pkg[:len(a.Pkg)-len(base)-1]
		for i := len(p) - 1; i >= 0; i-- {
			if p[i] == '/' {
				p = p[i+1:]
				break
			}
		}
		base = p
	}
	if a.Recv != "" && a.Recv != "*" {
		return base + "." + a.Recv + "." + a.Name
	}
	return base + "." + a.Name
}

func api(pkg, recv, name string, kind Kind, key, value, ttl, loader int, store Store, zero TTLMeaning) *API {
	return &API{Pkg: pkg, Recv: recv, Name: name, Kind: kind, Key: key, Value: value, TTL: ttl, Loader: loader, Store: store, TTLZero: zero}
}

const (
	goRedis    = "github.com/redis/go-redis/v9"
	goRedisV8  = "github.com/go-redis/redis/v8"
	redisCache = "github.com/go-redis/cache/v9"
	memcache   = "github.com/bradfitz/gomemcache/memcache"
	goCache    = "github.com/patrickmn/go-cache"
	ristretto  = "github.com/dgraph-io/ristretto/v2"
	lru        = "github.com/hashicorp/golang-lru/v2"
	lruV1      = "github.com/hashicorp/golang-lru"
	expirable  = "github.com/hashicorp/golang-lru/v2/expirable"
	otter      = "github.com/maypok86/otter/v2"
	ttlcache   = "github.com/jellydator/ttlcache/v3"
	bigcache   = "github.com/allegro/bigcache/v3"
	freecache  = "github.com/coocood/freecache"
	gocache    = "github.com/eko/gocache/lib/v4/cache"
	sturdyc    = "github.com/viccon/sturdyc"
	sflight    = "golang.org/x/sync/singleflight"
	rueidis    = "github.com/redis/rueidis"
	refCache   = "github.com/cachevet/cachevet/cache"
)

// KnownAPIs is the table of cache libraries cachevet understands. Adding a
// library is adding rows.
var KnownAPIs = buildTable()

func buildTable() []*API {
	var t []*API
	// go-redis: the methods live on an unexported cmdable shared by Client,
	// ClusterClient, Ring, Tx, Pipeline and the Cmdable interfaces.
	for _, pkg := range []string{goRedis, goRedisV8} {
		d := StoreDistributed
		t = append(t,
			api(pkg, "*", "Get", Get, 1, -1, -1, -1, d, TTLNA),
			api(pkg, "*", "GetEx", Get, 1, -1, 2, -1, d, TTLNA),
			api(pkg, "*", "GetDel", Get, 1, -1, -1, -1, d, TTLNA),
			api(pkg, "*", "HGet", Get, 1, -1, -1, -1, d, TTLNA),
			api(pkg, "*", "HGetAll", Get, 1, -1, -1, -1, d, TTLNA),
			api(pkg, "*", "HMGet", Get, 1, -1, -1, -1, d, TTLNA),
			api(pkg, "*", "Set", Set, 1, 2, 3, -1, d, TTLZeroNever),
			api(pkg, "*", "SetEx", Set, 1, 2, 3, -1, d, TTLZeroNever),
			api(pkg, "*", "SetXX", Set, 1, 2, 3, -1, d, TTLZeroNever),
			api(pkg, "*", "SetNX", Add, 1, 2, 3, -1, d, TTLZeroNever),
			api(pkg, "*", "GetSet", Set, 1, 2, -1, -1, d, TTLNone),
			api(pkg, "*", "HSet", Set, 1, 2, -1, -1, d, TTLNone),
			api(pkg, "*", "HMSet", Set, 1, 2, -1, -1, d, TTLNone),
			api(pkg, "*", "HSetNX", Add, 1, 3, -1, -1, d, TTLNone),
			api(pkg, "*", "Expire", Expire, 1, -1, 2, -1, d, TTLNA),
			api(pkg, "*", "PExpire", Expire, 1, -1, 2, -1, d, TTLNA),
			api(pkg, "*", "ExpireAt", Expire, 1, -1, 2, -1, d, TTLNA),
			api(pkg, "*", "HDel", Delete, 1, -1, -1, -1, d, TTLNA),
		)
		sa := api(pkg, "*", "SetArgs", Set, 1, 2, 3, -1, d, TTLZeroNever)
		sa.TTLField = "TTL"
		t = append(t, sa)
		for _, n := range []string{"Del", "Unlink"} {
			a := api(pkg, "*", n, Delete, 1, -1, -1, -1, d, TTLNA)
			a.Variadic = true
			t = append(t, a)
		}
	}

	// go-redis/cache: Item{Ctx, Key, Value, TTL, Do}; a zero TTL is one hour.
	rcSet := api(redisCache, "Cache", "Set", Set, 0, 0, 0, -1, StoreDistributed, TTLZeroDefault)
	rcSet.KeyField, rcSet.ValueField, rcSet.TTLField = "Key", "Value", "TTL"
	rcOnce := api(redisCache, "Cache", "Once", GetOrCreate, 0, 0, 0, 0, StoreDistributed, TTLZeroDefault)
	rcOnce.KeyField, rcOnce.ValueField, rcOnce.TTLField, rcOnce.LoaderField = "Key", "Value", "TTL", "Do"
	t = append(t, rcSet, rcOnce,
		api(redisCache, "Cache", "Get", Get, 1, -1, -1, -1, StoreDistributed, TTLNA),
		api(redisCache, "Cache", "GetSkippingLocalCache", Get, 1, -1, -1, -1, StoreDistributed, TTLNA),
		api(redisCache, "Cache", "Delete", Delete, 1, -1, -1, -1, StoreDistributed, TTLNA),
	)

	// gomemcache: Item{Key, Value, Expiration (seconds)}.
	for _, n := range []string{"Set", "Add", "Replace", "CompareAndSwap"} {
		k := Set
		if n == "Add" {
			k = Add
		}
		a := api(memcache, "Client", n, k, 0, 0, 0, -1, StoreDistributed, TTLZeroNever)
		a.KeyField, a.ValueField, a.TTLField, a.TTLSeconds = "Key", "Value", "Expiration", true
		t = append(t, a)
	}
	touch := api(memcache, "Client", "Touch", Expire, 0, -1, 1, -1, StoreDistributed, TTLZeroNever)
	touch.TTLSeconds = true
	t = append(t, touch,
		api(memcache, "Client", "Get", Get, 0, -1, -1, -1, StoreDistributed, TTLNA),
		api(memcache, "Client", "Delete", Delete, 0, -1, -1, -1, StoreDistributed, TTLNA),
	)

	// patrickmn/go-cache: methods on the embedded *cache.
	ip := StoreInProcess
	t = append(t,
		api(goCache, "*", "Set", Set, 0, 1, 2, -1, ip, TTLZeroDefault),
		api(goCache, "*", "Add", Add, 0, 1, 2, -1, ip, TTLZeroDefault),
		api(goCache, "*", "Replace", Set, 0, 1, 2, -1, ip, TTLZeroDefault),
		api(goCache, "*", "SetDefault", Set, 0, 1, -1, -1, ip, TTLFromCtor),
		api(goCache, "*", "Get", Get, 0, -1, -1, -1, ip, TTLNA),
		api(goCache, "*", "GetWithExpiration", Get, 0, -1, -1, -1, ip, TTLNA),
		api(goCache, "*", "Delete", Delete, 0, -1, -1, -1, ip, TTLNA),

		api(ristretto, "Cache", "Set", Set, 0, 1, -1, -1, ip, TTLNone),
		api(ristretto, "Cache", "SetWithTTL", Set, 0, 1, 3, -1, ip, TTLZeroNever),
		api(ristretto, "Cache", "Get", Get, 0, -1, -1, -1, ip, TTLNA),
		api(ristretto, "Cache", "Del", Delete, 0, -1, -1, -1, ip, TTLNA),
	)
	// golang-lru: v1 (interface{} keys and values) and v2 (generic) have
	// the same plain LRU.
	for _, pkg := range []string{lru, lruV1} {
		t = append(t,
			api(pkg, "Cache", "Add", Set, 0, 1, -1, -1, ip, TTLNone),
			api(pkg, "Cache", "ContainsOrAdd", Add, 0, 1, -1, -1, ip, TTLNone),
			api(pkg, "Cache", "PeekOrAdd", Add, 0, 1, -1, -1, ip, TTLNone),
			api(pkg, "Cache", "Get", Get, 0, -1, -1, -1, ip, TTLNA),
			api(pkg, "Cache", "Peek", Get, 0, -1, -1, -1, ip, TTLNA),
			api(pkg, "Cache", "Remove", Delete, 0, -1, -1, -1, ip, TTLNA),
		)
	}
	t = append(t,
		api(expirable, "LRU", "Add", Set, 0, 1, -1, -1, ip, TTLFromCtor),
		api(expirable, "LRU", "Get", Get, 0, -1, -1, -1, ip, TTLNA),
		api(expirable, "LRU", "Peek", Get, 0, -1, -1, -1, ip, TTLNA),
		api(expirable, "LRU", "Remove", Delete, 0, -1, -1, -1, ip, TTLNA),

		api(otter, "Cache", "GetIfPresent", Get, 0, -1, -1, -1, ip, TTLNA),
		api(otter, "Cache", "Get", GetOrCreate, 1, -1, -1, 2, ip, TTLFromCtor),
		api(otter, "Cache", "Set", Set, 0, 1, -1, -1, ip, TTLFromCtor),
		api(otter, "Cache", "SetIfAbsent", Add, 0, 1, -1, -1, ip, TTLFromCtor),
		api(otter, "Cache", "Invalidate", Delete, 0, -1, -1, -1, ip, TTLNA),
		api(otter, "Cache", "SetExpiresAfter", Expire, 0, -1, 1, -1, ip, TTLNA),

		api(ttlcache, "Cache", "Set", Set, 0, 1, 2, -1, ip, TTLZeroDefault),
		api(ttlcache, "Cache", "GetOrSet", Add, 0, 1, -1, -1, ip, TTLZeroDefault),
		api(ttlcache, "Cache", "Get", Get, 0, -1, -1, -1, ip, TTLNA),
		api(ttlcache, "Cache", "GetAndDelete", Get, 0, -1, -1, -1, ip, TTLNA),
		api(ttlcache, "Cache", "Delete", Delete, 0, -1, -1, -1, ip, TTLNA),
		api(ttlcache, "Cache", "Touch", Expire, 0, -1, -1, -1, ip, TTLNA),

		api(bigcache, "BigCache", "Set", Set, 0, 1, -1, -1, ip, TTLFromCtor),
		api(bigcache, "BigCache", "Get", Get, 0, -1, -1, -1, ip, TTLNA),
		api(bigcache, "BigCache", "Delete", Delete, 0, -1, -1, -1, ip, TTLNA),

		api(sturdyc, "Client", "GetOrFetch", GetOrCreate, 1, -1, -1, 2, ip, TTLFromCtor),
		api(sturdyc, "", "GetOrFetch", GetOrCreate, 2, -1, -1, 3, ip, TTLFromCtor),
		api(sturdyc, "Client", "Get", Get, 0, -1, -1, -1, ip, TTLNA),
		api(sturdyc, "Client", "Set", Set, 0, 1, -1, -1, ip, TTLFromCtor),
		api(sturdyc, "Client", "Delete", Delete, 0, -1, -1, -1, ip, TTLNA),

		api(gocache, "*", "Get", Get, 1, -1, -1, -1, StoreUnknown, TTLNA),
		api(gocache, "*", "Set", Set, 1, 2, 3, -1, StoreUnknown, TTLFromCtor),
		api(gocache, "*", "Delete", Delete, 1, -1, -1, -1, StoreUnknown, TTLNA),
		api(gocache, "*", "Invalidate", InvalidateTag, -1, -1, -1, -1, StoreUnknown, TTLNA),

		api(sflight, "Group", "Do", Coalesce, 0, -1, -1, 1, StoreUnknown, TTLNA),
		api(sflight, "Group", "DoChan", Coalesce, 0, -1, -1, 1, StoreUnknown, TTLNA),
	)
	// cachevet's own reference cache: expiration is required by its
	// constructor, keys are built by cache.NewKey with an explicit scope and
	// a version.
	inv := api(refCache, "Cache", "Invalidate", Delete, 1, -1, -1, -1, StoreUnknown, TTLNA)
	inv.Variadic = true
	t = append(t, inv,
		api(refCache, "Cache", "GetOrCreate", GetOrCreate, 1, -1, -1, 2, StoreUnknown, TTLFromCtor),
		api(refCache, "Cache", "Get", Get, 1, -1, -1, -1, StoreUnknown, TTLNA),
		api(refCache, "Cache", "Set", Set, 1, 2, -1, -1, StoreUnknown, TTLFromCtor),
		api(refCache, "Cache", "InvalidateTags", InvalidateTag, -1, -1, -1, -1, StoreUnknown, TTLNA),
	)
	for _, n := range []string{"Set", "GetOrSet"} {
		k := Set
		if n == "GetOrSet" {
			k = Add
		}
		a := api(freecache, "Cache", n, k, 0, 1, 2, -1, ip, TTLZeroNever)
		a.TTLSeconds = true
		t = append(t, a)
	}
	// Clearing a whole cache invalidates every entry: a keyless
	// invalidation, like a tag that every entry carries.
	for _, c := range []struct{ pkg, recv, name string }{
		{goCache, "*", "Flush"},
		{lru, "Cache", "Purge"}, {lruV1, "Cache", "Purge"}, {expirable, "LRU", "Purge"},
		{ristretto, "Cache", "Clear"},
		{otter, "Cache", "InvalidateAll"},
		{ttlcache, "Cache", "DeleteAll"},
		{bigcache, "BigCache", "Reset"},
		{freecache, "Cache", "Clear"},
		{sturdyc, "Client", "Flush"},
	} {
		t = append(t, api(c.pkg, c.recv, c.name, InvalidateTag, -1, -1, -1, -1, ip, TTLNA))
	}
	ft := api(freecache, "Cache", "Touch", Expire, 0, -1, 1, -1, ip, TTLZeroNever)
	ft.TTLSeconds = true
	t = append(t, ft,
		api(freecache, "Cache", "Get", Get, 0, -1, -1, -1, ip, TTLNA),
		api(freecache, "Cache", "Del", Delete, 0, -1, -1, -1, ip, TTLNA),
	)
	return t
}

// lookupAPI finds the table row for a function or method.
func lookupAPI(pkg, recv, name string) *API {
	for _, a := range apisByName[name] {
		if a.Pkg != pkg {
			continue
		}
		if a.Recv == recv || (a.Recv == "*" && recv != "") {
			return a
		}
	}
	return nil
}

// apisByName indexes KnownAPIs by function or method name: every call of
// the analysed code is looked up.
var apisByName = func() map[string][]*API {
	m := map[string][]*API{}
	for _, a := range KnownAPIs {
		m[a.Name] = append(m[a.Name], a)
	}
	return m
}()
