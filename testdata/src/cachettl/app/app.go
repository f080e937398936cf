package app

import (
	"context"
	"time"

	"github.com/bradfitz/gomemcache/memcache"
	"github.com/coocood/freecache"
	"github.com/dgraph-io/ristretto/v2"
	rcache "github.com/go-redis/cache/v9"
	lruv1 "github.com/hashicorp/golang-lru"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/jellydator/ttlcache/v3"
	"github.com/maypok86/otter/v2"
	gocache "github.com/patrickmn/go-cache"
	"github.com/redis/go-redis/v9"
	"github.com/viccon/sturdyc"

	"cachettl/store"
)

type Config struct {
	CacheTTL time.Duration
	Seconds  int
}

type Profile struct{ Name string }

type Service struct {
	rdb   *redis.Client
	cfg   Config
	st    *store.Store
	local *gocache.Cache
	warm  *gocache.Cache
	mc    *memcache.Client
}

// ---- go-redis ----

func (s *Service) Redis(ctx context.Context, id string, p Profile) {
	s.rdb.Set(ctx, "profile:"+id, p, 0)                               // want `go-redis.Set stores "profile:\{id\}" with expiration 0 \(0 means no expiration\), so the entry never expires: a missed invalidation serves stale data until someone deletes the key; pass a TTL`
	s.rdb.SetNX(ctx, "lock:"+id, 1, 0)                                // want `go-redis.SetNX stores "lock:\{id\}" with expiration 0`
	s.rdb.Set(ctx, "profile:"+id, p, time.Hour)                       // ok: a TTL
	s.rdb.Set(ctx, "profile:"+id, p, s.cfg.CacheTTL)                  // ok: configuration
	s.rdb.Set(ctx, "profile:"+id, p, redis.KeepTTL)                   // ok: keeps the TTL set before
	s.rdb.SetArgs(ctx, "a:"+id, p, redis.SetArgs{})                   // want `go-redis.SetArgs stores "a:\{id\}" with SetArgs that set neither TTL nor ExpireAt`
	s.rdb.SetArgs(ctx, "a:"+id, p, redis.SetArgs{Mode: "NX", TTL: 0}) // want `go-redis.SetArgs stores "a:\{id\}" with expiration 0`
	s.rdb.SetArgs(ctx, "a:"+id, p, redis.SetArgs{TTL: time.Minute})
	s.rdb.SetArgs(ctx, "a:"+id, p, redis.SetArgs{ExpireAt: time.Now().Add(time.Hour)})
	s.rdb.SetArgs(ctx, "a:"+id, p, redis.SetArgs{KeepTTL: true})
	s.rdb.GetSet(ctx, "gs:"+id, p) // want `go-redis.GetSet stores "gs:\{id\}" with GETSET, which clears the key's TTL`
}

// The lock idiom: SETNX, then EXPIRE on the same key.
func (s *Service) Lock(ctx context.Context, id string) {
	s.rdb.SetNX(ctx, "job:"+id, 1, 0)
	s.rdb.Expire(ctx, "job:"+id, time.Minute)
}

// An Expire before the write does not bound it.
func (s *Service) ExpireFirst(ctx context.Context, id string) {
	s.rdb.Expire(ctx, "first:"+id, time.Minute)
	s.rdb.Set(ctx, "first:"+id, 1, 0) // want `go-redis.Set stores "first:\{id\}" with expiration 0`
}

func (s *Service) Hashes(ctx context.Context, id string) {
	s.rdb.HSet(ctx, "user:"+id, "name", "x") // want `go-redis.HSet stores "user:\{id\}" in a hash that no Expire follows`
	s.rdb.HSet(ctx, "sess:"+id, "name", "x")
	s.rdb.Expire(ctx, "sess:"+id, time.Hour)
}

// Another function sets the TTL of the same hash: silent.
func (s *Service) HashTouch(ctx context.Context, id string) {
	s.rdb.HSet(ctx, "cart:"+id, "n", 1)
}

func (s *Service) HashCreate(ctx context.Context, id string) {
	s.rdb.HSet(ctx, "cart:"+id, "n", 0)
	s.rdb.Expire(ctx, "cart:"+id, 24*time.Hour)
}

func (s *Service) Pipelines(ctx context.Context, id string) {
	pipe := s.rdb.Pipeline()
	pipe.Set(ctx, "p:"+id, 1, 0) // want `go-redis.Set stores "p:\{id\}" with expiration 0`
	_, _ = s.rdb.TxPipelined(ctx, func(tx redis.Pipeliner) error {
		tx.Set(ctx, "t:"+id, 1, 0) // want `go-redis.Set stores "t:\{id\}" with expiration 0`
		tx.Set(ctx, "u:"+id, 1, time.Minute)
		tx.HSet(ctx, "h:"+id, "f", 1)
		tx.Expire(ctx, "h:"+id, time.Minute)
		return nil
	})
}

// ---- wrappers (facts from cachettl/store) ----

func (s *Service) Wrappers(ctx context.Context, id string) {
	s.st.Put(ctx, "w:"+id, 1, 0)              // want `store.Store.Put \(go-redis.Set\) stores "w:\{id\}" with expiration 0`
	s.st.Put(ctx, "w:"+id, 1, time.Minute)    // ok
	s.st.Put(ctx, "w:"+id, 1, s.cfg.CacheTTL) // ok: configuration
	s.st.PutForever(ctx, "w:"+id, 1)          // reported inside the wrapper
	s.st.PutDefault(ctx, "w:"+id, 1)          // ok
}

// ---- go-cache ----

func NewService(rdb *redis.Client) *Service {
	return &Service{
		rdb:   rdb,
		local: gocache.New(gocache.NoExpiration, 0),
		warm:  gocache.New(5*time.Minute, time.Minute),
	}
}

func (s *Service) GoCache(id string, p Profile) {
	s.local.Set(id, p, gocache.NoExpiration)      // want `go-cache.Set stores "\{id\}" with gocache.NoExpiration, so the entry never expires`
	s.local.Set(id, p, gocache.DefaultExpiration) // want `go-cache.Set stores "\{id\}" with the default expiration \(gocache.DefaultExpiration\) of a cache built in (\w+ in )?app\.go by go-cache.New with gocache.NoExpiration`
	s.local.SetDefault(id, p)                     // want `go-cache.SetDefault stores "\{id\}" with the default expiration of a cache built in (\w+ in )?app\.go by go-cache.New with gocache.NoExpiration`
	s.local.Set(id, p, time.Minute)               // ok: explicit TTL
	s.warm.SetDefault(id, p)                      // ok: the constructor has a default
	s.warm.Set(id, p, gocache.DefaultExpiration)  // ok
}

func GoCacheLocal(id string, p Profile, cfg Config) {
	c := gocache.New(gocache.NoExpiration, 0)
	c.SetDefault(id, p) // want `go-cache.SetDefault stores "\{id\}" with the default expiration of a cache built in (\w+ in )?app\.go`
	d := gocache.New(cfg.CacheTTL, 0)
	d.SetDefault(id, p) // ok: configured default
}

// Facts: a package variable and a factory of another package.
func GoCacheFacts(id string, p Profile) {
	store.Forever.SetDefault(id, p) // want `go-cache.SetDefault stores "\{id\}" with the default expiration of a cache built in (\w+ in )?store\.go by go-cache.New with gocache.NoExpiration`
	store.Expiring.SetDefault(id, p)
	l := store.NewLocal()
	l.SetDefault(id, p) // want `go-cache.SetDefault stores "\{id\}" with the default expiration of a cache built in (\w+ in )?store\.go`
	m := store.NewLocalTTL(time.Minute)
	m.SetDefault(id, p) // ok: not traced through a parameter of another package
}

// A cache that reaches the method as a parameter of an exported function:
// its constructor is not known.
func UseParam(c *gocache.Cache, id string, p Profile) {
	c.SetDefault(id, p)
}

// An unexported function's parameter is traced to its callers.
func useParam(c *gocache.Cache, id string, p Profile) {
	c.SetDefault(id, p) // want `go-cache.SetDefault stores "\{id\}" with the default expiration of a cache built in (\w+ in )?app\.go`
}

func callUseParam(p Profile) {
	useParam(gocache.New(gocache.NoExpiration, 0), "x", p)
}

// ---- in-process libraries ----

func InProcess(id string, p Profile, cfg Config) {
	rc, _ := ristretto.NewCache(&ristretto.Config[string, Profile]{NumCounters: 1e5, MaxCost: 1 << 20, BufferItems: 64})
	rc.Set(id, p, 1)                      // want `ristretto.Cache.Set stores "\{id\}" with Set, which takes no TTL`
	rc.SetWithTTL(id, p, 1, 0)            // want `ristretto.Cache.SetWithTTL stores "\{id\}" with TTL 0 \(0 means never expire\)`
	rc.SetWithTTL(id, p, 1, time.Minute)  // ok
	rc.SetWithTTL(id, p, 1, cfg.CacheTTL) // ok

	l, _ := lru.New[string, Profile](128)
	l.Add(id, p) // want `golang-lru.Cache.Add stores "\{id\}" in a plain LRU, which has no TTL`
	l.Add(id, p) //cachevet:ignore cachettl country names never change

	l1, _ := lruv1.New(128) // v1: the same plain LRU, interface{} keys and values
	l1.Add(id, p)           // want `golang-lru.Cache.Add stores "\{id\}" in a plain LRU, which has no TTL`
	l1.Get(id)
	l1.Remove(id)

	e := expirable.NewLRU[string, Profile](128, nil, 0) // want `expirable.NewLRU is built with TTL 0, which turns expiration off`
	e.Add(id, p)
	f := expirable.NewLRU[string, Profile](128, nil, time.Minute)
	f.Add(id, p)

	tc := ttlcache.New[string, Profile]()
	tc.Set(id, p, ttlcache.NoTTL)      // want `ttlcache.Cache.Set stores "\{id\}" with ttlcache.NoTTL`
	tc.Set(id, p, ttlcache.DefaultTTL) // want `ttlcache.Cache.Set stores "\{id\}" with the default expiration \(ttlcache.DefaultTTL\) of a cache built in (\w+ in )?app\.go by ttlcache.New with no WithTTL option`
	tc.Set(id, p, time.Minute)
	tt := ttlcache.New[string, Profile](ttlcache.WithTTL[string, Profile](time.Minute))
	tt.Set(id, p, ttlcache.DefaultTTL) // ok: WithTTL

	fc := freecache.NewCache(1 << 20)
	fc.Set([]byte(id), []byte("x"), 0)           // want `freecache.Cache.Set stores "\{id\}" with expireSeconds 0`
	fc.Set([]byte(id), []byte("x"), 60)          // ok
	fc.Set([]byte(id), []byte("x"), cfg.Seconds) // ok

	o := otter.Must(&otter.Options[string, Profile]{MaximumSize: 1000}) // want `otter cache is built with no ExpiryCalculator, so its entries never expire`
	o.Set(id, p)
	ow := otter.Must(&otter.Options[string, Profile]{MaximumSize: 1000, ExpiryCalculator: otter.ExpiryWriting[string, Profile](time.Minute)})
	ow.Set(id, p)
	oa := otter.Must(&otter.Options[string, Profile]{MaximumSize: 1000, ExpiryCalculator: otter.ExpiryAccessing[string, Profile](time.Minute)}) // want `otter cache expires entries only after they go unread`
	oa.Set(id, p)

	sc := sturdyc.New[Profile](1000, 10, 0, 10) // want `sturdyc.New is given TTL 0, so its entries never expire`
	sc.Set(id, p)
	sd := sturdyc.New[Profile](1000, 10, time.Hour, 10)
	sd.Set(id, p)
}

// ---- distributed, structured items ----

func (s *Service) Items(ctx context.Context, id string, b []byte, cfg Config) {
	s.mc.Set(&memcache.Item{Key: "m:" + id, Value: b})                                 // want `memcache.Client.Set stores "m:\{id\}" in an Item without Expiration`
	s.mc.Set(&memcache.Item{Key: "m:" + id, Value: b, Expiration: 0})                  // want `memcache.Client.Set stores "m:\{id\}" with Expiration 0`
	s.mc.Set(&memcache.Item{Key: "m:" + id, Value: b, Expiration: 300})                // ok
	s.mc.Set(&memcache.Item{Key: "m:" + id, Value: b, Expiration: int32(cfg.Seconds)}) // ok

	rc := rcache.New(&rcache.Options{})
	rc.Set(&rcache.Item{Ctx: ctx, Key: "r:" + id, Value: b, TTL: -1}) // want `cache.Cache.Set stores "r:\{id\}" with TTL -1 \(a negative TTL stores the Redis key without expiration\)`
	rc.Set(&rcache.Item{Ctx: ctx, Key: "r:" + id, Value: b})          // ok: go-redis/cache uses one hour
}
