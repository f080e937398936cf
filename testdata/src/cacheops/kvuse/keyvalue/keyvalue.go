// Package keyvalue is a key-value facade: package functions over a // want package:"reaches a cache"
// Storage chosen at start-up (in memory or Redis). Its callers cache
// through it.
package keyvalue

import "time"

// Storage is a key-value store by its method set and its package's name.
type Storage interface {
	Put(key string, value any) error
	PutWithTTL(key string, value any, ttl time.Duration) error
	Get(key string) (value any, exists bool, err error)
	Del(key string) error
}

var store Storage

func Put(key string, value any) error { // want Put:`cache set\(\{key\}\)` Put:`calls cache via keyvalue.Put -> keyvalue.Storage.Put`
	return store.Put(key, value)
}

func PutWithTTL(key string, value any, ttl time.Duration) error { // want PutWithTTL:`cache set\(\{key\}\)` PutWithTTL:`calls cache via keyvalue.PutWithTTL -> keyvalue.Storage.PutWithTTL`
	return store.PutWithTTL(key, value, ttl)
}

func Get(key string) (any, bool, error) { // want Get:`cache get\(\{key\}\)` Get:`calls cache via keyvalue.Get -> keyvalue.Storage.Get`
	return store.Get(key)
}
