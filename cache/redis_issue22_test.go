package cache

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue #22 item 8: with Redis stalled (SIGSTOP), Set used to return nil and keep
// the value in L1 while no other instance could see it. It reports the failure
// and keeps nothing in L1.
func TestRedisSetReportsFailedWrite(t *testing.T) {
	srv := startRedis(t)
	ctx := context.Background()
	a := newL2Cache[string](t, srv, testConfig("setfail"))
	k := key(t, "k")
	require.NoError(t, a.Set(ctx, k, "v1"))

	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGSTOP))
	t.Cleanup(func() { _ = srv.cmd.Process.Signal(syscall.SIGCONT) })
	err := a.Set(ctx, k, "v2")
	require.ErrorIs(t, err, ErrBackend, "a failed Redis write is reported")
	_, inL1 := a.l1.GetIfPresent(k.String())
	assert.False(t, inL1, "a value other instances cannot see is not kept in L1")
	require.NoError(t, srv.cmd.Process.Signal(syscall.SIGCONT))
}

// Issue #22 item 8: a keyspace reset (FLUSHALL, or a restart without
// persistence) drops the L1 entries that may now be stale, on every instance.
func TestRedisKeyspaceResetDropsL1(t *testing.T) {
	srv := startRedis(t)
	ctx := context.Background()
	cfg := testConfig("flushall")
	a := newL2Cache[string](t, srv, cfg)
	b := newL2Cache[string](t, srv, cfg)
	k := key(t, "k")
	inL1 := func(c *Cache[string]) bool { _, ok := c.l1.GetIfPresent(k.String()); return ok }

	require.NoError(t, a.Set(ctx, k, "v1"))
	require.Eventually(t, func() bool { v, ok := b.Get(ctx, k); return ok && v == "v1" && inL1(b) }, 5*time.Second, 5*time.Millisecond)
	client := newRedisClient(t, srv)
	require.NoError(t, client.Do(ctx, client.B().Flushall().Build()).Error())
	require.Eventually(t, func() bool { return !inL1(a) && !inL1(b) }, 5*time.Second, 10*time.Millisecond,
		"L1 copies survived FLUSHALL")
}
