// Package cache is cachevet's reference cache: a typed cache that enforces at run
// time the rules cachevet's analyzers check statically.
//
//   - Keys are built, not concatenated. NewKey takes the bounded context, the
//     resource, an explicit Scope (Tenant, User, TenantUser or Shared), a version and
//     identifiers, escapes every segment so user input cannot forge another key, and
//     rejects empty segments, control characters and over-long keys. HashPII turns
//     e-mails and phone numbers into keyed hashes before they enter a key.
//   - Expiration is required. New fails without Config.TTL and Config.MaxEntries;
//     sliding expiration never outlives the absolute TTL; optional jitter only
//     shortens TTLs.
//   - Failure is never cached. GetOrCreate stores only a loader's successful,
//     non-nil result; a nil is stored only with WithNegativeCaching and its own TTL.
//   - Concurrent misses are coalesced into one loader call. A panicking loader, a
//     loader that calls runtime.Goexit and a cancelled first caller cannot hurt the
//     other callers: the load runs on a detached context with its own deadline and
//     every waiter gets the result or an error.
//   - Invalidation by key and by tag, and after a commit (InvalidateAfterCommit,
//     AfterCommit), so the cache is evicted only once the write is durable. Loads in
//     flight during an invalidation are not stored.
//   - L1 is in-process and size-bounded. An optional Redis L2 (Config.Redis) shares
//     entries between instances; writes and invalidations are published on a Redis
//     pub/sub channel so every instance drops its L1 copy. If the subscription is
//     lost, L1 is flushed (missed messages cannot leave stale copies). Redis failures
//     on reads and fills fall back to the loader and are counted, never returned.
//   - Metrics go through OpenTelemetry (see the Metric* constants) with only the
//     cache name, layer and result as attributes.
//
// # Cross-instance invalidation
//
// Every Set, Invalidate and InvalidateTags runs a Lua script on Redis that updates
// the stored values, tag sets (Redis sets, added to with SADD, never overwritten) and
// per-key write generations, and publishes one message on the cache's channel. Each
// instance subscribes to the channel on a dedicated connection and drops the named
// keys or tags from its L1. A load that read Redis before a concurrent write or
// invalidation does not overwrite it (its generation no longer matches). Redis
// client-side caching is not used. Pub/sub delivery is at most once: an instance
// that loses its subscription flushes its whole L1 on loss and on resubscription.
// Each cache also keeps an epoch key in Redis and checks it every
// RedisConfig.KeyspaceCheckInterval: when it is gone or changed (FLUSHALL, a restart
// without persistence) L1 is flushed, and fills read under the old epoch are
// refused. A Set whose Redis write fails returns an error wrapping ErrBackend and
// keeps nothing in L1.
// Each entry's TTL bounds staleness in every remaining case (for example while Redis
// is unreachable and invalidations cannot be published; Invalidate then returns an
// error wrapping ErrBackend).
//
// # Redis Cluster
//
// The cache works with a cluster client unchanged: all of one cache's Redis keys
// share the hash tag {Name}, so its Lua scripts touch a single slot, and PUBLISH is
// propagated cluster-wide. The price is that one cache's L2 lives on one shard.
//
// # Example
//
//	c, err := cache.New[TicketSummary](cache.Config{
//		Name:       "ticket-summaries",
//		MaxEntries: 10_000,
//		TTL:        5 * time.Minute,
//	})
//	...
//	key, err := cache.NewKey("ticketing", "tickets", cache.Tenant(tenantID), 1, "summary", ticketID)
//	...
//	s, err := c.GetOrCreate(ctx, key, func(ctx context.Context) (TicketSummary, error) {
//		return repo.Summary(ctx, tenantID, ticketID)
//	}, cache.WithTags("tenant:"+tenantID))
package cache
