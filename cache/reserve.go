package cache

import (
	"context"
	"errors"
	"time"
)

// ErrReservationFailed is what callers waiting on a reservation get when its
// holder called Fail(nil).
var ErrReservationFailed = errors.New("cache: reserved load failed")

// Reservation is the right to load one key in the caller's own goroutine, for
// callers (such as an HTTP middleware) whose load must run where they are rather
// than in a goroutine of the cache. Get one from GetOrReserve or Reserve. While it
// is held, GetOrCreate and GetOrReserve callers of the same key wait for it, as
// they would for a GetOrCreate load. The holder must call Fill or Fail exactly
// once (later calls do nothing); waiters are released with ErrLoadTimeout if
// neither happens within Config.LoadTimeout.
//
// Invalidations behave as for GetOrCreate loads: a write or invalidation of the
// key (or of one of the reservation's tags) after the reservation was taken makes
// Fill return the value to the waiters without storing it, and callers arriving
// after the invalidation do not wait for this reservation.
type Reservation[V any] struct {
	c     *Cache[V]
	key   string
	cl    *call[V]
	eo    entryOpts
	gen   l2Gen
	ctx   context.Context
	stop  func()
	start time.Time
}

// GetOrReserve returns the value cached under key (L1, then Redis) with a nil
// reservation. On a miss with a load of key already in flight it waits for that
// load and returns its result (or its error, or ctx.Err() when ctx ends first).
// Otherwise it returns a *Reservation: the caller loads the value itself (using
// Reservation.Context) and calls Fill or Fail. opts (TTL, tags) apply to the
// entry Fill stores; give the tags here, so that tag invalidations during the
// load are seen.
func (c *Cache[V]) GetOrReserve(ctx context.Context, key Key, opts ...EntryOption) (V, *Reservation[V], error) {
	return c.reserve(ctx, key, false, opts)
}

// Reserve is GetOrReserve without the lookup: it always returns a reservation,
// so the caller reloads the value and Fill replaces the stored one. A load of key
// in flight is not stored when it completes (this reservation is newer), and
// callers that arrive later wait for this reservation instead.
func (c *Cache[V]) Reserve(ctx context.Context, key Key, opts ...EntryOption) (*Reservation[V], error) {
	_, r, err := c.reserve(ctx, key, true, opts)
	return r, err
}

func (c *Cache[V]) reserve(ctx context.Context, key Key, force bool, opts []EntryOption) (V, *Reservation[V], error) {
	var zero V
	if key.s == "" {
		return zero, nil, ErrInvalidKey
	}
	eo, err := resolveOpts(&c.cfg, opts)
	if err != nil {
		return zero, nil, err
	}
	if !force {
		_, stripe := sampleHit()
		if e, ok := c.l1.GetIfPresent(key.s); ok && e.live() {
			c.m.hitsL1.add(stripe)
			return e.value, nil, nil
		}
	}
	if c.closed.Load() {
		return zero, nil, ErrClosed
	}
	start := time.Now()
	sh := c.shard(key.s)
	sh.mu.Lock()
	if !force {
		if e, ok := c.l1.GetIfPresent(key.s); ok && e.live() {
			sh.mu.Unlock()
			c.m.hitsL1.add(0)
			return e.value, nil, nil
		}
		if cl, joined := sh.calls[key.s]; joined {
			cl.waiters++
			sh.mu.Unlock()
			c.m.missesL1.add(0)
			v, err := c.wait(ctx, key.s, cl, start)
			return v, nil, err
		}
	} else {
		c.detachLocked(sh, key.s)
	}
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.LoadTimeout)
	cl := &call[V]{done: make(chan struct{}), tags: eo.tags, cancel: cancel}
	sh.calls[key.s] = cl
	sh.mu.Unlock()
	c.m.missesL1.add(0)

	r := &Reservation[V]{c: c, key: key.s, cl: cl, eo: eo, ctx: lctx, start: start}
	// Waiters are released at the deadline even if the holder never calls Fill.
	stopTimer := context.AfterFunc(lctx, func() {
		if lctx.Err() == context.DeadlineExceeded {
			c.complete(key.s, cl, zero, ErrLoadTimeout, nil)
		}
	})
	// The load is cancelled once the holder's ctx has ended and nobody waits.
	stopLeader := context.AfterFunc(ctx, func() {
		sh.mu.Lock()
		cl.leaderGone = true
		if cl.waiters <= 0 {
			cancel()
		}
		sh.mu.Unlock()
	})
	r.stop = func() { stopTimer(); stopLeader(); cancel() }

	if c.l2 != nil {
		e, gen, found := c.l2.get(lctx, key.s)
		if found && !force {
			c.m.hitsL2.add(0)
			c.complete(key.s, cl, e.value, nil, e)
			r.stop()
			return e.value, nil, nil
		}
		c.m.missesL2.add(0)
		r.gen = gen
	}
	return zero, r, nil
}

// Peek returns the value L1 holds for key, if any, without reading Redis or
// loading; a hit is counted, a miss is left to the lookup the caller makes next.
// It is the allocation-free first step of a GetOrReserve whose options are costly
// to build.
func (c *Cache[V]) Peek(key Key) (V, bool) {
	if key.s != "" {
		if e, ok := c.l1.GetIfPresent(key.s); ok && e.live() {
			_, stripe := sampleHit()
			c.m.hitsL1.add(stripe)
			return e.value, true
		}
	}
	var zero V
	return zero, false
}

// Context is the context to load with. It carries the values of the ctx given to
// GetOrReserve but not its cancellation; it ends after Config.LoadTimeout, or as
// soon as that ctx has ended and no other caller is waiting for the value.
func (r *Reservation[V]) Context() context.Context { return r.ctx }

// Fill stores v (unless the reservation went stale, its context ended, or v is
// a nil that may not be cached) and gives it to the waiting callers. ttl, when
// > 0, replaces the entry's TTL (it is capped by MaxTTL). It reports whether v
// was stored. With Redis, v is written there too, unless a write or invalidation
// happened there since the reservation was taken.
func (r *Reservation[V]) Fill(v V, ttl time.Duration) bool {
	c := r.c
	defer r.stop()
	eo := r.eo
	if ttl > 0 {
		eo.ttl = min(ttl, MaxTTL)
		if eo.negativeTTL > eo.ttl {
			eo.negativeTTL = eo.ttl
		}
	}
	var e *entry[V]
	if r.ctx.Err() == nil {
		e = c.newEntry(v, eo)
	}
	if e != nil && c.l2 != nil && r.gen.known {
		c.l2.fill(r.ctx, r.key, e, r.gen)
	}
	c.m.loaderDone(r.ctx, "ok", time.Since(r.start))
	return c.complete(r.key, r.cl, v, nil, e)
}

// Fail gives err (ErrReservationFailed if nil) to the waiting callers and stores
// nothing.
func (r *Reservation[V]) Fail(err error) {
	defer r.stop()
	if err == nil {
		err = ErrReservationFailed
	}
	var zero V
	r.c.m.loaderDone(r.ctx, "error", time.Since(r.start))
	r.c.complete(r.key, r.cl, zero, err, nil)
}
