// Package httpcache is an output-cache middleware for net/http, built on the
// reference cache, that cannot serve one user's response to another.
//
// The rules it enforces:
//
//   - Only GET and HEAD requests are cached; only responses whose status is in
//     Policy.Statuses (default 200) and whose body is at most Policy.MaxBodyBytes.
//     Responses that set a cookie or say Cache-Control private, no-store or no-cache
//     are never stored.
//   - An authenticated request (an Authorization header, a cookie named in
//     Policy.AuthCookies, or Policy.IsAuthenticated reporting true) is never served
//     from or written to a shared entry. Unless Policy.AllowAuthenticated is set it
//     bypasses the cache; with AllowAuthenticated, Policy.Scope must say whose
//     request it is (user or tenant) and every scope gets its own entries.
//     New rejects AllowAuthenticated without Scope.
//   - The key varies by path, by the query (all of it, or Policy.VaryByQuery),
//     by Policy.VaryByHeader and Policy.VaryByRoute, and by scope, and is built
//     with cache.NewKey, so request data cannot forge another entry's key.
//   - Replayed responses carry Age, Cache-Control (public for shared entries,
//     private for scoped ones), Vary and an ETag; If-None-Match gets a 304.
//   - A burst of misses for one entry runs the handler once (the reference
//     cache's coalescing); a response that turns out not to be cacheable is given
//     only to the request that produced it, the others run the handler themselves.
package httpcache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cachevet/cachevet/cache"
	"go.opentelemetry.io/otel/metric"
)

// ErrInvalidPolicy wraps every error New returns for a bad Policy.
var ErrInvalidPolicy = errors.New("httpcache: invalid policy")

// DefaultMaxBodyBytes is the body size limit when Policy.MaxBodyBytes is zero.
const DefaultMaxBodyBytes = 1 << 20

// Policy says what may be cached and how entries vary. TTL, Name and MaxEntries
// are required.
type Policy struct {
	// Name names the underlying cache (metrics, Redis keys) and is the key's resource.
	Name string
	// TTL is the absolute lifetime of a stored response. Required.
	TTL time.Duration
	// MaxEntries bounds the in-process cache. Required.
	MaxEntries int
	// VaryByQuery lists the query parameters that select a response. Nil means the
	// whole query string; an empty non-nil slice means none.
	VaryByQuery []string
	// VaryByHeader lists request headers that select a response (sent back in Vary).
	VaryByHeader []string
	// VaryByRoute lists route values (http.Request.PathValue) that select a response.
	VaryByRoute []string
	// AllowAuthenticated lets authenticated requests use the cache, each scope in its
	// own entries. It requires Scope.
	AllowAuthenticated bool
	// Scope returns whose request this is (cache.User, cache.Tenant,
	// cache.TenantUser). ok is false when the request has no identity; an
	// authenticated request without one bypasses the cache.
	Scope func(r *http.Request) (scope cache.Scope, ok bool)
	// AuthCookies names cookies whose presence marks a request as authenticated.
	AuthCookies []string
	// IsAuthenticated reports whether the request carries a user (for example one
	// put in the context by an authentication middleware).
	IsAuthenticated func(r *http.Request) bool
	// Statuses lists the cacheable status codes. Default: 200 only.
	Statuses []int
	// MaxBodyBytes bounds a stored body. Default DefaultMaxBodyBytes.
	MaxBodyBytes int
	// Tags returns tags for the stored response, for EvictByTag.
	Tags func(r *http.Request) []string
	// Redis optionally adds a shared L2 (see cache.RedisConfig).
	Redis *cache.RedisConfig
	// MeterProvider receives the underlying cache's metrics.
	MeterProvider metric.MeterProvider
}

// Response is a stored response.
type Response struct {
	Status   int         `json:"s"`
	Header   http.Header `json:"h"`
	Body     []byte      `json:"b"`
	ETag     string      `json:"e"`
	StoredAt time.Time   `json:"t"`
	Expires  time.Time   `json:"x"`
}

// Middleware is an output cache. Create it with New, wrap handlers with Handler.
type Middleware struct {
	p     Policy
	c     *cache.Cache[*Response]
	vary  string
	codes map[int]bool
}

// New validates p and builds the middleware. A policy that would put
// authenticated traffic in shared entries is rejected.
func New(p Policy) (*Middleware, error) {
	switch {
	case p.TTL <= 0:
		return nil, fmt.Errorf("%w: TTL is required", ErrInvalidPolicy)
	case p.AllowAuthenticated && p.Scope == nil:
		return nil, fmt.Errorf("%w: AllowAuthenticated without Scope would serve one user's response to another; set Scope (user or tenant) or let authenticated requests bypass the cache", ErrInvalidPolicy)
	case p.MaxBodyBytes < 0:
		return nil, fmt.Errorf("%w: MaxBodyBytes must be >= 0", ErrInvalidPolicy)
	}
	if p.MaxBodyBytes == 0 {
		p.MaxBodyBytes = DefaultMaxBodyBytes
	}
	codes := map[int]bool{http.StatusOK: true}
	if len(p.Statuses) > 0 {
		codes = map[int]bool{}
		for _, s := range p.Statuses {
			codes[s] = true
		}
	}
	c, err := cache.New[*Response](cache.Config{
		Name:          p.Name,
		MaxEntries:    p.MaxEntries,
		TTL:           p.TTL,
		Redis:         p.Redis,
		MeterProvider: p.MeterProvider,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidPolicy, err)
	}
	vary := slices.Clone(p.VaryByHeader)
	if p.AllowAuthenticated {
		vary = append(vary, "Authorization", "Cookie")
	}
	for i := range vary {
		vary[i] = http.CanonicalHeaderKey(vary[i])
	}
	return &Middleware{p: p, c: c, vary: strings.Join(vary, ", "), codes: codes}, nil
}

// Close releases the underlying cache.
func (m *Middleware) Close() error { return m.c.Close() }

// EvictByTag drops every stored response tagged with one of tags.
func (m *Middleware) EvictByTag(ctx context.Context, tags ...string) error {
	return m.c.InvalidateTags(ctx, tags...)
}

// Handler wraps next with the output cache.
func (m *Middleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		scope, scoped, ok := m.scope(r)
		if !ok {
			w.Header().Set("Cache-Control", "private, no-store")
			next.ServeHTTP(w, r)
			return
		}
		key, err := m.key(r, scope)
		if err != nil { // e.g. an over-long URL: do not cache it
			next.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodHead {
			if resp, hit := m.c.Get(r.Context(), key); hit {
				m.write(w, r, resp, scoped, true)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		ran := false
		var opts []cache.EntryOption
		if m.p.Tags != nil {
			if tags := m.p.Tags(r); len(tags) > 0 {
				opts = append(opts, cache.WithTags(tags...))
			}
		}
		resp, err := m.c.GetOrCreate(r.Context(), key, func(ctx context.Context) (*Response, error) {
			ran = true
			return m.record(next, r.WithContext(ctx))
		}, opts...)
		var unc *uncacheable
		switch {
		case err == nil:
			m.write(w, r, resp, scoped, !ran)
		case errors.As(err, &unc) && ran:
			m.write(w, r, unc.resp, scoped, false) // this request's own response
		case errors.As(err, &unc):
			next.ServeHTTP(w, r) // another request's uncacheable response: never replay it
		case r.Context().Err() != nil:
			// the client went away
		default:
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		}
	})
}

// scope decides whether r may use the cache and in which scope.
func (m *Middleware) scope(r *http.Request) (s cache.Scope, scoped, ok bool) {
	if !m.authenticated(r) {
		return cache.Shared(), false, true
	}
	if !m.p.AllowAuthenticated {
		return cache.Scope{}, false, false
	}
	s, ok = m.p.Scope(r)
	if !ok || s.IsShared() {
		return cache.Scope{}, false, false
	}
	return s, true, true
}

func (m *Middleware) authenticated(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return true
	}
	for _, name := range m.p.AuthCookies {
		if _, err := r.Cookie(name); err == nil {
			return true
		}
	}
	return m.p.IsAuthenticated != nil && m.p.IsAuthenticated(r)
}

func (m *Middleware) key(r *http.Request, scope cache.Scope) (cache.Key, error) {
	ids := []string{"path=" + r.URL.Path}
	if m.p.VaryByQuery == nil {
		ids = append(ids, "q="+r.URL.Query().Encode())
	} else {
		q := r.URL.Query()
		for _, name := range m.p.VaryByQuery {
			ids = append(ids, "q."+name+"="+url.Values{name: q[name]}.Encode())
		}
	}
	for _, h := range m.p.VaryByHeader {
		ids = append(ids, "h."+h+"="+strings.Join(r.Header.Values(h), ","))
	}
	for _, rv := range m.p.VaryByRoute {
		ids = append(ids, "r."+rv+"="+r.PathValue(rv))
	}
	return cache.NewKey("http", m.p.Name, scope, 1, ids...)
}

type uncacheable struct{ resp *Response }

func (u *uncacheable) Error() string { return "httpcache: response not cacheable" }

// record runs the handler into a buffer and decides whether the result may be stored.
func (m *Middleware) record(next http.Handler, r *http.Request) (*Response, error) {
	rec := &recorder{header: http.Header{}}
	next.ServeHTTP(rec, r)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	now := time.Now()
	resp := &Response{Status: rec.status, Header: rec.header, Body: rec.body.Bytes(), StoredAt: now, Expires: now.Add(m.p.TTL)}
	if resp.ETag = resp.Header.Get("ETag"); resp.ETag == "" && resp.Status == http.StatusOK {
		sum := sha256.Sum256(resp.Body)
		resp.ETag = `"` + hex.EncodeToString(sum[:12]) + `"`
	}
	if !m.storable(resp) {
		return nil, &uncacheable{resp: resp}
	}
	return resp, nil
}

func (m *Middleware) storable(resp *Response) bool {
	if !m.codes[resp.Status] || len(resp.Body) > m.p.MaxBodyBytes {
		return false
	}
	if len(resp.Header.Values("Set-Cookie")) > 0 {
		return false
	}
	for _, v := range resp.Header.Values("Cache-Control") {
		for _, d := range strings.Split(v, ",") {
			d = strings.ToLower(strings.TrimSpace(d))
			if d == "private" || d == "no-store" || d == "no-cache" || strings.HasPrefix(d, "private=") {
				return false
			}
		}
	}
	return true
}

// write sends resp, with cache headers when it is (or was just) stored.
func (m *Middleware) write(w http.ResponseWriter, r *http.Request, resp *Response, scoped, fromCache bool) {
	h := w.Header()
	for k, vs := range resp.Header {
		h[k] = slices.Clone(vs)
	}
	if resp.ETag != "" {
		h.Set("ETag", resp.ETag)
	}
	if m.storable(resp) {
		remaining := max(int(time.Until(resp.Expires).Seconds()), 0)
		if scoped {
			h.Set("Cache-Control", "private, max-age="+strconv.Itoa(remaining))
		} else {
			h.Set("Cache-Control", "public, max-age="+strconv.Itoa(remaining))
		}
		if m.vary != "" {
			h.Set("Vary", m.vary)
		}
		if fromCache {
			h.Set("Age", strconv.Itoa(max(int(time.Since(resp.StoredAt).Seconds()), 0)))
		}
		if resp.ETag != "" && etagMatch(r.Header.Get("If-None-Match"), resp.ETag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	w.WriteHeader(resp.Status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(resp.Body)
	}
}

func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(p)
}
