// Package esc declares its own escaper in cachevet.toml.
package esc

import (
	"context"
	"strings"

	"github.com/redis/go-redis/v9"
)

func escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "%", "%25"), ":", "%3A")
}

func notEscape(s string) string { return strings.TrimSpace(s) + "!" }

func get(ctx context.Context, rdb *redis.Client, user, object string) {
	rdb.Get(ctx, "perm:"+escape(user)+":"+escape(object))
	rdb.Get(ctx, "perm:"+notEscape(user)+":"+notEscape(object)) // want `cache key "perm:\{user\}!:\{object\}!" joins user and object with "!:"`
}
