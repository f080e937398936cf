// Package fix holds findings with mechanical fixes.
package fix

import (
	"context"
	"errors"
	"log"
	"time"

	"github.com/redis/go-redis/v9"
)

type Report struct{ ID string }

func load(ctx context.Context, id string) (*Report, error) {
	if id == "" {
		return nil, errors.New("no id")
	}
	return &Report{ID: id}, nil
}

func checkedLate(ctx context.Context, rdb *redis.Client, id string) (*Report, error) {
	r, err := load(ctx, id)
	rdb.Set(ctx, "report:"+id, r, time.Hour) // want `caches r although load may have failed \(err is checked only after this Set\)`
	if err != nil {
		return nil, err
	}
	return r, nil
}

func logged(ctx context.Context, rdb *redis.Client, id string) *Report { // want logged:`cachenil swallows\(load\)`
	r, err := load(ctx, id)
	if err != nil {
		log.Print(err)
	}
	_ = rdb.Set(ctx, "report:"+id, r, time.Hour).Err() // want `caches r although load may have failed \(err is not checked before this Set\)`
	return r
}

func maybe(ctx context.Context, rdb *redis.Client, id string, ok bool) {
	var r *Report
	if ok {
		r = &Report{ID: id}
	}
	rdb.Set(ctx, "report:"+id, r, time.Hour) // want `caches r although it may be nil \(r is still nil on one path to this Set\)`
}

// No fix: the error is discarded, there is no variable to check.
func discarded(ctx context.Context, rdb *redis.Client, id string) {
	r, _ := load(ctx, id)
	rdb.Set(ctx, "report:"+id, r, time.Hour) // want `its error is discarded`
}
