package failuse

import (
	"context"
	"errors"
	"log"
	"sync"

	"cachenil/faillib"
)

// Memo maps: assigned and read by key, they are caches that live until
// restart.

type Client struct{ addr string }

func NewClient(addr string) (*Client, error) {
	if addr == "" {
		return nil, errors.New("no address")
	}
	return &Client{addr: addr}, nil
}

var (
	mu      sync.Mutex
	clients = map[string]*Client{}
	regions = map[string]string{}
)

// The constructor's error is only logged: a nil client is kept forever.
func clientFor(addr string) *Client { // want clientFor:`cachenil swallows\(NewClient\)`
	mu.Lock()
	defer mu.Unlock()
	if c, ok := clients[addr]; ok {
		return c
	}
	c, err := NewClient(addr)
	if err != nil {
		log.Printf("client %s: %v", addr, err)
	}
	clients[addr] = c // want `stores in the memo map clients a value from NewClient, which may have failed \(err is not checked before this store\)`
	return c
}

func regionFor(ctx context.Context, s *faillib.Store, bucket string) string { // want regionFor:`cachenil swallows\(Get \(inside RegionOf\)\)`
	if r, ok := regions[bucket]; ok {
		return r
	}
	r := faillib.RegionOf(ctx, s, bucket)
	regions[bucket] = r // want `stores in the memo map regions a value built from RegionOf, which returns a default when Get fails without reporting the error`
	return r
}

type resolver struct {
	byHost map[string]*Client
}

func (r *resolver) client(host string) (*Client, error) {
	if c := r.byHost[host]; c != nil {
		return c, nil
	}
	c, err := NewClient(host)
	if err != nil {
		return nil, err
	}
	r.byHost[host] = c
	return c, nil
}

// Near misses: a map that is only written (an index built once), and a
// local map.

var seen = map[string]string{}

func remember(ctx context.Context, s *faillib.Store, bucket string) {
	seen[bucket] = faillib.RegionOf(ctx, s, bucket)
}

func local(ctx context.Context, s *faillib.Store, buckets []string) map[string]string {
	m := map[string]string{}
	for _, b := range buckets {
		m[b] = faillib.RegionOf(ctx, s, b)
	}
	_ = m["x"]
	return m
}

// A struct shared between goroutines (it holds a lock) keeps a memo in a
// field: a nil client from a failed constructor is kept forever.
type pool struct {
	mu     sync.Mutex
	byAddr map[string]*Client
}

func (p *pool) get(addr string) *Client { // want get:`cachenil swallows\(NewClient\)`
	p.mu.Lock()
	defer p.mu.Unlock()
	if c := p.byAddr[addr]; c != nil {
		return c
	}
	c, err := NewClient(addr)
	if err != nil {
		log.Printf("client %s: %v", addr, err)
	}
	p.byAddr[addr] = c // want `stores in the memo map byAddr a value from NewClient`
	return c
}

// Near misses: the template data of one request (no lock: it dies with the
// request), and fixed fields of a record written under constant keys.
type requestContext struct {
	Data map[string]any
}

func (rc *requestContext) show(addr string) {
	if rc.Data[addr] != nil {
		return
	}
	c, err := NewClient(addr)
	if err != nil {
		log.Printf("client %s: %v", addr, err)
	}
	rc.Data[addr] = c
	rc.Data["Client"] = c
}

var page = map[string]any{}

func render(addr string) {
	c, err := NewClient(addr)
	if err != nil {
		log.Printf("client %s: %v", addr, err)
	}
	page["Client"] = c
	_ = page["Title"]
}

// Near miss: an index filled in one function and read in another is not
// filled on a miss: not a memo of results.
var index = map[string]string{}

func build(ctx context.Context, s *faillib.Store, bucket string) {
	index[bucket] = faillib.RegionOf(ctx, s, bucket)
}

func indexed(bucket string) string { return index[bucket] }
