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

// Course caches one course without a version segment: after a deploy that
// changes store.Course, old entries would be decoded as the new shape.
func (s *Service) Course(ctx context.Context, orgID, courseID string) (store.Course, error) {
	key := "lms:course:" + orgID + ":" + courseID // BAD (cachekey): no version segment
	var c store.Course
	if ok, err := s.Cache.GetJSON(ctx, key, &c); err == nil && ok {
		return c, nil
	}
	cs, err := s.DB.CoursesByOrg(ctx, orgID)
	if err != nil {
		return store.Course{}, err
	}
	for _, x := range cs {
		if x.ID == courseID {
			c = x
		}
	}
	_ = s.Cache.SetJSON(ctx, key, c, time.Hour)
	return c, nil
}
