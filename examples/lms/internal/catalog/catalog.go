// Package catalog serves organisations' course catalogues from Redis.
package catalog

import (
	"context"
	"time"

	"example.com/lms/internal/keys"
	"example.com/lms/internal/rcache"
	"example.com/lms/internal/store"
)

// Service reads catalogues through the cache.
type Service struct {
	Cache *rcache.Cache
	DB    *store.DB
}

// CoursesShared is the mistake the policy warns about: a per-organisation
// list under one key for everyone.
func (s *Service) CoursesShared(ctx context.Context, orgID string) ([]store.Course, error) {
	const key = "lms:courses:all:v1"
	var cs []store.Course
	// BAD (cachekey): the key omits orgID; the first organisation to ask
	// fills it for every other.
	if ok, err := s.Cache.GetJSON(ctx, key, &cs); err == nil && ok {
		return cs, nil
	}
	cs, err := s.DB.CoursesByOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	_ = s.Cache.SetJSON(ctx, key, cs, 10*time.Minute) // BAD (cachekey)
	return cs, nil
}

// Courses is the same read with a scoped, versioned key.
func (s *Service) Courses(ctx context.Context, orgID string) ([]store.Course, error) {
	key := keys.Courses(orgID)
	var cs []store.Course
	if ok, err := s.Cache.GetJSON(ctx, key, &cs); err == nil && ok {
		return cs, nil
	}
	cs, err := s.DB.CoursesByOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	_ = s.Cache.SetJSON(ctx, key, cs, 10*time.Minute)
	return cs, nil
}

// CourseTitle caches without a version: a changed shape would be read back
// from old entries after a deploy.
func (s *Service) CourseTitle(ctx context.Context, orgID, courseID string) (string, error) {
	key := "lms:course-title:" + orgID + ":" + courseID // BAD (cachekey): no version segment
	var title string
	if ok, err := s.Cache.GetJSON(ctx, key, &title); err == nil && ok {
		return title, nil
	}
	cs, err := s.DB.CoursesByOrg(ctx, orgID)
	if err != nil {
		return "", err
	}
	for _, c := range cs {
		if c.ID == courseID {
			title = c.Title
		}
	}
	_ = s.Cache.SetJSON(ctx, key, title, time.Hour)
	return title, nil
}
