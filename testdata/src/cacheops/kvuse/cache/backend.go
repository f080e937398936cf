// Package cache declares a key-value store by its method set only: its // want package:"reaches a cache"
// implementations (in memory, Redis) are picked at start-up.
package cache

// Backend is a key-value cache whatever its name says.
type Backend interface {
	Put(name string, v any, ttlSeconds int) error
	Get(name string) (any, bool)
	GetMany(names []string) (map[string]any, []string)
	PutMany(entries map[string]any, prefix string) error
	Remove(prefix string, names ...string) error
	Flush() error
}

// Reader only reads: a loader, not a cache.
type Reader interface {
	Get(name string) (any, error)
}

// Counters are keyed by number, not by a string key.
type Counters interface {
	Get(id int) int
	Set(id int, n int)
}
