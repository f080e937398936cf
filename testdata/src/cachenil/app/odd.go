package app

import (
	"context"
	"time"

	"github.com/viccon/sturdyc"

	"cachenil/repo"
)

// Odd code must not crash the rule.

func (l *Loaders) recursiveFactory(n int) sturdyc.FetchFn[*repo.User] {
	if n > 0 {
		return l.recursiveFactory(n - 1)
	}
	return func(ctx context.Context) (*repo.User, error) { return l.s.db.GetUser(ctx, "x") }
}

func (l *Loaders) useRecursive(ctx context.Context) (*repo.User, error) {
	return l.sturdy.GetOrFetch(ctx, "k", l.recursiveFactory(3))
}

type generic[T any] struct{ c *sturdyc.Client[T] }

func (g *generic[T]) get(ctx context.Context, key string, f func(context.Context) (T, error)) (T, error) {
	return g.c.GetOrFetch(ctx, key, f)
}

func (s *Service) selfLoop(ctx context.Context, id string) {
	for {
		u, err := s.db.GetUser(ctx, id)
		if err != nil {
			continue
		}
		s.mem.Set("user:"+id, u, time.Minute)
		return
	}
}

func (s *Service) chooseLoader(ctx context.Context, c *sturdyc.Client[*repo.User], pick bool) {
	f := func(ctx context.Context) (*repo.User, error) { return s.db.GetUser(ctx, "a") }
	if pick {
		f = func(ctx context.Context) (*repo.User, error) { return s.db.GetUser(ctx, "b") }
	}
	_, _ = c.GetOrFetch(ctx, "k", f)
}
