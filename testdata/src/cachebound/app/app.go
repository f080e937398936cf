package app

import (
	"context"
	"time"

	"github.com/allegro/bigcache/v3"
	"github.com/hashicorp/golang-lru/v2/expirable"
	"github.com/maypok86/otter/v2"
	gocache "github.com/patrickmn/go-cache"

	"cachebound/memo"
)

type Config struct {
	Size    int
	MaxMB   int
	Entries int
}

type Profile struct{ Name string }

func Libraries(ctx context.Context, cfg Config) {
	_ = expirable.NewLRU[string, Profile](0, nil, time.Minute) // want `expirable.NewLRU is built with size 0, which means no size limit: the cache grows with every distinct key until the process runs out of memory; pass a maximum number of entries`
	_ = expirable.NewLRU[string, Profile](1000, nil, time.Minute)
	_ = expirable.NewLRU[string, Profile](cfg.Entries, nil, time.Minute) // ok: configured

	_ = otter.Must(&otter.Options[string, Profile]{ExpiryCalculator: otter.ExpiryWriting[string, Profile](time.Minute)}) // want `otter cache is built with no MaximumSize or MaximumWeight`
	_ = otter.Must[string, Profile](nil)                                                                                 // want `otter cache is built with nil options`
	_ = otter.Must(&otter.Options[string, Profile]{MaximumSize: 10_000})
	_ = otter.Must(&otter.Options[string, Profile]{MaximumSize: cfg.Entries})
	_ = otter.Must(&otter.Options[string, Profile]{MaximumWeight: 1 << 20, Weigher: func(string, Profile) uint32 { return 1 }})
	opts := &otter.Options[string, Profile]{}
	opts.MaximumSize = cfg.Entries
	_, _ = otter.New(opts) // ok: set after the literal
	empty := &otter.Options[string, Profile]{}
	_, _ = otter.New(empty) // want `otter cache is built with no MaximumSize or MaximumWeight`

	_, _ = bigcache.New(ctx, bigcache.Config{Shards: 16, LifeWindow: time.Minute}) // want `bigcache is built with HardMaxCacheSize 0, so it has no size limit`
	_, _ = bigcache.New(ctx, bigcache.DefaultConfig(time.Minute))                  // want `bigcache is built with bigcache.DefaultConfig, which leaves HardMaxCacheSize at 0, so it has no size limit`
	bc := bigcache.DefaultConfig(10 * time.Minute)
	bc.HardMaxCacheSize = 256
	_, _ = bigcache.New(ctx, bc) // ok
	bd := bigcache.DefaultConfig(10 * time.Minute)
	bd.HardMaxCacheSize = cfg.MaxMB
	_, _ = bigcache.New(ctx, bd) // ok: configured
	_, _ = bigcache.New(ctx, bigcache.Config{HardMaxCacheSize: 512})
}

// go-cache has no size limit: time is its only bound.
type Service struct {
	sessions *gocache.Cache
	tokens   *gocache.Cache
	prices   *gocache.Cache
	rates    *gocache.Cache
}

func NewService() *Service {
	return &Service{
		sessions: gocache.New(gocache.NoExpiration, time.Minute), // want `go-cache.New is built with default expiration gocache.NoExpiration and go-cache has no size limit`
		tokens:   gocache.New(gocache.NoExpiration, time.Minute), // ok: every write gives a TTL
		prices:   gocache.New(5*time.Minute, 0),                  // want `go-cache.New is built with cleanup interval 0: expired entries are never deleted`
		rates:    gocache.New(5*time.Minute, 10*time.Minute),
	}
}

func (s *Service) Use(id string, p Profile) {
	s.sessions.SetDefault(id, p)
	s.tokens.Set(id, p, time.Hour)
	s.prices.SetDefault(id, p)
	s.rates.SetDefault(id, p)
}

func Memo() { _ = memo.Lookup("x") }
