// Package kvuse calls a key-value interface recognised by its package and // want package:"reaches a cache"
// method set, and interfaces that must not be taken for caches.
package kvuse

import (
	"cacheops/kvuse/cache"
	"cacheops/kvuse/keyvalue"
	"cacheops/kvuse/storage"
)

func put(b cache.Backend, id string, v any) error { // want put:`cache set\(session:\{id\}\)` put:`calls cache via kvuse.put -> cache.Backend.Put`
	return b.Put("session:"+id, v, 300)
}

func get(b cache.Backend) any { // want get:`calls cache via kvuse.get -> cache.Backend.Get`
	v, _ := b.Get("settings")
	return v
}

func remove(b cache.Backend, id string) error { // want remove:`cache delete\(session:\{id\}\)` remove:`calls cache via kvuse.remove -> cache.Backend.Remove`
	return b.Remove("session:", id)
}

// Batch methods take no single key.
func batch(b cache.Backend) {
	_, _ = b.GetMany([]string{"a"})
	_ = b.PutMany(map[string]any{"a": 1}, "p:")
	_ = b.Flush()
}

func read(r cache.Reader) { _, _ = r.Get("x") }

func count(c cache.Counters) { c.Set(1, c.Get(1)+1) }

func file(d storage.Driver) {
	_ = d.Put("a.txt", nil)
	_, _ = d.Get("a.txt")
	_ = d.Delete("a.txt")
}

func remember(id string, v any) error { // want remember:`cache set\(project:\{id\}\)` remember:`calls cache via kvuse.remember -> keyvalue.Put -> keyvalue.Storage.Put`
	return keyvalue.Put("project:"+id, v)
}
