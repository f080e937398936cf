package cache

import (
	"errors"
	"fmt"
	"time"

	"github.com/redis/rueidis"
	"go.opentelemetry.io/otel/metric"
)

// Configuration and option errors.
var (
	// ErrInvalidConfig wraps every error New returns for a bad Config.
	ErrInvalidConfig = errors.New("cache: invalid config")
	// ErrInvalidOption wraps every error returned for a bad EntryOption.
	ErrInvalidOption = errors.New("cache: invalid entry option")
	// ErrNilValue is returned by Set for a nil value without WithNegativeCaching.
	ErrNilValue = errors.New("cache: nil value not cached without WithNegativeCaching")
)

// Defaults used when the matching Config field is zero.
const (
	DefaultLoadTimeout  = 30 * time.Second
	DefaultRedisTimeout = 200 * time.Millisecond
	DefaultRetryAfter   = time.Second
	DefaultRedisPrefix  = "cachevet"
	// DefaultKeyspaceCheckInterval is how often an instance checks that Redis's
	// keyspace was not reset (FLUSHALL, a restart without persistence).
	DefaultKeyspaceCheckInterval = time.Second
)

// MaxTTL is the longest TTL (absolute expiration) a cache accepts, in Config.TTL
// and WithTTL. Longer TTLs are rejected: past about 237 years from now an
// expiration no longer fits in int64 nanoseconds, and the entry would never be
// served.
const MaxTTL = 100 * 365 * 24 * time.Hour

// Config configures a cache. Name, MaxEntries and TTL are required.
type Config struct {
	// Name identifies the cache in metrics and in Redis key names. Required;
	// 1 to 64 ASCII letters, digits, '-', '_' or '.'.
	Name string
	// MaxEntries bounds the in-process (L1) cache. Required, > 0.
	MaxEntries int
	// TTL is the default absolute expiration of an entry. Required, > 0.
	// Every entry expires at most TTL (or its WithTTL) after it was written.
	TTL time.Duration
	// Sliding, if > 0, is the default sliding expiration: an entry not read for
	// Sliding is no longer served from L1 (its memory is released at its absolute
	// expiration, on replacement or by the size bound). It never extends an entry
	// past its absolute TTL. The window moves at most every Sliding/8, so an entry
	// may stop being served up to that much early.
	Sliding time.Duration
	// Jitter, in [0, 0.5], shortens each absolute TTL by a random fraction up to
	// Jitter, so entries written together do not expire together. TTLs are never
	// lengthened by jitter.
	Jitter float64
	// LoadTimeout is the deadline of a load (Redis read plus loader call). The load
	// runs on a context detached from the callers' cancellation, with this deadline.
	// Default DefaultLoadTimeout.
	LoadTimeout time.Duration
	// MeterProvider receives the cache's metrics. Default: the global provider
	// (otel.GetMeterProvider).
	MeterProvider metric.MeterProvider
	// Redis, if set, adds a distributed L2 and cross-instance invalidation.
	Redis *RedisConfig
}

// RedisConfig configures the optional distributed L2 layer.
//
// Layout: every Redis key of a cache starts with "<Prefix>:{<Name>}:" ("v:" values,
// "g:" per-key write generations, "t:" tag sets), and invalidations are published on
// the channel "<Prefix>:{<Name>}:inv". The braces are a Redis Cluster hash tag: all
// of one cache's keys live in one slot, which lets the Lua scripts that write a
// value together with its tag sets and generation run atomically on a cluster too
// (spread load over shards by using several caches).
type RedisConfig struct {
	// Client is the Redis client. Required. The cache only uses plain commands,
	// Lua scripts and pub/sub; it does not use client-side caching (DoCache).
	Client rueidis.Client
	// Timeout bounds every Redis operation. Default DefaultRedisTimeout.
	Timeout time.Duration
	// RetryAfter is how long reads and fills skip Redis after a Redis error.
	// Invalidations are always attempted. Default DefaultRetryAfter.
	RetryAfter time.Duration
	// Serializer encodes values for Redis. Default GobSerializer. See Serializer
	// for the contract.
	Serializer Serializer
	// Prefix starts every Redis key and the channel name. Default DefaultRedisPrefix.
	Prefix string
	// KeyspaceCheckInterval is how often the cache checks the epoch key it keeps in
	// Redis; when the key is gone or changed (FLUSHALL, a restart without
	// persistence), L1 is flushed. Default DefaultKeyspaceCheckInterval.
	KeyspaceCheckInterval time.Duration
}

func validName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

func (cfg *Config) validate() error {
	switch {
	case !validName(cfg.Name):
		return fmt.Errorf("%w: Name %q must be 1-64 of [A-Za-z0-9_.-]", ErrInvalidConfig, cfg.Name)
	case cfg.MaxEntries <= 0:
		return fmt.Errorf("%w: MaxEntries is required and must be > 0", ErrInvalidConfig)
	case cfg.TTL <= 0:
		return fmt.Errorf("%w: TTL (absolute expiration) is required and must be > 0", ErrInvalidConfig)
	case cfg.TTL > MaxTTL:
		return fmt.Errorf("%w: TTL %v exceeds MaxTTL (%v)", ErrInvalidConfig, cfg.TTL, MaxTTL)
	case cfg.Sliding < 0:
		return fmt.Errorf("%w: Sliding must be >= 0", ErrInvalidConfig)
	case cfg.Jitter < 0 || cfg.Jitter > 0.5 || cfg.Jitter != cfg.Jitter:
		return fmt.Errorf("%w: Jitter must be in [0, 0.5]", ErrInvalidConfig)
	case cfg.LoadTimeout < 0:
		return fmt.Errorf("%w: LoadTimeout must be >= 0", ErrInvalidConfig)
	}
	if r := cfg.Redis; r != nil {
		switch {
		case r.Client == nil:
			return fmt.Errorf("%w: Redis.Client is required when Redis is set", ErrInvalidConfig)
		case r.Timeout < 0 || r.RetryAfter < 0 || r.KeyspaceCheckInterval < 0:
			return fmt.Errorf("%w: Redis.Timeout, Redis.RetryAfter and Redis.KeyspaceCheckInterval must be >= 0", ErrInvalidConfig)
		case r.Prefix != "" && !validName(r.Prefix):
			return fmt.Errorf("%w: Redis.Prefix %q must be 1-64 of [A-Za-z0-9_.-]", ErrInvalidConfig, r.Prefix)
		}
	}
	return nil
}

type optKind uint8

const (
	optTTL optKind = iota + 1
	optSliding
	optTags
	optNegative
)

// EntryOption adjusts how one entry is stored. Options are plain values, so passing
// none costs nothing. Invalid options make the operation return ErrInvalidOption.
type EntryOption struct {
	kind optKind
	d    time.Duration
	tags []string
}

// WithTTL sets the entry's absolute expiration (> 0, at most MaxTTL), replacing
// Config.TTL.
func WithTTL(d time.Duration) EntryOption { return EntryOption{kind: optTTL, d: d} }

// WithSliding sets the entry's sliding expiration (> 0). It is capped by the
// absolute expiration and applies to L1 only (Redis entries expire absolutely).
func WithSliding(d time.Duration) EntryOption { return EntryOption{kind: optSliding, d: d} }

// WithTags tags the entry (e.g. "tenant:42", "course:7") for InvalidateTags.
func WithTags(tags ...string) EntryOption { return EntryOption{kind: optTags, tags: tags} }

// WithNegativeCaching opts into caching a nil value (for a V that can be nil) for
// ttl, which must be > 0 and not longer than the entry's absolute TTL. Without it a
// nil value is returned to the caller but never stored.
func WithNegativeCaching(ttl time.Duration) EntryOption {
	return EntryOption{kind: optNegative, d: ttl}
}

type entryOpts struct {
	ttl         time.Duration
	sliding     time.Duration
	negativeTTL time.Duration
	tags        []string
}

// resolve validates opts and merges them with the cache defaults.
func resolveOpts(def *Config, opts []EntryOption) (entryOpts, error) {
	eo := entryOpts{ttl: def.TTL, sliding: def.Sliding}
	for _, o := range opts {
		switch o.kind {
		case optTTL:
			if o.d <= 0 || o.d > MaxTTL {
				return eo, fmt.Errorf("%w: WithTTL must be > 0 and at most MaxTTL (%v)", ErrInvalidOption, MaxTTL)
			}
			eo.ttl = o.d
		case optSliding:
			if o.d <= 0 {
				return eo, fmt.Errorf("%w: WithSliding must be > 0", ErrInvalidOption)
			}
			eo.sliding = o.d
		case optNegative:
			if o.d <= 0 {
				return eo, fmt.Errorf("%w: WithNegativeCaching TTL must be > 0", ErrInvalidOption)
			}
			eo.negativeTTL = o.d
		case optTags:
			for _, t := range o.tags {
				if err := validateTag(t); err != nil {
					return eo, fmt.Errorf("%w: %w", ErrInvalidOption, err)
				}
			}
			if len(eo.tags) == 0 {
				eo.tags = o.tags
			} else {
				eo.tags = append(append([]string(nil), eo.tags...), o.tags...)
			}
		default:
			return eo, fmt.Errorf("%w: zero EntryOption", ErrInvalidOption)
		}
	}
	if eo.negativeTTL > eo.ttl {
		return eo, fmt.Errorf("%w: WithNegativeCaching TTL %v exceeds the absolute TTL %v", ErrInvalidOption, eo.negativeTTL, eo.ttl)
	}
	return eo, nil
}
