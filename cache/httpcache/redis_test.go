package httpcache

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cachevet/cachevet/cache"
	"github.com/redis/rueidis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startRedis runs redis-server on a free loopback port for one test (skipped
// without the binary, failed when CI is set).
func startRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("redis-server not found and CI is set: %v", err)
		}
		t.Skip("redis-server not found; install it to run the L2 tests")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	require.Eventually(t, func() bool {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			_ = c.Close()
		}
		return err == nil
	}, 10*time.Second, 20*time.Millisecond)
	return addr
}

func TestRedisL2SharedAcrossInstances(t *testing.T) {
	addr := startRedis(t)
	mk := func(calls *atomic.Int32) http.Handler {
		client, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{addr}, DisableCache: true})
		require.NoError(t, err)
		t.Cleanup(client.Close)
		p := scopedPolicy("l2")
		p.Redis = &cache.RedisConfig{Client: client}
		return newMW(t, p).Handler(counting(calls, nil))
	}
	var callsA, callsB atomic.Int32
	a, b := mk(&callsA), mk(&callsB)
	first := do(a, "GET", "/shared", nil)
	second := do(b, "GET", "/shared", nil)
	assert.Equal(t, first.Body.String(), second.Body.String())
	assert.EqualValues(t, 0, callsB.Load(), "instance B served A's response from Redis")
	assert.Equal(t, first.Header().Get("ETag"), second.Header().Get("ETag"))

	// Scoped entries stay per user across instances too.
	alice := do(a, "GET", "/me", map[string]string{"Authorization": "Bearer alice"})
	bob := do(b, "GET", "/me", map[string]string{"Authorization": "Bearer bob"})
	assert.EqualValues(t, 1, callsB.Load(), "bob's request is not served alice's entry")
	assert.NotEqual(t, alice.Header().Get("ETag"), bob.Header().Get("ETag"))
	alice2 := do(b, "GET", "/me", map[string]string{"Authorization": "Bearer alice"})
	assert.Equal(t, alice.Body.String(), alice2.Body.String(), "alice's entry is shared across instances, for alice")
	assert.EqualValues(t, 1, callsB.Load())
}
