package cache

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/rueidis"
)

// ErrBackend wraps errors from the distributed layer that are returned to callers
// (only by Invalidate, InvalidateTags and the after-commit helpers; reads and writes
// absorb them).
var ErrBackend = errors.New("cache: redis")

// Redis entry encoding, version 2:
//
//	flag byte (3 value, 4 negative) | 8-byte type fingerprint | uvarint expiresAt
//	(unix ns) | uvarint tag count | (uvarint len, bytes) per tag | serialized value
//
// Version 1 entries (flags 1 and 2, no fingerprint) and entries with another
// fingerprint are misses.
const (
	encValue    byte = 3
	encNegative byte = 4
)

// fillScript stores a loaded value only if no write or invalidation of the key
// happened since the load read Redis (the key's generation is unchanged), and adds
// the key to its tag sets (sets, never overwritten).
//
// The keyspace epoch must be unchanged too: a FLUSHALL resets generations.
//
// KEYS: value, generation, epoch, tag sets...  ARGV: expected generation, payload, ttl ms, member, expected epoch
var fillScript = rueidis.NewLuaScript(`
local g = redis.call('GET', KEYS[2]) or ''
if g ~= ARGV[1] then return 0 end
local e = redis.call('GET', KEYS[3]) or ''
if e ~= ARGV[5] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
local ttl = tonumber(ARGV[3])
for i = 4, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[4])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1
`)

// setScript is an explicit write: it bumps the generation (so older loads in
// flight elsewhere are not stored), writes, tags and tells the other instances.
//
// KEYS: value, generation, tag sets...  ARGV: payload, ttl ms, member, generation ttl ms, channel, message
var setScript = rueidis.NewLuaScript(`
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local ttl = tonumber(ARGV[2])
for i = 3, #KEYS do
  redis.call('SADD', KEYS[i], ARGV[3])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1
`)

// invalidateScript deletes values and bumps their generations.
//
// KEYS: value1, generation1, value2, generation2, ...  ARGV: generation ttl ms, channel, message
var invalidateScript = rueidis.NewLuaScript(`
for i = 1, #KEYS, 2 do
  redis.call('DEL', KEYS[i])
  redis.call('INCR', KEYS[i+1])
  redis.call('PEXPIRE', KEYS[i+1], ARGV[1])
end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`)

// invalidateTagsScript deletes every value named in the tag sets, bumps their
// generations and deletes the sets, atomically with respect to fills and sets.
//
// KEYS: tag sets...  ARGV: value prefix, generation prefix, generation ttl ms, channel, message
var invalidateTagsScript = rueidis.NewLuaScript(`
local n = 0
for i = 1, #KEYS do
  local members = redis.call('SMEMBERS', KEYS[i])
  for _, m in ipairs(members) do
    redis.call('DEL', ARGV[1] .. m)
    redis.call('INCR', ARGV[2] .. m)
    redis.call('PEXPIRE', ARGV[2] .. m, ARGV[3])
    n = n + 1
  end
  redis.call('DEL', KEYS[i])
end
redis.call('PUBLISH', ARGV[4], ARGV[5])
return n
`)

// epochScript returns the keyspace epoch, creating it (ARGV[1]) when missing.
//
// KEYS: epoch  ARGV: new epoch
var epochScript = rueidis.NewLuaScript(`
local v = redis.call('GET', KEYS[1])
if v then return v end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
`)

type l2Gen struct {
	known bool
	v     string
	epoch string
}

type redisL2[V any] struct {
	c          *Cache[V]
	client     rueidis.Client
	timeout    time.Duration
	retryAfter time.Duration
	ser        Serializer
	fp         [8]byte // typeFingerprint of V and ser

	valPrefix, genPrefix, tagPrefix, channel, epochKey string
	genTTL                                             string // ms
	instance                                           string

	checkEvery time.Duration
	epochMu    sync.Mutex
	epoch      string // the keyspace epoch this instance's L1 belongs to

	downUntil atomic.Int64 // unix ns; reads and fills skip Redis until then
	ready     chan struct{}
	readyOnce sync.Once
}

func newRedisL2[V any](c *Cache[V], rc *RedisConfig) *redisL2[V] {
	l := &redisL2[V]{
		c:          c,
		client:     rc.Client,
		timeout:    rc.Timeout,
		retryAfter: rc.RetryAfter,
		ser:        rc.Serializer,
		ready:      make(chan struct{}),
	}
	if l.timeout == 0 {
		l.timeout = DefaultRedisTimeout
	}
	if l.retryAfter == 0 {
		l.retryAfter = DefaultRetryAfter
	}
	if l.ser == nil {
		l.ser = GobSerializer{}
	}
	l.fp = typeFingerprint(reflect.TypeFor[V](), l.ser)
	prefix := rc.Prefix
	if prefix == "" {
		prefix = DefaultRedisPrefix
	}
	base := prefix + ":{" + c.cfg.Name + "}:"
	l.valPrefix, l.genPrefix, l.tagPrefix, l.channel = base+"v:", base+"g:", base+"t:", base+"inv"
	l.epochKey = base + "epoch"
	l.checkEvery = rc.KeyspaceCheckInterval
	if l.checkEvery == 0 {
		l.checkEvery = DefaultKeyspaceCheckInterval
	}
	// A generation must outlive any load that read it; when it expires, loads that
	// read it simply do not write.
	l.genTTL = strconv.FormatInt((2*c.cfg.LoadTimeout + time.Minute).Milliseconds(), 10)
	var id [8]byte
	_, _ = rand.Read(id[:])
	l.instance = hex.EncodeToString(id[:])
	return l
}

func (l *redisL2[V]) available() bool { return time.Now().UnixNano() >= l.downUntil.Load() }

func (l *redisL2[V]) failed(ctx context.Context, what string, err error) {
	l.c.m.backendError(ctx, what)
	if !errors.Is(err, context.Canceled) {
		l.downUntil.Store(time.Now().Add(l.retryAfter).UnixNano())
	}
}

// get reads key's entry and generation. found is false on a miss or any failure.
func (l *redisL2[V]) get(ctx context.Context, key string) (e *entry[V], gen l2Gen, found bool) {
	if !l.available() {
		l.c.m.backendError(ctx, "skipped")
		return nil, gen, false
	}
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	arr, err := l.client.Do(ctx, l.client.B().Mget().Key(l.valPrefix+key, l.genPrefix+key, l.epochKey).Build()).ToArray()
	if err == nil && len(arr) != 3 {
		err = fmt.Errorf("MGET returned %d values", len(arr))
	}
	if err != nil {
		l.failed(ctx, "read", err)
		return nil, gen, false
	}
	if g, err := arr[1].ToString(); err == nil {
		gen = l2Gen{known: true, v: g}
	} else if rueidis.IsRedisNil(err) {
		gen = l2Gen{known: true}
	}
	if gen.known {
		if ep, err := arr[2].ToString(); err == nil {
			gen.epoch = ep
		} else if !rueidis.IsRedisNil(err) {
			gen.known = false
		}
	}
	payload, err := arr[0].AsBytes()
	if err != nil {
		if !rueidis.IsRedisNil(err) {
			l.c.m.backendError(ctx, "decode")
		}
		return nil, gen, false
	}
	e, err = l.decode(payload)
	if errors.Is(err, errMismatch) {
		l.c.m.backendError(ctx, "mismatch")
		return nil, gen, false
	}
	if err != nil {
		l.c.m.backendError(ctx, "decode")
		return nil, gen, false
	}
	if e.expiresAt <= time.Now().UnixNano() {
		return nil, gen, false
	}
	return e, gen, true
}

func (l *redisL2[V]) tagKeys(keys []string, tags []string) []string {
	for _, t := range tags {
		keys = append(keys, l.tagPrefix+t)
	}
	return keys
}

func remainingMillis(expiresAt int64) (string, bool) {
	rem := time.Duration(expiresAt - time.Now().UnixNano())
	if rem <= 0 {
		return "", false
	}
	ms := (rem + time.Millisecond - 1) / time.Millisecond
	return strconv.FormatInt(int64(ms), 10), true
}

// fill writes a loaded entry if the key's generation is still gen. Best-effort.
func (l *redisL2[V]) fill(ctx context.Context, key string, e *entry[V], gen l2Gen) {
	if !l.available() {
		l.c.m.backendError(ctx, "skipped")
		return
	}
	ttl, ok := remainingMillis(e.expiresAt)
	if !ok {
		return
	}
	payload, err := l.encode(e)
	if err != nil {
		l.c.m.backendError(ctx, "decode")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	keys := l.tagKeys([]string{l.valPrefix + key, l.genPrefix + key, l.epochKey}, e.tags)
	if err := fillScript.Exec(ctx, l.client, keys, []string{gen.v, string(payload), ttl, key, gen.epoch}).Error(); err != nil {
		l.failed(ctx, "write", err)
	}
}

// set writes an explicit value and tells other instances. An error means the
// write may or may not have happened (a stalled Redis may still apply it).
func (l *redisL2[V]) set(ctx context.Context, key string, e *entry[V]) error {
	ttl, ok := remainingMillis(e.expiresAt)
	if !ok {
		return nil
	}
	payload, err := l.encode(e)
	if err != nil {
		l.c.m.backendError(ctx, "decode")
		return fmt.Errorf("%w: encode: %w", ErrBackend, err)
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.timeout)
	defer cancel()
	keys := l.tagKeys([]string{l.valPrefix + key, l.genPrefix + key}, e.tags)
	args := []string{string(payload), ttl, key, l.genTTL, l.channel, l.message('k', []string{key})}
	if err := setScript.Exec(ctx, l.client, keys, args).Error(); err != nil {
		l.failed(ctx, "write", err)
		return fmt.Errorf("%w: set: %w", ErrBackend, err)
	}
	return nil
}

func (l *redisL2[V]) invalidate(ctx context.Context, keys []string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.timeout)
	defer cancel()
	rk := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		rk = append(rk, l.valPrefix+k, l.genPrefix+k)
	}
	err := invalidateScript.Exec(ctx, l.client, rk, []string{l.genTTL, l.channel, l.message('k', keys)}).Error()
	if err != nil {
		l.failed(ctx, "invalidate", err)
		return fmt.Errorf("%w: invalidate: %w", ErrBackend, err)
	}
	return nil
}

func (l *redisL2[V]) invalidateTags(ctx context.Context, tags []string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), l.timeout)
	defer cancel()
	args := []string{l.valPrefix, l.genPrefix, l.genTTL, l.channel, l.message('t', tags)}
	err := invalidateTagsScript.Exec(ctx, l.client, l.tagKeys(nil, tags), args).Error()
	if err != nil {
		l.failed(ctx, "invalidate", err)
		return fmt.Errorf("%w: invalidate tags: %w", ErrBackend, err)
	}
	return nil
}

// message is "<instance>\n<kind>\n<item>\n<item>...". Keys and tags cannot contain
// control characters, so newline separation is unambiguous.
func (l *redisL2[V]) message(kind byte, items []string) string {
	var b strings.Builder
	b.WriteString(l.instance)
	b.WriteByte('\n')
	b.WriteByte(kind)
	for _, it := range items {
		b.WriteByte('\n')
		b.WriteString(it)
	}
	return b.String()
}

func (l *redisL2[V]) onMessage(msg string) {
	parts := strings.Split(msg, "\n")
	if len(parts) < 3 || parts[0] == l.instance {
		return
	}
	switch parts[1] {
	case "k":
		l.c.invalidateLocal(parts[2:])
	case "t":
		l.c.invalidateTagsLocal(parts[2:])
	}
}

// start launches the invalidation subscriber and waits briefly for its first
// subscription, so a cache is normally listening when New returns.
func (l *redisL2[V]) start(ctx context.Context) {
	l.checkEpoch(ctx)
	l.c.bg.Add(2)
	go l.subscribeLoop(ctx)
	go l.epochLoop(ctx)
	wait := max(5*l.timeout, time.Second)
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-l.ready:
	case <-t.C:
	}
}

// checkEpoch reads (or creates) the keyspace epoch and flushes L1 when it is not
// the one L1 was filled under: the keyspace was reset (FLUSHALL, a restart
// without persistence), so invalidations and generations were lost with it.
func (l *redisL2[V]) checkEpoch(ctx context.Context) {
	var id [8]byte
	_, _ = rand.Read(id[:])
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	ep, err := epochScript.Exec(ctx, l.client, []string{l.epochKey}, []string{hex.EncodeToString(id[:])}).ToString()
	if err != nil {
		return // an unreachable Redis is handled by the subscriber (flush on loss)
	}
	l.epochMu.Lock()
	changed := l.epoch != "" && l.epoch != ep
	l.epoch = ep
	l.epochMu.Unlock()
	if changed {
		l.c.flushLocal()
	}
}

func (l *redisL2[V]) epochLoop(ctx context.Context) {
	defer l.c.bg.Done()
	t := time.NewTicker(l.checkEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			l.checkEpoch(ctx)
		}
	}
}

// subscribeLoop keeps a dedicated connection subscribed to the invalidation
// channel. Pub/sub does not replay messages missed while disconnected, so L1 is
// flushed whenever the subscription is lost and again when it is re-established.
func (l *redisL2[V]) subscribeLoop(ctx context.Context) {
	defer l.c.bg.Done()
	const minBackoff = 50 * time.Millisecond
	var backoff atomic.Int64 // the hooks run on the client's goroutine
	backoff.Store(int64(minBackoff))
	var subscribedOnce atomic.Bool
	for ctx.Err() == nil {
		dc, release := l.client.Dedicate()
		wait := dc.SetPubSubHooks(rueidis.PubSubHooks{
			OnMessage: func(m rueidis.PubSubMessage) { l.onMessage(m.Message) },
			OnSubscription: func(s rueidis.PubSubSubscription) {
				if s.Kind != "subscribe" || s.Channel != l.channel {
					return
				}
				if subscribedOnce.Swap(true) {
					l.c.flushLocal()
				}
				backoff.Store(int64(minBackoff))
				l.readyOnce.Do(func() { close(l.ready) })
			},
		})
		err := dc.Do(ctx, dc.B().Subscribe().Channel(l.channel).Build()).Error()
		if err == nil {
			select {
			case err = <-wait:
			case <-ctx.Done():
			}
		}
		release()
		if ctx.Err() != nil {
			return
		}
		if subscribedOnce.Load() {
			l.c.flushLocal()
		}
		l.failed(ctx, "subscribe", err)
		pause := time.Duration(backoff.Load())
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		backoff.Store(int64(min(2*pause, 2*time.Second)))
	}
}

func (l *redisL2[V]) encode(e *entry[V]) ([]byte, error) {
	buf := make([]byte, 0, 64)
	if e.negative {
		buf = append(buf, encNegative)
	} else {
		buf = append(buf, encValue)
	}
	buf = append(buf, l.fp[:]...)
	buf = binary.AppendUvarint(buf, uint64(e.expiresAt))
	buf = binary.AppendUvarint(buf, uint64(len(e.tags)))
	for _, t := range e.tags {
		buf = binary.AppendUvarint(buf, uint64(len(t)))
		buf = append(buf, t...)
	}
	if e.negative {
		return buf, nil
	}
	p, err := l.ser.Marshal(&e.value)
	if err != nil {
		return nil, err
	}
	return append(buf, p...), nil
}

var (
	errCorrupt  = errors.New("corrupt entry")
	errMismatch = errors.New("entry of another type, schema or serializer")
)

func (l *redisL2[V]) decode(b []byte) (*entry[V], error) {
	if len(b) == 0 {
		return nil, errCorrupt
	}
	if b[0] != encValue && b[0] != encNegative {
		if b[0] == 1 || b[0] == 2 { // version 1: no fingerprint
			return nil, errMismatch
		}
		return nil, errCorrupt
	}
	if len(b) < 9 {
		return nil, errCorrupt
	}
	if [8]byte(b[1:9]) != l.fp {
		return nil, errMismatch
	}
	e := &entry[V]{negative: b[0] == encNegative}
	b = b[9:]
	exp, n := binary.Uvarint(b)
	if n <= 0 {
		return nil, errCorrupt
	}
	e.expiresAt, b = int64(exp), b[n:]
	cnt, n := binary.Uvarint(b)
	if n <= 0 || cnt > uint64(len(b)) {
		return nil, errCorrupt
	}
	b = b[n:]
	for range cnt {
		ln, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < ln {
			return nil, errCorrupt
		}
		e.tags = append(e.tags, string(b[n:n+int(ln)]))
		b = b[n+int(ln):]
	}
	if e.negative {
		return e, nil
	}
	if err := l.ser.Unmarshal(b, &e.value); err != nil {
		return nil, err
	}
	return e, nil
}
