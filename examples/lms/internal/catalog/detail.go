package catalog

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	gocache "github.com/patrickmn/go-cache"

	"example.com/lms/internal/store"
)

func courseKey(orgID, id string) string {
	return fmt.Sprintf("lms:course:%s:%s:v1", orgID, id)
}

// CourseDetail caches whatever the database returned.
func (s *Service) CourseDetail(ctx context.Context, orgID, id string) (*store.Course, error) {
	key := courseKey(orgID, id)
	var c *store.Course
	if ok, err := s.Cache.GetJSON(ctx, key, &c); err == nil && ok {
		return c, nil
	}
	c, err := s.DB.FindCourse(ctx, orgID, id)
	if err != nil {
		log.Printf("course %s: %v", id, err)
	}
	// BAD (cachenil): err is only logged, so a database timeout is cached
	// as a missing course for an hour.
	_ = s.Cache.SetJSON(ctx, key, c, time.Hour)
	return c, err
}

// CourseDetailNil checks the error but not the nil that FindCourse
// returns for an unknown id.
func (s *Service) CourseDetailNil(ctx context.Context, orgID, id string) (*store.Course, error) {
	key := courseKey(orgID, id)
	c, err := s.DB.FindCourse(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	// BAD (cachenil): c is nil for an unknown id; every later read gets
	// "null" from Redis for an hour, even after the course is created.
	_ = s.Cache.SetJSON(ctx, key, c, time.Hour)
	return c, nil
}

// missing marks a course known not to exist: a negative entry.
var missing = &store.Course{ID: "-"}

// Details is the in-process cache of course details.
var Details = gocache.New(5*time.Minute, 10*time.Minute)

// CourseDetailChecked caches only successful, non-nil results, and keeps
// "not found" as a sentinel for 30 seconds (deliberate negative caching).
func (s *Service) CourseDetailChecked(ctx context.Context, orgID, id string) (*store.Course, error) {
	key := courseKey(orgID, id)
	if v, ok := Details.Get(key); ok {
		if v == missing {
			return nil, store.ErrNotFound
		}
		return v.(*store.Course), nil
	}
	c, err := s.DB.CourseByID(ctx, orgID, id)
	if errors.Is(err, store.ErrNotFound) {
		Details.Set(key, missing, 30*time.Second)
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	Details.Set(key, c, 5*time.Minute)
	_ = s.Cache.SetJSON(ctx, key, c, time.Hour)
	return c, nil
}
