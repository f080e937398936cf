package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"cachemetric/auth"
	"cachemetric/metrics"
)

var (
	cacheHits = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "profile_cache_hits_total"}, []string{"key"})
	misses    = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "profile_cache_misses_total"}, []string{"cache", "user_id"})
	searches  = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "search_cache_requests_total"}, []string{"result", "query"})
	// Not a cache metric: its name says nothing about a cache.
	logins = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "logins_total"}, []string{"user"})
)

type Profile struct{ Name string }

type Service struct {
	rdb *redis.Client
	m   *metrics.Cache
}

// The raw key as a label: one series per profile.
func (s *Service) Profile(ctx context.Context, userID string) (string, error) {
	key := "profile:" + userID + ":v1"
	v, err := s.rdb.Get(ctx, key).Result()
	if err == nil {
		cacheHits.WithLabelValues(key).Inc() // want `cache metric "profile_cache_hits_total" label "key" takes key, the raw cache key of go-redis.Get: every distinct key becomes its own time series`
		return v, nil
	}
	misses.WithLabelValues("profile", userID).Inc() // want `cache metric "profile_cache_misses_total" label "user_id" takes userID, a user id: every user becomes its own time series`
	s.rdb.Set(ctx, key, "x", time.Minute)
	return "", nil
}

// A cache wrapper that labels by the key it was given.
func (s *Service) Get(ctx context.Context, key string) (string, error) {
	v, err := s.rdb.Get(ctx, key).Result()
	if err != nil {
		s.m.Hits.With(prometheus.Labels{"key": key}).Inc() // want `cache metric "catalog_hits_total" label "key" takes key, the raw cache key of go-redis.Get`
		return "", err
	}
	return v, nil
}

// Identities through accessors, fields, hashes and formatting, on metrics
// declared in another package (facts).
func (s *Service) Lookup(ctx context.Context, r *http.Request) {
	uid := auth.UserID(ctx)
	metrics.CacheLookups.WithLabelValues("profile", "hit", uid).Inc() // want `cache metric "shop_cache_lookups_total" label "user" takes uid, a user id \(auth.UserID\(ctx\)\)`
	c := auth.ClaimsFrom(ctx)
	metrics.CacheLookups.WithLabelValues("profile", "miss", c.Subject).Inc()                // want `label "user" takes c.Subject, a user id`
	metrics.CacheLookups.WithLabelValues("profile", "miss", strings.ToLower(c.Email)).Inc() // want `label "user" takes strings.ToLower\(c.Email\), personal data \(c.Email\): every person becomes`
	sum := sha256.Sum256([]byte(c.Email))
	metrics.CacheLookups.WithLabelValues("profile", "miss", hex.EncodeToString(sum[:])).Inc()                                 // want `takes hex.EncodeToString\(sum\[:\]\), a hash of personal data`
	metrics.CacheLookups.With(prometheus.Labels{"cache": "profile", "result": "hit", "user": fmt.Sprintf("u-%s", uid)}).Inc() // want `label "user" takes fmt.Sprintf\("u-%s", uid\), a user id`
	q := r.URL.Query().Get("q")
	searches.WithLabelValues("miss", q).Inc()              // want `cache metric "search_cache_requests_total" label "query" takes q, free-form text`
	searches.WithLabelValues("miss", r.URL.RawQuery).Inc() // want `takes r.URL.RawQuery, free-form text`
	// The label name says what the value is.
	misses.WithLabelValues("profile", r.Header.Get("X-Forwarded-User")).Inc() // want `label "user_id" takes r.Header.Get\("X-Forwarded-User"\), a user id`
}

// Near misses: bounded label values.
func (s *Service) Bounded(ctx context.Context, r *http.Request, ok bool) {
	metrics.CacheByPlan.WithLabelValues("profile", strconv.FormatBool(ok), auth.PlanOf(ctx)).Inc()
	metrics.CacheByPlan.WithLabelValues("profile", "hit", tierOf(auth.UserID(ctx))).Inc() // a function maps the id to a small set
	c := auth.ClaimsFrom(ctx)
	metrics.CacheByPlan.WithLabelValues("profile", "hit", c.Plan).Inc()
	// A label named "user" often holds a kind of user; the value decides.
	metrics.CacheLookups.WithLabelValues("profile", "hit", userKind(c)).Inc()
	s.m.Evictions.WithLabelValues("size").Inc()
	s.m.Latency.WithLabelValues(layer(ok)).Observe(0.1)
	route := "/profile"
	searches.WithLabelValues("hit", route).Inc()
	// Not a cache metric: user labels on other metrics are another linter's business.
	logins.WithLabelValues(auth.UserID(ctx)).Inc()
	metrics.Requests.WithLabelValues("/login", auth.UserID(ctx)).Inc()
	// A tenant label is allowed by default (-cachemetric.tenant reports it).
	metrics.CacheLookups.WithLabelValues("profile", "hit", auth.TenantID(ctx)).Inc()
	// Suppressed with a reason.
	//cachevet:ignore cachemetric the staging cache has five test users
	metrics.CacheLookups.WithLabelValues("profile", "hit", auth.UserID(ctx)).Inc()
}

// Near miss: a key over a small domain (one hole named like an enum) and a
// literal key.
func (s *Service) Regions(ctx context.Context, region string) {
	s.rdb.Get(ctx, region)
	cacheHits.WithLabelValues(region).Inc()
	s.rdb.Get(ctx, "regions:all")
	cacheHits.WithLabelValues("regions:all").Inc()
}

// Curried vectors: positions shift, so the label name is unknown, but the
// key is still the key.
func (s *Service) Curried(ctx context.Context, id string) {
	key := fmt.Sprintf("item:%s", id)
	s.rdb.Get(ctx, key)
	v := metrics.CacheLookups.MustCurryWith(prometheus.Labels{"cache": "items"})
	v.WithLabelValues("hit", key).Inc() // want `cache metric "shop_cache_lookups_total" label takes key, the raw cache key of go-redis.Get`
}

func tierOf(userID string) string { return "free" }

func userKind(c *auth.Claims) string { return "member" }

func layer(ok bool) string {
	if ok {
		return "l1"
	}
	return "l2"
}

// A metrics helper: no cache operation here, but the value is named like a key.
type cacheMetrics struct{ hits *prometheus.CounterVec }

func (m *cacheMetrics) Hit(key string) {
	m.hits.WithLabelValues(key).Inc() // want `cache metric m.hits label takes key, by its name a raw cache key: every distinct key becomes its own time series`
}

// Near miss: a bounded value whose name merely contains "key".
func (m *cacheMetrics) Keyspace(keyspace string, apiKeyName string) {
	m.hits.WithLabelValues(keyspace).Inc()
	m.hits.WithLabelValues(apiKeyName).Inc()
}
