// Package cachekey defines an Analyzer that checks cache keys.
//
// # Analyzer cachekey
//
// cachekey: cache keys carry the scope, version and no raw personal data
//
// A cache key must separate every value it can hold. The rule reports, at
// every cache read and write (and at singleflight.Group.Do, whose key
// decides which callers share one result):
//
//   - a key that omits an identity (tenant, organisation, account,
//     customer, user, member, workspace, team) that the cached value is
//     computed from: one tenant or user would be served another's data;
//   - a key that contains personal data (an e-mail, a phone number, ...)
//     that was not hashed first;
//   - a key without a version segment ("v1") in a cache that outlives the
//     process (Redis, memcached), where old entries survive a deploy that
//     changes the value's shape (flag -cachekey.version=distributed|all|off);
//   - optionally, a key that does not follow a configured format
//     (-cachekey.format).
//
// Findings land where the bad key is built: a wrapper that forwards its
// key parameter is never reported inside; its callers are.
package cachekey

// Doc is the analyzer's documentation: its first line is the summary.
const Doc = `cachekey: cache keys carry the scope, version and no raw personal data

Reports cache reads and writes (and singleflight.Group.Do) whose key omits
a tenant or user identity that the cached value is computed from, holds
unhashed personal data, or lacks a version segment in a cache that
outlives the process. Flags: -cachekey.version, -cachekey.format.`
