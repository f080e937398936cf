package cache

import (
	"context"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// Metric names and attribute keys. Attributes are only the cache name, the layer and
// a result from a small fixed set: never keys, identifiers or tags.
const (
	MetricHits             = "cachevet.cache.hits"
	MetricMisses           = "cachevet.cache.misses"
	MetricEvictions        = "cachevet.cache.evictions"
	MetricLoaderCalls      = "cachevet.cache.loader.calls"
	MetricLoaderErrors     = "cachevet.cache.loader.errors"
	MetricBackendErrors    = "cachevet.cache.backend.errors"
	MetricLookupDuration   = "cachevet.cache.lookup.duration"
	MetricFallbackDuration = "cachevet.cache.backend_fallback.duration"

	AttrCache  = "cache.name"
	AttrLayer  = "cache.layer"
	AttrResult = "cache.result"
)

// Layers and results used as attribute values.
const (
	layerL1     = "l1"
	layerL2     = "l2"
	layerLoader = "loader"
)

// hitSampleMask: one in 64 L1 hits has its lookup duration recorded, so the hit
// path does not pay for two clock reads on every call. Misses are always timed.
const hitSampleMask = 63

// stripedCounter is a counter for hot paths: increments go to one of several
// cache-line-padded cells, and the sum is read only when metrics are collected.
type stripedCounter struct {
	cells [8]struct {
		n atomic.Int64
		_ [56]byte
	}
}

func (s *stripedCounter) add(stripe uint32) { s.cells[stripe&7].n.Add(1) }

func (s *stripedCounter) load() int64 {
	var t int64
	for i := range s.cells {
		t += s.cells[i].n.Load()
	}
	return t
}

type metrics struct {
	// Hits and misses are counted in striped counters and reported by observable
	// counters at collection time, so the hit path makes no metric SDK call.
	hitsL1, hitsL2, missesL1, missesL2 stripedCounter
	hitsObs, missesObs                 metric.Int64ObservableCounter
	reg                                metric.Registration

	evictions                 metric.Int64Counter
	loaderCalls, loaderErrors metric.Int64Counter
	backendErrors             metric.Int64Counter
	lookup, fallback          metric.Float64Histogram
	evictSize, evictExpired   []metric.AddOption
	lookupHitL1, lookupHitL2  []metric.RecordOption
	lookupMiss, lookupErr     []metric.RecordOption
	loaderResult              map[string][]metric.AddOption
	fallbackOK, fallbackErr   []metric.RecordOption
	backendErr                map[string][]metric.AddOption
}

var loaderResults = []string{"ok", "nil", "error", "panic", "goexit", "timeout"}
var backendResults = []string{"read", "write", "invalidate", "decode", "mismatch", "subscribe", "skipped"}

func newMetrics(name string, mp metric.MeterProvider) (*metrics, error) {
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	m := mp.Meter("github.com/cachevet/cachevet/cache")
	var err error
	ms := &metrics{}
	c := func(n, desc string) metric.Int64Counter {
		if err != nil {
			return nil
		}
		var ctr metric.Int64Counter
		ctr, err = m.Int64Counter(n, metric.WithDescription(desc), metric.WithUnit("{call}"))
		return ctr
	}
	h := func(n, desc string) metric.Float64Histogram {
		if err != nil {
			return nil
		}
		var hist metric.Float64Histogram
		hist, err = m.Float64Histogram(n, metric.WithDescription(desc), metric.WithUnit("s"))
		return hist
	}
	ms.evictions = c(MetricEvictions, "Entries removed by size limit or expiration.")
	ms.loaderCalls = c(MetricLoaderCalls, "Loader (backend) calls, by result.")
	ms.loaderErrors = c(MetricLoaderErrors, "Loader calls that failed (error, panic, goexit, timeout).")
	ms.backendErrors = c(MetricBackendErrors, "Distributed-layer (Redis) failures absorbed by the cache.")
	ms.lookup = h(MetricLookupDuration, "Duration of Get and GetOrCreate calls (hits sampled 1 in 64).")
	ms.fallback = h(MetricFallbackDuration, "Duration of loader calls made because the cache missed.")
	if err != nil {
		return nil, err
	}
	ms.hitsObs, err = m.Int64ObservableCounter(MetricHits, metric.WithDescription("Lookups answered from a cache layer."), metric.WithUnit("{call}"))
	if err != nil {
		return nil, err
	}
	ms.missesObs, err = m.Int64ObservableCounter(MetricMisses, metric.WithDescription("Lookups a cache layer could not answer."), metric.WithUnit("{call}"))
	if err != nil {
		return nil, err
	}
	set := func(layer, result string) attribute.Set {
		kv := []attribute.KeyValue{attribute.String(AttrCache, name)}
		if layer != "" {
			kv = append(kv, attribute.String(AttrLayer, layer))
		}
		if result != "" {
			kv = append(kv, attribute.String(AttrResult, result))
		}
		return attribute.NewSet(kv...)
	}
	add := func(layer, result string) []metric.AddOption {
		return []metric.AddOption{metric.WithAttributeSet(set(layer, result))}
	}
	rec := func(layer, result string) []metric.RecordOption {
		return []metric.RecordOption{metric.WithAttributeSet(set(layer, result))}
	}
	obsL1 := []metric.ObserveOption{metric.WithAttributeSet(set(layerL1, ""))}
	obsL2 := []metric.ObserveOption{metric.WithAttributeSet(set(layerL2, ""))}
	ms.reg, err = m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		o.ObserveInt64(ms.hitsObs, ms.hitsL1.load(), obsL1...)
		o.ObserveInt64(ms.hitsObs, ms.hitsL2.load(), obsL2...)
		o.ObserveInt64(ms.missesObs, ms.missesL1.load(), obsL1...)
		o.ObserveInt64(ms.missesObs, ms.missesL2.load(), obsL2...)
		return nil
	}, ms.hitsObs, ms.missesObs)
	if err != nil {
		return nil, err
	}
	ms.evictSize, ms.evictExpired = add(layerL1, "size"), add(layerL1, "expired")
	ms.lookupHitL1, ms.lookupHitL2 = rec(layerL1, "hit"), rec(layerL2, "hit")
	ms.lookupMiss, ms.lookupErr = rec(layerLoader, "miss"), rec(layerLoader, "error")
	ms.fallbackOK, ms.fallbackErr = rec(layerLoader, "ok"), rec(layerLoader, "error")
	ms.loaderResult = make(map[string][]metric.AddOption, len(loaderResults))
	for _, r := range loaderResults {
		ms.loaderResult[r] = add(layerLoader, r)
	}
	ms.backendErr = make(map[string][]metric.AddOption, len(backendResults))
	for _, r := range backendResults {
		ms.backendErr[r] = add(layerL2, r)
	}
	return ms, nil
}

// sampleHit draws one cheap random number: its low bits decide whether this hit
// is timed, the next bits pick a counter stripe.
func sampleHit() (sampled bool, stripe uint32) {
	r := rand.Uint32()
	return r&hitSampleMask == 0, r >> 6
}

func seconds(d time.Duration) float64 { return d.Seconds() }

func (m *metrics) loaderDone(ctx context.Context, result string, d time.Duration) {
	m.loaderCalls.Add(ctx, 1, m.loaderResult[result]...)
	switch result {
	case "ok", "nil":
		m.fallback.Record(ctx, seconds(d), m.fallbackOK...)
	default:
		m.loaderErrors.Add(ctx, 1, m.loaderResult[result]...)
		m.fallback.Record(ctx, seconds(d), m.fallbackErr...)
	}
}

func (m *metrics) backendError(ctx context.Context, what string) {
	m.backendErrors.Add(ctx, 1, m.backendErr[what]...)
}
