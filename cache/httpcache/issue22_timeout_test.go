package httpcache

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// Issue #22 item 5: the load timeout is a Policy field.
func TestLoadTimeoutPolicy(t *testing.T) {
	p := policy("loadtimeout")
	p.LoadTimeout = 50 * time.Millisecond
	var ctxErr error
	h := newMW(t, p).Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			ctxErr = r.Context().Err()
		case <-time.After(10 * time.Second):
		}
	}))
	do(h, "GET", "/t", nil)
	assert.True(t, errors.Is(ctxErr, context.DeadlineExceeded), "got %v", ctxErr)
}
