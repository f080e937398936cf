// Package negttl caches a negative entry for 90s: too long for the default
// bound of 1m.
package negttl

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
		mem.Set("x:"+id, marker, 90*time.Second) // want `caches marker as a negative entry for 1m30s, only when find failed`
	}
}
