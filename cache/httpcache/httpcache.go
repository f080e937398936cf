// Package httpcache is an output-cache middleware for net/http, built on the
// reference cache, that cannot serve one user's response to another and follows
// the shared-cache rules of RFC 9111.
//
// The rules it enforces:
//
//   - Only GET and HEAD requests are served from the cache; only GET responses
//     are stored, and only when their status is in Policy.Statuses (default 200;
//     206 Partial Content and 304 are never stored), their body fits in
//     Policy.MaxBodyBytes and the handler did not flush or hijack.
//   - The handler's Cache-Control and Expires are honoured (RFC 9111 §5.2):
//     no-store, private, no-cache, Vary: *, a Set-Cookie header, a zero or
//     negative freshness lifetime (max-age=0, s-maxage=0, an Expires in the past
//     or not a date) and must-revalidate without an explicit lifetime mean the
//     response is not stored. Otherwise the entry lives for s-maxage, max-age or
//     Expires minus Date (minus the response's Age), at most Policy.TTL; without
//     any, Policy.TTL.
//   - The handler's Vary selects variants (RFC 9111 §4.1): each combination of
//     the request headers it names gets its own entry.
//   - An authenticated request (an Authorization header, a cookie named in
//     Policy.AuthCookies, or Policy.IsAuthenticated reporting true) is never served
//     from or written to a shared entry. Unless Policy.AllowAuthenticated is set it
//     bypasses the cache; with AllowAuthenticated, Policy.Scope must say whose
//     request it is (user or tenant) and every scope gets its own entries.
//     New rejects AllowAuthenticated without Scope.
//   - The key is built with cache.NewKey from everything the handler can see of
//     the target: the scheme (TLS, X-Forwarded-Proto), the Host header and
//     X-Forwarded-Host, the raw (escaped) path, the raw query string (or, with
//     Policy.VaryByQuery, the selected parameters; a query url.ParseQuery rejects
//     is then not cached), Policy.VaryByHeader, Policy.VaryByRoute and the scope.
//   - A successful (status below 400) request with any method other than GET,
//     HEAD, OPTIONS or TRACE invalidates every stored response for its target
//     URI's path, and for the path of a Location or Content-Location header on
//     the same host (RFC 9111 §4.4), on every instance when Redis is configured.
//   - Replayed responses carry the handler's headers as stored, an Age header and
//     the original Cache-Control (the handler's, or "public, max-age=<lifetime>"
//     for shared entries and "private, ..." for scoped ones), never the remaining
//     lifetime; an ETag is added if the handler set none, and If-None-Match gets
//     a 304. A request with Cache-Control: no-cache or max-age=0 bypasses the
//     stored entry and refreshes it.
//   - A burst of misses for one entry runs the handler once, in the first
//     request's goroutine; the others wait for it. A response that turns out not
//     to be cacheable is given only to the request that produced it, the others
//     run the handler themselves. A handler panic reaches net/http unchanged.
package httpcache

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
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

// DefaultLoadTimeout is the handler deadline when Policy.LoadTimeout is zero.
const DefaultLoadTimeout = 30 * time.Second

// Policy says what may be cached and how entries vary. TTL, Name and MaxEntries
// are required.
type Policy struct {
	// Name names the underlying cache (metrics, Redis keys) and is the key's resource.
	Name string
	// TTL is the longest lifetime of a stored response, and the lifetime of one
	// that states none. Required.
	TTL time.Duration
	// MaxEntries bounds the in-process cache. Required.
	MaxEntries int
	// VaryByQuery lists the query parameters that select a response. Nil means the
	// whole raw query string; an empty non-nil slice means none.
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
	// Statuses lists the cacheable status codes. Default: 200 only. 206 and 304
	// are never stored.
	Statuses []int
	// MaxBodyBytes bounds a stored body; a response is buffered up to this size
	// and streamed through (and not stored) beyond it. Default DefaultMaxBodyBytes.
	MaxBodyBytes int
	// LoadTimeout is the deadline of a handler run that fills the cache; its
	// context also ends when the request that started it is gone and no other
	// request waits for it. Default DefaultLoadTimeout.
	LoadTimeout time.Duration
	// Tags returns tags for the stored response, for EvictByTag.
	Tags func(r *http.Request) []string
	// Redis optionally adds a shared L2 (see cache.RedisConfig).
	Redis *cache.RedisConfig
	// MeterProvider receives the underlying cache's metrics.
	MeterProvider metric.MeterProvider
}

// Response is a stored response, or (Index set) the note that the responses for
// a URL vary on the request headers named in Vary.
type Response struct {
	Status int         `json:"s"`
	Header http.Header `json:"h"` // as replayed: includes Cache-Control, ETag, Vary, Content-Type
	Body   []byte      `json:"b"`
	ETag   string      `json:"e"`
	// Length is the body length, formatted for Content-Length.
	Length   string    `json:"l"`
	StoredAt time.Time `json:"t"`
	Expires  time.Time `json:"x"`
	// InitialAge is the response's age when stored (its own Age header), seconds.
	InitialAge int64 `json:"a"`
	// Vary lists the request headers (canonical) the handler's Vary names, and
	// VaryValues the values the storing request had for them.
	Vary       []string `json:"v,omitempty"`
	VaryValues []string `json:"vv,omitempty"`
	// Index marks an entry that holds no response, only Vary.
	Index bool `json:"i,omitempty"`
}

// Middleware is an output cache. Create it with New, wrap handlers with Handler.
type Middleware struct {
	p     Policy
	c     *cache.Cache[*Response]
	vary  []string // Vary the policy adds (canonical)
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
	case p.LoadTimeout < 0:
		return nil, fmt.Errorf("%w: LoadTimeout must be >= 0", ErrInvalidPolicy)
	}
	if p.MaxBodyBytes == 0 {
		p.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if p.LoadTimeout == 0 {
		p.LoadTimeout = DefaultLoadTimeout
	}
	codes := map[int]bool{http.StatusOK: true}
	if len(p.Statuses) > 0 {
		codes = map[int]bool{}
		for _, s := range p.Statuses {
			codes[s] = true
		}
	}
	delete(codes, http.StatusPartialContent)
	delete(codes, http.StatusNotModified)
	c, err := cache.New[*Response](cache.Config{
		Name:          p.Name,
		MaxEntries:    p.MaxEntries,
		TTL:           p.TTL,
		LoadTimeout:   p.LoadTimeout,
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
	return &Middleware{p: p, c: c, vary: vary, codes: codes}, nil
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
		switch r.Method {
		case http.MethodGet, http.MethodHead:
		case http.MethodOptions, http.MethodTrace:
			next.ServeHTTP(w, r)
			return
		default:
			m.serveUnsafe(w, r, next)
			return
		}
		scope, scoped, ok := m.scope(r)
		if !ok {
			w.Header().Set("Cache-Control", "private, no-store")
			next.ServeHTTP(w, r)
			return
		}
		t, ok := m.target(r, scope, scoped)
		if !ok { // e.g. an over-long URL or an unparsable query: do not cache it
			next.ServeHTTP(w, r)
			return
		}
		if r.Method == http.MethodHead {
			m.serveHead(w, r, next, t)
			return
		}
		m.serveGet(w, r, next, t)
	})
}

// target is what a GET or HEAD request is looked up by.
type target struct {
	scope        cache.Scope
	scoped       bool
	key          cache.Key
	scheme, host string
	path         string // escaped
}

func (m *Middleware) serveHead(w http.ResponseWriter, r *http.Request, next http.Handler, t target) {
	resp, hit := m.c.Get(r.Context(), t.key)
	if hit && resp.Index {
		var k cache.Key
		k, hit = m.variantKey(t, resp.Vary, r)
		if hit {
			resp, hit = m.c.Get(r.Context(), k)
		}
	}
	if hit && !resp.Index && resp.matches(r) {
		m.write(w, r, resp, true)
		return
	}
	next.ServeHTTP(w, r)
}

func (m *Middleware) serveGet(w http.ResponseWriter, r *http.Request, next http.Handler, t target) {
	noCache := requestNoCache(r)
	if !noCache {
		if resp, ok := m.c.Peek(t.key); ok && !resp.Index && resp.matches(r) {
			m.write(w, r, resp, true)
			return
		}
	}
	opts := m.entryOpts(r, t)
	if noCache {
		res, err := m.c.Reserve(r.Context(), t.key, opts...)
		if err != nil {
			next.ServeHTTP(w, r)
			return
		}
		m.lead(w, r, next, t, res, nil)
		return
	}
	resp, res, err := m.c.GetOrReserve(r.Context(), t.key, opts...)
	if res != nil {
		m.lead(w, r, next, t, res, nil)
		return
	}
	if err == nil && resp.Index {
		vary := resp.Vary
		k, ok := m.variantKey(t, vary, r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		resp, res, err = m.c.GetOrReserve(r.Context(), k, opts...)
		if res != nil {
			m.lead(w, r, next, t, res, vary)
			return
		}
	}
	switch {
	case err == nil && !resp.Index && resp.matches(r):
		m.write(w, r, resp, true)
	case r.Context().Err() != nil:
		// the client went away
	default:
		// Another request's response that may not be replayed (not cacheable, a
		// panic, a timeout, another variant): this request runs the handler itself.
		next.ServeHTTP(w, r)
	}
}

func (m *Middleware) entryOpts(r *http.Request, t target) []cache.EntryOption {
	tags := []string{uriTag(t.scheme, t.host, t.path)}
	if m.p.Tags != nil {
		tags = append(tags, m.p.Tags(r)...)
	}
	return []cache.EntryOption{cache.WithTags(tags...)}
}

// errNotStored is what requests waiting on a load get when its response may not
// be replayed to them; they run the handler themselves.
var errNotStored = errors.New("httpcache: response not stored")

// lead runs the handler for a reservation in this request's goroutine, answers
// this request, and stores the response if it may be. expectVary is nil for a
// primary key and the index's Vary for a variant key.
func (m *Middleware) lead(w http.ResponseWriter, r *http.Request, next http.Handler, t target, res *cache.Reservation[*Response], expectVary []string) {
	rec := &recorder{w: w, header: http.Header{}, limit: m.p.MaxBodyBytes}
	finished := false
	defer func() {
		if !finished { // the handler panicked (or called Goexit): waiters run it themselves
			res.Fail(errNotStored)
		}
	}()
	next.ServeHTTP(rec, r.WithContext(res.Context()))
	finished = true
	if rec.streaming || rec.hijacked {
		res.Fail(errNotStored)
		return
	}
	rec.snapshot()
	resp, ttl, ok := m.prepare(rec, r, t.scoped)
	if !ok || res.Context().Err() != nil {
		res.Fail(errNotStored)
		rec.passThrough()
		return
	}
	switch {
	case expectVary == nil && len(resp.Vary) > 0:
		// The responses for this URL vary: the primary key gets an index, the
		// variant key this response. The variant is reserved before the index is
		// filled, so an invalidation at any time since the handler started makes
		// one of the two fills fail.
		vk, vok := m.variantKey(t, resp.Vary, r)
		var vres *cache.Reservation[*Response]
		if vok {
			vres, _ = m.c.Reserve(r.Context(), vk, m.entryOpts(r, t)...)
		}
		idx := &Response{Index: true, Vary: resp.Vary, StoredAt: resp.StoredAt, Expires: resp.StoredAt.Add(m.p.TTL)}
		stored := res.Fill(idx, m.p.TTL)
		if vres != nil {
			if stored {
				vres.Fill(resp, ttl)
			} else {
				vres.Fail(errNotStored)
			}
		}
	case expectVary != nil && !slices.Equal(resp.Vary, expectVary):
		// The handler's Vary changed: forget the index, learn it again next time.
		res.Fail(errNotStored)
		_ = m.c.Invalidate(r.Context(), t.key)
	default:
		res.Fill(resp, ttl)
	}
	m.write(w, r, resp, false)
}

// serveUnsafe runs a request with an unsafe (or unknown) method and, if it
// succeeds, invalidates the stored responses for its target URI and for the
// same-host Location and Content-Location (RFC 9111 §4.4). The invalidation runs
// when the status is written, before the client can see the response, and again
// when the handler returns (for reads that raced with the handler).
func (m *Middleware) serveUnsafe(w http.ResponseWriter, r *http.Request, next http.Handler) {
	sw := &statusWriter{ResponseWriter: w}
	sw.onStatus = func(code int) {
		if code >= 200 && code < 400 {
			m.invalidateFor(r, sw.Header())
		}
	}
	next.ServeHTTP(sw, r)
	if sw.status == 0 { // net/http sends 200 for a handler that wrote nothing
		sw.status = http.StatusOK
	}
	if sw.status >= 200 && sw.status < 400 {
		m.invalidateFor(r, sw.Header())
	}
}

func (m *Middleware) invalidateFor(r *http.Request, h http.Header) {
	scheme, host := requestOrigin(r)
	tags := []string{uriTag(scheme, host, r.URL.EscapedPath())}
	base := &url.URL{Scheme: scheme, Host: host, Path: r.URL.Path, RawPath: r.URL.RawPath}
	for _, name := range []string{"Location", "Content-Location"} {
		v := h.Get(name)
		if v == "" {
			continue
		}
		u, err := base.Parse(v)
		if err != nil || u.Host != host || u.Scheme != scheme {
			continue // RFC 9111 §4.4: never for another host
		}
		tags = append(tags, uriTag(scheme, host, u.EscapedPath()))
	}
	_ = m.c.InvalidateTags(context.WithoutCancel(r.Context()), tags...)
}

// uriTag is the tag every entry stored for a path carries.
func uriTag(scheme, host, escapedPath string) string {
	sum := sha256.Sum256([]byte(scheme + "://" + host + escapedPath))
	return "httpcache-uri:" + hex.EncodeToString(sum[:16])
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
	if len(r.Header["Authorization"]) > 0 && r.Header["Authorization"][0] != "" {
		return true
	}
	for _, name := range m.p.AuthCookies {
		if _, err := r.Cookie(name); err == nil {
			return true
		}
	}
	return m.p.IsAuthenticated != nil && m.p.IsAuthenticated(r)
}

// requestOrigin returns the scheme and host the request was made to.
func requestOrigin(r *http.Request) (scheme, host string) {
	scheme = "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme, r.Host
}

// primaryKey is the key of a shared GET of r (for tests and tools).
func (m *Middleware) primaryKey(r *http.Request) (cache.Key, bool) {
	t, ok := m.target(r, cache.Shared(), false)
	return t.key, ok
}

// target builds r's primary key from label and value segments (cache.NewKey
// escapes each segment, so they cannot run into one another; an empty value is
// written as its label with a 0, as NewKey rejects empty segments).
func (m *Middleware) target(r *http.Request, scope cache.Scope, scoped bool) (target, bool) {
	scheme, host := requestOrigin(r)
	path := r.URL.EscapedPath()
	var buf [16]string
	ids := buf[:0]
	ids = append(ids, scheme)
	ids = appendLabelled(ids, "h", "h0", host)
	ids = appendLabelled(ids, "p", "p0", path)
	// Direct map reads with canonical names: no key canonicalisation on the hit path.
	if xf := r.Header["X-Forwarded-Host"]; len(xf) > 0 {
		ids = appendLabelled(ids, "xfh", "xfh0", joinValues(xf))
	}
	if xf := r.Header["X-Forwarded-Proto"]; len(xf) > 0 {
		ids = appendLabelled(ids, "xfp", "xfp0", joinValues(xf))
	}
	if m.p.VaryByQuery == nil {
		ids = appendLabelled(ids, "q", "q0", r.URL.RawQuery)
	} else if len(m.p.VaryByQuery) > 0 {
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return target{}, false
		}
		for _, name := range m.p.VaryByQuery {
			ids = append(ids, "q."+name+"="+joinValues(q[name]))
		}
	}
	for _, h := range m.p.VaryByHeader {
		ids = append(ids, "h."+h+"="+joinValues(r.Header.Values(h)))
	}
	for _, rv := range m.p.VaryByRoute {
		ids = append(ids, "r."+rv+"="+r.PathValue(rv))
	}
	k, err := cache.NewKey("http", m.p.Name, scope, 1, ids...)
	if err != nil {
		return target{}, false
	}
	return target{scope: scope, scoped: scoped, key: k, scheme: scheme, host: host, path: path}, true
}

func appendLabelled(ids []string, label, emptyLabel, v string) []string {
	if v == "" {
		return append(ids, emptyLabel)
	}
	return append(ids, label, v)
}

// variantKey is the key of r's variant of a response that varies on vary: a
// digest of the primary key and the request's (normalised) values of those
// headers, so it stays short.
func (m *Middleware) variantKey(t target, vary []string, r *http.Request) (cache.Key, bool) {
	h := sha256.New()
	fmt.Fprintf(h, "%d:%s", len(t.key.String()), t.key.String())
	for i, v := range varyValues(vary, r) {
		fmt.Fprintf(h, "%d:%s%d:%s", len(vary[i]), vary[i], len(v), v)
	}
	k, err := cache.NewKey("http", m.p.Name, t.scope, 1, "vary", hex.EncodeToString(h.Sum(nil)[:16]))
	return k, err == nil
}

// joinValues joins header or query values unambiguously (length-prefixed).
func joinValues(vs []string) string {
	if len(vs) == 1 && !strings.Contains(vs[0], ":") {
		return vs[0]
	}
	var b strings.Builder
	for _, v := range vs {
		b.WriteString(strconv.Itoa(len(v)))
		b.WriteByte(':')
		b.WriteString(v)
	}
	return b.String()
}

// varyValues returns the request's values of the vary headers, normalised as
// RFC 9111 §4.1 allows: field lines combined, whitespace around elements removed.
func varyValues(vary []string, r *http.Request) []string {
	out := make([]string, len(vary))
	for i, name := range vary {
		var parts []string
		for _, line := range r.Header.Values(name) {
			for _, p := range strings.Split(line, ",") {
				parts = append(parts, strings.TrimSpace(p))
			}
		}
		out[i] = strings.Join(parts, ",")
	}
	return out
}

// matches reports whether resp may answer r: r has the values resp was stored
// for in every header resp varies on.
func (resp *Response) matches(r *http.Request) bool {
	if len(resp.Vary) == 0 {
		return true
	}
	return slices.Equal(varyValues(resp.Vary, r), resp.VaryValues)
}

// requestNoCache reports whether the request asks the cache not to use a stored
// response without revalidating it (no-cache, max-age=0); this cache cannot
// revalidate, so it reloads.
func requestNoCache(r *http.Request) bool {
	for _, v := range r.Header["Cache-Control"] {
		for _, d := range strings.Split(v, ",") {
			d = strings.ToLower(strings.TrimSpace(d))
			if d == "no-cache" || d == "max-age=0" {
				return true
			}
		}
	}
	return false
}

// directives parses Cache-Control field lines into lower-case names and values.
func directives(lines []string) map[string]string {
	if len(lines) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, line := range lines {
		for _, d := range strings.Split(line, ",") {
			d = strings.TrimSpace(d)
			if d == "" {
				continue
			}
			name, val, _ := strings.Cut(d, "=")
			out[strings.ToLower(strings.TrimSpace(name))] = strings.Trim(strings.TrimSpace(val), `"`)
		}
	}
	return out
}

// freshness computes, for a response with headers h, how long this shared cache
// may store it (RFC 9111 §4.2.1, §5.2.2), and the lifetime to state when the
// handler stated none. ok is false when the response may not be stored.
func (m *Middleware) freshness(h http.Header, now time.Time) (ttl, full time.Duration, age int64, explicit, ok bool) {
	cc := directives(h.Values("Cache-Control"))
	for _, d := range []string{"no-store", "private", "no-cache"} {
		if _, has := cc[d]; has {
			return 0, 0, 0, false, false
		}
	}
	if a := h.Get("Age"); a != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
		if err != nil || n < 0 {
			return 0, 0, 0, false, false
		}
		age = n
	}
	seconds := func(v string) (time.Duration, bool) {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, false
		}
		return time.Duration(min(n, int64(cache.MaxTTL/time.Second))) * time.Second, true
	}
	if v, has := cc["s-maxage"]; has {
		full, ok = seconds(v)
		explicit = true
	} else if v, has := cc["max-age"]; has {
		full, ok = seconds(v)
		explicit = true
	} else if v := h.Values("Expires"); len(v) > 0 {
		exp, err := http.ParseTime(v[0])
		if err != nil {
			return 0, 0, 0, false, false // an invalid Expires means already expired
		}
		date := now
		if d, err := http.ParseTime(h.Get("Date")); err == nil {
			date = d
		}
		full, ok = exp.Sub(date), true
		explicit = true
	} else {
		_, mr := cc["must-revalidate"]
		_, pr := cc["proxy-revalidate"]
		if mr || pr { // no stated lifetime, and no serving it stale: do not store
			return 0, 0, 0, false, false
		}
		full, ok = m.p.TTL, true
	}
	if !ok {
		return 0, 0, 0, false, false
	}
	ttl = min(full-time.Duration(age)*time.Second, m.p.TTL)
	if ttl <= 0 {
		return 0, 0, 0, false, false
	}
	return ttl, full, age, explicit, true
}

// prepare turns what the handler produced into the response to store and send,
// or reports that it may not be stored.
func (m *Middleware) prepare(rec *recorder, r *http.Request, scoped bool) (*Response, time.Duration, bool) {
	h := rec.snap
	if !m.codes[rec.status] || len(rec.buf) > m.p.MaxBodyBytes || len(h.Values("Set-Cookie")) > 0 ||
		h.Get("Trailer") != "" || strings.HasPrefix(h.Get("Content-Type"), "text/event-stream") {
		return nil, 0, false
	}
	for k := range h {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			return nil, 0, false
		}
	}
	var vary []string
	for _, line := range h.Values("Vary") {
		for _, f := range strings.Split(line, ",") {
			f = strings.TrimSpace(f)
			if f == "*" {
				return nil, 0, false
			}
			if f != "" && !slices.Contains(vary, http.CanonicalHeaderKey(f)) {
				vary = append(vary, http.CanonicalHeaderKey(f))
			}
		}
	}
	now := time.Now()
	ttl, full, age, explicit, ok := m.freshness(h, now)
	if !ok {
		return nil, 0, false
	}
	slices.Sort(vary)
	hdr := h.Clone()
	resp := &Response{
		Status: rec.status, Header: hdr, Body: rec.buf, Length: strconv.Itoa(len(rec.buf)),
		StoredAt: now, Expires: now.Add(ttl), InitialAge: age,
		Vary: vary, VaryValues: varyValues(vary, r),
	}
	// Cache-Control as replayed: the handler's, or the lifetime used here.
	lifetime := strconv.FormatInt(int64(full/time.Second), 10)
	cc := hdr.Values("Cache-Control")
	switch {
	case scoped:
		var kept []string
		hasMax := false
		for _, line := range cc {
			for _, d := range strings.Split(line, ",") {
				d = strings.TrimSpace(d)
				name := strings.ToLower(strings.SplitN(d, "=", 2)[0])
				switch name {
				case "", "public", "s-maxage":
					continue
				case "max-age":
					hasMax = true
				}
				kept = append(kept, d)
			}
		}
		if !hasMax {
			kept = append(kept, "max-age="+lifetime)
		}
		hdr["Cache-Control"] = []string{strings.Join(append([]string{"private"}, kept...), ", ")}
	case len(cc) == 0:
		hdr["Cache-Control"] = []string{"public, max-age=" + lifetime}
	case !explicit:
		hdr["Cache-Control"] = []string{strings.Join(cc, ", ") + ", max-age=" + lifetime}
	}
	// Vary as replayed: the handler's and the policy's.
	allVary := slices.Clone(vary)
	for _, v := range m.vary {
		if !slices.Contains(allVary, v) {
			allVary = append(allVary, v)
		}
	}
	if len(allVary) > 0 {
		hdr["Vary"] = []string{strings.Join(allVary, ", ")}
	}
	if resp.ETag = hdr.Get("ETag"); resp.ETag == "" && resp.Status == http.StatusOK {
		sum := sha256.Sum256(resp.Body)
		resp.ETag = `"` + hex.EncodeToString(sum[:12]) + `"`
		hdr["Etag"] = []string{resp.ETag}
	}
	if _, has := hdr["Content-Type"]; !has && len(resp.Body) > 0 {
		hdr["Content-Type"] = []string{http.DetectContentType(resp.Body)}
	}
	delete(hdr, "Content-Length")
	delete(hdr, "Age")
	delete(hdr, "Date")
	return resp, ttl, true
}

// write sends a stored (or just stored) response.
func (m *Middleware) write(w http.ResponseWriter, r *http.Request, resp *Response, fromCache bool) {
	h := w.Header()
	n := 2
	for _, vs := range resp.Header {
		n += len(vs)
	}
	// One allocation for all values; each slice is capped, so an Add on the
	// response header cannot write into the stored entry.
	all := make([]string, 0, n)
	add := func(k string, vs ...string) {
		i := len(all)
		all = append(all, vs...)
		h[k] = all[i:len(all):len(all)]
	}
	for k, vs := range resp.Header {
		add(k, vs...)
	}
	if fromCache || resp.InitialAge > 0 {
		age := resp.InitialAge + int64(time.Since(resp.StoredAt)/time.Second)
		add("Age", strconv.FormatInt(max(age, 0), 10))
	}
	if inm := r.Header["If-None-Match"]; resp.ETag != "" && len(inm) > 0 && etagMatch(inm[0], resp.ETag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	add("Content-Length", resp.Length)
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

// recorder buffers a handler's response up to limit bytes. Past the limit, or
// when the handler flushes, it sends what it has to the real writer and streams
// the rest through; such a response is not stored.
type recorder struct {
	w         http.ResponseWriter
	header    http.Header
	snap      http.Header // the header as of WriteHeader
	status    int
	buf       []byte
	limit     int
	streaming bool
	hijacked  bool
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if r.status != 0 || r.streaming {
		return
	}
	if status >= 100 && status < 200 && status != http.StatusSwitchingProtocols {
		return // informational responses are not forwarded
	}
	r.status = status
	r.snap = r.header.Clone()
}

func (r *recorder) snapshot() {
	if r.status == 0 {
		r.WriteHeader(http.StatusOK)
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.snapshot()
	if r.streaming {
		return r.w.Write(p)
	}
	if len(r.buf)+len(p) > r.limit {
		if err := r.stream(); err != nil {
			return 0, err
		}
		return r.w.Write(p)
	}
	r.buf = append(r.buf, p...)
	return len(p), nil
}

// stream switches to passing the response through.
func (r *recorder) stream() error {
	if r.streaming {
		return nil
	}
	r.snapshot()
	r.streaming = true
	h := r.w.Header()
	for k, vs := range r.snap {
		h[k] = vs
	}
	r.w.WriteHeader(r.status)
	buf := r.buf
	r.buf = nil
	if len(buf) > 0 {
		_, err := r.w.Write(buf)
		return err
	}
	return nil
}

// passThrough sends a buffered response that is not stored, as the handler made it.
func (r *recorder) passThrough() { _ = r.stream() }

// FlushError implements the interface http.ResponseController uses: the
// response is streamed from now on and not stored.
func (r *recorder) FlushError() error {
	if err := r.stream(); err != nil {
		return err
	}
	return http.NewResponseController(r.w).Flush()
}

// Flush implements http.Flusher.
func (r *recorder) Flush() { _ = r.FlushError() }

// Hijack hands the connection to the handler; nothing is stored.
func (r *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	r.hijacked = true
	return http.NewResponseController(r.w).Hijack()
}

// Unwrap lets http.ResponseController reach the real writer for the methods the
// recorder does not implement (deadlines, full duplex).
func (r *recorder) Unwrap() http.ResponseWriter { return r.w }

// statusWriter reports the status of a response as it is written.
type statusWriter struct {
	http.ResponseWriter
	status   int
	onStatus func(int)
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 && code >= 200 {
		s.status = code
		s.onStatus(code)
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.WriteHeader(http.StatusOK)
	}
	return s.ResponseWriter.Write(p)
}

func (s *statusWriter) FlushError() error {
	if s.status == 0 {
		s.WriteHeader(http.StatusOK)
	}
	return http.NewResponseController(s.ResponseWriter).Flush()
}

func (s *statusWriter) Flush() { _ = s.FlushError() }

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
