// Package metrics declares the service's metrics; other packages record them.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// CacheLookups counts cache lookups by cache, result and (wrongly) user.
var CacheLookups = promauto.NewCounterVec(prometheus.CounterOpts{
	Namespace: "shop",
	Subsystem: "cache",
	Name:      "lookups_total",
	Help:      "Cache lookups.",
}, []string{"cache", "result", "user"})

// CacheByPlan counts cache lookups by plan.
var CacheByPlan = promauto.NewCounterVec(prometheus.CounterOpts{Name: "cache_lookups_by_plan_total"}, []string{"cache", "result", "plan"})

// Requests is an HTTP metric, not a cache metric.
var Requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "http_requests_total"}, []string{"route", "user"})

// Cache holds one cache's metrics.
type Cache struct {
	Hits      *prometheus.CounterVec
	Latency   *prometheus.HistogramVec
	Evictions *prometheus.CounterVec
}

// NewCache builds a cache's metrics.
func NewCache(reg prometheus.Registerer) *Cache {
	f := promauto.With(reg)
	return &Cache{
		Hits:      f.NewCounterVec(prometheus.CounterOpts{Name: "catalog_hits_total"}, []string{"key"}),
		Latency:   f.NewHistogramVec(prometheus.HistogramOpts{Name: "catalog_lookup_seconds"}, []string{"layer"}),
		Evictions: f.NewCounterVec(prometheus.CounterOpts{Name: "catalog_evictions_total"}, []string{"reason"}),
	}
}
