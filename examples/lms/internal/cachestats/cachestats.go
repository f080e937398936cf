// Package cachestats counts cache hits and misses of the catalogue.
package cachestats

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"example.com/lms/internal/keys"
	"example.com/lms/internal/rcache"
	"example.com/lms/internal/store"
)

// Stats wraps the catalogue cache with hit and miss counters.
type Stats struct {
	Cache *rcache.Cache
	Hits  metric.Int64Counter // "lms.cache.hits"
	Miss  metric.Int64Counter // "lms.cache.misses"
}

// New creates the counters.
func New(m metric.Meter, c *rcache.Cache) (*Stats, error) {
	hits, err := m.Int64Counter("lms.cache.hits")
	if err != nil {
		return nil, err
	}
	miss, err := m.Int64Counter("lms.cache.misses")
	if err != nil {
		return nil, err
	}
	return &Stats{Cache: c, Hits: hits, Miss: miss}, nil
}

// CoursesLabelledByKey labels the hit counter with the cache key: one time
// series per organisation, and the key (with its ids) in the metrics backend.
func (s *Stats) CoursesLabelledByKey(ctx context.Context, orgID string) ([]store.Course, bool) {
	key := keys.Courses(orgID)
	var cs []store.Course
	if ok, err := s.Cache.GetJSON(ctx, key, &cs); err == nil && ok {
		s.Hits.Add(ctx, 1, metric.WithAttributes(attribute.String("key", key))) // BAD (cachemetric)
		return cs, true
	}
	s.Miss.Add(ctx, 1, metric.WithAttributes(attribute.String("cache", "catalog")))
	return nil, false
}

// Courses labels only with the cache's name: a handful of series.
func (s *Stats) Courses(ctx context.Context, orgID string) ([]store.Course, bool) {
	key := keys.Courses(orgID)
	var cs []store.Course
	if ok, err := s.Cache.GetJSON(ctx, key, &cs); err == nil && ok {
		s.Hits.Add(ctx, 1, metric.WithAttributes(attribute.String("cache", "catalog")))
		return cs, true
	}
	s.Miss.Add(ctx, 1, metric.WithAttributes(attribute.String("cache", "catalog")))
	return nil, false
}
