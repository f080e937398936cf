// Package lru is a minimal stub of github.com/hashicorp/golang-lru (v1).
package lru

type Cache struct{}

func New(size int) (*Cache, error) { return &Cache{}, nil }

func (c *Cache) Add(key, value interface{}) (evicted bool)               { return false }
func (c *Cache) Get(key interface{}) (value interface{}, ok bool)        { return nil, false }
func (c *Cache) Peek(key interface{}) (value interface{}, ok bool)       { return nil, false }
func (c *Cache) Remove(key interface{}) (present bool)                   { return false }
func (c *Cache) Contains(key interface{}) bool                           { return false }
func (c *Cache) ContainsOrAdd(key, value interface{}) (ok, evicted bool) { return false, false }
