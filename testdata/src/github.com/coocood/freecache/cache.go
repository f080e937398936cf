// Package freecache is a minimal stub of github.com/coocood/freecache.
package freecache

type Cache struct{}

func NewCache(size int) *Cache { return &Cache{} }

func (c *Cache) Get(key []byte) (value []byte, err error)             { return nil, nil }
func (c *Cache) Set(key, value []byte, expireSeconds int) (err error) { return nil }
func (c *Cache) Del(key []byte) (affected bool)                       { return false }
