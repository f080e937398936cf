// Package repo is the data layer: its facts say which lookups return nil
// with a nil error.
package repo

import (
	"context"
	"errors"
	"sync"
)

var ErrNotFound = errors.New("not found")

type User struct{ ID, Name string }

type Course struct{ ID, Title string }

type DB struct{ rows map[string]*User }

func (db *DB) query(ctx context.Context, id string) (*User, error) {
	if id == "" {
		return nil, errors.New("empty id")
	}
	return db.rows[id], nil
}

// FindUser maps "not found" to nil, nil.
func (db *DB) FindUser(ctx context.Context, id string) (*User, error) { // want FindUser:`cachenil nil\[0\]`
	u, err := db.query(ctx, id)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, nil
	}
	return u, nil
}

// GetUser returns ErrNotFound instead: never nil with a nil error.
func (db *DB) GetUser(ctx context.Context, id string) (*User, error) {
	u, err := db.query(ctx, id)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, ErrNotFound
	}
	return u, nil
}

// Lookup passes FindUser's nil on.
func Lookup(ctx context.Context, db *DB, id string) (*User, error) { // want Lookup:`cachenil nil\[0\]`
	return db.FindUser(ctx, id)
}

// Courses returns an empty (nil) slice when there are none: an empty list
// is a real value, not a miss.
func Courses(ctx context.Context, org string) ([]Course, error) {
	if org == "" {
		return nil, nil
	}
	return []Course{{ID: "1"}}, nil
}

// Profile swallows the failure: a zero value with a nil error.
func Profile(ctx context.Context, db *DB, id string) (User, error) { // want Profile:`cachenil swallows\(query\)`
	u, err := db.query(ctx, id)
	if err != nil {
		return User{}, nil
	}
	if u == nil {
		return User{}, ErrNotFound
	}
	return *u, nil
}

// Must returns a value or an error, never a nil with a nil error.
func Must(ctx context.Context, db *DB, id string) (*User, error) {
	u, err := db.GetUser(ctx, id)
	if err != nil {
		return nil, err
	}
	return u, nil
}

// FindLocked returns nil, nil under a deferred unlock (results go through
// result slots in SSA).
func (db *DB) FindLocked(ctx context.Context, id string) (*User, error) { // want FindLocked:`cachenil nil\[0\]`
	mu.Lock()
	defer mu.Unlock()
	if u, ok := db.rows[id]; ok {
		return u, nil
	}
	return nil, nil
}

var mu sync.Mutex
