// Package redis is a minimal stub of github.com/redis/go-redis/v9 with the
// real signatures, for analyzer tests.
package redis

import (
	"context"
	"time"
)

const Nil = RedisError("redis: nil")

type RedisError string

func (e RedisError) Error() string { return string(e) }

type StringCmd struct{}

func (c *StringCmd) Result() (string, error) { return "", nil }
func (c *StringCmd) Bytes() ([]byte, error)  { return nil, nil }
func (c *StringCmd) Err() error              { return nil }
func (c *StringCmd) Val() string             { return "" }

type StatusCmd struct{}

func (c *StatusCmd) Err() error              { return nil }
func (c *StatusCmd) Result() (string, error) { return "", nil }

type IntCmd struct{}

func (c *IntCmd) Err() error             { return nil }
func (c *IntCmd) Result() (int64, error) { return 0, nil }

type BoolCmd struct{}

func (c *BoolCmd) Err() error            { return nil }
func (c *BoolCmd) Result() (bool, error) { return false, nil }

type MapStringStringCmd struct{}

func (c *MapStringStringCmd) Result() (map[string]string, error) { return nil, nil }

type SetArgs struct {
	Mode     string
	TTL      time.Duration
	ExpireAt time.Time
	Get      bool
	KeepTTL  bool
}

type Cmdable interface {
	Get(ctx context.Context, key string) *StringCmd
	Set(ctx context.Context, key string, value interface{}, expiration time.Duration) *StatusCmd
	SetNX(ctx context.Context, key string, value interface{}, expiration time.Duration) *BoolCmd
	SetArgs(ctx context.Context, key string, value interface{}, a SetArgs) *StatusCmd
	Del(ctx context.Context, keys ...string) *IntCmd
	Expire(ctx context.Context, key string, expiration time.Duration) *BoolCmd
	HSet(ctx context.Context, key string, values ...interface{}) *IntCmd
	HGet(ctx context.Context, key, field string) *StringCmd
	HGetAll(ctx context.Context, key string) *MapStringStringCmd
}

type UniversalClient interface {
	Cmdable
	Close() error
}

type Pipeliner interface {
	Cmdable
	Exec(ctx context.Context) ([]Cmder, error)
}

type Cmder interface{ Err() error }

type cmdable func(ctx context.Context, cmd Cmder) error

func (c cmdable) Get(ctx context.Context, key string) *StringCmd { return &StringCmd{} }
func (c cmdable) Set(ctx context.Context, key string, value interface{}, expiration time.Duration) *StatusCmd {
	return &StatusCmd{}
}
func (c cmdable) SetEx(ctx context.Context, key string, value interface{}, expiration time.Duration) *StatusCmd {
	return &StatusCmd{}
}
func (c cmdable) SetNX(ctx context.Context, key string, value interface{}, expiration time.Duration) *BoolCmd {
	return &BoolCmd{}
}
func (c cmdable) SetArgs(ctx context.Context, key string, value interface{}, a SetArgs) *StatusCmd {
	return &StatusCmd{}
}
func (c cmdable) GetSet(ctx context.Context, key string, value interface{}) *StringCmd {
	return &StringCmd{}
}
func (c cmdable) Del(ctx context.Context, keys ...string) *IntCmd    { return &IntCmd{} }
func (c cmdable) Unlink(ctx context.Context, keys ...string) *IntCmd { return &IntCmd{} }
func (c cmdable) Expire(ctx context.Context, key string, expiration time.Duration) *BoolCmd {
	return &BoolCmd{}
}
func (c cmdable) HSet(ctx context.Context, key string, values ...interface{}) *IntCmd {
	return &IntCmd{}
}
func (c cmdable) HGet(ctx context.Context, key, field string) *StringCmd { return &StringCmd{} }
func (c cmdable) HGetAll(ctx context.Context, key string) *MapStringStringCmd {
	return &MapStringStringCmd{}
}

type Options struct{ Addr string }

type Client struct{ cmdable }

func NewClient(opt *Options) *Client  { return &Client{} }
func (c *Client) Close() error        { return nil }
func (c *Client) Pipeline() Pipeliner { return nil }

type ClusterClient struct{ cmdable }

// KeepTTL keeps the key's existing TTL (SET ... KEEPTTL).
const KeepTTL = -1

func (c *Client) Pipelined(ctx context.Context, fn func(Pipeliner) error) ([]Cmder, error) {
	return nil, nil
}
func (c *Client) TxPipelined(ctx context.Context, fn func(Pipeliner) error) ([]Cmder, error) {
	return nil, nil
}
