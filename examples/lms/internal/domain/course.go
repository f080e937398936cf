// Package domain holds the course aggregate: the write model that enforces
// publishing rules.
package domain

import (
	"errors"
	"time"
)

// ErrPublished is returned when a published course is edited.
var ErrPublished = errors.New("course is published")

// Course is the aggregate root for a course and its lessons.
type Course struct {
	ID      string
	OrgID   string
	Title   string
	Lessons []Lesson

	publishedAt time.Time
	events      []any // domain events raised since the last save
}

// Lesson is part of a course.
type Lesson struct {
	ID    string
	Title string
}

// AddLesson appends a lesson unless the course is published.
func (c *Course) AddLesson(l Lesson) error {
	if !c.publishedAt.IsZero() {
		return ErrPublished
	}
	c.Lessons = append(c.Lessons, l)
	c.events = append(c.events, l)
	return nil
}

// Publish makes the course visible to learners.
func (c *Course) Publish(now time.Time) {
	c.publishedAt = now
	c.events = append(c.events, "published")
}

// Published reports whether learners can see the course.
func (c *Course) Published() bool { return !c.publishedAt.IsZero() }
