// Package store is the service's database (in memory, for the example).
package store

import (
	"context"
	"errors"
	"sync"
)

// ErrNotFound is returned for missing rows.
var ErrNotFound = errors.New("not found")

// Course is a read model of a course.
type Course struct {
	ID    string `json:"id"`
	OrgID string `json:"orgId"`
	Title string `json:"title"`
}

// Profile is a user's public profile.
type Profile struct {
	UserID string `json:"userId"`
	Name   string `json:"name"`
}

// DB holds the rows.
type DB struct {
	mu          sync.RWMutex
	courses     []Course
	enrollments map[string][]string // user → course IDs
	profiles    map[string]Profile  // e-mail → profile
}

// New returns a database with a little data.
func New() *DB {
	return &DB{
		courses: []Course{
			{ID: "c1", OrgID: "acme", Title: "Safety basics"},
			{ID: "c2", OrgID: "globex", Title: "Onboarding"},
		},
		enrollments: map[string][]string{"ann": {"c1"}},
		profiles:    map[string]Profile{"ann@acme.test": {UserID: "ann", Name: "Ann"}},
	}
}

// CoursesByOrg lists an organisation's courses.
func (db *DB) CoursesByOrg(ctx context.Context, orgID string) ([]Course, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	var out []Course
	for _, c := range db.courses {
		if c.OrgID == orgID {
			out = append(out, c)
		}
	}
	return out, ctx.Err()
}

// Enrollments lists the courses a user is enrolled in.
func (db *DB) Enrollments(ctx context.Context, userID string) ([]string, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return append([]string(nil), db.enrollments[userID]...), ctx.Err()
}

// ProfileByEmail finds a profile.
func (db *DB) ProfileByEmail(ctx context.Context, email string) (Profile, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	p, ok := db.profiles[email]
	if !ok {
		return Profile{}, ErrNotFound
	}
	return p, ctx.Err()
}

// Enroll adds an enrollment.
func (db *DB) Enroll(ctx context.Context, userID, courseID string) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.enrollments[userID] = append(db.enrollments[userID], courseID)
	return ctx.Err()
}
