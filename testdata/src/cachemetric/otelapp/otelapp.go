package otelapp

import (
	"context"
	"net/http"

	gocache "github.com/patrickmn/go-cache"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"cachemetric/auth"
)

const (
	attrCache  = "cache.name"
	attrResult = "cache.result"
)

var userKey = attribute.Key("enduser.id")

type Catalog struct {
	local     *gocache.Cache
	hits      metric.Int64Counter
	misses    metric.Int64Counter
	lookup    metric.Float64Histogram
	requests  metric.Int64Counter
	hitOpts   []metric.AddOption
	cacheName string
}

func New(meter metric.Meter, name string) (*Catalog, error) {
	c := &Catalog{cacheName: name}
	var err error
	if c.hits, err = meter.Int64Counter("catalog.cache.hits"); err != nil {
		return nil, err
	}
	misses, err := meter.Int64Counter("catalog.cache.misses")
	if err != nil {
		return nil, err
	}
	c.misses = misses
	c.lookup, _ = meter.Float64Histogram("catalog.cache.lookup.duration")
	c.requests, _ = meter.Int64Counter("http.server.requests")
	c.hitOpts = []metric.AddOption{metric.WithAttributes(attribute.String(attrCache, name))}
	return c, nil
}

func (c *Catalog) Item(ctx context.Context, r *http.Request, sku string) (any, bool) {
	key := "catalog:item:" + sku
	if v, ok := c.local.Get(key); ok {
		c.hits.Add(ctx, 1, metric.WithAttributes(attribute.String("cache.key", key))) // want `cache metric "catalog.cache.hits" label "cache.key" takes key, the raw cache key of go-cache.Get`
		c.hits.Add(ctx, 1, c.hitOpts...)
		return v, true
	}
	attrs := []attribute.KeyValue{attribute.String(attrCache, c.cacheName)}
	attrs = append(attrs, userKey.String(auth.UserID(ctx))) // want `cache metric "catalog.cache.misses" label "enduser.id" takes auth.UserID\(ctx\), a user id`
	c.misses.Add(ctx, 1, metric.WithAttributes(attrs...))
	set := attribute.NewSet(attribute.String(attrResult, "miss"), attribute.String("search", r.FormValue("q"))) // want `label "search" takes r.FormValue\("q"\), free-form text`
	c.lookup.Record(ctx, 0.2, metric.WithAttributeSet(set))
	opts := []metric.RecordOption{metric.WithAttributes(attribute.Key("user.email").String(auth.ClaimsFrom(ctx).Email))} // want `label "user.email" takes auth.ClaimsFrom\(ctx\).Email, personal data`
	c.lookup.Record(ctx, 0.1, opts...)
	return nil, false
}

// Near misses.
func (c *Catalog) Bounded(ctx context.Context, found bool) {
	result := "miss"
	if found {
		result = "hit"
	}
	c.hits.Add(ctx, 1, metric.WithAttributes(attribute.String(attrCache, c.cacheName), attribute.String(attrResult, result)))
	c.lookup.Record(ctx, 0.1, metric.WithAttributes(attribute.Bool("found", found)))
	// Not a cache metric.
	c.requests.Add(ctx, 1, metric.WithAttributes(userKey.String(auth.UserID(ctx))))
}
