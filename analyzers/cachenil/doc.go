// Package cachenil defines an Analyzer that reports caches storing nil or
// failed results.
//
// # Analyzer cachenil
//
// cachenil: never cache nil or error results
//
// Caching the nil that a failed upstream call returned turns a one-second
// outage into a TTL-long one. The rule follows, on the SSA form, the value
// a cache write stores back to the calls it is computed from, and reports
// the write when:
//
//   - a call the value comes from may have failed on some path to the
//     write (its error discarded, checked too late or on a shadowing
//     variable, or the write sits in the error branch);
//   - the value may be nil: a nil literal, a variable still nil on one
//     path, or the result of a function that returns nil with a nil error
//     (known across packages through a fact);
//   - the value is an error, or holds the error of a failed call;
//   - a loader passed to a get-or-create operation (or to a wrapper that
//     caches its loader's result) returns nil, nil or turns a failure into
//     a zero value with a nil error: reported where the loader is passed;
//   - a value written only when a call failed (a negative entry) has a TTL
//     longer than the negative-entry bound.
//
// A sentinel "not found" value cached with a constant TTL of at most the
// bound (-cachenil.negative-ttl, default 1m) is deliberate negative caching
// and is not reported.
package cachenil

// Doc is the analyzer's documentation: its first line is the summary.
const Doc = `cachenil: never cache nil or error results

Reports cache writes whose value may come from a failed call (error not
checked before the write), may be nil (nil literal, a variable nil on one
path, a function that returns nil, nil), or is an error; and loaders passed
to get-or-create operations that return nil, nil or swallow an error.
Deliberate negative caching of a non-nil sentinel with a short constant
TTL is allowed. Flag: -cachenil.negative-ttl (default 1m).`
