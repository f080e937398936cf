package httpcache

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cachevet/cachevet/cache"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func policy(name string) Policy {
	return Policy{Name: name, TTL: time.Minute, MaxEntries: 1000}
}

func newMW(t *testing.T, p Policy) *Middleware {
	t.Helper()
	m, err := New(p)
	require.NoError(t, err)
	t.Cleanup(func() { _ = m.Close() })
	return m
}

// counting returns a handler that writes "<path>?<query> #n" and counts calls.
func counting(calls *atomic.Int32, edit func(w http.ResponseWriter, r *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if edit != nil {
			edit(w, r)
		}
		fmt.Fprintf(w, "%s?%s #%d", r.URL.Path, r.URL.RawQuery, n)
	})
}

func do(h http.Handler, method, target string, hdr map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestNewRejectsUnsafePolicies(t *testing.T) {
	_, err := New(Policy{Name: "x", MaxEntries: 10})
	require.ErrorIs(t, err, ErrInvalidPolicy, "TTL required")
	_, err = New(Policy{Name: "x", MaxEntries: 10, TTL: time.Minute, AllowAuthenticated: true})
	require.ErrorIs(t, err, ErrInvalidPolicy)
	assert.Contains(t, err.Error(), "Scope")
	_, err = New(Policy{Name: "x", TTL: time.Minute})
	require.ErrorIs(t, err, ErrInvalidPolicy, "MaxEntries required")
}

func TestCachesGetOnly200(t *testing.T) {
	var calls atomic.Int32
	m := newMW(t, policy("basic"))
	h := m.Handler(counting(&calls, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	a := do(h, "GET", "/a", nil)
	b := do(h, "GET", "/a", nil)
	assert.Equal(t, a.Body.String(), b.Body.String())
	assert.EqualValues(t, 1, calls.Load())
	assert.Equal(t, "0", b.Header().Get("Age"))
	assert.Contains(t, b.Header().Get("Cache-Control"), "public, max-age=")
	assert.NotEmpty(t, b.Header().Get("ETag"))

	head := do(h, "HEAD", "/a", nil)
	assert.Equal(t, 200, head.Code)
	assert.Empty(t, head.Body.String())
	assert.EqualValues(t, 1, calls.Load(), "HEAD served from the GET entry")

	do(h, "POST", "/a", nil)
	do(h, "POST", "/a", nil)
	assert.EqualValues(t, 3, calls.Load(), "POST is never cached")

	do(h, "GET", "/missing", nil)
	do(h, "GET", "/missing", nil)
	assert.EqualValues(t, 5, calls.Load(), "404 is not cached")

	do(h, "GET", "/a?x=1", nil)
	do(h, "GET", "/a?x=2", nil)
	assert.EqualValues(t, 7, calls.Load(), "the whole query varies by default")
}

func TestNeverStoresPrivateOrCookieOrHugeResponses(t *testing.T) {
	cases := map[string]func(w http.ResponseWriter){
		"set-cookie": func(w http.ResponseWriter) { http.SetCookie(w, &http.Cookie{Name: "sid", Value: "secret"}) },
		"private":    func(w http.ResponseWriter) { w.Header().Set("Cache-Control", "private, max-age=60") },
		"no-store":   func(w http.ResponseWriter) { w.Header().Set("Cache-Control", "no-store") },
		"huge":       func(w http.ResponseWriter) { _, _ = w.Write(make([]byte, 2048)) },
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			var calls atomic.Int32
			p := policy("never-" + name)
			p.MaxBodyBytes = 1024
			h := newMW(t, p).Handler(counting(&calls, func(w http.ResponseWriter, _ *http.Request) { edit(w) }))
			first := do(h, "GET", "/x", nil)
			do(h, "GET", "/x", nil)
			assert.EqualValues(t, 2, calls.Load())
			assert.Empty(t, first.Header().Get("Age"))
			if name == "set-cookie" {
				assert.NotEmpty(t, first.Header().Get("Set-Cookie"), "the producing request still gets its cookie")
			}
		})
	}
}

func TestAuthenticatedRequestsBypassWithoutScope(t *testing.T) {
	var calls atomic.Int32
	p := policy("auth-bypass")
	p.AuthCookies = []string{"session"}
	p.IsAuthenticated = func(r *http.Request) bool { return r.Header.Get("X-Test-User") != "" }
	h := newMW(t, p).Handler(counting(&calls, nil))
	do(h, "GET", "/dash", nil) // anonymous: stored as shared
	for _, hdr := range []map[string]string{
		{"Authorization": "Bearer alice"},
		{"Cookie": "session=abc"},
		{"X-Test-User": "alice"},
	} {
		before := calls.Load()
		w := do(h, "GET", "/dash", hdr)
		assert.Equal(t, before+1, calls.Load(), "authenticated request %v must not be served the shared entry", hdr)
		assert.Equal(t, "private, no-store", w.Header().Get("Cache-Control"))
	}
	// and nothing an authenticated request produced was stored for anonymous users
	w := do(h, "GET", "/dash", nil)
	assert.Contains(t, w.Body.String(), "#1")
}

func scopedPolicy(name string) Policy {
	p := policy(name)
	p.AllowAuthenticated = true
	p.Scope = func(r *http.Request) (cache.Scope, bool) {
		u := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if u == "" {
			return cache.Scope{}, false
		}
		return cache.User(u), true
	}
	return p
}

func TestScopedEntriesPerUser(t *testing.T) {
	var calls atomic.Int32
	h := newMW(t, scopedPolicy("scoped")).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		fmt.Fprint(w, "for ", r.Header.Get("Authorization"))
	}))
	a1 := do(h, "GET", "/me", map[string]string{"Authorization": "Bearer alice"})
	b1 := do(h, "GET", "/me", map[string]string{"Authorization": "Bearer bob"})
	a2 := do(h, "GET", "/me", map[string]string{"Authorization": "Bearer alice"})
	assert.Equal(t, "for Bearer alice", a2.Body.String())
	assert.Equal(t, "for Bearer bob", b1.Body.String())
	assert.Equal(t, a1.Body.String(), a2.Body.String())
	assert.EqualValues(t, 2, calls.Load())
	assert.Contains(t, a2.Header().Get("Cache-Control"), "private")
	assert.Contains(t, a2.Header().Get("Vary"), "Authorization")
}

// TestNoCrossUserLeakProperty: many users, random requests, both shared and
// scoped routes; a body made for user A is never served to user B.
func TestNoCrossUserLeakProperty(t *testing.T) {
	p := scopedPolicy("leak")
	p.VaryByQuery = []string{"page"}
	h := newMW(t, p).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "user=%s path=%s page=%s", r.Header.Get("Authorization"), r.URL.Path, r.URL.Query().Get("page"))
	}))
	r := rand.New(rand.NewPCG(3, 4))
	users := []string{"", "Bearer u1", "Bearer u2", "Bearer u3", "Bearer u4:x", "Bearer u4", "Bearer"}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failures []string
	for g := range 8 {
		seed := r.Uint64()
		wg.Add(1)
		go func() {
			defer wg.Done()
			rr := rand.New(rand.NewPCG(seed, uint64(g)))
			for range 500 {
				u := users[rr.IntN(len(users))]
				path := fmt.Sprintf("/r%d", rr.IntN(4))
				page := fmt.Sprint(rr.IntN(3))
				hdr := map[string]string{}
				if u != "" {
					hdr["Authorization"] = u
				}
				w := do(h, "GET", path+"?page="+page+"&noise="+fmt.Sprint(rr.IntN(100)), hdr)
				want := fmt.Sprintf("user=%s path=%s page=%s", u, path, page)
				if w.Body.String() != want {
					mu.Lock()
					failures = append(failures, fmt.Sprintf("%q got %q", want, w.Body.String()))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	assert.Empty(t, failures)
}

func TestStampedeRunsHandlerOnce(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	h := newMW(t, policy("stampede")).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		<-release
		fmt.Fprint(w, "hot")
	}))
	var wg sync.WaitGroup
	bodies := make([]string, 200)
	for i := range bodies {
		wg.Add(1)
		go func() { defer wg.Done(); bodies[i] = do(h, "GET", "/hot", nil).Body.String() }()
	}
	time.Sleep(30 * time.Millisecond)
	close(release)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock")
	}
	assert.EqualValues(t, 1, calls.Load())
	for _, b := range bodies {
		assert.Equal(t, "hot", b)
	}
}

// Waiters coalesced behind a request whose response is not cacheable (it sets a
// cookie) run the handler themselves and never receive that cookie.
func TestUncacheableResponseNotReplayedToWaiters(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	h := newMW(t, policy("waiters")).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		if n == 1 {
			<-release
		}
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: fmt.Sprint("caller-", n)})
		fmt.Fprint(w, "body ", n)
	}))
	var wg sync.WaitGroup
	cookies := make([]string, 20)
	for i := range cookies {
		wg.Add(1)
		go func() { defer wg.Done(); cookies[i] = do(h, "GET", "/x", nil).Header().Get("Set-Cookie") }()
	}
	time.Sleep(30 * time.Millisecond)
	close(release)
	wg.Wait()
	seen := map[string]int{}
	for _, c := range cookies {
		seen[c]++
	}
	for c, n := range seen {
		assert.Equal(t, 1, n, "cookie %q given to %d requests", c, n)
	}
}

func TestETagAndVaryHeaders(t *testing.T) {
	var calls atomic.Int32
	p := policy("etag")
	p.VaryByHeader = []string{"accept-language"}
	h := newMW(t, p).Handler(counting(&calls, nil))
	first := do(h, "GET", "/e", map[string]string{"Accept-Language": "en"})
	etag := first.Header().Get("ETag")
	require.NotEmpty(t, etag)
	assert.Equal(t, "Accept-Language", first.Header().Get("Vary"))
	nm := do(h, "GET", "/e", map[string]string{"Accept-Language": "en", "If-None-Match": etag})
	assert.Equal(t, http.StatusNotModified, nm.Code)
	assert.Empty(t, nm.Body.String())
	fr := do(h, "GET", "/e", map[string]string{"Accept-Language": "fr"})
	assert.Equal(t, 200, fr.Code)
	assert.EqualValues(t, 2, calls.Load(), "a different language is a different entry")
}

func TestVaryByRouteAndEvictByTag(t *testing.T) {
	var calls atomic.Int32
	p := policy("route")
	p.VaryByRoute = []string{"id"}
	p.VaryByQuery = []string{}
	p.Tags = func(r *http.Request) []string { return []string{"course:" + r.PathValue("id")} }
	m := newMW(t, p)
	mux := http.NewServeMux()
	mux.Handle("GET /courses/{id}", m.Handler(counting(&calls, nil)))
	do(mux, "GET", "/courses/7", nil)
	do(mux, "GET", "/courses/7?ignored=1", nil)
	do(mux, "GET", "/courses/8", nil)
	assert.EqualValues(t, 2, calls.Load())
	require.NoError(t, m.EvictByTag(context.Background(), "course:7"))
	do(mux, "GET", "/courses/7", nil)
	do(mux, "GET", "/courses/8", nil)
	assert.EqualValues(t, 3, calls.Load())
}

// BenchmarkMiddleware compares a cached hit with the bare handler writing the
// same bytes (the ratio is reported in cache/README.md, not asserted).
func BenchmarkMiddleware(b *testing.B) {
	body := []byte(strings.Repeat("x", 512))
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(body)
	})
	m, err := New(Policy{Name: "bench", TTL: time.Hour, MaxEntries: 1 << 16})
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	cached := m.Handler(handler)
	req := httptest.NewRequest("GET", "/bench?a=1", nil)
	b.Run("handler-alone", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			handler.ServeHTTP(httptest.NewRecorder(), req)
		}
	})
	// The bare handler writing the same response a hit sends: the body and the
	// headers the cache adds (Cache-Control, ETag, Age, Content-Length).
	b.Run("handler-same-headers", func(b *testing.B) {
		same := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Type", "text/plain; charset=utf-8")
			h.Set("Cache-Control", "public, max-age=3600")
			h.Set("Etag", `"0123456789abcdef01234567"`)
			h.Set("Age", "0")
			h.Set("Content-Length", "512")
			_, _ = w.Write(body)
		})
		b.ReportAllocs()
		for b.Loop() {
			same.ServeHTTP(httptest.NewRecorder(), req)
		}
	})
	b.Run("hit", func(b *testing.B) {
		cached.ServeHTTP(httptest.NewRecorder(), req)
		b.ReportAllocs()
		for b.Loop() {
			cached.ServeHTTP(httptest.NewRecorder(), req)
		}
	})
	b.Run("miss", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			cached.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/bench?miss="+fmt.Sprint(i), nil))
		}
	})
}

// BenchmarkHitRatio runs the bare handlers and the cached hit in alternating
// chunks, so that load from other processes hits all of them alike, and reports
// the hit's cost as a ratio to each bare handler (hit/bare-body: the handler
// writes the same body; hit/bare-same: it also writes the headers a hit sends).
// The ratios are reported in cache/README.md; they are not asserted.
func BenchmarkHitRatio(b *testing.B) {
	body := []byte(strings.Repeat("x", 512))
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(body)
	})
	same := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Cache-Control", "public, max-age=3600")
		h.Set("Etag", `"0123456789abcdef01234567"`)
		h.Set("Age", "0")
		h.Set("Content-Length", "512")
		_, _ = w.Write(body)
	})
	m, err := New(Policy{Name: "bench-ratio", TTL: time.Hour, MaxEntries: 1 << 16})
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	cached := m.Handler(bare)
	req := httptest.NewRequest("GET", "/bench?a=1", nil)
	cached.ServeHTTP(httptest.NewRecorder(), req)
	const chunk = 500
	var tBare, tSame, tHit time.Duration
	run := func(h http.Handler) time.Duration {
		start := time.Now()
		for range chunk {
			h.ServeHTTP(httptest.NewRecorder(), req)
		}
		return time.Since(start)
	}
	b.ResetTimer()
	for b.Loop() {
		tBare += run(bare)
		tSame += run(same)
		tHit += run(cached)
	}
	b.ReportMetric(float64(tHit)/float64(tBare), "hit/bare-body")
	b.ReportMetric(float64(tHit)/float64(tSame), "hit/bare-same")
	n := float64(b.N * chunk)
	b.ReportMetric(float64(tHit)/n, "hit-ns/req")
	b.ReportMetric(float64(tBare)/n, "bare-body-ns/req")
	b.ReportMetric(float64(tSame)/n, "bare-same-ns/req")
}
