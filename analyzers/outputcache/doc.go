// Package outputcache defines an Analyzer that checks HTTP response caching
// on authenticated routes.
//
// # Analyzer outputcache
//
// outputcache: responses of authenticated handlers are not cacheable by shared caches without a vary rule
//
// A response that a CDN or a reverse proxy may store is replayed to every
// client that sends the same URL. The rule reports:
//
//   - a handler (net/http, http.Handler, closures, handler factories, chi,
//     gin, echo and fiber handlers) that makes its response storable by shared caches
//     (Cache-Control public, s-maxage or max-age, Expires,
//     Surrogate-Control and CDN-Cache-Control) while it is authenticated:
//     it reads the caller's identity (the Authorization header, basic auth,
//     a session cookie, a context value set by authentication middleware,
//     JWT claims, a session) itself or through the functions it calls, or
//     it is registered behind authentication middleware; and no Vary
//     header names the identity header on that path;
//   - a response-cache middleware on an authenticated route whose key
//     ignores the user, or that runs before the authentication middleware
//     its key depends on;
//   - a private or no-store directive that a later directive on the same
//     path turns public;
//   - cachevet's own cache/httpcache middleware on an authenticated route
//     when its Policy (traced to httpcache.New, across packages by a
//     PolicyFact) has no Scope and cannot recognise the route's
//     authentication (a session cookie not in AuthCookies, an identity
//     header), when its Scope or IsAuthenticated reads a context value that
//     authentication sets only after the cache ran, and a Policy that New
//     rejects (AllowAuthenticated without Scope).
//
// Findings land where the fault is introduced: the header line, the call
// of a helper that sets the header, or the registration of a middleware.
package outputcache

// Doc is the analyzer's documentation: its first line is the summary.
const Doc = `outputcache: responses of authenticated handlers are not cacheable by shared caches without a vary rule

Reports authenticated handlers (they read the Authorization header, a
session cookie, basic auth, JWT claims or a context value set by
authentication middleware, or sit behind authentication middleware) whose
response shared caches may store (Cache-Control public, s-maxage or
max-age, Expires, Surrogate-Control, CDN-Cache-Control) without a Vary
header naming the identity header; response-cache middlewares on
authenticated routes whose key ignores the user or that run before
authentication (cache/httpcache is checked against its Policy: Scope,
AuthCookies, IsAuthenticated); and private directives later turned public.
Flags:
-outputcache.auth-middlewares, -outputcache.response-caches,
-outputcache.identity-headers, -outputcache.identity-cookies.`
