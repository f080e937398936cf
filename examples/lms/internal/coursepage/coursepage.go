// Package coursepage serves the course page through the Redis cache.
package coursepage

import (
	"context"
	"fmt"
	"time"

	"example.com/lms/internal/domain"
	"example.com/lms/internal/rcache"
)

// Repository loads course aggregates.
type Repository interface {
	Course(ctx context.Context, orgID, courseID string) (*domain.Course, error)
}

// Service renders course pages.
type Service struct {
	Cache *rcache.Cache
	Repo  Repository
}

// PageAggregate caches the aggregate itself: the JSON entry drops its
// unexported state (publishedAt, pending events), so every reader of the
// cached copy sees an unpublished course, and a change to the aggregate
// breaks every entry still in Redis.
func (s *Service) PageAggregate(ctx context.Context, orgID, courseID string) (*domain.Course, error) {
	key := fmt.Sprintf("lms:course-aggregate:%s:%s:v1", orgID, courseID)
	var c domain.Course
	if ok, err := s.Cache.GetJSON(ctx, key, &c); err == nil && ok {
		return &c, nil
	}
	agg, err := s.Repo.Course(ctx, orgID, courseID)
	if err != nil {
		return nil, err
	}
	_ = s.Cache.SetJSON(ctx, key, agg, 10*time.Minute) // BAD (cacheentity): caches the aggregate
	return agg, nil
}

// CourseView is the read model the course page shows.
type CourseView struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Lessons   []string `json:"lessons"`
	Published bool     `json:"published"`
}

// Page caches the read model.
func (s *Service) Page(ctx context.Context, orgID, courseID string) (CourseView, error) {
	key := fmt.Sprintf("lms:course-page:%s:%s:v1", orgID, courseID)
	var v CourseView
	if ok, err := s.Cache.GetJSON(ctx, key, &v); err == nil && ok {
		return v, nil
	}
	c, err := s.Repo.Course(ctx, orgID, courseID)
	if err != nil {
		return CourseView{}, err
	}
	v = CourseView{ID: c.ID, Title: c.Title, Published: c.Published()}
	for _, l := range c.Lessons {
		v.Lessons = append(v.Lessons, l.Title)
	}
	_ = s.Cache.SetJSON(ctx, key, v, 10*time.Minute)
	return v, nil
}
