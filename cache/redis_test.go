package cache

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/rueidis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// redisServer is a throwaway redis-server on loopback, owned by one test.
type redisServer struct {
	addr string
	cmd  *exec.Cmd
	done chan struct{}
}

// startRedis starts redis-server on a free loopback port and stops it at cleanup.
// Without the binary the test is skipped, or fails when CI is set.
func startRedis(tb testing.TB) *redisServer {
	tb.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("redis-server not found and CI is set: %v", err)
		}
		tb.Skip("redis-server not found; install it (apt-get install redis-server) to run the L2 tests")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(tb, l.Close())
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning")
	require.NoError(tb, cmd.Start())
	s := &redisServer{addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.done) }()
	tb.Cleanup(s.kill)
	deadline := time.Now().Add(10 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", s.addr, 100*time.Millisecond)
		if err == nil {
			_ = conn.Close()
			return s
		}
		if time.Now().After(deadline) {
			tb.Fatalf("redis-server did not start on %s: %v", s.addr, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *redisServer) kill() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Kill()
	<-s.done
}

func newRedisClient(tb testing.TB, s *redisServer) rueidis.Client {
	tb.Helper()
	client, err := rueidis.NewClient(rueidis.ClientOption{
		InitAddress:      []string{s.addr},
		DisableCache:     true,
		ConnWriteTimeout: time.Second,
	})
	require.NoError(tb, err)
	tb.Cleanup(client.Close)
	return client
}

func newL2Cache[V any](tb testing.TB, s *redisServer, cfg Config) *Cache[V] {
	tb.Helper()
	cfg.Redis = &RedisConfig{Client: newRedisClient(tb, s), Timeout: 200 * time.Millisecond, RetryAfter: 200 * time.Millisecond, KeyspaceCheckInterval: 50 * time.Millisecond}
	c, err := New[V](cfg)
	require.NoError(tb, err)
	tb.Cleanup(func() { _ = c.Close() })
	return c
}

func mustNotLoad[V any](t *testing.T) func(context.Context) (V, error) {
	return func(context.Context) (V, error) {
		t.Error("loader called, expected an L2 hit")
		var zero V
		return zero, errors.New("unexpected load")
	}
}

func TestRedisL2SharedBetweenInstances(t *testing.T) {
	srv := startRedis(t)
	ctx := context.Background()
	a := newL2Cache[dto](t, srv, testConfig("shared"))
	b := newL2Cache[dto](t, srv, testConfig("shared"))

	v, err := a.GetOrCreate(ctx, key(t, "1"), func(context.Context) (dto, error) { return dto{Name: "one"}, nil },
		WithTags("tenant:42"))
	require.NoError(t, err)
	assert.Equal(t, "one", v.Name)

	got, err := b.GetOrCreate(ctx, key(t, "1"), mustNotLoad[dto](t))
	require.NoError(t, err)
	assert.Equal(t, "one", got.Name, "B reads A's value from Redis")

	// Get promotes from L2 as well; tags travel with the entry.
	require.NoError(t, a.Set(ctx, key(t, "2"), dto{Name: "two"}, WithTags("tenant:42")))
	got, ok := b.Get(ctx, key(t, "2"))
	require.True(t, ok)
	assert.Equal(t, "two", got.Name)

	// Tag invalidation on A removes both entries from Redis and from B's L1.
	require.NoError(t, a.InvalidateTags(ctx, "tenant:42"))
	require.Eventually(t, func() bool {
		_, ok1 := b.l1.GetIfPresent(key(t, "1").String())
		_, ok2 := b.l1.GetIfPresent(key(t, "2").String())
		return !ok1 && !ok2
	}, 5*time.Second, 5*time.Millisecond, "B dropped its L1 copies")
	_, ok = b.Get(ctx, key(t, "1"))
	assert.False(t, ok)
	_, ok = b.Get(ctx, key(t, "2"))
	assert.False(t, ok)
}

func TestRedisWriteOnOneInstanceDropsOthersL1(t *testing.T) {
	srv := startRedis(t)
	ctx := context.Background()
	a := newL2Cache[string](t, srv, testConfig("crossinst"))
	b := newL2Cache[string](t, srv, testConfig("crossinst"))
	k := key(t, "profile")

	require.NoError(t, a.Set(ctx, k, "v1"))
	// B reads v1 through Redis and keeps it in L1 (a promotion is skipped while
	// the invalidation message of A's own write is still in flight, hence polling).
	require.Eventually(t, func() bool {
		v, ok := b.Get(ctx, k)
		e, inL1 := b.l1.GetIfPresent(k.String())
		return ok && v == "v1" && inL1 && e.value == "v1"
	}, 5*time.Second, 5*time.Millisecond, "B holds v1 in L1")

	// A write on A: B must stop serving v1 from its L1.
	require.NoError(t, a.Set(ctx, k, "v2"))
	require.Eventually(t, func() bool {
		v, ok := b.Get(ctx, k)
		return ok && v == "v2"
	}, 5*time.Second, 5*time.Millisecond)

	// An invalidation on A: B drops its copy and reloads.
	require.NoError(t, a.Invalidate(ctx, k))
	require.Eventually(t, func() bool {
		_, ok := b.l1.GetIfPresent(k.String())
		return !ok
	}, 5*time.Second, 5*time.Millisecond)
	v, err := b.GetOrCreate(ctx, k, func(context.Context) (string, error) { return "v3", nil })
	require.NoError(t, err)
	assert.Equal(t, "v3", v)

	// And B's invalidations reach A the same way.
	_, err = a.GetOrCreate(ctx, k, mustNotLoad[string](t))
	require.NoError(t, err)
	require.NoError(t, b.Invalidate(ctx, k))
	require.Eventually(t, func() bool {
		_, ok := a.l1.GetIfPresent(k.String())
		return !ok
	}, 5*time.Second, 5*time.Millisecond)
}

// A load that read Redis before another instance wrote must not overwrite the
// newer value in Redis.
func TestRedisStaleFillIsRejected(t *testing.T) {
	srv := startRedis(t)
	ctx := context.Background()
	a := newL2Cache[string](t, srv, testConfig("stalefill"))
	b := newL2Cache[string](t, srv, testConfig("stalefill"))
	k := key(t, "k")

	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan string)
	go func() {
		v, _ := b.GetOrCreate(ctx, k, func(context.Context) (string, error) {
			close(started)
			<-release
			return "old", nil
		})
		done <- v
	}()
	<-started
	require.NoError(t, a.Set(ctx, k, "new"))
	close(release)
	assert.Equal(t, "old", <-done)

	c := newL2Cache[string](t, srv, testConfig("stalefill"))
	v, ok := c.Get(ctx, k)
	require.True(t, ok)
	assert.Equal(t, "new", v, "Redis keeps the newer write")
	require.Eventually(t, func() bool {
		v, ok := b.Get(ctx, k)
		return ok && v == "new"
	}, 5*time.Second, 5*time.Millisecond, "B dropped the stale local copy")
}

func TestRedisNegativeAndExpiry(t *testing.T) {
	srv := startRedis(t)
	ctx := context.Background()
	a := newL2Cache[*dto](t, srv, testConfig("negl2"))
	b := newL2Cache[*dto](t, srv, testConfig("negl2"))
	_, err := a.GetOrCreate(ctx, key(t, "none"), func(context.Context) (*dto, error) { return nil, nil })
	require.NoError(t, err)
	_, ok := b.Get(ctx, key(t, "none"))
	assert.False(t, ok, "nil without opt-in is not written to Redis either")

	_, err = a.GetOrCreate(ctx, key(t, "neg"), func(context.Context) (*dto, error) { return nil, nil },
		WithNegativeCaching(300*time.Millisecond))
	require.NoError(t, err)
	v, ok := b.Get(ctx, key(t, "neg"))
	assert.True(t, ok)
	assert.Nil(t, v)
	require.Eventually(t, func() bool { _, ok := b.Get(ctx, key(t, "neg")); return !ok }, 5*time.Second, 10*time.Millisecond)
}

// TestRedisKilledMidRun: callers keep getting correct values from the loader, no
// value older than the TTL is served, and nothing panics or returns an error.
func TestRedisKilledMidRun(t *testing.T) {
	srv := startRedis(t)
	reader := sdkmetric.NewManualReader()
	cfg := testConfig("killed")
	cfg.TTL = 300 * time.Millisecond
	cfg.MeterProvider = sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	a := newL2Cache[int64](t, srv, cfg)
	b := newL2Cache[int64](t, srv, cfg)
	ctx := context.Background()

	// The source of truth: a version per key, bumped by writers. supersededAt[v]
	// is when version v stopped being current.
	const nkeys = 8
	var mu sync.Mutex
	truth := make([]int64, nkeys)
	superseded := make([]map[int64]time.Time, nkeys)
	for i := range superseded {
		superseded[i] = map[int64]time.Time{}
	}
	loader := func(i int) func(context.Context) (int64, error) {
		return func(context.Context) (int64, error) {
			mu.Lock()
			defer mu.Unlock()
			return truth[i], nil
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var reads, failures atomic.Int64
	var staleErr atomic.Value
	// slack: L1 expiry granularity and scheduling on a loaded CI machine.
	const slack = 250 * time.Millisecond
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := a
			if w%2 == 1 {
				c = b
			}
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				i := (w + n) % nkeys
				at := time.Now()
				v, err := c.GetOrCreate(ctx, key(t, fmt.Sprint(i)), loader(i))
				reads.Add(1)
				if err != nil {
					failures.Add(1)
					continue
				}
				mu.Lock()
				if s, ok := superseded[i][v]; ok && at.Sub(s) > cfg.TTL+slack {
					staleErr.Store(fmt.Sprintf("key %d: version %d served %v after it was superseded", i, v, at.Sub(s)))
				}
				mu.Unlock()
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Add(1)
	go func() { // writer: commit a new version, then invalidate (errors ignored once Redis is gone)
		defer wg.Done()
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			i := n % nkeys
			mu.Lock()
			superseded[i][truth[i]] = time.Now()
			truth[i]++
			mu.Unlock()
			_ = a.Invalidate(ctx, key(t, fmt.Sprint(i)))
		}
	}()

	time.Sleep(700 * time.Millisecond)
	srv.kill()
	time.Sleep(1500 * time.Millisecond)
	close(stop)
	waitOrFail(t, &wg)

	assert.Zero(t, failures.Load(), "a Redis outage is never returned to callers")
	assert.Nil(t, staleErr.Load(), "stale value served beyond the TTL")
	assert.Greater(t, reads.Load(), int64(100))
	// Values after the outage are still correct: they come from the loader.
	for i := range nkeys {
		require.Eventually(t, func() bool {
			v, err := a.GetOrCreate(ctx, key(t, fmt.Sprint(i)), loader(i))
			mu.Lock()
			defer mu.Unlock()
			return err == nil && v == truth[i]
		}, 5*time.Second, 20*time.Millisecond)
	}
	ms := collect(t, reader)
	assert.Positive(t, sum(t, ms[MetricBackendErrors], map[string]string{AttrCache: "killed", AttrLayer: "l2"}),
		"Redis failures are counted")
	h := ms[MetricFallbackDuration]
	assert.NotNil(t, h.Data)
}

func TestRedisDecodeFailureFallsBack(t *testing.T) {
	srv := startRedis(t)
	ctx := context.Background()
	a := newL2Cache[dto](t, srv, testConfig("corrupt"))
	k := key(t, "x")
	client := newRedisClient(t, srv)
	require.NoError(t, client.Do(ctx, client.B().Set().Key(a.l2.valPrefix+k.String()).Value("\x01garbage").Build()).Error())
	v, err := a.GetOrCreate(ctx, k, func(context.Context) (dto, error) { return dto{Name: "fresh"}, nil })
	require.NoError(t, err)
	assert.Equal(t, "fresh", v.Name)
}
