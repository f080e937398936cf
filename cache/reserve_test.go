package cache

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReservationCoalescesAndFills(t *testing.T) {
	ctx := context.Background()
	c := newTestCache[string](t, testConfig("reserve"))
	k := key(t, "r")
	_, res, err := c.GetOrReserve(ctx, k)
	require.NoError(t, err)
	require.NotNil(t, res)

	got := make(chan string)
	go func() {
		v, err := c.GetOrCreate(ctx, k, mustNotLoad[string](t))
		assert.NoError(t, err)
		got <- v
	}()
	require.Eventually(t, func() bool {
		sh := c.shard(k.s)
		sh.mu.Lock()
		defer sh.mu.Unlock()
		return sh.calls[k.s] != nil && sh.calls[k.s].waiters == 1
	}, noDeadlock, time.Millisecond)
	assert.True(t, res.Fill("filled", 0))
	assert.Equal(t, "filled", <-got, "the waiter got the reserved value")
	v, res2, err := c.GetOrReserve(ctx, k)
	require.NoError(t, err)
	assert.Nil(t, res2)
	assert.Equal(t, "filled", v)

	// Reserve bypasses the stored value; Fill replaces it.
	res3, err := c.Reserve(ctx, k)
	require.NoError(t, err)
	assert.True(t, res3.Fill("refreshed", time.Minute))
	v, _ = c.Get(ctx, k)
	assert.Equal(t, "refreshed", v)

	// Fail releases waiters with the error and stores nothing.
	_, res4, err := c.GetOrReserve(ctx, key(t, "f"))
	require.NoError(t, err)
	boom := errors.New("boom")
	res4.Fail(boom)
	_, ok := c.Get(ctx, key(t, "f"))
	assert.False(t, ok)
}

func TestReservationStaleAfterInvalidation(t *testing.T) {
	ctx := context.Background()
	c := newTestCache[string](t, testConfig("reservestale"))
	k := key(t, "s")
	_, res, err := c.GetOrReserve(ctx, k, WithTags("tenant:42"))
	require.NoError(t, err)
	require.NoError(t, c.InvalidateTags(ctx, "tenant:42"))
	assert.False(t, res.Fill("old", 0), "a reservation taken before the invalidation is not stored")
	_, ok := c.Get(ctx, k)
	assert.False(t, ok)
}

func TestReservationContextEndsWhenNobodyWaits(t *testing.T) {
	c := newTestCache[string](t, testConfig("reservectx"))
	k := key(t, "c")

	// The holder leaves with nobody waiting: the load context ends.
	hctx, leave := context.WithCancel(context.Background())
	_, res, err := c.GetOrReserve(hctx, k)
	require.NoError(t, err)
	leave()
	select {
	case <-res.Context().Done():
	case <-time.After(noDeadlock):
		t.Fatal("load context not cancelled after the holder left")
	}
	assert.False(t, res.Fill("late", 0), "a cancelled load is not stored")

	// The holder leaves while another caller waits: the load goes on until that
	// caller leaves too.
	hctx, leave = context.WithCancel(context.Background())
	_, res, err = c.GetOrReserve(hctx, k)
	require.NoError(t, err)
	wctx, waiterLeaves := context.WithCancel(context.Background())
	waiterDone := make(chan error)
	go func() {
		_, err := c.GetOrCreate(wctx, k, mustNotLoad[string](t))
		waiterDone <- err
	}()
	require.Eventually(t, func() bool {
		sh := c.shard(k.s)
		sh.mu.Lock()
		defer sh.mu.Unlock()
		return res.cl.waiters == 1
	}, noDeadlock, time.Millisecond)
	leave()
	require.Eventually(t, func() bool {
		sh := c.shard(k.s)
		sh.mu.Lock()
		defer sh.mu.Unlock()
		return res.cl.leaderGone
	}, noDeadlock, time.Millisecond)
	assert.NoError(t, res.Context().Err(), "someone still waits")
	waiterLeaves()
	require.ErrorIs(t, <-waiterDone, context.Canceled)
	select {
	case <-res.Context().Done():
	case <-time.After(noDeadlock):
		t.Fatal("load context not cancelled after the last waiter left")
	}
	res.Fail(nil)
}
