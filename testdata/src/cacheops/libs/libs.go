// Package libs calls one operation of each known library: the chain each // want package:"reaches a cache"
// function's fact names proves the model recognises it.
package libs

import (
	"context"
	"time"

	bigcache "github.com/allegro/bigcache/v3"
	"github.com/bradfitz/gomemcache/memcache"
	ref "github.com/cachevet/cachevet/cache"
	"github.com/coocood/freecache"
	ristretto "github.com/dgraph-io/ristretto/v2"
	ekocache "github.com/eko/gocache/lib/v4/cache"
	"github.com/eko/gocache/lib/v4/store"
	rediscache "github.com/go-redis/cache/v9"
	lruv1 "github.com/hashicorp/golang-lru"
	lru "github.com/hashicorp/golang-lru/v2"
	"github.com/hashicorp/golang-lru/v2/expirable"
	ttlcache "github.com/jellydator/ttlcache/v3"
	otter "github.com/maypok86/otter/v2"
	gocache "github.com/patrickmn/go-cache"
	"github.com/redis/go-redis/v9"
	"github.com/redis/rueidis"
	"github.com/viccon/sturdyc"
	"golang.org/x/sync/singleflight"
)

var ctx = context.Background()

func goRedis(c redis.UniversalClient) { c.SetNX(ctx, "k", 1, time.Minute) } // want goRedis:`via libs.goRedis -> go-redis.SetNX`

func goRedisPipe(p redis.Pipeliner) { p.Del(ctx, "a", "b") } // want goRedisPipe:`via libs.goRedisPipe -> go-redis.Del`

func rueidisSet(c rueidis.Client) { // want rueidisSet:`via libs.rueidisSet -> rueidis.Set`
	c.Do(ctx, c.B().Set().Key("k").Value("v").Ex(time.Minute).Build())
}

func rueidisCache(c rueidis.Client) { c.DoCache(ctx, c.B().Get().Key("k").Cache(), time.Minute) } // want rueidisCache:`via libs.rueidisCache -> rueidis.Get`

func redisCacheOnce(c *rediscache.Cache) { // want redisCacheOnce:`via libs.redisCacheOnce -> cache.Cache.Once`
	var v string
	_ = c.Once(&rediscache.Item{Key: "k", Value: &v, TTL: time.Minute, Do: func(*rediscache.Item) (any, error) { return "x", nil }})
}

func memcached(c *memcache.Client) { // want memcached:`via libs.memcached -> memcache.Client.Set`
	_ = c.Set(&memcache.Item{Key: "k", Value: []byte("v"), Expiration: 60})
}

func goCache(c *gocache.Cache) { c.Set("k", 1, time.Minute) } // want goCache:`via libs.goCache -> go-cache.Set`

func ristrettoSet(c *ristretto.Cache[string, int]) { c.SetWithTTL("k", 1, 1, time.Minute) } // want ristrettoSet:`via libs.ristrettoSet -> ristretto.Cache.SetWithTTL`

func lruAdd(c *lru.Cache[string, int]) { c.Add("k", 1) } // want lruAdd:`via libs.lruAdd -> golang-lru.Cache.Add`

func lruV1Add(c *lruv1.Cache) { c.Add("k", 1) } // want lruV1Add:`via libs.lruV1Add -> golang-lru.Cache.Add`

// Contains is no cache read: it loads no value.
func lruV1Contains(c *lruv1.Cache) bool { return c.Contains("k") }

func expirableGet(c *expirable.LRU[string, int]) { c.Get("k") } // want expirableGet:`via libs.expirableGet -> expirable.LRU.Get`

func otterLoad(c *otter.Cache[string, int]) { // want otterLoad:`via libs.otterLoad -> otter.Cache.Get`
	_, _ = c.Get(ctx, "k", otter.LoaderFunc[string, int](func(ctx context.Context, k string) (int, error) { return 1, nil }))
}

func ttl(c *ttlcache.Cache[string, int]) { c.Set("k", 1, time.Minute) } // want ttl:`via libs.ttl -> ttlcache.Cache.Set`

func big(c *bigcache.BigCache) { _ = c.Set("k", []byte("v")) } // want big:`via libs.big -> bigcache.BigCache.Set`

func free(c *freecache.Cache) { _ = c.Set([]byte("k"), []byte("v"), 60) } // want free:`via libs.free -> freecache.Cache.Set`

func eko(c *ekocache.Cache[string]) { _ = c.Set(ctx, "k", "v", store.WithExpiration(time.Minute)) } // want eko:`via libs.eko -> cache.Set`

func sturdy(c *sturdyc.Client[int]) { // want sturdy:`via libs.sturdy -> sturdyc.GetOrFetch`
	_, _ = sturdyc.GetOrFetch(ctx, c, "k", func(ctx context.Context) (int, error) { return 1, nil })
}

func coalesce(g *singleflight.Group) { g.Do("k", func() (any, error) { return 1, nil }) } // want coalesce:`via libs.coalesce -> singleflight.Group.Do`

func reference(c *ref.Cache[int]) { _ = c.Invalidate(ctx, ref.MustKey("a", "b", ref.Shared(), 1)) } // want reference:`via libs.reference -> cache.Cache.Invalidate`

// Interfaces named like caches are cache APIs without an implementation.
type ProfileCache interface {
	Get(ctx context.Context, userID string) ([]byte, error)
	Set(ctx context.Context, userID string, b []byte, ttl time.Duration) error
}

func viaInterface(c ProfileCache) { _ = c.Set(ctx, "u", nil, time.Minute) } // want viaInterface:`via libs.viaInterface -> libs.ProfileCache.Set`

// A repository named Store is not a cache.
type UserStore interface {
	Get(ctx context.Context, id string) ([]byte, error)
}

func notCache(s UserStore) { _, _ = s.Get(ctx, "u") }
