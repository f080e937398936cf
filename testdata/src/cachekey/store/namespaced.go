package store

import (
	"context"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Sessions keeps session records under an optional namespace.
type Sessions struct {
	rdb    *redis.Client
	prefix string
}

// sessionKey builds a key whose namespace is optional: its returns build
// different keys, so no one template stands for it (the namespace may
// carry the version).
func sessionKey(prefix, id string) string {
	if prefix == "" {
		return strings.Join([]string{sessionPrefix, id}, ":")
	}
	return strings.Join([]string{prefix, sessionPrefix, id}, ":")
}

const sessionPrefix = "session"

// Save is silent: its key comes from a builder with several shapes.
func (s *Sessions) Save(ctx context.Context, id string, v []byte) error {
	k := sessionKey(s.prefix, id)
	return s.rdb.Set(ctx, k, v, time.Hour).Err()
}

// Load is silent too.
func (s *Sessions) Load(ctx context.Context, id string) ([]byte, error) {
	k := sessionKey(s.prefix, id)
	return s.rdb.Get(ctx, k).Bytes()
}

// tokenKey has one shape without a version: still reported.
func tokenKey(id string) string {
	return "token:" + id
}

func (s *Sessions) SaveToken(ctx context.Context, id string, v []byte) error {
	return s.rdb.Set(ctx, tokenKey(id), v, time.Hour).Err() // want `cache key "token:\{id\}" has no version segment`
}

// shortKey's returns differ only on the error path's "": one shape.
func shortKey(id string) string {
	if id == "" {
		return ""
	}
	return "short:" + id
}

func (s *Sessions) SaveShort(ctx context.Context, id string, v []byte) error {
	return s.rdb.Set(ctx, shortKey(id), v, time.Hour).Err() // want `cache key "short:\{id\}" has no version segment`
}

// Current calls a wrapper whose key comes from that builder with an id it
// looked up: silent, as inside the wrapper.
func (s *Sessions) Current(ctx context.Context, token string) ([]byte, error) {
	id, err := s.rdb.Get(ctx, "token:"+token+":v1").Result()
	if err != nil {
		return nil, err
	}
	return s.Load(ctx, id)
}
