// Package cachebound defines an Analyzer that checks that in-process
// caches are bounded.
//
// # Analyzer cachebound
//
// cachebound: in-process caches have a size limit
//
// An in-process cache without a size limit grows with every distinct key
// it sees (user ids, search terms, URLs) until the process runs out of
// memory. The rule reports:
//
//   - expirable.NewLRU with a size <= 0 (no limit);
//   - otter caches built without MaximumSize or MaximumWeight;
//   - bigcache with HardMaxCacheSize 0 (or bigcache.DefaultConfig without
//     setting it);
//   - go-cache (which has no size limit) built with no default expiration,
//     unless every write seen gives its own TTL, or with a cleanup interval
//     <= 0 when nothing calls DeleteExpired;
//   - a package-level map, a sync.Map, or a map field of a struct shared
//     between goroutines (it has a mutex) used as a cache: read by key and
//     written at run time, never deleted from, cleared, size-checked or
//     reset, and either named like a cache (cache, memo) or filled on a
//     miss (a read by key followed by a write in the same function).
//
// Maps keyed by a finite domain (bool, enums, reflect.Type) or by a small
// set the code shows (a constant, a literal list of constants, a switch
// case, a parameter every caller passes a constant, a language, a locale
// or a time zone), maps filled only in init or while their owner is built
// (registries), and maps that are deleted from, cleared, reset or checked
// with len are not reported.
package cachebound

// Doc is the analyzer's documentation: its first line is the summary.
const Doc = `cachebound: in-process caches have a size limit

Reports in-process caches built without a size limit (expirable.NewLRU
with size 0, otter without MaximumSize, bigcache with HardMaxCacheSize 0,
go-cache without expiration or cleanup) and maps used as caches (read by
key, filled on a miss, never deleted from or bounded).`
