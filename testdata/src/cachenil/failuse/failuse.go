// Package failuse caches what faillib's helpers return (issue #19).
package failuse

import (
	"context"
	"time"

	gocache "github.com/patrickmn/go-cache"
	"github.com/redis/go-redis/v9"

	"cachenil/faillib"
)

type Service struct {
	rdb *redis.Client
	mem *gocache.Cache
	s   *faillib.Store
}

func (svc *Service) region(ctx context.Context, bucket string) string { // want region:`cachenil swallows\(Get \(inside RegionOf\)\)`
	region := faillib.RegionOf(ctx, svc.s, bucket)
	svc.rdb.Set(ctx, "region:"+bucket, region, time.Hour) // want `caches region, built from RegionOf, which returns a default when Get fails without reporting the error: the failure would be served from cache for 1h as a real value; make RegionOf return the error, or cache only real results`
	return region
}

func (svc *Service) bucketRegion(ctx context.Context, bucket string) string { // want bucketRegion:`cachenil swallows\(Get \(inside RegionOf\)\)`
	region := faillib.BucketRegion(ctx, svc.s, bucket)
	svc.mem.Set("region:"+bucket, region, gocache.NoExpiration) // want `caches region, built from BucketRegion, which returns a default when Get \(inside RegionOf\) fails`
	return region
}

func (svc *Service) setting(ctx context.Context, key string) string { // want setting:`cachenil swallows\(Get \(inside Setting\)\)`
	v := faillib.Setting(ctx, svc.s, key, "off")
	svc.mem.Set("setting:"+key, v, gocache.NoExpiration) // want `caches v, built from Setting, which returns a default when Get fails`
	return v
}

func (svc *Service) metrics(ctx context.Context) []faillib.Metric { // want metrics:`cachenil swallows\(Query \(inside Collect\)\)`
	ms := faillib.Collect(ctx, svc.s)
	svc.mem.Set("metrics", ms, 10*time.Minute) // want `caches ms, built from Collect, which returns an empty result when Query fails`
	return ms
}

type pageDTO struct{ Title string }

func (svc *Service) page(ctx context.Context, id string) (*pageDTO, error) { // want page:`cachenil swallows\(Page \(inside PageOrPlaceholder\)\)`
	p, err := faillib.PageOrPlaceholder(ctx, svc.s, id)
	if err != nil {
		return nil, err
	}
	dto := &pageDTO{Title: p.Title}
	svc.rdb.Set(ctx, "page:"+id, dto, time.Hour) // want `caches dto, built from PageOrPlaceholder, which returns a default when Page fails`
	return dto, nil
}

// Near misses.

// The default cached briefly: no longer than a negative entry may live.
func (svc *Service) regionBriefly(ctx context.Context, bucket string) string { // want regionBriefly:`cachenil swallows\(Get \(inside RegionOf\)\)`
	region := faillib.RegionOf(ctx, svc.s, bucket)
	svc.rdb.Set(ctx, "region:"+bucket, region, 30*time.Second)
	return region
}

// The caller tells the empty result apart.
func (svc *Service) metricsChecked(ctx context.Context) []faillib.Metric { // want metricsChecked:`cachenil swallows\(Query \(inside Collect\)\)`
	ms := faillib.Collect(ctx, svc.s)
	if len(ms) > 0 {
		svc.mem.Set("metrics", ms, 10*time.Minute)
	}
	return ms
}

// The callee returns the error, checked before the write.
func (svc *Service) regionErr(ctx context.Context, bucket string) (string, error) {
	region, err := faillib.RegionErr(ctx, svc.s, bucket)
	if err != nil {
		return "", err
	}
	svc.rdb.Set(ctx, "region:"+bucket, region, time.Hour)
	return region, nil
}

// A missing optional setting is the right answer.
func (svc *Service) optional(ctx context.Context, key string) (string, error) {
	v, err := faillib.OptionalSetting(ctx, svc.s, key, "off")
	if err != nil {
		return "", err
	}
	svc.mem.Set("setting:"+key, v, gocache.NoExpiration)
	return v, nil
}

// A configured value that does not parse falls back to the default port.
func (svc *Service) port(raw string) int {
	p := faillib.Port(raw)
	svc.mem.Set("port", p, gocache.NoExpiration)
	return p
}

// Failure reported through ok and checked.
func (svc *Service) lookup(ctx context.Context, key string) string {
	v, ok := faillib.Lookup(ctx, svc.s, key)
	if !ok {
		return ""
	}
	svc.mem.Set(key, v, time.Hour)
	return v
}

// 3. Inverted guard: the write runs only when the lookup failed.
func (svc *Service) inverted(ctx context.Context, key string) string { // want inverted:`cachenil swallows\(Get\)`
	v, err := svc.s.Get(ctx, key)
	if err != nil {
		svc.mem.Set(key, v, time.Hour) // want `caches v although Get may have failed \(this Set runs only when err != nil\)`
	}
	return v
}

func (svc *Service) guarded(ctx context.Context, key string) string { // want guarded:`cachenil swallows\(Get\)`
	v, err := svc.s.Get(ctx, key)
	if err == nil {
		svc.mem.Set(key, v, time.Hour)
	}
	return v
}

func (svc *Service) label(ctx context.Context, key string) string {
	l := faillib.Label(ctx, svc.s, key)
	svc.mem.Set("label:"+key, l, time.Hour)
	return l
}
