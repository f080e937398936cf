package cache

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// generous bounds for "does not deadlock" assertions; they are not timing claims.
const noDeadlock = 10 * time.Second

func testConfig(name string) Config {
	return Config{Name: name, MaxEntries: 1000, TTL: time.Minute}
}

func newTestCache[V any](t *testing.T, cfg Config) *Cache[V] {
	t.Helper()
	c, err := New[V](cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func key(t *testing.T, ids ...string) Key {
	t.Helper()
	k, err := NewKey("test", "things", Tenant("42"), 1, ids...)
	require.NoError(t, err)
	return k
}

func TestNewValidatesConfig(t *testing.T) {
	base := testConfig("ok")
	cases := map[string]func(c *Config){
		"no name":          func(c *Config) { c.Name = "" },
		"bad name":         func(c *Config) { c.Name = "a b" },
		"no max entries":   func(c *Config) { c.MaxEntries = 0 },
		"no ttl":           func(c *Config) { c.TTL = 0 },
		"negative ttl":     func(c *Config) { c.TTL = -time.Second },
		"negative sliding": func(c *Config) { c.Sliding = -1 },
		"jitter too big":   func(c *Config) { c.Jitter = 0.9 },
		"negative load":    func(c *Config) { c.LoadTimeout = -1 },
		"redis no client":  func(c *Config) { c.Redis = &RedisConfig{} },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			cfg := base
			mutate(&cfg)
			c, err := New[string](cfg)
			require.ErrorIs(t, err, ErrInvalidConfig)
			assert.Nil(t, c)
		})
	}
	c, err := New[string](base)
	require.NoError(t, err)
	require.NoError(t, c.Close())
	require.NoError(t, c.Close(), "Close is idempotent")
}

func TestEntryOptionValidation(t *testing.T) {
	c := newTestCache[*string](t, testConfig("opts"))
	ctx := context.Background()
	load := func(context.Context) (*string, error) { s := "x"; return &s, nil }
	for name, opt := range map[string]EntryOption{
		"zero ttl":          WithTTL(0),
		"negative sliding":  WithSliding(-time.Second),
		"zero negative ttl": WithNegativeCaching(0),
		"negative > ttl":    WithNegativeCaching(2 * time.Minute),
		"empty tag":         WithTags(""),
		"zero option":       {},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.GetOrCreate(ctx, key(t, name), load, opt)
			require.ErrorIs(t, err, ErrInvalidOption)
			require.ErrorIs(t, c.Set(ctx, key(t, name), nil, opt), ErrInvalidOption)
		})
	}
}

func TestGetOrCreateCachesValue(t *testing.T) {
	c := newTestCache[string](t, testConfig("basic"))
	ctx := context.Background()
	var calls atomic.Int32
	load := func(context.Context) (string, error) { calls.Add(1); return "v", nil }
	for range 3 {
		v, err := c.GetOrCreate(ctx, key(t, "a"), load)
		require.NoError(t, err)
		assert.Equal(t, "v", v)
	}
	assert.EqualValues(t, 1, calls.Load())
	v, ok := c.Get(ctx, key(t, "a"))
	assert.True(t, ok)
	assert.Equal(t, "v", v)
	_, ok = c.Get(ctx, key(t, "b"))
	assert.False(t, ok)

	_, err := c.GetOrCreate(ctx, Key{}, load)
	require.ErrorIs(t, err, ErrInvalidKey)
	_, ok = c.Get(ctx, Key{})
	assert.False(t, ok)
	_, err = c.GetOrCreate(ctx, key(t, "nil-loader"), nil)
	require.ErrorIs(t, err, ErrNilLoader)
}

func TestStampedeOneLoaderCall(t *testing.T) {
	c := newTestCache[int](t, testConfig("stampede"))
	ctx := context.Background()
	var calls atomic.Int32
	release := make(chan struct{})
	load := func(context.Context) (int, error) {
		calls.Add(1)
		<-release
		return 7, nil
	}
	const n = 1000
	var wg sync.WaitGroup
	var started sync.WaitGroup
	started.Add(n)
	results := make([]int, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started.Done()
			results[i], errs[i] = c.GetOrCreate(ctx, key(t, "hot"), load)
		}()
	}
	started.Wait()
	time.Sleep(20 * time.Millisecond) // let most callers join the flight
	close(release)
	waitOrFail(t, &wg)
	assert.EqualValues(t, 1, calls.Load())
	for i := range n {
		require.NoError(t, errs[i])
		require.Equal(t, 7, results[i])
	}
}

func waitOrFail(t *testing.T, wg *sync.WaitGroup) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(noDeadlock):
		t.Fatal("callers still blocked: deadlock")
	}
}

// concurrently runs n callers of the same key; loader blocks until release closes.
func concurrently[V any](t *testing.T, c *Cache[V], k Key, n int, load func(context.Context) (V, error)) ([]V, []error) {
	t.Helper()
	vals, errs := make([]V, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals[i], errs[i] = c.GetOrCreate(context.Background(), k, load)
		}()
	}
	waitOrFail(t, &wg)
	return vals, errs
}

func TestPanickingLoader(t *testing.T) {
	c := newTestCache[string](t, testConfig("panic"))
	gate := make(chan struct{})
	var calls atomic.Int32
	load := func(context.Context) (string, error) {
		calls.Add(1)
		<-gate
		panic("boom")
	}
	go func() { time.Sleep(20 * time.Millisecond); close(gate) }()
	_, errs := concurrently(t, c, key(t, "p"), 50, load)
	for _, err := range errs {
		var pe *PanicError
		require.ErrorAs(t, err, &pe)
		assert.Equal(t, "boom", pe.Value)
		assert.NotEmpty(t, pe.Stack)
	}
	_, ok := c.Get(context.Background(), key(t, "p"))
	assert.False(t, ok, "nothing stored after a panic")
	// The key is usable again.
	v, err := c.GetOrCreate(context.Background(), key(t, "p"), func(context.Context) (string, error) { return "ok", nil })
	require.NoError(t, err)
	assert.Equal(t, "ok", v)

	// A panic with an error value unwraps to it.
	sentinel := errors.New("inner")
	_, err = c.GetOrCreate(context.Background(), key(t, "p2"), func(context.Context) (string, error) { panic(sentinel) })
	require.ErrorIs(t, err, sentinel)
}

func TestGoexitLoader(t *testing.T) {
	c := newTestCache[string](t, testConfig("goexit"))
	gate := make(chan struct{})
	load := func(context.Context) (string, error) {
		<-gate
		runtime.Goexit()
		return "unreachable", nil
	}
	go func() { time.Sleep(20 * time.Millisecond); close(gate) }()
	_, errs := concurrently(t, c, key(t, "g"), 50, load)
	for _, err := range errs {
		require.ErrorIs(t, err, ErrLoaderGoexit)
	}
	_, ok := c.Get(context.Background(), key(t, "g"))
	assert.False(t, ok)
}

func TestCancelledFirstCallerDoesNotHurtOthers(t *testing.T) {
	c := newTestCache[string](t, testConfig("cancel"))
	release := make(chan struct{})
	var loaderCtxErr atomic.Value
	var calls atomic.Int32
	load := func(ctx context.Context) (string, error) {
		calls.Add(1)
		<-release
		if err := ctx.Err(); err != nil {
			loaderCtxErr.Store(err)
			return "", err
		}
		return "fresh", nil
	}
	type ctxKey struct{}
	firstCtx, cancelFirst := context.WithCancel(context.WithValue(context.Background(), ctxKey{}, "v"))
	firstDone := make(chan error, 1)
	go func() {
		_, err := c.GetOrCreate(firstCtx, key(t, "c"), func(ctx context.Context) (string, error) {
			assert.Equal(t, "v", ctx.Value(ctxKey{}), "values survive detaching")
			_, hasDeadline := ctx.Deadline()
			assert.True(t, hasDeadline, "the detached load has its own deadline")
			return load(ctx)
		})
		firstDone <- err
	}()
	require.Eventually(t, func() bool { return calls.Load() == 1 }, noDeadlock, time.Millisecond)

	var wg sync.WaitGroup
	vals := make([]string, 20)
	errs := make([]error, 20)
	for i := range vals {
		wg.Add(1)
		go func() {
			defer wg.Done()
			vals[i], errs[i] = c.GetOrCreate(context.Background(), key(t, "c"), load)
		}()
	}
	cancelFirst()
	select {
	case err := <-firstDone:
		require.ErrorIs(t, err, context.Canceled, "the cancelled caller returns at once")
	case <-time.After(noDeadlock):
		t.Fatal("cancelled caller still blocked")
	}
	time.Sleep(10 * time.Millisecond)
	close(release)
	waitOrFail(t, &wg)
	for i := range vals {
		require.NoError(t, errs[i])
		assert.Equal(t, "fresh", vals[i])
	}
	assert.Nil(t, loaderCtxErr.Load(), "the load did not see the caller's cancellation")
	assert.EqualValues(t, 1, calls.Load())
	v, ok := c.Get(context.Background(), key(t, "c"))
	assert.True(t, ok)
	assert.Equal(t, "fresh", v)
}

func TestLoaderIgnoringDeadlineReleasesWaiters(t *testing.T) {
	cfg := testConfig("timeout")
	cfg.LoadTimeout = 50 * time.Millisecond
	c := newTestCache[string](t, cfg)
	stuck := make(chan struct{})
	t.Cleanup(func() { close(stuck) })
	_, errs := concurrently(t, c, key(t, "slow"), 10, func(context.Context) (string, error) {
		<-stuck // ignores ctx
		return "late", nil
	})
	for _, err := range errs {
		require.ErrorIs(t, err, ErrLoadTimeout)
		require.ErrorIs(t, err, context.DeadlineExceeded)
	}
	_, ok := c.Get(context.Background(), key(t, "slow"))
	assert.False(t, ok)
}

func TestErrorsAreNeverCached(t *testing.T) {
	c := newTestCache[string](t, testConfig("errors"))
	ctx := context.Background()
	boom := errors.New("upstream down")
	var calls atomic.Int32
	for range 3 {
		_, err := c.GetOrCreate(ctx, key(t, "e"), func(context.Context) (string, error) {
			calls.Add(1)
			return "partial", boom
		})
		require.ErrorIs(t, err, boom)
	}
	assert.EqualValues(t, 3, calls.Load(), "every call reaches the loader again")
	_, ok := c.Get(ctx, key(t, "e"))
	assert.False(t, ok)
}

type dto struct{ Name string }

func TestNilIsNotCachedWithoutOptIn(t *testing.T) {
	ctx := context.Background()
	t.Run("pointer", func(t *testing.T) {
		c := newTestCache[*dto](t, testConfig("nilptr"))
		var calls atomic.Int32
		load := func(context.Context) (*dto, error) { calls.Add(1); return nil, nil }
		for range 3 {
			v, err := c.GetOrCreate(ctx, key(t, "n"), load)
			require.NoError(t, err)
			assert.Nil(t, v)
		}
		assert.EqualValues(t, 3, calls.Load())
		require.ErrorIs(t, c.Set(ctx, key(t, "n"), nil), ErrNilValue)
	})
	t.Run("map slice interface", func(t *testing.T) {
		cm := newTestCache[map[string]int](t, testConfig("nilmap"))
		_, _ = cm.GetOrCreate(ctx, key(t, "m"), func(context.Context) (map[string]int, error) { return nil, nil })
		_, ok := cm.Get(ctx, key(t, "m"))
		assert.False(t, ok)
		cs := newTestCache[[]int](t, testConfig("nilslice"))
		_, _ = cs.GetOrCreate(ctx, key(t, "s"), func(context.Context) ([]int, error) { return nil, nil })
		_, ok = cs.Get(ctx, key(t, "s"))
		assert.False(t, ok)
		ci := newTestCache[any](t, testConfig("nilany"))
		_, _ = ci.GetOrCreate(ctx, key(t, "i"), func(context.Context) (any, error) { return (*dto)(nil), nil })
		_, ok = ci.Get(ctx, key(t, "i"))
		assert.False(t, ok, "a typed nil inside an interface is nil too")
		_, _ = ci.GetOrCreate(ctx, key(t, "j"), func(context.Context) (any, error) { return 0, nil })
		_, ok = ci.Get(ctx, key(t, "j"))
		assert.True(t, ok, "zero values that are not nil are cached")
	})
	t.Run("negative caching opt-in", func(t *testing.T) {
		c := newTestCache[*dto](t, testConfig("negative"))
		var calls atomic.Int32
		load := func(context.Context) (*dto, error) { calls.Add(1); return nil, nil }
		for range 3 {
			v, err := c.GetOrCreate(ctx, key(t, "n"), load, WithNegativeCaching(80*time.Millisecond))
			require.NoError(t, err)
			assert.Nil(t, v)
		}
		assert.EqualValues(t, 1, calls.Load())
		require.Eventually(t, func() bool {
			_, ok := c.Get(ctx, key(t, "n"))
			return !ok
		}, noDeadlock, 5*time.Millisecond, "the negative entry expires after its own TTL")
		require.NoError(t, c.Set(ctx, key(t, "m"), nil, WithNegativeCaching(time.Second)))
	})
}

func TestAbsoluteAndSlidingExpiration(t *testing.T) {
	ctx := context.Background()
	c := newTestCache[string](t, testConfig("expiry"))
	require.NoError(t, c.Set(ctx, key(t, "abs"), "v", WithTTL(60*time.Millisecond)))
	_, ok := c.Get(ctx, key(t, "abs"))
	require.True(t, ok)
	require.Eventually(t, func() bool { _, ok := c.Get(ctx, key(t, "abs")); return !ok }, noDeadlock, 5*time.Millisecond)

	// Sliding: kept alive by reads, but never beyond the absolute TTL.
	start := time.Now()
	require.NoError(t, c.Set(ctx, key(t, "slide"), "v", WithTTL(300*time.Millisecond), WithSliding(100*time.Millisecond)))
	for time.Since(start) < 200*time.Millisecond {
		_, ok := c.Get(ctx, key(t, "slide"))
		require.True(t, ok, "reads within the sliding window keep the entry")
		time.Sleep(20 * time.Millisecond)
	}
	require.Eventually(t, func() bool { _, ok := c.Get(ctx, key(t, "slide")); return !ok }, noDeadlock, 5*time.Millisecond)
	assert.Less(t, time.Since(start), 300*time.Millisecond+time.Second+200*time.Millisecond,
		"gone by the absolute TTL (plus the L1 read-update granularity)")

	// Sliding without reads: expires after the window.
	require.NoError(t, c.Set(ctx, key(t, "idle"), "v", WithTTL(time.Minute), WithSliding(50*time.Millisecond)))
	time.Sleep(120 * time.Millisecond)
	_, ok = c.Get(ctx, key(t, "idle"))
	assert.False(t, ok)
}

func TestJitterOnlyShortensTTL(t *testing.T) {
	cfg := testConfig("jitter")
	cfg.Jitter = 0.5
	c := newTestCache[string](t, cfg)
	seen := map[int64]bool{}
	for i := range 50 {
		before := time.Now()
		e := c.newEntry("v", entryOpts{ttl: time.Minute})
		ttl := time.Duration(e.expiresAt - before.UnixNano())
		require.LessOrEqual(t, ttl, time.Minute+time.Millisecond, "entry %d", i)
		require.GreaterOrEqual(t, ttl, 30*time.Second-time.Millisecond)
		seen[int64(ttl/time.Millisecond)] = true
	}
	assert.Greater(t, len(seen), 1, "TTLs vary")
}

func TestInvalidateByKeyAndTag(t *testing.T) {
	ctx := context.Background()
	c := newTestCache[string](t, testConfig("invalidate"))
	require.NoError(t, c.Set(ctx, key(t, "a"), "a", WithTags("tenant:42", "course:7")))
	require.NoError(t, c.Set(ctx, key(t, "b"), "b", WithTags("tenant:42")))
	require.NoError(t, c.Set(ctx, key(t, "c"), "c", WithTags("tenant:43")))
	require.NoError(t, c.Set(ctx, key(t, "d"), "d"))

	require.NoError(t, c.Invalidate(ctx, key(t, "d")))
	_, ok := c.Get(ctx, key(t, "d"))
	assert.False(t, ok)

	require.NoError(t, c.InvalidateTags(ctx, "course:7"))
	_, ok = c.Get(ctx, key(t, "a"))
	assert.False(t, ok)
	_, ok = c.Get(ctx, key(t, "b"))
	assert.True(t, ok)

	require.NoError(t, c.InvalidateTags(ctx, "tenant:42"))
	_, ok = c.Get(ctx, key(t, "b"))
	assert.False(t, ok)
	_, ok = c.Get(ctx, key(t, "c"))
	assert.True(t, ok)

	// Re-tagging a key keeps it indexed under its newest tags.
	require.NoError(t, c.Set(ctx, key(t, "c"), "c1", WithTags("tenant:43")))
	require.NoError(t, c.Set(ctx, key(t, "c"), "c2", WithTags("tenant:43")))
	time.Sleep(10 * time.Millisecond) // deletion callbacks of the replaced entries run async
	require.NoError(t, c.InvalidateTags(ctx, "tenant:43"))
	_, ok = c.Get(ctx, key(t, "c"))
	assert.False(t, ok)

	require.ErrorIs(t, c.Invalidate(ctx, Key{}), ErrInvalidKey)
	require.ErrorIs(t, c.InvalidateTags(ctx, ""), ErrInvalidTag)
	require.NoError(t, c.Invalidate(ctx))
	require.NoError(t, c.InvalidateTags(ctx))
}

// A load that was in flight when its key was invalidated or written returns its
// value to its callers but does not store it (it may predate the write).
func TestInvalidationDuringLoadIsNotOverwritten(t *testing.T) {
	ctx := context.Background()
	for name, inval := range map[string]func(c *Cache[string]) error{
		"key": func(c *Cache[string]) error { return c.Invalidate(ctx, key(t, "k")) },
		"tag": func(c *Cache[string]) error { return c.InvalidateTags(ctx, "tenant:42") },
		"set": func(c *Cache[string]) error { return c.Set(ctx, key(t, "k"), "written") },
	} {
		t.Run(name, func(t *testing.T) {
			c := newTestCache[string](t, testConfig("inflight"))
			started, release := make(chan struct{}), make(chan struct{})
			done := make(chan string)
			go func() {
				v, _ := c.GetOrCreate(ctx, key(t, "k"), func(context.Context) (string, error) {
					close(started)
					<-release
					return "old", nil
				}, WithTags("tenant:42"))
				done <- v
			}()
			<-started
			require.NoError(t, inval(c))
			close(release)
			assert.Equal(t, "old", <-done)
			v, ok := c.Get(ctx, key(t, "k"))
			if name == "set" {
				assert.True(t, ok)
				assert.Equal(t, "written", v)
			} else {
				assert.False(t, ok, "stale load result was stored")
			}
		})
	}
}

type fakeTx struct {
	err       error
	committed bool
	onCommit  func()
}

func (f *fakeTx) Commit() error {
	if f.onCommit != nil {
		f.onCommit()
	}
	if f.err != nil {
		return f.err
	}
	f.committed = true
	return nil
}

func TestInvalidateAfterCommit(t *testing.T) {
	ctx := context.Background()
	c := newTestCache[string](t, testConfig("commit"))
	require.NoError(t, c.Set(ctx, key(t, "a"), "a", WithTags("course:7")))
	require.NoError(t, c.Set(ctx, key(t, "b"), "b", WithTags("course:7")))

	// Nothing is invalidated before or without a commit.
	failing := &fakeTx{err: errors.New("serialization failure"), onCommit: func() {
		_, ok := c.Get(ctx, key(t, "a"))
		assert.True(t, ok, "still cached while committing")
	}}
	err := c.InvalidateAfterCommit(ctx, failing, []Key{key(t, "a")}, []string{"course:7"})
	require.ErrorIs(t, err, failing.err)
	_, ok := c.Get(ctx, key(t, "a"))
	assert.True(t, ok)

	tx := &fakeTx{}
	require.NoError(t, c.InvalidateAfterCommit(ctx, tx, []Key{key(t, "a")}, nil))
	assert.True(t, tx.committed)
	_, ok = c.Get(ctx, key(t, "a"))
	assert.False(t, ok)
	_, ok = c.Get(ctx, key(t, "b"))
	assert.True(t, ok)
	require.NoError(t, c.InvalidateAfterCommit(ctx, &fakeTx{}, nil, []string{"course:7"}))
	_, ok = c.Get(ctx, key(t, "b"))
	assert.False(t, ok)
}

func TestAfterCommitCollector(t *testing.T) {
	ctx := context.Background()
	c1 := newTestCache[string](t, testConfig("ac1"))
	c2 := newTestCache[int](t, testConfig("ac2"))
	require.NoError(t, c1.Set(ctx, key(t, "a"), "a"))
	require.NoError(t, c2.Set(ctx, key(t, "n"), 1, WithTags("tenant:42")))

	var ac AfterCommit
	ac.Keys(c1, key(t, "a"))
	ac.Tags(c2, "tenant:42")
	require.Error(t, ac.Commit(ctx, &fakeTx{err: errors.New("rollback")}))
	_, ok := c1.Get(ctx, key(t, "a"))
	assert.True(t, ok, "failed commit invalidates nothing")
	require.NoError(t, ac.Run(ctx), "discarded after the failed commit")
	_, ok = c1.Get(ctx, key(t, "a"))
	assert.True(t, ok)

	ac.Keys(c1, key(t, "a"))
	ac.Tags(c2, "tenant:42")
	require.NoError(t, ac.Commit(ctx, &fakeTx{}))
	_, ok = c1.Get(ctx, key(t, "a"))
	assert.False(t, ok)
	_, ok = c2.Get(ctx, key(t, "n"))
	assert.False(t, ok)

	var bad AfterCommit
	bad.Keys(c1, Key{})
	require.ErrorIs(t, bad.Run(ctx), ErrInvalidationFailed)
}

func TestSizeBound(t *testing.T) {
	cfg := testConfig("bounded")
	cfg.MaxEntries = 100
	c := newTestCache[int](t, cfg)
	ctx := context.Background()
	for i := range 1000 {
		require.NoError(t, c.Set(ctx, key(t, fmt.Sprint(i)), i))
	}
	c.l1.CleanUp()
	assert.LessOrEqual(t, c.l1.EstimatedSize(), 100)
}

func TestClosedCache(t *testing.T) {
	c, err := New[string](testConfig("closed"))
	require.NoError(t, err)
	require.NoError(t, c.Close())
	_, err = c.GetOrCreate(context.Background(), key(t, "x"), func(context.Context) (string, error) { return "v", nil })
	require.ErrorIs(t, err, ErrClosed)
	require.ErrorIs(t, c.Set(context.Background(), key(t, "x"), "v"), ErrClosed)
}

// metric helpers ---------------------------------------------------------------

func collect(t *testing.T, r *sdkmetric.ManualReader) map[string]metricdata.Metrics {
	t.Helper()
	var rm metricdata.ResourceMetrics
	require.NoError(t, r.Collect(context.Background(), &rm))
	out := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	return out
}

// sum adds the data points of a counter whose attributes include all of want.
func sum(t *testing.T, m metricdata.Metrics, want map[string]string) int64 {
	t.Helper()
	s, ok := m.Data.(metricdata.Sum[int64])
	if !ok {
		return 0
	}
	var total int64
	for _, dp := range s.DataPoints {
		if attrsMatch(dp.Attributes.ToSlice(), want) {
			total += dp.Value
		}
	}
	return total
}

func attrsMatch(kvs []attributeKV, want map[string]string) bool {
	got := map[string]string{}
	for _, kv := range kvs {
		got[string(kv.Key)] = kv.Value.String()
	}
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	return true
}

func TestMetrics(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	cfg := testConfig("metrics")
	cfg.MeterProvider = mp
	cfg.MaxEntries = 10
	c := newTestCache[string](t, cfg)
	ctx := context.Background()

	ok := func(context.Context) (string, error) { return "v", nil }
	_, _ = c.GetOrCreate(ctx, key(t, "a"), ok) // miss + loader ok
	for range 200 {
		_, _ = c.GetOrCreate(ctx, key(t, "a"), ok) // hits
	}
	_, _ = c.GetOrCreate(ctx, key(t, "e"), func(context.Context) (string, error) { return "", errors.New("x") })
	_, _ = c.GetOrCreate(ctx, key(t, "p"), func(context.Context) (string, error) { panic("x") })
	for i := range 100 {
		_ = c.Set(ctx, key(t, "fill", fmt.Sprint(i)), "v")
	}
	c.l1.CleanUp()

	name := map[string]string{AttrCache: "metrics"}
	require.Eventually(t, func() bool {
		return sum(t, collect(t, reader)[MetricEvictions], name) > 0
	}, noDeadlock, 10*time.Millisecond, "size evictions are counted")

	ms := collect(t, reader)
	assert.EqualValues(t, 200, sum(t, ms[MetricHits], map[string]string{AttrCache: "metrics", AttrLayer: "l1"}))
	assert.EqualValues(t, 3, sum(t, ms[MetricMisses], map[string]string{AttrCache: "metrics", AttrLayer: "l1"}))
	assert.EqualValues(t, 3, sum(t, ms[MetricLoaderCalls], name))
	assert.EqualValues(t, 1, sum(t, ms[MetricLoaderCalls], map[string]string{AttrResult: "ok"}))
	assert.EqualValues(t, 2, sum(t, ms[MetricLoaderErrors], name))
	assert.EqualValues(t, 1, sum(t, ms[MetricLoaderErrors], map[string]string{AttrResult: "panic"}))
	assert.Positive(t, sum(t, ms[MetricEvictions], map[string]string{AttrResult: "size"}))
	for _, n := range []string{MetricLookupDuration, MetricFallbackDuration} {
		h, isHist := ms[n].Data.(metricdata.Histogram[float64])
		require.True(t, isHist, n)
		var count uint64
		for _, dp := range h.DataPoints {
			count += dp.Count
		}
		assert.Positive(t, count, n)
	}

	// Only low-cardinality attributes: never keys, ids or tags.
	allowed := map[string]bool{AttrCache: true, AttrLayer: true, AttrResult: true}
	for n, m := range ms {
		for _, kvs := range attributeSets(m) {
			for _, kv := range kvs {
				assert.True(t, allowed[string(kv.Key)], "%s has attribute %s", n, kv.Key)
				assert.NotContains(t, kv.Value.String(), "things", "%s leaks a key", n)
			}
		}
	}
}
