// Package faillib holds helpers that turn an upstream failure into a
// value (issue #19): their facts say which call's failure they hide.
package faillib

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strconv"
)

var ErrNotFound = errors.New("not found")

type Store struct{ rows map[string]string }

func (s *Store) Get(ctx context.Context, key string) (string, error) {
	v, ok := s.rows[key]
	if !ok {
		return "", ErrNotFound
	}
	return v, nil
}

type Metric struct {
	Name  string
	Value int64
}

func (s *Store) Query(ctx context.Context) ([]Metric, error) {
	if s.rows == nil {
		return nil, errors.New("no database")
	}
	return []Metric{{Name: "rows", Value: int64(len(s.rows))}}, nil
}

type Page struct{ Title, Body string }

func (s *Store) Page(ctx context.Context, id string) (Page, error) {
	v, err := s.Get(ctx, "page:"+id)
	if err != nil {
		return Page{}, err
	}
	return Page{Title: id, Body: v}, nil
}

// RegionOf logs the lookup error and returns the default region.
func RegionOf(ctx context.Context, s *Store, bucket string) string { // want RegionOf:`cachenil swallows\(Get\)`
	r, err := s.Get(ctx, "region:"+bucket)
	if err != nil {
		log.Printf("region of %s: %v", bucket, err)
		return "us-east-1"
	}
	return r
}

// BucketRegion passes RegionOf's default on.
func BucketRegion(ctx context.Context, s *Store, bucket string) string { // want BucketRegion:`cachenil swallows\(Get \(inside RegionOf\)\)`
	return RegionOf(ctx, s, bucket)
}

// Setting turns any database error into the default value.
func Setting(ctx context.Context, s *Store, key, def string) string { // want Setting:`cachenil swallows\(Get\)`
	v, err := s.Get(ctx, "setting:"+key)
	if err != nil {
		return def
	}
	return v
}

// Collect logs the query error and returns an empty result.
func Collect(ctx context.Context, s *Store) []Metric { // want Collect:`cachenil swallows\(Query\)`
	ms, err := s.Query(ctx)
	if err != nil {
		log.Print(err)
		return []Metric{}
	}
	return ms
}

// PageOrPlaceholder returns a placeholder with a nil error when the page
// cannot be loaded.
func PageOrPlaceholder(ctx context.Context, s *Store, id string) (Page, error) { // want PageOrPlaceholder:`cachenil swallows\(Page\)`
	p, err := s.Page(ctx, id)
	if err != nil {
		return Page{Title: "unavailable"}, nil
	}
	return p, nil
}

// Near misses: no fact.

// OptionalSetting: a missing setting is the default, the right answer;
// any other failure is returned.
func OptionalSetting(ctx context.Context, s *Store, key, def string) (string, error) {
	v, err := s.Get(ctx, "setting:"+key)
	if errors.Is(err, ErrNotFound) {
		return def, nil
	}
	if err != nil {
		return "", err
	}
	return v, nil
}

// RegionErr returns the error.
func RegionErr(ctx context.Context, s *Store, bucket string) (string, error) {
	r, err := s.Get(ctx, "region:"+bucket)
	if err != nil {
		return "", fmt.Errorf("region of %s: %w", bucket, err)
	}
	return r, nil
}

// Port falls back to a default when the configured value does not parse:
// parsing configuration, no upstream failure.
func Port(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 8080
	}
	return n
}

// Lookup reports failure through ok.
func Lookup(ctx context.Context, s *Store, key string) (string, bool) {
	v, err := s.Get(ctx, key)
	if err != nil {
		return "", false
	}
	return v, true
}

// Label returns its constant before any lookup, not after a failure; a
// failed lookup panics.
func Label(ctx context.Context, s *Store, key string) string {
	if key == "" {
		return "none"
	}
	v, err := s.Get(ctx, "label:"+key)
	if err != nil {
		panic(err)
	}
	return v
}
