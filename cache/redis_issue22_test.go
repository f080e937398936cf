package cache

import (
	"context"
	"encoding/gob"
	"fmt"
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

type dtoV1 struct{ Name string }

type dtoV2 struct {
	Name string
	Age  int
}

type withUnexported struct {
	Name   string
	secret int
}

// Secret reads the field gob would drop (the test only needs it to exist).
func (w withUnexported) Secret() int { return w.secret }

// gobbed keeps an unexported field and says how to encode it.
type gobbed struct{ n int64 }

func (g gobbed) GobEncode() ([]byte, error) { return []byte(fmt.Sprint(g.n)), nil }
func (g *gobbed) GobDecode(b []byte) error {
	_, err := fmt.Sscan(string(b), &g.n)
	return err
}

type registered struct{ N uint64 }

func init() { gob.Register(registered{}) }

// Issue #22 item 9: values come back from Redis as they went in, or not at all.
func TestRedisValuesRoundTrip(t *testing.T) {
	srv := startRedis(t)
	ctx := context.Background()

	t.Run("any keeps types and integer precision", func(t *testing.T) {
		a := newL2Cache[any](t, srv, testConfig("rt-any"))
		b := newL2Cache[any](t, srv, testConfig("rt-any"))
		big := int64(1<<60 + 1)
		require.NoError(t, a.Set(ctx, key(t, "int"), big))
		require.NoError(t, a.Set(ctx, key(t, "struct"), registered{N: 1<<63 + 7}))
		v, ok := b.Get(ctx, key(t, "int"))
		require.True(t, ok)
		assert.Equal(t, big, v, "an int64 above 2^53 comes back exactly, as an int64")
		v, ok = b.Get(ctx, key(t, "struct"))
		require.True(t, ok)
		assert.Equal(t, registered{N: 1<<63 + 7}, v, "a struct comes back as itself, not a map")
	})

	t.Run("unexported state", func(t *testing.T) {
		a := newL2Cache[gobbed](t, srv, testConfig("rt-gobbed"))
		b := newL2Cache[gobbed](t, srv, testConfig("rt-gobbed"))
		require.NoError(t, a.Set(ctx, key(t, "g"), gobbed{n: 42}))
		v, ok := b.Get(ctx, key(t, "g"))
		require.True(t, ok)
		assert.Equal(t, gobbed{n: 42}, v, "a type that encodes its unexported state keeps it")

		// A type whose unexported fields the serializer would drop is refused
		// rather than silently changed.
		cfg := testConfig("rt-unexported")
		cfg.Redis = &RedisConfig{Client: newRedisClient(t, srv)}
		_, err := New[withUnexported](cfg)
		require.ErrorIs(t, err, ErrInvalidConfig)
		assert.Contains(t, err.Error(), "secret")
	})

	t.Run("same name, different types", func(t *testing.T) {
		a := newL2Cache[dtoV1](t, srv, testConfig("rt-types"))
		b := newL2Cache[dtoV2](t, srv, testConfig("rt-types"))
		require.NoError(t, a.Set(ctx, key(t, "x"), dtoV1{Name: "one"}))
		_, ok := b.Get(ctx, key(t, "x"))
		assert.False(t, ok, "an entry of another type (or schema) is a miss")
		v, err := b.GetOrCreate(ctx, key(t, "x"), func(context.Context) (dtoV2, error) { return dtoV2{Name: "two", Age: 2}, nil })
		require.NoError(t, err)
		assert.Equal(t, dtoV2{Name: "two", Age: 2}, v)
	})
}
