// Package rueidis is a minimal stub of github.com/redis/rueidis and its
// command builder.
package rueidis

import (
	"context"
	"time"
)

type Completed struct{}
type Cacheable struct{}

type RedisResult struct{}

func (r RedisResult) Error() error              { return nil }
func (r RedisResult) ToString() (string, error) { return "", nil }
func (r RedisResult) AsBytes() ([]byte, error)  { return nil, nil }

type Client interface {
	B() Builder
	Do(ctx context.Context, cmd Completed) (resp RedisResult)
	DoCache(ctx context.Context, cmd Cacheable, ttl time.Duration) (resp RedisResult)
	Close()
}

type Builder struct{}

func (b Builder) Get() Get { return Get{} }
func (b Builder) Set() Set { return Set{} }
func (b Builder) Del() Del { return Del{} }

type Get struct{}
type GetKey struct{}

func (c Get) Key(key string) GetKey { return GetKey{} }
func (c GetKey) Build() Completed   { return Completed{} }
func (c GetKey) Cache() Cacheable   { return Cacheable{} }

type Set struct{}
type SetKey struct{}
type SetValue struct{}
type SetExpiration struct{}

func (c Set) Key(key string) SetKey                 { return SetKey{} }
func (c SetKey) Value(value string) SetValue        { return SetValue{} }
func (c SetValue) Ex(d time.Duration) SetExpiration { return SetExpiration{} }
func (c SetValue) ExSeconds(s int64) SetExpiration  { return SetExpiration{} }
func (c SetValue) Build() Completed                 { return Completed{} }
func (c SetExpiration) Build() Completed            { return Completed{} }

type Del struct{}
type DelKey struct{}

func (c Del) Key(key ...string) DelKey { return DelKey{} }
func (c DelKey) Build() Completed      { return Completed{} }
