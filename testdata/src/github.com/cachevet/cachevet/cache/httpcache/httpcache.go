// Package httpcache is a minimal stub of cachevet's output-cache middleware
// with its real signatures, for analyzer tests. Policy.Redis and
// Policy.MeterProvider are left out.
package httpcache

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/cachevet/cachevet/cache"
)

var ErrInvalidPolicy = errors.New("httpcache: invalid policy")

const DefaultMaxBodyBytes = 1 << 20

type Policy struct {
	Name               string
	TTL                time.Duration
	MaxEntries         int
	VaryByQuery        []string
	VaryByHeader       []string
	VaryByRoute        []string
	AllowAuthenticated bool
	Scope              func(r *http.Request) (scope cache.Scope, ok bool)
	AuthCookies        []string
	IsAuthenticated    func(r *http.Request) bool
	Statuses           []int
	MaxBodyBytes       int
	Tags               func(r *http.Request) []string
}

type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

type Middleware struct{ p Policy }

func New(p Policy) (*Middleware, error) {
	if p.AllowAuthenticated && p.Scope == nil {
		return nil, ErrInvalidPolicy
	}
	return &Middleware{p: p}, nil
}

func (m *Middleware) Close() error { return nil }

func (m *Middleware) EvictByTag(ctx context.Context, tags ...string) error { return nil }

// Handler keeps the shape of the real one: anonymous requests (by a
// presence test) get a public entry, the rest bypass or are scoped.
func (m *Middleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" && !m.p.AllowAuthenticated {
			w.Header().Set("Cache-Control", "private, no-store")
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=60")
		next.ServeHTTP(w, r)
	})
}
