package cache

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/maypok86/otter/v2"
)

// Loader errors, returned to every caller waiting on the load.
var (
	// ErrLoaderGoexit is returned when the loader called runtime.Goexit
	// (for example through t.FailNow) instead of returning.
	ErrLoaderGoexit = errors.New("cache: loader called runtime.Goexit")
	// ErrLoadTimeout is returned when the load did not finish within
	// Config.LoadTimeout. It wraps context.DeadlineExceeded.
	ErrLoadTimeout = fmt.Errorf("cache: load timed out: %w", context.DeadlineExceeded)
	// ErrNilLoader is returned by GetOrCreate for a nil loader.
	ErrNilLoader = errors.New("cache: nil loader")
	// ErrClosed is returned by operations on a closed cache.
	ErrClosed = errors.New("cache: closed")
)

// PanicError is returned to every caller waiting on a load whose loader panicked.
// The panic does not propagate and nothing is cached.
type PanicError struct {
	Value any    // the value passed to panic
	Stack []byte // the loader goroutine's stack at the time of the panic
}

func (e *PanicError) Error() string { return fmt.Sprintf("cache: loader panicked: %v", e.Value) }

// Unwrap returns the panic value if it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

const numShards = 64

// Cache is a typed, size-bounded cache with required expiration, coalesced loads,
// tag invalidation and an optional Redis L2. Create it with New; it is safe for
// concurrent use. Close it when done.
type Cache[V any] struct {
	cfg      Config
	l1       *otter.Cache[string, *entry[V]]
	m        *metrics
	l2       *redisL2[V]
	seed     maphash.Seed
	nilCheck func(V) bool

	shards   [numShards]shard[V]
	tagEpoch atomic.Uint64 // bumped by every tag invalidation and L1 flush

	tagMu    sync.Mutex
	tagIndex map[string]map[string]*entry[V] // tag -> key -> entry carrying that tag

	closed atomic.Bool
	stop   context.CancelFunc
	bg     sync.WaitGroup
}

type shard[V any] struct {
	mu    sync.Mutex
	calls map[string]*call[V]
	seq   uint64 // bumped by every write or invalidation of a key in this shard
	_     [40]byte
}

// call is one coalesced load. Fields other than done are guarded by the shard lock
// until done is closed, and read-only afterwards.
type call[V any] struct {
	done      chan struct{}
	val       V
	err       error
	tags      []string
	stale     bool // an invalidation or write happened while loading: do not store
	completed bool

	// Reservations only (see GetOrReserve): the load context's cancel function,
	// how many callers wait besides the reserving one, and whether that one left.
	cancel     context.CancelFunc
	waiters    int
	leaderGone bool
}

// entry is what L1 holds. It is immutable once stored.
type entry[V any] struct {
	value     V
	expiresAt int64 // absolute expiration, unix nanoseconds
	sliding   int64 // sliding expiration in nanoseconds, 0 for none
	negative  bool  // a cached nil (WithNegativeCaching)
	tags      []string
	lastRead  atomic.Int64 // unix ns of the last read that moved the sliding window
}

// live reports whether e may be served now. Entries without sliding expiration
// are live until L1 drops them at their absolute expiration; the others also need
// a read within the sliding window. The window is moved at most every eighth of
// its length, so an entry may stop being served up to that much early.
func (e *entry[V]) live() bool {
	if e.sliding == 0 {
		return true
	}
	now := time.Now().UnixNano()
	last := e.lastRead.Load()
	if now-last >= e.sliding {
		return false
	}
	if now-last > e.sliding/8 {
		e.lastRead.CompareAndSwap(last, now)
	}
	return true
}

// New validates cfg and creates a cache. It returns an error (never panics) when a
// required setting (Name, MaxEntries, TTL) is missing or a setting is out of range.
func New[V any](cfg Config) (*Cache[V], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.LoadTimeout == 0 {
		cfg.LoadTimeout = DefaultLoadTimeout
	}
	if cfg.Redis != nil {
		tc, ok := cfg.Redis.Serializer.(TypeChecker)
		if cfg.Redis.Serializer == nil {
			tc, ok = GobSerializer{}, true
		}
		if ok {
			if err := tc.CheckType(reflect.TypeFor[V]()); err != nil {
				return nil, fmt.Errorf("%w: Redis.Serializer cannot round-trip %v: %w", ErrInvalidConfig, reflect.TypeFor[V](), err)
			}
		}
	}
	m, err := newMetrics(cfg.Name, cfg.MeterProvider)
	if err != nil {
		return nil, fmt.Errorf("%w: metrics: %w", ErrInvalidConfig, err)
	}
	c := &Cache[V]{
		cfg:      cfg,
		m:        m,
		seed:     maphash.MakeSeed(),
		nilCheck: nilChecker[V](),
		tagIndex: make(map[string]map[string]*entry[V]),
	}
	for i := range c.shards {
		c.shards[i].calls = make(map[string]*call[V])
	}
	l1, err := otter.New(&otter.Options[string, *entry[V]]{
		MaximumSize:      cfg.MaxEntries,
		ExpiryCalculator: otter.ExpiryWritingFunc(absoluteLifetime[V]),
		OnDeletion:       c.onDeletion,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	c.l1 = l1
	ctx, stop := context.WithCancel(context.Background())
	c.stop = stop
	if cfg.Redis != nil {
		c.l2 = newRedisL2(c, cfg.Redis)
		c.l2.start(ctx)
	}
	return c, nil
}

// Close stops the cache's background work (the Redis subscriber) and drops L1.
// It does not close the Redis client. Operations after Close return ErrClosed
// (Get reports a miss).
func (c *Cache[V]) Close() error {
	if c.closed.Swap(true) {
		return nil
	}
	c.stop()
	c.bg.Wait()
	_ = c.m.reg.Unregister()
	c.l1.InvalidateAll()
	c.l1.StopAllGoroutines()
	return nil
}

// Name returns the cache's configured name.
func (c *Cache[V]) Name() string { return c.cfg.Name }

// GetOrCreate returns the value cached under key, or calls loader once for all
// concurrent callers of the same key, stores its result and returns it.
//
//   - The loader runs on a context detached from the callers' cancellation (values
//     are kept) with deadline Config.LoadTimeout. A caller whose ctx ends stops
//     waiting and gets ctx.Err(); the load goes on for the other callers.
//   - A loader error is returned to every waiting caller and never stored.
//   - A loader panic or runtime.Goexit becomes a *PanicError or ErrLoaderGoexit
//     for every waiting caller; nothing deadlocks and nothing is stored.
//   - A nil result (for a V that can be nil) is returned but not stored, unless
//     WithNegativeCaching is given.
//   - With Redis configured, Redis is read before the loader; a Redis failure is
//     counted in metrics and falls back to the loader, never returned.
//
// Concurrent callers share the first caller's options (TTL, tags).
func (c *Cache[V]) GetOrCreate(ctx context.Context, key Key, loader func(ctx context.Context) (V, error), opts ...EntryOption) (V, error) {
	if key.s == "" {
		var zero V
		return zero, ErrInvalidKey
	}
	if len(opts) != 0 {
		if _, err := resolveOpts(&c.cfg, opts); err != nil {
			var zero V
			return zero, err
		}
	}
	sampled, stripe := sampleHit()
	var start time.Time
	if sampled {
		start = time.Now()
	}
	if e, ok := c.l1.GetIfPresent(key.s); ok && e.live() {
		c.m.hitsL1.add(stripe)
		if sampled {
			c.m.lookup.Record(ctx, seconds(time.Since(start)), c.m.lookupHitL1...)
		}
		return e.value, nil
	}
	return c.getOrCreateSlow(ctx, key.s, loader, opts)
}

func (c *Cache[V]) getOrCreateSlow(ctx context.Context, key string, loader func(ctx context.Context) (V, error), opts []EntryOption) (V, error) {
	var zero V
	start := time.Now()
	if c.closed.Load() {
		return zero, ErrClosed
	}
	if loader == nil {
		return zero, ErrNilLoader
	}
	eo, err := resolveOpts(&c.cfg, opts)
	if err != nil {
		return zero, err
	}
	sh := c.shard(key)
	sh.mu.Lock()
	// A load may have completed between the lock-free lookup and here.
	if e, ok := c.l1.GetIfPresent(key); ok && e.live() {
		sh.mu.Unlock()
		c.m.hitsL1.add(0)
		return e.value, nil
	}
	cl, joined := sh.calls[key]
	if joined {
		cl.waiters++
	} else {
		cl = &call[V]{done: make(chan struct{}), tags: eo.tags}
		sh.calls[key] = cl
	}
	sh.mu.Unlock()
	c.m.missesL1.add(1)
	if !joined {
		go c.load(ctx, key, cl, loader, eo)
	}
	return c.wait(ctx, key, cl, start)
}

// wait waits for cl's result or for ctx to end. A waiter that leaves a
// reservation's load whose reserving caller has left as well cancels the load.
func (c *Cache[V]) wait(ctx context.Context, key string, cl *call[V], start time.Time) (V, error) {
	select {
	case <-cl.done:
		if cl.err != nil {
			c.m.lookup.Record(ctx, seconds(time.Since(start)), c.m.lookupErr...)
		} else {
			c.m.lookup.Record(ctx, seconds(time.Since(start)), c.m.lookupMiss...)
		}
		return cl.val, cl.err
	case <-ctx.Done():
		sh := c.shard(key)
		sh.mu.Lock()
		cl.waiters--
		if cl.waiters <= 0 && cl.leaderGone && cl.cancel != nil {
			cl.cancel()
		}
		sh.mu.Unlock()
		c.m.lookup.Record(ctx, seconds(time.Since(start)), c.m.lookupErr...)
		var zero V
		return zero, ctx.Err()
	}
}

// load runs in its own goroutine, one per coalesced miss.
func (c *Cache[V]) load(parent context.Context, key string, cl *call[V], loader func(ctx context.Context) (V, error), eo entryOpts) {
	var zero V
	finished := false
	ctx, cancel := context.WithTimeout(context.WithoutCancel(parent), c.cfg.LoadTimeout)
	defer func() {
		if !finished {
			// The loader called runtime.Goexit (panics are recovered in callLoader),
			// or our own code panicked: release the waiters either way.
			err := ErrLoaderGoexit
			if r := recover(); r != nil {
				err = &PanicError{Value: r, Stack: debug.Stack()}
			} else {
				c.m.loaderDone(ctx, "goexit", 0)
			}
			c.complete(key, cl, zero, err, nil)
		}
		cancel()
	}()
	// If the loader ignores its context, waiters are still released at the deadline.
	stopTimer := context.AfterFunc(ctx, func() {
		if ctx.Err() == context.DeadlineExceeded {
			c.complete(key, cl, zero, ErrLoadTimeout, nil)
		}
	})
	defer stopTimer()

	var gen l2Gen
	if c.l2 != nil {
		e, g, found := c.l2.get(ctx, key)
		if found {
			c.m.hitsL2.add(0)
			c.complete(key, cl, e.value, nil, e)
			finished = true
			return
		}
		c.m.missesL2.add(0)
		gen = g
	}

	v, err := c.callLoader(ctx, loader)
	var e *entry[V]
	if err == nil {
		e = c.newEntry(v, eo)
	}
	if e != nil && c.l2 != nil && gen.known && ctx.Err() == nil {
		// Written before the callers are released, so a caller that goes on to
		// another instance finds the value there. Guarded by gen: a write or
		// invalidation since the Redis read wins.
		c.l2.fill(ctx, key, e, gen)
	}
	c.complete(key, cl, v, err, e)
	finished = true
}

// callLoader calls loader, converting a panic into a *PanicError. A runtime.Goexit
// is not stopped here; load's deferred function handles it.
func (c *Cache[V]) callLoader(ctx context.Context, loader func(ctx context.Context) (V, error)) (v V, err error) {
	start := time.Now()
	normal := false
	defer func() {
		if normal {
			return
		}
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: debug.Stack()}
			c.m.loaderDone(ctx, "panic", time.Since(start))
		}
	}()
	v, err = loader(ctx)
	normal = true
	switch {
	case err != nil && ctx.Err() == context.DeadlineExceeded:
		c.m.loaderDone(ctx, "timeout", time.Since(start))
	case err != nil:
		c.m.loaderDone(ctx, "error", time.Since(start))
	case c.nilCheck(v):
		c.m.loaderDone(ctx, "nil", time.Since(start))
	default:
		c.m.loaderDone(ctx, "ok", time.Since(start))
	}
	return v, err
}

// newEntry builds the entry to store for a successful load, or nil when the value
// must not be stored (a nil without negative caching).
func (c *Cache[V]) newEntry(v V, eo entryOpts) *entry[V] {
	ttl := eo.ttl
	negative := c.nilCheck(v)
	if negative {
		if eo.negativeTTL <= 0 {
			return nil
		}
		ttl = eo.negativeTTL
	}
	if j := c.cfg.Jitter; j > 0 {
		ttl -= time.Duration(rand.Float64() * j * float64(ttl))
	}
	e := &entry[V]{
		value:     v,
		expiresAt: time.Now().Add(ttl).UnixNano(),
		negative:  negative,
		tags:      eo.tags,
	}
	if eo.sliding > 0 && eo.sliding < ttl {
		e.sliding = int64(eo.sliding)
		e.lastRead.Store(time.Now().UnixNano())
	}
	return e
}

// complete finishes a call once: stores e in L1 unless the call went stale,
// publishes the result to the waiters and removes the call. It reports whether e
// was stored.
func (c *Cache[V]) complete(key string, cl *call[V], v V, err error, e *entry[V]) bool {
	sh := c.shard(key)
	sh.mu.Lock()
	if cl.completed {
		sh.mu.Unlock()
		return false
	}
	cl.completed = true
	stored := false
	if e != nil && err == nil && !cl.stale && !c.closed.Load() {
		c.storeLocked(key, e)
		stored = true
	}
	if sh.calls[key] == cl {
		delete(sh.calls, key)
	}
	cl.val, cl.err = v, err
	sh.mu.Unlock()
	close(cl.done)
	return stored
}

// storeLocked writes e to L1 and the tag index. The caller holds key's shard lock.
func (c *Cache[V]) storeLocked(key string, e *entry[V]) {
	c.l1.Set(key, e)
	if len(e.tags) == 0 {
		return
	}
	c.tagMu.Lock()
	for _, t := range e.tags {
		m := c.tagIndex[t]
		if m == nil {
			m = make(map[string]*entry[V])
			c.tagIndex[t] = m
		}
		m[key] = e
	}
	c.tagMu.Unlock()
}

func (c *Cache[V]) onDeletion(ev otter.DeletionEvent[string, *entry[V]]) {
	switch ev.Cause {
	case otter.CauseOverflow:
		c.m.evictions.Add(context.Background(), 1, c.m.evictSize...)
	case otter.CauseExpiration:
		c.m.evictions.Add(context.Background(), 1, c.m.evictExpired...)
	}
	if ev.Cause == otter.CauseReplacement && ev.Value == nil {
		return
	}
	e := ev.Value
	if e == nil || len(e.tags) == 0 {
		return
	}
	c.tagMu.Lock()
	for _, t := range e.tags {
		if m := c.tagIndex[t]; m != nil && m[ev.Key] == e {
			delete(m, ev.Key)
			if len(m) == 0 {
				delete(c.tagIndex, t)
			}
		}
	}
	c.tagMu.Unlock()
}

// Get returns the value cached under key from L1, or from Redis when configured
// (promoting it to L1). It never calls a loader. A Redis failure is counted and
// reported as a miss.
func (c *Cache[V]) Get(ctx context.Context, key Key) (V, bool) {
	var zero V
	if key.s == "" {
		return zero, false
	}
	_, stripe := sampleHit()
	if e, ok := c.l1.GetIfPresent(key.s); ok && e.live() {
		c.m.hitsL1.add(stripe)
		return e.value, true
	}
	c.m.missesL1.add(stripe)
	if c.l2 == nil || c.closed.Load() {
		return zero, false
	}
	start := time.Now()
	sh := c.shard(key.s)
	sh.mu.Lock()
	seq, epoch := sh.seq, c.tagEpoch.Load()
	sh.mu.Unlock()
	e, _, found := c.l2.get(ctx, key.s)
	if !found {
		c.m.missesL2.add(stripe)
		return zero, false
	}
	c.m.hitsL2.add(stripe)
	c.m.lookup.Record(ctx, seconds(time.Since(start)), c.m.lookupHitL2...)
	sh.mu.Lock()
	if sh.seq == seq && c.tagEpoch.Load() == epoch && !c.closed.Load() {
		c.storeLocked(key.s, e)
	}
	sh.mu.Unlock()
	return e.value, true
}

// Set stores value under key, replacing any entry, with the cache's or the given
// expiration and tags. A nil value needs WithNegativeCaching (else ErrNilValue).
// A load of the same key in progress is not stored when it completes, and later
// callers do not join it.
//
// With Redis, the value is written there too (with a new generation, so older
// loads elsewhere do not overwrite it) and other instances drop their L1 copy.
// If that write fails (Redis down, stalled past RedisConfig.Timeout, ...), Set
// returns an error wrapping ErrBackend and the value is not kept in L1 either:
// this instance reloads on its next read. The Redis write may still happen (a
// stalled Redis may apply it later), and other instances keep what they hold
// until they hear of a later write or invalidation, lose their subscription, or
// the entry's TTL ends. Retry, or invalidate once Redis is back.
func (c *Cache[V]) Set(ctx context.Context, key Key, value V, opts ...EntryOption) error {
	if key.s == "" {
		return ErrInvalidKey
	}
	if c.closed.Load() {
		return ErrClosed
	}
	eo, err := resolveOpts(&c.cfg, opts)
	if err != nil {
		return err
	}
	e := c.newEntry(value, eo)
	if e == nil {
		return ErrNilValue
	}
	sh := c.shard(key.s)
	sh.mu.Lock()
	sh.seq++
	c.detachLocked(sh, key.s)
	c.storeLocked(key.s, e)
	sh.mu.Unlock()
	if c.l2 != nil {
		if err := c.l2.set(ctx, key.s, e); err != nil {
			// Other instances may not see the value: do not keep it here either.
			c.invalidateLocal([]string{key.s})
			return err
		}
	}
	return nil
}

// Invalidate removes keys from L1 and, with Redis, from Redis and from the L1 of
// every other instance. Loads of these keys in progress are returned to the
// callers already waiting on them but not stored, and callers that arrive after
// Invalidate returns do not join them: they start a new load. An error means the local L1 was invalidated but Redis
// could not be reached; other instances then keep their copies until their TTL.
func (c *Cache[V]) Invalidate(ctx context.Context, keys ...Key) error {
	ks := make([]string, 0, len(keys))
	for _, k := range keys {
		if k.s == "" {
			return ErrInvalidKey
		}
		ks = append(ks, k.s)
	}
	if len(ks) == 0 {
		return nil
	}
	c.invalidateLocal(ks)
	if c.l2 != nil {
		return c.l2.invalidate(ctx, ks)
	}
	return nil
}

// InvalidateTags removes every entry written with one of tags (see WithTags) from
// L1 and, with Redis, from Redis and the L1 of every other instance. Tagged loads
// in progress are returned to their callers but not stored, and later callers
// start a new load (as for Invalidate). Errors are as for Invalidate.
func (c *Cache[V]) InvalidateTags(ctx context.Context, tags ...string) error {
	for _, t := range tags {
		if err := validateTag(t); err != nil {
			return err
		}
	}
	if len(tags) == 0 {
		return nil
	}
	c.invalidateTagsLocal(tags)
	if c.l2 != nil {
		return c.l2.invalidateTags(ctx, tags)
	}
	return nil
}

func (c *Cache[V]) invalidateLocal(keys []string) {
	for _, k := range keys {
		sh := c.shard(k)
		sh.mu.Lock()
		sh.seq++
		c.detachLocked(sh, k)
		sh.mu.Unlock()
		c.l1.Invalidate(k)
	}
}

func (c *Cache[V]) invalidateTagsLocal(tags []string) {
	c.tagEpoch.Add(1)
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		for k, cl := range sh.calls {
			if intersects(cl.tags, tags) {
				c.detachLocked(sh, k)
			}
		}
		sh.mu.Unlock()
	}
	var keys []string
	c.tagMu.Lock()
	for _, t := range tags {
		for k := range c.tagIndex[t] {
			keys = append(keys, k)
		}
		delete(c.tagIndex, t)
	}
	c.tagMu.Unlock()
	for _, k := range keys {
		c.l1.Invalidate(k)
	}
}

// flushLocal drops all of L1 and marks every load in progress stale. It is used
// when cross-instance invalidation messages may have been missed.
func (c *Cache[V]) flushLocal() {
	c.tagEpoch.Add(1)
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.Lock()
		sh.seq++
		for k := range sh.calls {
			c.detachLocked(sh, k)
		}
		sh.mu.Unlock()
	}
	c.l1.InvalidateAll()
}

// detachLocked marks the load of key in flight, if any, stale (its result is
// returned to its callers but not stored) and removes it from the shard, so that
// callers arriving after the write or invalidation start a new load instead of
// joining one that may have read the old value. The caller holds sh.mu.
func (c *Cache[V]) detachLocked(sh *shard[V], key string) {
	if cl := sh.calls[key]; cl != nil {
		cl.stale = true
		delete(sh.calls, key)
	}
}

func intersects(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

func (c *Cache[V]) shard(key string) *shard[V] {
	return &c.shards[maphash.String(c.seed, key)%numShards]
}

// absoluteLifetime is the L1 lifetime of an entry: what remains of its absolute
// expiration. Sliding expiration is checked on read (entry.live), so that reads of
// entries without it cost no clock read.
func absoluteLifetime[V any](en otter.Entry[string, *entry[V]]) time.Duration {
	rem := time.Duration(en.Value.expiresAt - time.Now().UnixNano())
	if rem <= 0 {
		return time.Nanosecond
	}
	return rem
}

// nilChecker returns a function reporting whether a V is nil. For V that cannot be
// nil (structs, numbers, strings) it always returns false.
func nilChecker[V any]() func(V) bool {
	t := reflect.TypeFor[V]()
	switch t.Kind() {
	case reflect.Interface:
		return func(v V) bool {
			a := any(v)
			if a == nil {
				return true
			}
			rv := reflect.ValueOf(a)
			switch rv.Kind() {
			case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func, reflect.Interface, reflect.UnsafePointer:
				return rv.IsNil()
			}
			return false
		}
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return func(v V) bool { return reflect.ValueOf(&v).Elem().IsNil() }
	default:
		return func(V) bool { return false }
	}
}
