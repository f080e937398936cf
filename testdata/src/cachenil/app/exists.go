package app

import (
	"io/fs"
	"os"

	lruv1 "github.com/hashicorp/golang-lru"
	lru "github.com/hashicorp/golang-lru/v2"
)

// Existence checks cache a verdict computed from the error: a check of
// the error, not the error itself.
type existsCache struct {
	fsys  fs.FS
	cache *lru.Cache[string, bool]
}

func (e *existsCache) exists(name string) bool {
	if v, ok := e.cache.Get(name); ok {
		return v
	}
	_, err := fs.Stat(e.fsys, name)
	found := err == nil
	e.cache.Add(name, found)
	return found
}

func (e *existsCache) missing(name string) bool {
	_, err := os.Stat(name)
	gone := os.IsNotExist(err)
	e.cache.Add(name, gone)
	return gone
}

// The same cache fed the size of a failed Stat is reported.
type sizeCache struct{ cache *lru.Cache[string, int64] }

func (s *sizeCache) size(name string) int64 {
	fi, err := os.Stat(name)
	var n int64
	if err == nil || fi != nil {
		n = fi.Size()
	}
	info, _ := os.Stat(name)
	s.cache.Add(name, info.Size()) // want `caches info.Size\(\) although Stat may have failed`
	return n
}

// golang-lru v1 holds interface{} values: the same checks apply.
type statCache struct{ cache *lruv1.Cache }

func (s *statCache) stat(name string) fs.FileInfo {
	fi, _ := os.Stat(name)
	s.cache.Add(name, fi) // want `caches fi although Stat may have failed \(its error is discarded\)`
	return fi
}

func (s *statCache) statChecked(name string) (fs.FileInfo, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	s.cache.Add(name, fi)
	return fi, nil
}
