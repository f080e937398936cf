package httpcache

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingWriter is a ResponseWriter that records what reached it and flushes.
type countingWriter struct {
	*httptest.ResponseRecorder
	written atomic.Int64
	flushes atomic.Int32
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.written.Add(int64(len(p)))
	return c.ResponseRecorder.Write(p)
}

func (c *countingWriter) Flush() { c.flushes.Add(1); c.ResponseRecorder.Flush() }

// Issue #22 item 5: a response past MaxBodyBytes is not buffered whole; what is
// past the limit streams through, and nothing is stored.
func TestLargeResponseStreamedNotBuffered(t *testing.T) {
	var calls atomic.Int32
	p := policy("large")
	p.MaxBodyBytes = 1024
	cw := &countingWriter{ResponseRecorder: httptest.NewRecorder()}
	var reachedClient int64
	h := newMW(t, p).Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		chunk := []byte(strings.Repeat("x", 512))
		for range 8 { // 4 KiB
			_, _ = w.Write(chunk)
		}
		reachedClient = cw.written.Load()
		_, _ = w.Write(chunk)
	}))
	h.ServeHTTP(cw, httptest.NewRequest("GET", "/big", nil))
	assert.GreaterOrEqual(t, reachedClient, int64(4096-1024), "the body past the limit was held back until the handler returned")
	assert.Equal(t, 9*512, cw.Body.Len())
	do(h, "GET", "/big", nil)
	assert.EqualValues(t, 2, calls.Load(), "an over-limit response is not stored")
}

// Issue #22 item 5: http.Flusher works through the middleware (server-sent
// events) and a flushed response is passed through, not stored.
func TestFlusherSupportedAndStreamingNotStored(t *testing.T) {
	var calls atomic.Int32
	h := newMW(t, policy("sse")).Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		f, ok := w.(http.Flusher)
		if !ok {
			http.Error(w, "no flusher", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = w.Write([]byte("data: 1\n\n"))
		f.Flush()
		_, _ = w.Write([]byte("data: 2\n\n"))
	}))
	cw := &countingWriter{ResponseRecorder: httptest.NewRecorder()}
	h.ServeHTTP(cw, httptest.NewRequest("GET", "/events", nil))
	assert.Equal(t, http.StatusOK, cw.Code)
	assert.Equal(t, "data: 1\n\ndata: 2\n\n", cw.Body.String())
	assert.Positive(t, cw.flushes.Load(), "the flush reached the client's writer")
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/events", nil))
	assert.EqualValues(t, 2, calls.Load(), "a streamed response is not stored")
}

// Issue #22 item 5: when the client that started a load leaves and nobody else
// waits, the handler's context is cancelled.
func TestHandlerContextCancelledWhenLeaderLeaves(t *testing.T) {
	started := make(chan struct{})
	cancelled := make(chan bool, 1)
	h := newMW(t, policy("leave")).Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		close(started)
		select {
		case <-r.Context().Done():
			cancelled <- true
		case <-time.After(3 * time.Second): // bound for the failing (pre-fix) case only
			cancelled <- false
		}
	}))
	ctx, leave := context.WithCancel(context.Background())
	go h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/slow", nil).WithContext(ctx))
	<-started
	leave()
	require.True(t, <-cancelled, "the handler kept running for nobody")
}
