// Package wrap holds cache helpers in another package: a generic
// read-through helper whose facts say it caches its loader's result.
package wrap

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// GetOrSet calls load on a miss and caches what it returns: the error is
// checked, nil is not, so a loader returning nil, nil gets nil cached.
func GetOrSet[T any](ctx context.Context, rdb *redis.Client, key string, load func(context.Context) (T, error)) (T, error) { // want GetOrSet:`cachenil caches\[3\]`
	v, err := load(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	rdb.Set(ctx, key, v, time.Minute)
	return v, nil
}

// Remember is a wrapper of the wrapper.
func Remember[T any](ctx context.Context, rdb *redis.Client, key string, load func(context.Context) (T, error)) (T, error) { // want Remember:`cachenil caches\[3\]`
	return GetOrSet(ctx, rdb, "r:"+key, load)
}

// GetOrSetChecked guards against nil: loaders through it are fine.
func GetOrSetChecked(ctx context.Context, rdb *redis.Client, key string, load func(context.Context) (any, error)) (any, error) { // want GetOrSetChecked:`cachenil nil\[0\]`
	v, err := load(ctx)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, nil
	}
	rdb.Set(ctx, key, v, time.Minute)
	return v, nil
}

// Put forwards the value: findings land at its callers.
func Put(ctx context.Context, rdb *redis.Client, key string, v any, ttl time.Duration) {
	rdb.Set(ctx, key, v, ttl)
}

// Broken ignores the loader's error itself: reported here.
func Broken[T any](ctx context.Context, rdb *redis.Client, key string, load func(context.Context) (T, error)) T { // want Broken:`cachenil swallows\(load\) caches\[3\]`
	v, _ := load(ctx)
	rdb.Set(ctx, key, v, time.Minute) // want `caches v although load may have failed \(its error is discarded\)`
	return v
}

type Entry struct{ V string }

// PutIfPresent checks the value itself: callers may pass nil.
func PutIfPresent(ctx context.Context, rdb *redis.Client, key string, e *Entry) { // want PutIfPresent:`cachenil guards\[3\]`
	if e == nil {
		return
	}
	rdb.Set(ctx, key, e, time.Minute)
}
