// Package prefs serves users' display preferences and timezone names,
// cached in Redis and in process.
package prefs

import (
	"context"
	"strings"
	"sync"
	"time"

	gocache "github.com/patrickmn/go-cache"

	"example.com/lms/internal/rcache"
)

// Prefs are a user's display preferences.
type Prefs struct {
	Theme    string
	Language string
}

// Loader reads preferences from the database.
type Loader interface {
	Prefs(ctx context.Context, userID string) (Prefs, error)
}

// Config is the service's configuration.
type Config struct {
	PrefsTTL time.Duration
}

// Service reads preferences through two caches.
type Service struct {
	Cache  *rcache.Cache
	DB     Loader
	Config Config

	recent *gocache.Cache // per-instance copy of recently read preferences
	hot    *gocache.Cache
}

// NewService wires the in-process caches.
func NewService(c *rcache.Cache, db Loader, cfg Config) *Service {
	return &Service{
		Cache:  c,
		DB:     db,
		Config: cfg,
		// BAD (cachettl, cachebound): no default expiration, and go-cache
		// has no size limit: every user ever seen stays in memory, with the
		// preferences they had then.
		recent: gocache.New(gocache.NoExpiration, 10*time.Minute),
		// Good: entries expire after a minute and are purged.
		hot: gocache.New(time.Minute, 5*time.Minute),
	}
}

// PrefsForever stores preferences in Redis with no expiration.
func (s *Service) PrefsForever(ctx context.Context, userID string) (Prefs, error) {
	key := "lms:prefs:" + userID + ":v1"
	var p Prefs
	if ok, err := s.Cache.GetJSON(ctx, key, &p); err == nil && ok {
		return p, nil
	}
	p, err := s.DB.Prefs(ctx, userID)
	if err != nil {
		return Prefs{}, err
	}
	// BAD (cachettl): a zero TTL through the JSON wrapper means "never
	// expire" in Redis; one missed invalidation and the user sees old
	// preferences until someone deletes the key.
	_ = s.Cache.SetJSON(ctx, key, p, 0)
	s.recent.SetDefault(userID, p) // BAD (cachettl): the cache's default is NoExpiration
	return p, nil
}

// Prefs is the same read with a configured TTL and an expiring local copy.
func (s *Service) Prefs(ctx context.Context, userID string) (Prefs, error) {
	if v, ok := s.hot.Get(userID); ok {
		return v.(Prefs), nil
	}
	key := "lms:prefs:" + userID + ":v1"
	var p Prefs
	if ok, err := s.Cache.GetJSON(ctx, key, &p); err == nil && ok {
		s.hot.SetDefault(userID, p)
		return p, nil
	}
	p, err := s.DB.Prefs(ctx, userID)
	if err != nil {
		return Prefs{}, err
	}
	_ = s.Cache.SetJSON(ctx, key, p, s.Config.PrefsTTL)
	s.hot.SetDefault(userID, p)
	return p, nil
}

var (
	zoneMu sync.Mutex
	// BAD (cachebound): filled on every miss, never evicted: it grows with
	// every distinct string clients send.
	zoneCache = map[string]string{}
)

// ZoneName normalises a timezone name sent by a client.
func ZoneName(raw string) string {
	zoneMu.Lock()
	defer zoneMu.Unlock()
	if z, ok := zoneCache[raw]; ok {
		return z
	}
	z := strings.TrimSpace(strings.ReplaceAll(raw, " ", "_"))
	zoneCache[raw] = z
	return z
}

// knownZones is a lookup table filled once: not a cache.
var knownZones = map[string]bool{"UTC": true, "Europe/Paris": true, "America/New_York": true}

// Known reports whether a zone is supported.
func Known(zone string) bool { return knownZones[zone] }
