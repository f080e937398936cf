package httpcache

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func doReq(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// Issue #22 item 1: inputs the handler sees must be in the key.
func TestKeyIncludesHostSchemeRawPathAndRawQuery(t *testing.T) {
	var calls atomic.Int32
	p := policy("key-inputs")
	h := newMW(t, p).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		fmt.Fprintf(w, "%s|%s|%s|%s|%s", scheme, r.Host, r.Header.Get("X-Forwarded-Host"), r.URL.EscapedPath(), r.URL.RawQuery)
	}))
	pairs := [][2]func() *http.Request{
		{ // Host
			func() *http.Request { return httptest.NewRequest("GET", "http://a.example/x", nil) },
			func() *http.Request { return httptest.NewRequest("GET", "http://b.example/x", nil) },
		},
		{ // X-Forwarded-Host
			func() *http.Request { return httptest.NewRequest("GET", "http://a.example/xf", nil) },
			func() *http.Request {
				r := httptest.NewRequest("GET", "http://a.example/xf", nil)
				r.Header.Set("X-Forwarded-Host", "evil.example")
				return r
			},
		},
		{ // scheme
			func() *http.Request { return httptest.NewRequest("GET", "http://a.example/s", nil) },
			func() *http.Request { return httptest.NewRequest("GET", "https://a.example/s", nil) },
		},
		{ // encoded slash vs its decoded twin
			func() *http.Request { return httptest.NewRequest("GET", "/files/public/readme", nil) },
			func() *http.Request { return httptest.NewRequest("GET", "/files/public%2Freadme", nil) },
		},
		{ // ';' is rejected by url.ParseQuery: it must not collapse onto the empty query
			func() *http.Request { return httptest.NewRequest("GET", "/q", nil) },
			func() *http.Request { return httptest.NewRequest("GET", "/q?a=1;b=2", nil) },
		},
		{ // a bad escape likewise
			func() *http.Request { return httptest.NewRequest("GET", "/q2", nil) },
			func() *http.Request { return httptest.NewRequest("GET", "/q2?a=%zz", nil) },
		},
		{ // raw query order and encoding are kept
			func() *http.Request { return httptest.NewRequest("GET", "/q3?a=1&b=2", nil) },
			func() *http.Request { return httptest.NewRequest("GET", "/q3?b=2&a=1", nil) },
		},
	}
	for i, pair := range pairs {
		first := doReq(h, pair[0]())
		second := doReq(h, pair[1]())
		assert.NotEqual(t, first.Body.String(), second.Body.String(), "pair %d served across inputs", i)
		// each is still cached on its own
		again := doReq(h, pair[1]())
		assert.Equal(t, second.Body.String(), again.Body.String(), "pair %d", i)
	}
	assert.EqualValues(t, 2*len(pairs), calls.Load())
}

// With VaryByQuery the query must be parsed; what url.ParseQuery rejects is not cached.
func TestUnparsableQueryNotCachedWithVaryByQuery(t *testing.T) {
	var calls atomic.Int32
	p := policy("key-unparsable")
	p.VaryByQuery = []string{"page"}
	h := newMW(t, p).Handler(counting(&calls, nil))
	for _, target := range []string{"/l?page=1;page=2", "/l?page=%zz"} {
		before := calls.Load()
		do(h, "GET", target, nil)
		do(h, "GET", target, nil)
		assert.Equal(t, before+2, calls.Load(), "%s was cached", target)
	}
	do(h, "GET", "/l?page=1", nil)
	w := do(h, "GET", "/l?page=1&x=9", nil)
	assert.NotEmpty(t, w.Header().Get("Age"), "parsable queries are still cached by the selected parameters")
}

// Issue #22 item 2: the handler's Vary selects stored variants.
func TestHandlerVaryStoresVariants(t *testing.T) {
	for _, hdr := range []string{"Accept-Language", "Cookie", "Accept-Encoding"} {
		t.Run(hdr, func(t *testing.T) {
			var calls atomic.Int32
			p := policy("vary-" + strings.ToLower(hdr))
			p.VaryByHeader = []string{"X-Policy"}
			h := newMW(t, p).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.Header().Set("Vary", hdr)
				fmt.Fprintf(w, "variant=%s", r.Header.Get(hdr))
			}))
			for round := range 2 {
				for _, v := range []string{"a", "b", ""} {
					w := do(h, "GET", "/v", map[string]string{hdr: v})
					assert.Equal(t, "variant="+v, w.Body.String(), "round %d", round)
					vary := w.Header().Get("Vary")
					assert.Contains(t, vary, hdr, "the handler's Vary is kept")
					assert.Contains(t, vary, "X-Policy", "and merged with the policy's")
				}
			}
			assert.EqualValues(t, 3, calls.Load(), "one handler run per variant")
		})
	}
}

func TestVaryStarNeverStored(t *testing.T) {
	var calls atomic.Int32
	h := newMW(t, policy("vary-star")).Handler(counting(&calls, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Vary", "*")
	}))
	do(h, "GET", "/s", nil)
	w := do(h, "GET", "/s", nil)
	assert.EqualValues(t, 2, calls.Load())
	assert.Equal(t, "*", w.Header().Get("Vary"))
}

// Issue #22 item 3: the handler's freshness is honoured, not overridden.
func TestHandlerFreshnessHonoured(t *testing.T) {
	notStored := map[string]func(h http.Header){
		"max-age=0":         func(h http.Header) { h.Set("Cache-Control", "max-age=0") },
		"s-maxage=0":        func(h http.Header) { h.Set("Cache-Control", "max-age=60, s-maxage=0") },
		"must-revalidate":   func(h http.Header) { h.Set("Cache-Control", "must-revalidate") },
		"no-cache":          func(h http.Header) { h.Set("Cache-Control", "no-cache") },
		"past-expires":      func(h http.Header) { h.Set("Expires", time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat)) },
		"malformed-expires": func(h http.Header) { h.Set("Expires", "0") },
	}
	for name, edit := range notStored {
		t.Run(name, func(t *testing.T) {
			var calls atomic.Int32
			h := newMW(t, policy("fresh-"+strings.NewReplacer("=", "", " ", "").Replace(name))).Handler(counting(&calls, func(w http.ResponseWriter, _ *http.Request) { edit(w.Header()) }))
			first := do(h, "GET", "/f", nil)
			second := do(h, "GET", "/f", nil)
			assert.EqualValues(t, 2, calls.Load(), "stored despite %s", name)
			want := http.Header{}
			edit(want)
			assert.Equal(t, want.Get("Cache-Control"), first.Header().Get("Cache-Control"), "Cache-Control rewritten")
			assert.Equal(t, want.Get("Cache-Control"), second.Header().Get("Cache-Control"))
			assert.Empty(t, second.Header().Get("Age"))
		})
	}

	t.Run("max-age kept with Age", func(t *testing.T) {
		var calls atomic.Int32
		m := newMW(t, policy("fresh-maxage"))
		h := m.Handler(counting(&calls, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Cache-Control", "public, max-age=30, must-revalidate")
		}))
		do(h, "GET", "/m", nil)
		w := do(h, "GET", "/m", nil)
		assert.EqualValues(t, 1, calls.Load())
		assert.Equal(t, "public, max-age=30, must-revalidate", w.Header().Get("Cache-Control"), "the original directives")
		assert.Equal(t, "0", w.Header().Get("Age"))
		resp := storedResponse(t, m, "/m")
		assert.LessOrEqual(t, resp.Expires.Sub(resp.StoredAt), 30*time.Second, "stored for the handler's max-age, not the policy TTL")
	})

	t.Run("default lifetime: original max-age and Age", func(t *testing.T) {
		var calls atomic.Int32
		h := newMW(t, policy("fresh-default")).Handler(counting(&calls, nil))
		first := do(h, "GET", "/d", nil)
		w := do(h, "GET", "/d", nil)
		assert.Equal(t, "public, max-age=60", first.Header().Get("Cache-Control"))
		assert.Equal(t, "public, max-age=60", w.Header().Get("Cache-Control"), "the original lifetime, not the remaining one, next to Age")
		assert.Equal(t, "0", w.Header().Get("Age"))
	})

	t.Run("request no-cache refreshes", func(t *testing.T) {
		var calls atomic.Int32
		h := newMW(t, policy("fresh-reqnocache")).Handler(counting(&calls, nil))
		assert.Contains(t, do(h, "GET", "/r", nil).Body.String(), "#1")
		assert.Contains(t, do(h, "GET", "/r", nil).Body.String(), "#1")
		assert.Contains(t, do(h, "GET", "/r", map[string]string{"Cache-Control": "no-cache"}).Body.String(), "#2", "no-cache bypasses the entry")
		assert.Contains(t, do(h, "GET", "/r", nil).Body.String(), "#2", "and refreshes it")
		assert.EqualValues(t, 2, calls.Load())
	})
}

// storedResponse returns the entry stored for a plain GET of target.
func storedResponse(t *testing.T, m *Middleware, target string) *Response {
	t.Helper()
	r := httptest.NewRequest("GET", target, nil)
	k, ok := m.primaryKey(r)
	require.True(t, ok)
	resp, hit := m.c.Get(context.Background(), k)
	require.True(t, hit)
	return resp
}

// Issue #22 item 4: successful unsafe requests invalidate the target URI and the
// same-origin Location and Content-Location.
func TestUnsafeMethodsInvalidate(t *testing.T) {
	var calls atomic.Int32
	h := newMW(t, policy("unsafe")).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		switch r.Method {
		case "GET":
			fmt.Fprintf(w, "%s #%d", r.URL.RequestURI(), n)
		case "PUT":
			w.Header().Set("Location", r.URL.Query().Get("loc"))
			w.Header().Set("Content-Location", r.URL.Query().Get("cloc"))
			w.WriteHeader(http.StatusCreated)
		case "PATCH":
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	body := func(target string) string { return do(h, "GET", target, nil).Body.String() }
	cached := func(target string) bool {
		b1 := body(target)
		return b1 == body(target)
	}
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "PURGE"} {
		require.True(t, cached("/item?x=1"))
		b := body("/item?x=1")
		w := do(h, method, "/item", nil)
		if method == "PATCH" { // fails with 500: nothing is invalidated
			assert.Equal(t, b, body("/item?x=1"), "a failed %s invalidated", method)
			continue
		}
		assert.NotEqual(t, b, body("/item?x=1"), "%s (%d) did not invalidate the target URI", method, w.Code)
	}
	require.True(t, cached("/other"))
	require.True(t, cached("/third"))
	o, th := body("/other"), body("/third")
	do(h, "PUT", "/item?loc=/other&cloc=http://example.com/third", nil)
	assert.NotEqual(t, o, body("/other"), "Location invalidated")
	assert.NotEqual(t, th, body("/third"), "Content-Location (same origin) invalidated")
	o = body("/other")
	do(h, "PUT", "/item?loc=http://evil.example/other", nil)
	assert.Equal(t, o, body("/other"), "a Location on another host is not invalidated")
}

// Issue #22 item 6: handler panics propagate to net/http; partial content is never stored.
func TestHandlerPanicPropagates(t *testing.T) {
	for name, val := range map[string]any{"value": "boom", "abort": http.ErrAbortHandler} {
		t.Run(name, func(t *testing.T) {
			h := newMW(t, policy("panic-"+name)).Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
				panic(val)
			}))
			w := httptest.NewRecorder()
			var got any
			func() {
				defer func() { got = recover() }()
				h.ServeHTTP(w, httptest.NewRequest("GET", "/p", nil))
			}()
			require.NotNil(t, got, "the panic was swallowed (status %d)", w.Code)
			if err, ok := val.(error); ok {
				gotErr, isErr := got.(error)
				require.True(t, isErr)
				assert.True(t, errors.Is(gotErr, err), "http.ErrAbortHandler must reach net/http as itself")
			}
			assert.NotEqual(t, http.StatusInternalServerError, w.Code, "no silent 500")
		})
	}
}

func TestPartialContentNeverStored(t *testing.T) {
	var calls atomic.Int32
	p := policy("partial")
	p.Statuses = []int{200, 206}
	h := newMW(t, p).Handler(counting(&calls, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Range") != "" {
			w.Header().Set("Content-Range", "bytes 0-3/100")
			w.WriteHeader(http.StatusPartialContent)
		}
	}))
	ranged := do(h, "GET", "/file", map[string]string{"Range": "bytes=0-3"})
	assert.Equal(t, http.StatusPartialContent, ranged.Code)
	plain := do(h, "GET", "/file", nil)
	assert.Equal(t, http.StatusOK, plain.Code, "a stored 206 was served to a plain GET")
	assert.EqualValues(t, 2, calls.Load())
}
