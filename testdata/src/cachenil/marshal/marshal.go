// Package marshal encodes values to JSON before caching them, discarding
// the encoder's error: silent when the value's type cannot make
// json.Marshal fail, reported when it can.
package marshal

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"
)

type Store struct{ rdb *redis.Client }

// Plain fields only: strings, integers, booleans, times, nested structs,
// slices, string- and integer-keyed maps, pointers.
type Profile struct {
	ID       int64             `json:"id"`
	Name     string            `json:"name"`
	Admin    bool              `json:"admin"`
	Joined   time.Time         `json:"joined"`
	Tags     []string          `json:"tags"`
	Counts   map[int]uint32    `json:"counts"`
	Address  *Address          `json:"address,omitempty"`
	Avatar   []byte            `json:"avatar"`
	Extra    map[string]string `json:"extra"`
	internal func()            // unexported: not encoded
	Callback func()            `json:"-"`
	Audit                      // embedded struct of plain fields
}

type Address struct{ Street, City string }

type Audit struct{ CreatedBy string }

// Wrapped embeds time.Time: its promoted MarshalJSON is time.Time's.
type Wrapped struct{ time.Time }

func (s *Store) SetProfile(ctx context.Context, key string, p *Profile) {
	b, _ := json.Marshal(p)
	s.rdb.Set(ctx, key, string(b), time.Hour)
}

func (s *Store) SetFlags(ctx context.Context, key string, flags map[string]bool) {
	b, _ := json.MarshalIndent(flags, "", "  ")
	s.rdb.Set(ctx, key, b, time.Hour)
}

func (s *Store) SetList(ctx context.Context, key string, ps []Profile) {
	b, err := json.Marshal(ps)
	s.rdb.Set(ctx, key, b, time.Hour)
	_ = err
}

func (s *Store) SetStamp(ctx context.Context, key string, w Wrapped, ids [4]uint8) {
	b, _ := json.Marshal(w)
	s.rdb.Set(ctx, key, b, time.Hour)
	c, _ := json.Marshal(ids)
	s.rdb.Set(ctx, key+":ids", c, time.Hour)
}

// --- the same with types that can make Marshal fail ---

type Event struct {
	Name    string `json:"name"`
	Payload any    `json:"payload"` // anything, a channel included
}

type Reading struct {
	Sensor string
	Value  float64 // NaN and ±Inf are refused
}

type Secret string

func (s Secret) MarshalJSON() ([]byte, error) { return nil, nil }

type Account struct {
	Name string
	Key  Secret // its own MarshalJSON may fail
}

type Node struct {
	Name     string
	Children []*Node // recursive: a value may be cyclic
}

type Fraction struct{ num, den int }

func (f *Fraction) MarshalText() ([]byte, error) { return nil, nil }

type Ratio struct{ R *Fraction } // MarshalText through a pointer method

func (s *Store) SetEvent(ctx context.Context, key string, e Event) {
	b, _ := json.Marshal(e)
	s.rdb.Set(ctx, key, b, time.Hour) // want `caches b although Marshal may have failed \(its error is discarded\)`
}

func (s *Store) SetReading(ctx context.Context, key string, r *Reading) {
	b, _ := json.Marshal(r)
	s.rdb.Set(ctx, key, b, time.Hour) // want `caches b although Marshal may have failed`
}

func (s *Store) SetAccount(ctx context.Context, key string, a Account) {
	b, _ := json.Marshal(a)
	s.rdb.Set(ctx, key, b, time.Hour) // want `caches b although Marshal may have failed`
}

func (s *Store) SetTree(ctx context.Context, key string, n *Node) {
	b, _ := json.Marshal(n)
	s.rdb.Set(ctx, key, b, time.Hour) // want `caches b although Marshal may have failed`
}

func (s *Store) SetAny(ctx context.Context, key string, v any) {
	b, _ := json.Marshal(v)
	s.rdb.Set(ctx, key, b, time.Hour) // want `caches b although Marshal may have failed`
}

func (s *Store) SetRatio(ctx context.Context, key string, r Ratio) {
	b, _ := json.Marshal(r)
	s.rdb.Set(ctx, key, b, time.Hour) // want `caches b although Marshal may have failed`
}

func (s *Store) SetKeyed(ctx context.Context, key string, m map[Address]string) {
	b, _ := json.Marshal(m)           // struct keys are refused
	s.rdb.Set(ctx, key, b, time.Hour) // want `caches b although Marshal may have failed`
}

// An infallible Marshal does not hide the failed call its input comes from.
func load(ctx context.Context, id string) (*Profile, error) { return &Profile{Name: id}, nil }

func (s *Store) Refresh(ctx context.Context, id string) {
	p, _ := load(ctx, id)
	b, _ := json.Marshal(p)
	s.rdb.Set(ctx, "profile:"+id, b, time.Hour) // want `caches b although load may have failed \(its error is discarded\)`
}
