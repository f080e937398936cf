package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	gocache "github.com/patrickmn/go-cache"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"

	"cachekey/auth"
	"cachekey/keys"
	"cachekey/remember"
	"cachekey/store"
)

type Course struct{ ID, Title string }

type DB struct{}

func (db *DB) CoursesByOrg(ctx context.Context, orgID string) ([]Course, error) { return nil, nil }
func (db *DB) AllCourses(ctx context.Context) ([]Course, error)                 { return nil, nil }
func (db *DB) Enrollments(ctx context.Context, userID string) ([]string, error) { return nil, nil }
func (db *DB) Course(ctx context.Context, courseID string) (Course, error)      { return Course{}, nil }

type Service struct {
	rdb   *redis.Client
	local *gocache.Cache
	db    *DB
	st    *store.Store
	group singleflight.Group
}

// The classic leak: a per-organisation value under a shared key.
func (s *Service) Courses(ctx context.Context, orgID string) ([]Course, error) {
	key := "lms:courses:all:v1"
	if b, err := s.rdb.Get(ctx, key).Bytes(); err == nil { // want `cache key "lms:courses:all:v1" omits orgID, but the cached value is computed from it: one tenant would be served another tenant's data`
		var cs []Course
		return cs, json.Unmarshal(b, &cs)
	}
	cs, err := s.db.CoursesByOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(cs)
	s.rdb.Set(ctx, key, b, time.Minute) // want `cache key "lms:courses:all:v1" omits orgID`
	return cs, nil
}

// Near miss: the key carries the organisation through a builder in another package.
func (s *Service) CoursesScoped(ctx context.Context, orgID string) ([]Course, error) {
	key := keys.Courses(orgID)
	if b, err := s.rdb.Get(ctx, key).Bytes(); err == nil {
		var cs []Course
		return cs, json.Unmarshal(b, &cs)
	}
	cs, err := s.db.CoursesByOrg(ctx, orgID)
	if err != nil {
		return nil, err
	}
	b, _ := json.Marshal(cs)
	s.rdb.Set(ctx, key, b, time.Minute)
	return cs, nil
}

// Near miss: truly shared data under a shared constant key.
func (s *Service) Catalogue(ctx context.Context) ([]Course, error) {
	cs, err := s.db.AllCourses(ctx)
	if err != nil {
		return nil, err
	}
	s.local.Set(keys.AllCourses(), cs, time.Minute)
	return cs, nil
}

// The user comes from an accessor in another package (a fact).
func (s *Service) MyEnrollments(ctx context.Context) ([]string, error) {
	uid := auth.UserID(ctx)
	es, err := s.db.Enrollments(ctx, uid)
	if err != nil {
		return nil, err
	}
	s.local.Set("enrollments:mine", es, time.Minute) // want `cache key "enrollments:mine" omits uid, but the cached value is computed from it: one user would be served another user's data`
	return es, nil
}

// Near miss: the builder includes the user id.
func (s *Service) Enrolled(ctx context.Context, courseID string) ([]string, error) {
	uid := auth.UserID(ctx)
	es, err := s.db.Enrollments(ctx, uid)
	if err != nil {
		return nil, err
	}
	s.local.Set(keys.Enrollment(uid, courseID), es, time.Minute)
	return es, nil
}

// The builder forgets the user.
func (s *Service) EnrolledLeak(ctx context.Context, courseID string) ([]string, error) {
	uid := auth.UserID(ctx)
	es, err := s.db.Enrollments(ctx, uid)
	if err != nil {
		return nil, err
	}
	s.local.Set(keys.Unscoped(courseID), es, time.Minute) // want `cache key "lms:enrollments:{courseID}:v1" omits uid`
	return es, nil
}

// A wrapper in another package: the finding lands here, at the caller.
func (s *Service) ViaWrapper(ctx context.Context, orgID string) {
	cs, _ := s.db.CoursesByOrg(ctx, orgID)
	_ = s.st.Put(ctx, "courses", cs, time.Minute) // want `cache key "app:courses" omits orgID`
	_ = s.st.Put(ctx, fmt.Sprintf("courses:%s:v1", orgID), cs, time.Minute)
}

// A wrapper of a wrapper, two packages away.
func (s *Service) ViaTwoWrappers(ctx context.Context, orgID string) {
	cs, _ := s.db.CoursesByOrg(ctx, orgID)
	remember.Remember(ctx, s.st, "courses", cs)              // want `cache key "app:r:courses" omits orgID`
	remember.Remember(ctx, s.st, "courses:"+orgID+":v1", cs) // near miss
}

// A namespacing wrapper that adds the version, and one that adds the scope.
func (s *Service) Namespaced(ctx context.Context, orgID string) {
	cs, _ := s.db.CoursesByOrg(ctx, orgID)
	_ = s.st.Versioned(ctx, "courses:"+orgID, cs)
	_ = s.st.Scoped(ctx, orgID, "courses", cs)
}

// A generic read-through helper with a loader closure.
func (s *Service) Generic(ctx context.Context, orgID string) ([]Course, error) {
	return store.GetOrLoad(ctx, s.st, "courses:v1", func(ctx context.Context) ([]Course, error) { // want `cache key "courses:v1" omits orgID`
		return s.db.CoursesByOrg(ctx, orgID)
	})
}

func (s *Service) GenericOK(ctx context.Context, orgID string) ([]Course, error) {
	return store.GetOrLoad(ctx, s.st, "courses:"+orgID+":v1", func(ctx context.Context) ([]Course, error) {
		return s.db.CoursesByOrg(ctx, orgID)
	})
}

// singleflight: the key decides who shares a result.
func (s *Service) Coalesced(ctx context.Context, orgID string) (any, error) {
	v, err, _ := s.group.Do("courses", func() (any, error) { // want `singleflight key "courses" omits orgID`
		return s.db.CoursesByOrg(ctx, orgID)
	})
	if err != nil {
		return nil, err
	}
	v2, err, _ := s.group.Do("courses:"+orgID, func() (any, error) {
		return s.db.CoursesByOrg(ctx, orgID)
	})
	_ = v2
	return v, err
}

// A refreshed token is coalesced per old token: the token belongs to one
// caller, so the key separates callers whatever the claims say.
func (s *Service) Refresh(ctx context.Context, oldToken string, claims Claims) (any, error) {
	v, err, _ := s.group.Do("jwt:"+oldToken, func() (any, error) {
		return claims.UserID, nil
	})
	return v, err
}

// Claims are a signed-in caller's token claims.
type Claims struct{ UserID string }

// A count of tokens is no credential.
func (s *Service) Usage(ctx context.Context, tokenCount string, claims Claims) (any, error) {
	v, err, _ := s.group.Do("usage:"+tokenCount, func() (any, error) { // want `singleflight key "usage:{tokenCount}" omits claims`
		return claims.UserID, nil
	})
	return v, err
}

// Personal data in keys.
func (s *Service) ByEmail(ctx context.Context, email string) {
	s.local.Set("user:"+email, 1, time.Minute) // want `cache key "user:{email}" contains email in clear`
	sum := sha256.Sum256([]byte(email))
	s.local.Set("user:"+hex.EncodeToString(sum[:]), 1, time.Minute)
}

// Version: Redis keys need one, in-process keys do not.
func (s *Service) Versions(ctx context.Context, id string) {
	c := Course{ID: id}
	b, _ := json.Marshal(c)
	s.rdb.Set(ctx, "lms:course:"+id, b, time.Minute) // want `cache key "lms:course:{id}" has no version segment`
	s.rdb.Set(ctx, "lms:course:"+id+":v1", b, time.Minute)
	s.rdb.Set(ctx, fmt.Sprintf("lms:course:%s:%s", id, schemaVersion), b, time.Minute)
	s.local.Set("lms:course:"+id, c, time.Minute)
	s.rdb.Set(ctx, keys.Key{OrgID: id, Resource: "course"}.String(), b, time.Minute)
	// counters and flags have no shape to version
	s.rdb.Set(ctx, "lms:views:"+id, 1, time.Minute)
	s.rdb.Set(ctx, "lms:title:"+id, c.Title, time.Minute)
	s.rdb.Set(ctx, "lms:json:"+id, string(b), time.Minute) // want `cache key "lms:json:{id}" has no version segment`
}

const schemaVersion = "3"

// Identity from a request header: the tenant scopes the data.
func (s *Service) Handler(w http.ResponseWriter, r *http.Request) {
	tenant := r.Header.Get("X-Tenant-ID")
	cs, _ := s.db.CoursesByOrg(r.Context(), tenant)
	s.local.Set("courses", cs, time.Minute) // want `cache key "courses" omits tenant`
	s.local.Set("courses:"+tenant, cs, time.Minute)
}

// The identity is only checked, not used to compute the value: shared data.
func (s *Service) Checked(ctx context.Context, courseID string) (Course, error) {
	uid := auth.UserID(ctx)
	if uid == "" {
		return Course{}, fmt.Errorf("unauthenticated")
	}
	c, err := s.db.Course(ctx, courseID)
	if err != nil {
		return Course{}, err
	}
	s.local.Set("course:"+courseID, c, time.Minute)
	return c, nil
}

// Suppressed with a reason; and a directive without one.
func (s *Service) Suppressed(ctx context.Context, orgID string) {
	cs, _ := s.db.CoursesByOrg(ctx, orgID)
	//cachevet:ignore cachekey every organisation sees the same demo catalogue
	s.local.Set("demo-courses", cs, time.Minute)
	// The directive below has no reason: it suppresses nothing (the shared
	// model reports it, once for every rule).
	_ = 0                                        //cachevet:ignore cachekey
	s.local.Set("demo-courses", cs, time.Minute) // want `cache key "demo-courses" omits orgID`
}

// A key from an interface call that takes the context may carry the scope: silent.
type KeyFunc interface {
	Key(ctx context.Context, resource string) string
}

func (s *Service) Opaque(ctx context.Context, kf KeyFunc, orgID string) {
	cs, _ := s.db.CoursesByOrg(ctx, orgID)
	s.local.Set(kf.Key(ctx, "courses"), cs, time.Minute)
}
