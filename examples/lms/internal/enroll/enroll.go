// Package enroll serves a user's enrollments from an in-process cache.
package enroll

import (
	"context"
	"time"

	gocache "github.com/patrickmn/go-cache"

	"example.com/lms/internal/auth"
	"example.com/lms/internal/keys"
	"example.com/lms/internal/store"
)

// Service reads enrollments through the cache.
type Service struct {
	Local  *gocache.Cache
	DB     *store.DB
	Secret []byte
}

// Mine returns the caller's enrollments.
func (s *Service) Mine(ctx context.Context) ([]string, error) {
	uid := auth.UserID(ctx)
	if v, ok := s.Local.Get("enrollments:mine"); ok { // BAD (cachekey): every user shares one entry
		return v.([]string), nil
	}
	es, err := s.DB.Enrollments(ctx, uid)
	if err != nil {
		return nil, err
	}
	s.Local.Set("enrollments:mine", es, time.Minute) // BAD (cachekey)
	return es, nil
}

// MineScoped is the same read keyed by organisation and user.
func (s *Service) MineScoped(ctx context.Context) ([]string, error) {
	key := keys.Enrollments(auth.OrgID(ctx), auth.UserID(ctx))
	if v, ok := s.Local.Get(key); ok {
		return v.([]string), nil
	}
	es, err := s.DB.Enrollments(ctx, auth.UserID(ctx))
	if err != nil {
		return nil, err
	}
	s.Local.Set(key, es, time.Minute)
	return es, nil
}

// ProfileByEmail puts the raw e-mail in the key.
func (s *Service) ProfileByEmail(ctx context.Context, email string) (store.Profile, error) {
	key := "lms:profiles:" + email // BAD (cachekey): personal data in clear
	if v, ok := s.Local.Get(key); ok {
		return v.(store.Profile), nil
	}
	p, err := s.DB.ProfileByEmail(ctx, email)
	if err != nil {
		return store.Profile{}, err
	}
	s.Local.Set(key, p, time.Minute)
	return p, nil
}

// ProfileByEmailHashed hashes the e-mail with a keyed hash first.
func (s *Service) ProfileByEmailHashed(ctx context.Context, email string) (store.Profile, error) {
	key := keys.Profile(s.Secret, email)
	if v, ok := s.Local.Get(key); ok {
		return v.(store.Profile), nil
	}
	p, err := s.DB.ProfileByEmail(ctx, email)
	if err != nil {
		return store.Profile{}, err
	}
	s.Local.Set(key, p, time.Minute)
	return p, nil
}
