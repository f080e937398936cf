// Package app uses caches the right and the wrong way.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"time"

	gocache "github.com/patrickmn/go-cache"
	"github.com/redis/go-redis/v9"

	"cachenil/repo"
	"cachenil/wrap"
)

type Service struct {
	rdb *redis.Client
	mem *gocache.Cache
	db  *repo.DB
}

type Course struct{ ID, Title string }

func GetCoursesByOrg(ctx context.Context, org string) ([]Course, error) {
	if org == "" {
		return nil, errors.New("no org")
	}
	return []Course{{ID: "1"}}, nil
}

func fetchUser(ctx context.Context, id string) (*repo.User, error) {
	if id == "" {
		return nil, errors.New("no id")
	}
	return &repo.User{ID: id}, nil
}

// --- 1. writes reachable after a failed call ---

func (s *Service) ignored(ctx context.Context, org string) {
	courses, _ := GetCoursesByOrg(ctx, org)
	s.rdb.Set(ctx, "courses:"+org, courses, 30*time.Minute) // want `caches courses although GetCoursesByOrg may have failed \(its error is discarded\): a failed call would be served from cache for 30m`
}

func (s *Service) checkedLate(ctx context.Context, org string) error {
	courses, err := GetCoursesByOrg(ctx, org)
	s.rdb.Set(ctx, "courses:"+org, courses, 30*time.Minute) // want `caches courses although GetCoursesByOrg may have failed \(err is checked only after this Set\)`
	if err != nil {
		return err
	}
	return nil
}

func (s *Service) inErrBranch(ctx context.Context, org string) error {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		s.rdb.Set(ctx, "courses:"+org, courses, time.Hour) // want `\(this Set runs only when err != nil\): a failed call would be served from cache for 1h`
		return err
	}
	return nil
}

func (s *Service) logged(ctx context.Context, org string) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		log.Printf("courses: %v", err)
	}
	s.rdb.Set(ctx, "courses:"+org, courses, time.Hour) // want `caches courses although GetCoursesByOrg may have failed \(err is not checked before this Set\)`
}

func (s *Service) shadowed(ctx context.Context, org string) error {
	courses, err := GetCoursesByOrg(ctx, org)
	if ok := org != ""; ok {
		if err := validate(org); err != nil {
			return err
		}
	}
	s.rdb.Set(ctx, "courses:"+org, courses, time.Hour) // want `\(the err checked before this Set is a different, shadowing variable\)`
	return err
}

func validate(string) error { return nil }

func (s *Service) marshalled(ctx context.Context, id string) {
	u, _ := fetchUser(ctx, id)
	data, err := json.Marshal(u)
	if err != nil {
		return
	}
	s.rdb.Set(ctx, "user:"+id, data, time.Hour) // want `caches data although fetchUser may have failed \(its error is discarded\)`
}

// --- 1. near misses ---

func (s *Service) earlyReturn(ctx context.Context, org string) ([]Course, error) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		return nil, err
	}
	s.rdb.Set(ctx, "courses:"+org, courses, 30*time.Minute)
	return courses, nil
}

func (s *Service) onSuccess(ctx context.Context, org string) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err == nil {
		s.rdb.Set(ctx, "courses:"+org, courses, 30*time.Minute)
	}
}

func (s *Service) fatal(ctx context.Context, org string) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		log.Fatalf("courses: %v", err)
	}
	s.rdb.Set(ctx, "courses:"+org, courses, 30*time.Minute)
}

func (s *Service) reassigned(ctx context.Context, org string) error {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		courses, err = GetCoursesByOrg(ctx, "default")
		if err != nil {
			return err
		}
	}
	s.rdb.Set(ctx, "courses:"+org, courses, 30*time.Minute)
	return nil
}

func (s *Service) loop(ctx context.Context, orgs []string) error {
	for _, org := range orgs {
		courses, err := GetCoursesByOrg(ctx, org)
		if err != nil {
			continue
		}
		s.rdb.Set(ctx, "courses:"+org, courses, 30*time.Minute)
	}
	return nil
}

func (s *Service) loopBad(ctx context.Context, orgs []string) {
	for _, org := range orgs {
		courses, err := GetCoursesByOrg(ctx, org)
		if err != nil {
			log.Print(err)
		}
		s.rdb.Set(ctx, "courses:"+org, courses, 30*time.Minute) // want `caches courses although GetCoursesByOrg may have failed`
	}
}

func (s *Service) namedResult(ctx context.Context, org string) (courses []Course, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("courses of %s: %w", org, err)
		}
	}()
	courses, err = GetCoursesByOrg(ctx, org)
	if err != nil {
		return nil, err
	}
	s.rdb.Set(ctx, "courses:"+org, courses, 30*time.Minute)
	return courses, nil
}

func (s *Service) deferredOnSuccess(ctx context.Context, id string) (u *repo.User, err error) {
	defer func() {
		if err == nil && u != nil {
			s.rdb.Set(ctx, "user:"+id, u, time.Hour)
		}
	}()
	return fetchUser(ctx, id)
}

func (s *Service) inClosure(ctx context.Context, orgs []string) {
	work := func(org string) error {
		courses, err := GetCoursesByOrg(ctx, org)
		if err != nil {
			return err
		}
		s.rdb.Set(ctx, "courses:"+org, courses, 30*time.Minute)
		return nil
	}
	for _, o := range orgs {
		_ = work(o)
	}
}

func (s *Service) closureBad(ctx context.Context, orgs []string) {
	for _, o := range orgs {
		go func(org string) {
			courses, _ := GetCoursesByOrg(ctx, org)
			s.rdb.Set(ctx, "courses:"+org, courses, 30*time.Minute) // want `its error is discarded`
		}(o)
	}
}

func (s *Service) value() Course { return Course{ID: "x"} }

// A value that cannot be nil and comes from no failing call.
func (s *Service) notNillable(ctx context.Context) {
	s.rdb.Set(ctx, "course:x", s.value(), time.Hour)
	s.mem.Set("n", 42, time.Hour)
}

// --- 2. nil stored ---

func (s *Service) nilLiteral(ctx context.Context, id string) {
	s.mem.Set("user:"+id, nil, time.Hour) // want `stores the nil literal as a value for 1h: a read gets nil as a hit and cannot tell it from a missing entry or a failed load; delete the entry to clear it`
}

func (s *Service) nilOnOnePath(ctx context.Context, id string, admin bool) {
	var u *repo.User
	if admin {
		u = &repo.User{ID: id}
	}
	s.mem.Set("user:"+id, u, 10*time.Minute) // want `caches u although it may be nil \(u is still nil on one path to this Set\): every read would get the miss as a value for 10m; check u != nil before caching`
}

func (s *Service) nilFromFact(ctx context.Context, id string) error {
	u, err := s.db.FindUser(ctx, id)
	if err != nil {
		return err
	}
	s.mem.Set("user:"+id, u, 10*time.Minute) // want `caches u although it may be nil \(FindUser returns nil, nil\)`
	return nil
}

func (s *Service) nilFromFactTwoHops(ctx context.Context, id string) error {
	u, err := repo.Lookup(ctx, s.db, id)
	if err != nil {
		return err
	}
	s.mem.Set("user:"+id, u, 10*time.Minute) // want `caches u although it may be nil \(Lookup returns the nil that FindUser returns with a nil error\)`
	return nil
}

// --- 2. near misses ---

func (s *Service) nilGuarded(ctx context.Context, id string) error {
	u, err := s.db.FindUser(ctx, id)
	if err != nil {
		return err
	}
	if u != nil {
		s.mem.Set("user:"+id, u, 10*time.Minute)
	}
	return nil
}

func (s *Service) nilEarlyReturn(ctx context.Context, id string) (*repo.User, error) {
	u, err := s.db.FindUser(ctx, id)
	if err != nil || u == nil {
		return nil, err
	}
	s.mem.Set("user:"+id, u, 10*time.Minute)
	return u, nil
}

func (s *Service) nilDereferenced(ctx context.Context, id string) error {
	u, err := s.db.FindUser(ctx, id)
	if err != nil {
		return err
	}
	log.Print(u.Name)
	s.mem.Set("user:"+id, u, 10*time.Minute)
	return nil
}

func (s *Service) neverNil(ctx context.Context, id string) error {
	u, err := s.db.GetUser(ctx, id)
	if err != nil {
		return err
	}
	s.mem.Set("user:"+id, u, 10*time.Minute)
	return nil
}

func (s *Service) emptyList(ctx context.Context, org string) error {
	cs, err := repo.Courses(ctx, org)
	if err != nil {
		return err
	}
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	s.mem.Set("ids:"+org, ids, time.Hour)
	if len(cs) > 0 {
		s.mem.Set("courses:"+org, cs, time.Hour)
	}
	return nil
}

// --- 3. errors stored ---

func (s *Service) storesErr(ctx context.Context, org string) {
	_, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		s.mem.Set("courses:"+org, err, time.Hour) // want `caches the error err of GetCoursesByOrg as the value: the failure would be served from cache for 1h`
	}
}

type result struct {
	Courses []Course
	Err     error
}

func (s *Service) storesResult(ctx context.Context, org string) {
	cs, err := GetCoursesByOrg(ctx, org)
	s.mem.Set("courses:"+org, result{Courses: cs, Err: err}, time.Hour) // want `caches the value although GetCoursesByOrg may have failed`
}

func (s *Service) storesWrapped(ctx context.Context, org string) {
	s.mem.Set("err:"+org, fmt.Errorf("org %s is gone", org), time.Hour) // want `caches the error .* as the value`
}

// --- 5. negative caching ---

var notFound = &repo.User{ID: "-"}

func (s *Service) negative(ctx context.Context, id string) (*repo.User, error) {
	u, err := s.db.GetUser(ctx, id)
	if errors.Is(err, repo.ErrNotFound) {
		s.mem.Set("user:"+id, notFound, 30*time.Second)
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	s.mem.Set("user:"+id, u, time.Hour)
	return u, nil
}

func (s *Service) negativeErr(ctx context.Context, id string) {
	_, err := s.db.GetUser(ctx, id)
	if errors.Is(err, repo.ErrNotFound) {
		s.mem.Set("user:"+id, repo.ErrNotFound, 30*time.Second)
	}
}

func (s *Service) negativeLong(ctx context.Context, id string) {
	_, err := s.db.GetUser(ctx, id)
	if err != nil {
		s.mem.Set("user:"+id, notFound, 24*time.Hour) // want `caches notFound as a negative entry for 24h, only when GetUser failed`
	}
}

// --- wrappers ---

func (s *Service) viaPut(ctx context.Context, org string) {
	courses, _ := GetCoursesByOrg(ctx, org)
	wrap.Put(ctx, s.rdb, "courses:"+org, courses, time.Hour) // want `caches courses although GetCoursesByOrg may have failed \(its error is discarded\)`
}

func (s *Service) viaPutOK(ctx context.Context, org string) error {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		return err
	}
	wrap.Put(ctx, s.rdb, "courses:"+org, courses, time.Hour)
	return nil
}

func (s *Service) viaGuardedWrapper(ctx context.Context, admin bool) {
	var e *wrap.Entry
	if admin {
		e = &wrap.Entry{V: "x"}
	}
	wrap.PutIfPresent(ctx, s.rdb, "entry", e)
	wrap.PutIfPresent(ctx, s.rdb, "entry", nil)
}

func (s *Service) viaUnguardedWrapper(ctx context.Context, id string) error {
	u, err := s.db.FindUser(ctx, id)
	if err != nil {
		return err
	}
	wrap.Put(ctx, s.rdb, "user:"+id, u, time.Minute) // want `caches u although it may be nil \(FindUser returns nil, nil\)`
	return nil
}

func (s *Service) nilUnderDefer(ctx context.Context, id string) error {
	u, err := s.db.FindLocked(ctx, id)
	if err != nil {
		return err
	}
	s.mem.Set("user:"+id, u, 10*time.Minute) // want `caches u although it may be nil \(FindLocked returns nil, nil\)`
	return nil
}

// The variable is overwritten by the load after a failed cache read.
func (s *Service) readThrough(ctx context.Context, org string) ([]Course, error) {
	var cs []Course
	if data, err := s.rdb.Get(ctx, "courses:"+org).Bytes(); err == nil {
		if json.Unmarshal(data, &cs) == nil {
			return cs, nil
		}
	}
	cs, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		return nil, err
	}
	if len(cs) > 0 {
		s.rdb.Set(ctx, "courses:"+org, cs, time.Hour)
	}
	return cs, nil
}

// Filled through a pointer by a call whose error is ignored.
func (s *Service) unmarshalIgnored(ctx context.Context, org string, data []byte) {
	var cs []Course
	_ = json.Unmarshal(data, &cs)
	if org != "" {
		s.rdb.Set(ctx, "courses:"+org, cs, time.Hour) // want `caches cs although Unmarshal may have failed \(its error is discarded\)`
	}
}

// A failed cache read is a miss: the value is then loaded.
func (s *Service) readThroughPartial(ctx context.Context, org, id string) (Course, error) {
	var c Course
	if ok, err := getJSON(ctx, s.rdb, "course:"+id, &c); err == nil && ok {
		return c, nil
	}
	cs, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		return Course{}, err
	}
	for _, x := range cs {
		if x.ID == id {
			c = x
		}
	}
	s.rdb.Set(ctx, "course:"+id, c, time.Hour)
	return c, nil
}

func getJSON(ctx context.Context, rdb *redis.Client, key string, dst any) (bool, error) {
	b, err := rdb.Get(ctx, key).Bytes()
	if err != nil {
		return false, err
	}
	return true, json.Unmarshal(b, dst)
}
