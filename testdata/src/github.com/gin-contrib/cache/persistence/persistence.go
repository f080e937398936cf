// Package persistence is a minimal stub of github.com/gin-contrib/cache/persistence.
package persistence

import "time"

// CacheStore is the interface of a cache backend.
type CacheStore interface {
	Get(key string, value interface{}) error
	Set(key string, value interface{}, expire time.Duration) error
	Add(key string, value interface{}, expire time.Duration) error
	Replace(key string, data interface{}, expire time.Duration) error
	Delete(key string) error
	Increment(key string, data uint64) (uint64, error)
	Decrement(key string, data uint64) (uint64, error)
	Flush() error
}

// InMemoryStore represents the cache with memory persistence.
type InMemoryStore struct{}

// NewInMemoryStore returns an InMemoryStore.
func NewInMemoryStore(defaultExpiration time.Duration) *InMemoryStore { return &InMemoryStore{} }

func (c *InMemoryStore) Get(key string, value interface{}) error                        { return nil }
func (c *InMemoryStore) Set(key string, value interface{}, expires time.Duration) error { return nil }
func (c *InMemoryStore) Add(key string, value interface{}, expires time.Duration) error { return nil }
func (c *InMemoryStore) Replace(key string, value interface{}, expires time.Duration) error {
	return nil
}
func (c *InMemoryStore) Delete(key string) error                        { return nil }
func (c *InMemoryStore) Increment(key string, n uint64) (uint64, error) { return 0, nil }
func (c *InMemoryStore) Decrement(key string, n uint64) (uint64, error) { return 0, nil }
func (c *InMemoryStore) Flush() error                                   { return nil }
