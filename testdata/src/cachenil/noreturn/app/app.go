// Package app writes to a cache after error branches that end the
// program, which are no path to the write.
package app

import (
	"context"
	"errors"
	"log"
	"time"

	"github.com/redis/go-redis/v9"

	"cachenil/noreturn/die"
)

type Course struct{ ID string }

func GetCoursesByOrg(ctx context.Context, org string) ([]Course, error) {
	if org == "" {
		return nil, errors.New("no org")
	}
	return []Course{{ID: "1"}}, nil
}

type Service struct{ rdb *redis.Client }

func (s *Service) viaOtherPackage(ctx context.Context, org string) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		die.Fatal(err)
	}
	s.rdb.Set(ctx, "courses:"+org, courses, time.Hour)
}

func (s *Service) viaLocalChain(ctx context.Context, org string) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		die.Must(err)
	}
	s.rdb.Set(ctx, "courses:"+org, courses, time.Hour)
}

func (s *Service) viaExitf(ctx context.Context, org string) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		die.Exitf(1, "courses: %v", err)
	}
	s.rdb.Set(ctx, "courses:"+org, courses, time.Hour)
}

func (s *Service) viaLogFatal(ctx context.Context, org string) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		log.Fatalf("courses: %v", err)
	}
	s.rdb.Set(ctx, "courses:"+org, courses, time.Hour)
}

func (s *Service) viaLogger(ctx context.Context, l *log.Logger, org string) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		l.Panicf("courses: %v", err)
	}
	s.rdb.Set(ctx, "courses:"+org, courses, time.Hour)
}

func (s *Service) viaClosureExit(ctx context.Context, org string) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		die.Closure(err)
	}
	s.rdb.Set(ctx, "courses:"+org, courses, time.Hour)
}

// Near misses: these helpers return, so the failed value reaches the write.

func (s *Service) viaCheck(ctx context.Context, org string) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		die.Check(err)
	}
	s.rdb.Set(ctx, "courses:"+org, courses, time.Hour) // want `caches courses although GetCoursesByOrg may have failed`
}

func (s *Service) viaReport(ctx context.Context, org string) {
	courses, err := GetCoursesByOrg(ctx, org)
	if err != nil {
		die.Report(err)
	}
	s.rdb.Set(ctx, "courses:"+org, courses, time.Hour) // want `caches courses although GetCoursesByOrg may have failed`
}
