// Package cachettl defines an Analyzer that checks that every cache entry
// expires.
//
// # Analyzer cachettl
//
// cachettl: every cache entry expires
//
// An entry without an expiration is only ever removed by an explicit
// invalidation (or by eviction under memory pressure): one missed
// invalidation and stale data is served until the process restarts, or,
// in Redis, forever. The rule reports writes that store an entry without
// expiration where the API takes one:
//
//   - go-redis Set/SetNX/SetXX/SetEx with a zero expiration (pipelines and
//     transactions too), SetArgs without TTL or ExpireAt, and HSet/HMSet/
//     GetSet on a key that no Expire in the package follows;
//   - rueidis SET built without EX/PX/EXAT/PXAT/KEEPTTL;
//   - gomemcache Items with Expiration 0 or omitted; freecache with
//     expireSeconds <= 0; ristretto Set (no TTL) and SetWithTTL(..., 0);
//   - go-cache NoExpiration, and DefaultExpiration/SetDefault on a cache
//     whose constructor (traced through variables, struct fields, factory
//     functions and, by facts, other packages) has no default expiration;
//     ttlcache NoTTL, and DefaultTTL on a cache built without WithTTL;
//     go-redis/cache Items with a negative TTL;
//   - constructors that give every entry an infinite lifetime:
//     expirable.NewLRU with a TTL <= 0, otter without an ExpiryCalculator,
//     sturdyc with a TTL <= 0;
//   - sliding-only expiration (otter.ExpiryAccessing): an entry read often
//     enough never expires;
//   - plain LRU writes (golang-lru Add): a hot entry is never evicted and
//     never refreshed;
//   - a constant zero passed as the TTL of a wrapper (a function whose TTL
//     parameter reaches one of the writes above), at the caller.
//
// A TTL computed at run time (configuration) is never reported.
package cachettl

// Doc is the analyzer's documentation: its first line is the summary.
const Doc = `cachettl: every cache entry expires

Reports cache writes that store an entry without expiration where the API
takes one (a zero TTL to go-redis, memcached or freecache, go-cache
NoExpiration, ttlcache NoTTL, ristretto Set, a plain LRU), caches built
without a default expiration (expirable.NewLRU with TTL <= 0, otter without
an ExpiryCalculator), and sliding-only expiration. A TTL computed from
configuration is not reported.`
