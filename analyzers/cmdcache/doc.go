// Package cmdcache defines an Analyzer that keeps cache calls out of
// command handlers and cache invalidation after the commit.
//
// # Analyzer cmdcache
//
// cmdcache: command handlers do not call the cache, and invalidation runs after the commit
//
// The write side of a service changes the source of truth; the cache is
// evicted by the infrastructure layer once the write is durable. The rule
// reports:
//
//   - a command (write-side) handler that calls a cache API, directly or
//     through the functions it calls in any package, at the handler's call,
//     with the call chain. Handlers are recognised by conventions: a type
//     named *CommandHandler or *Command with a Handle or Execute method,
//     exported methods of exported types in a package whose path has a
//     command or commands segment, implementations of configured
//     interfaces, and functions or types marked //cachevet:command. Calls
//     into the infrastructure layer (a package path segment such as infra)
//     are that layer's business; a cache type listed as part of the
//     write-side contract is allowed;
//   - a cache delete, expire or tag invalidation that runs before the
//     transaction's commit in the same function (found on the control-flow
//     graph, not by line order), after a commit whose error is not checked,
//     inside the callback of a transaction helper (gorm's Transaction,
//     pgx.BeginFunc, WithTx-style helpers, and helpers recognised by what
//     they do in any package), inside a GORM hook method, or inside a
//     function that receives an open transaction and does not commit it;
//     in those scopes, calls of functions that invalidate or write the
//     cache before returning are reported too;
//   - a cache invalidation that runs before a database write of the same
//     function (database/sql, sqlx, pgx, GORM), with no transaction.
package cmdcache

// Doc is the analyzer's documentation: its first line is the summary.
const Doc = `cmdcache: command handlers do not call the cache, and invalidation runs after the commit

Reports command (write-side) handlers that call a cache API directly or
through their callees in any package, and cache invalidations that run
before the transaction commits: earlier in the same function, after a
commit whose error is unchecked, inside a transaction scope (a helper's
callback, a GORM hook, a function that receives the open transaction, and
what the functions they call do to the cache), or before a database write
of the same function. Flags: -cmdcache.handler-types,
-cmdcache.handler-methods, -cmdcache.packages, -cmdcache.interfaces,
-cmdcache.allow, -cmdcache.commits, -cmdcache.infra.`
