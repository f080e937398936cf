package app

import (
	"context"
	"time"

	rcache "github.com/go-redis/cache/v9"
	"github.com/maypok86/otter/v2"
	"github.com/viccon/sturdyc"

	"cachenil/repo"
	"cachenil/wrap"
)

type Loaders struct {
	s      *Service
	users  *otter.Cache[string, *repo.User]
	sturdy *sturdyc.Client[*repo.User]
	rc     *rcache.Cache
}

// --- 4. loaders that swallow failure ---

func (l *Loaders) otterNilNil(ctx context.Context, id string) (*repo.User, error) {
	return l.users.Get(ctx, id, otter.LoaderFunc[string, *repo.User](func(ctx context.Context, id string) (*repo.User, error) { // want `the loader passed to otter.Cache.Get returns nil, nil`
		u, err := l.s.db.GetUser(ctx, id)
		if err == repo.ErrNotFound {
			return nil, nil
		}
		return u, err
	}))
}

func (l *Loaders) sturdyFact(ctx context.Context, id string) (*repo.User, error) {
	return l.sturdy.GetOrFetch(ctx, "user:"+id, func(ctx context.Context) (*repo.User, error) { // want `the loader passed to sturdyc.Client.GetOrFetch returns the nil that FindUser returns with a nil error`
		return l.s.db.FindUser(ctx, id)
	})
}

func (l *Loaders) onceSwallow(ctx context.Context, id string) error {
	var u repo.User
	return l.rc.Once(&rcache.Item{ // want `the loader passed to cache.Cache.Once returns a nil error when GetUser fails`
		Ctx:   ctx,
		Key:   "user:" + id,
		Value: &u,
		TTL:   time.Hour,
		Do: func(item *rcache.Item) (interface{}, error) {
			v, err := l.s.db.GetUser(ctx, id)
			if err != nil {
				return repo.User{}, nil
			}
			return *v, nil
		},
	})
}

func (l *Loaders) namedLoader(ctx context.Context, id string) (repo.User, error) {
	c := sturdyc.New[repo.User](100, 1, time.Minute, 10)
	return c.GetOrFetch(ctx, "p:"+id, l.profile(id)) // want `the loader that profile returns, passed to sturdyc.Client.GetOrFetch, returns a nil error when query \(inside Profile\) fails`
}

func (l *Loaders) profile(id string) sturdyc.FetchFn[repo.User] {
	return func(ctx context.Context) (repo.User, error) {
		return repo.Profile(ctx, l.s.db, id)
	}
}

func (l *Loaders) viaGeneric(ctx context.Context, id string) (*repo.User, error) {
	return wrap.GetOrSet(ctx, l.s.rdb, "user:"+id, func(ctx context.Context) (*repo.User, error) { // want `the loader passed to GetOrSet \(go-redis.Set\) returns the nil that FindUser returns with a nil error`
		return l.s.db.FindUser(ctx, id)
	})
}

func (l *Loaders) viaGeneric2(ctx context.Context, id string) (*repo.User, error) {
	return wrap.Remember(ctx, l.s.rdb, "user:"+id, l.findUser) // want `loader findUser passed to Remember \(go-redis.Set\) returns the nil that FindUser returns with a nil error`
}

func (l *Loaders) findUser(ctx context.Context) (*repo.User, error) { // want findUser:`cachenil nil\[0\]`
	return l.s.db.FindUser(ctx, "me")
}

// --- 4. near misses ---

func (l *Loaders) otterOK(ctx context.Context, id string) (*repo.User, error) {
	return l.users.Get(ctx, id, otter.LoaderFunc[string, *repo.User](func(ctx context.Context, id string) (*repo.User, error) {
		u, err := l.s.db.FindUser(ctx, id)
		if err != nil {
			return nil, err
		}
		if u == nil {
			return nil, repo.ErrNotFound
		}
		return u, nil
	}))
}

func (l *Loaders) sturdyOK(ctx context.Context, id string) (*repo.User, error) {
	return l.sturdy.GetOrFetch(ctx, "user:"+id, func(ctx context.Context) (*repo.User, error) {
		return l.s.db.GetUser(ctx, id)
	})
}

func (l *Loaders) checkedWrapper(ctx context.Context, id string) (any, error) { // want checkedWrapper:`cachenil nil\[0\]`
	return wrap.GetOrSetChecked(ctx, l.s.rdb, "user:"+id, func(ctx context.Context) (any, error) {
		return l.s.db.FindUser(ctx, id)
	})
}

func (l *Loaders) sentinelLoader(ctx context.Context, id string) (*repo.User, error) {
	return l.sturdy.GetOrFetch(ctx, "user:"+id, func(ctx context.Context) (*repo.User, error) {
		u, err := l.s.db.GetUser(ctx, id)
		if err == repo.ErrNotFound {
			return notFound, nil
		}
		return u, err
	})
}
