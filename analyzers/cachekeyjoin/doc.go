// Package cachekeyjoin defines an Analyzer that checks how cache keys join
// their segments.
//
// # Analyzer cachekeyjoin
//
// cachekeyjoin: cache keys do not join free-form segments with a separator they may contain
//
// A key built by joining segments with a separator ("perm:" + user + ":" +
// object, fmt.Sprintf("%s:%s", a, b), strings.Join, a key builder in
// another package) is ambiguous when two adjacent segments are free-form
// strings that may contain the separator: user "a:b" with object "c" and
// user "a" with object "b:c" give the same key, so two different requests
// share one entry and get each other's data. The rule reports such keys at
// every cache read and write and at singleflight.Group.Do.
//
// Segments that cannot hold the separator are not free-form: numbers and
// other non-string types, typed ids and UUIDs, enums (a named string type
// with declared constants), hashes and encodings whose alphabet excludes
// the separator (hex, base64, strconv, %x, %d, %q), segments escaped by
// url.QueryEscape, the reference cache's NewKey or a declared escaper
// ([rules.cachekeyjoin] escapers). One free-form segment next to fixed text
// cannot shift a boundary on its own and is not reported.
package cachekeyjoin

// Doc is the analyzer's documentation: its first line is the summary.
const Doc = `cachekeyjoin: cache keys do not join free-form segments with a separator they may contain

Reports cache reads and writes (and singleflight.Group.Do) whose key joins
two adjacent free-form string segments with a separator both may contain
("perm:" + user + ":" + object): different requests then share one entry.
Numbers, typed ids, enums, hashes, encodings and escaped segments are not
free-form. Configuration: [rules.cachekeyjoin] escapers.`
