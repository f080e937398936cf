// Package guardlib keeps summaries of stored objects in a cache. Some of
// its methods return at once for a nil object, before any cache write of a
// value computed from it: callers may pass nil to them.
package guardlib

import (
	"strings"
	"time"

	gocache "github.com/patrickmn/go-cache"
)

type Object struct {
	Name  string
	Parts []string
}

type Index struct{ c *gocache.Cache }

func summary(o *Object) string {
	if o == nil {
		return ""
	}
	return o.Name
}

// Replace caches a summary of the object that replaced an older one; with
// no object there is nothing to record.
func (x *Index) Replace(obj *Object) { // want Replace:`cachenil guards\[0\]`
	if obj == nil {
		return
	}
	x.c.Set("last", summary(obj), time.Minute)
}

// Cleanup records each part of obj through a helper; nil is a no-op.
func (x *Index) Cleanup(obj *Object) error { // want Cleanup:`cachenil guards\[0\]`
	if obj == nil {
		return nil
	}
	for _, p := range obj.Parts {
		x.store(p)
	}
	return nil
}

func (x *Index) store(part string) {
	x.c.Set("part:"+part, strings.ToUpper(part), time.Minute)
}

// Record has no nil check: a nil object is summarised and cached too.
func (x *Index) Record(obj *Object) {
	x.c.Set("last", summary(obj), time.Minute)
}
