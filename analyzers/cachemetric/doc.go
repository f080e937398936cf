// Package cachemetric defines an Analyzer that checks the labels of cache
// metrics.
//
// # Analyzer cachemetric
//
// cachemetric: cache metrics carry no high-cardinality labels
//
// Every production cache emits hit, miss and eviction counts and lookup
// durations, but a label whose value is unbounded turns one metric into one
// time series per value: the metrics backend's memory and bill grow with
// the number of keys or users, and personal data ends up in dashboards.
// The rule reports, on Prometheus vectors (WithLabelValues, With,
// GetMetricWithLabelValues, GetMetricWith, CurryWith) and on OpenTelemetry
// instruments (Add, Record with metric.WithAttributes or
// metric.WithAttributeSet), a label value that is:
//
//   - a cache key: the key expression (or variable) of a cache operation in
//     the same function; reported on any metric;
//   - a user identity (user id, subject, member), personal data (e-mail,
//     phone, ...), or free-form text (a search query, a raw query string),
//     hashed or not; reported on cache metrics: a metric whose name or
//     variable says cache/hit/miss/evict, or that carries a literal
//     "hit"/"miss" label (flag -cachemetric.all-metrics: every metric);
//   - a tenant identity, with -cachemetric.tenant (per-tenant series are a
//     deliberate choice in many services, so this is off by default).
package cachemetric

// Doc is the analyzer's documentation: its first line is the summary.
const Doc = `cachemetric: cache metrics carry no high-cardinality labels

Reports Prometheus label values (WithLabelValues, With, ...) and
OpenTelemetry attributes passed to metric instruments (Add, Record) whose
value is a cache key, or, on cache metrics, a user id, personal data or
free-form search text: each distinct value becomes its own time series.
Flags: -cachemetric.all-metrics, -cachemetric.tenant,
-cachemetric.metric-words, -cachemetric.free-text.`
