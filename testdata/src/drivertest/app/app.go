// Package app caches catalogue data through rcache and go-redis.
package app

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"

	"drivertest/rcache"
)

// Service serves the catalogue.
type Service struct {
	rdb *redis.Client
	c   *rcache.Cache
}

// Notice is a site-wide notice.
type Notice struct {
	Text  string    `json:"text"`
	Until time.Time `json:"until"`
}

// Banner caches a public notice under a key without a version segment.
func (s *Service) Banner(ctx context.Context, n Notice) error {
	data, err := json.Marshal(n)
	if err != nil {
		return err
	}
	return s.rdb.Set(ctx, "lms:banner", data, time.Hour).Err()
}

// Footer goes through the wrapper in another package.
func (s *Service) Footer(ctx context.Context, n Notice) error {
	data, err := json.Marshal(n)
	if err != nil {
		return err
	}
	return s.c.Put(ctx, "lms:footer", data, time.Hour)
}

// Header is versioned: nothing to report.
func (s *Service) Header(ctx context.Context, n Notice) error {
	data, err := json.Marshal(n)
	if err != nil {
		return err
	}
	return s.rdb.Set(ctx, "lms:header:v1", data, time.Hour).Err()
}

// Hits is a counter: a number has no shape to version.
func (s *Service) Hits(ctx context.Context) error {
	return s.rdb.Set(ctx, "lms:hits", 0, time.Hour).Err()
}

// Legacy is suppressed with a reason.
func (s *Service) Legacy(ctx context.Context, n Notice) error {
	data, err := json.Marshal(n)
	if err != nil {
		return err
	}
	//cachevet:ignore cachekey the legacy key is read by an old service that cannot change
	return s.rdb.Set(ctx, "lms:legacy", data, time.Hour).Err()
}
