// Package negttl2 caches a negative entry for 90s, within a bound of 2m
// set by the flag.
package negttl2

import (
	"context"
	"errors"
	"time"

	gocache "github.com/patrickmn/go-cache"
)

var errGone = errors.New("gone")

var marker = &struct{ Missing bool }{true}

func find(ctx context.Context, id string) (string, error) {
	if id == "" {
		return "", errGone
	}
	return id, nil
}

func lookup(ctx context.Context, mem *gocache.Cache, id string) {
	if _, err := find(ctx, id); err != nil {
		mem.Set("x:"+id, marker, 90*time.Second)
	}
}
