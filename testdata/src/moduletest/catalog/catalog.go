// Package catalog caches through platform.Store without importing its
// Redis implementation.
package catalog

import (
	"context"
	"encoding/json"
	"time"

	"moduletest/platform"
)

type Course struct {
	ID    string
	Title string
}

type Service struct {
	store platform.Store
	load  func(ctx context.Context, orgID string) ([]Course, error)
}

// Courses caches a struct in Redis under a key without a version segment,
// forever.
func (s *Service) Courses(ctx context.Context, orgID string) ([]Course, error) {
	key := "catalog:courses:" + orgID
	cs, err := s.load(ctx, orgID)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(cs)
	if err != nil {
		return nil, err
	}
	_ = s.store.Put(ctx, key, b, 0)
	return cs, nil
}

// Featured is the near miss: a versioned key and a TTL.
func (s *Service) Featured(ctx context.Context, orgID string) ([]Course, error) {
	key := "catalog:featured:" + orgID + ":v1"
	cs, err := s.load(ctx, orgID)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(cs)
	if err != nil {
		return nil, err
	}
	_ = s.store.Put(ctx, key, b, 10*time.Minute)
	return cs, nil
}

func New(store platform.Store) *Service { return &Service{store: store} }

// put forwards its key to the store: the version belongs to its callers,
// who write the key's text.
func (s *Service) put(ctx context.Context, key string, b []byte) error {
	return s.store.Put(ctx, key, b, time.Hour)
}

// Teachers writes the key's text, through put.
func (s *Service) Teachers(ctx context.Context, orgID string) error {
	b, err := json.Marshal([]Course{})
	if err != nil {
		return err
	}
	return s.put(ctx, "catalog:teachers:"+orgID, b)
}

// Forget deletes: a delete stores nothing and needs no version.
func (s *Service) Forget(ctx context.Context, orgID string) error {
	return s.store.Drop(ctx, "catalog:courses:"+orgID)
}
