// Package memo keeps values computed from keys that come back again and
// again across packages (type strings, the words of identifiers), for
// concurrent analyses, with a bound.
package memo

import (
	"sync"
	"sync/atomic"
)

// Map is a concurrent memo holding at most max values (a few more while
// concurrent misses race).
type Map[K comparable, V any] struct {
	m   sync.Map
	n   atomic.Int64
	max int64
}

// New returns a memo that holds at most max values.
func New[K comparable, V any](max int64) *Map[K, V] { return &Map[K, V]{max: max} }

// Get returns the value kept for k, or computes it with f and keeps it.
// When the memo is full it starts over: a long-lived process (the
// editor's server) type-checks again and again, and old keys would keep
// old packages alive.
func (m *Map[K, V]) Get(k K, f func(K) V) V {
	if v, ok := m.m.Load(k); ok {
		return v.(V)
	}
	v := f(k)
	if m.n.Add(1) > m.max {
		m.m.Clear()
		m.n.Store(1) // the value stored below
	}
	m.m.Store(k, v)
	return v
}
