// Package flushes clears whole in-process caches: a Flush is an
// invalidation of every entry, judged like a delete.
package flushes

import (
	"time"

	gocache "github.com/patrickmn/go-cache"
	"gorm.io/gorm"
)

var tagCache = gocache.New(time.Minute, time.Minute)

type Tag struct{ ID, Name string }

// AfterUpdate flushes before the update's transaction commits.
func (t *Tag) AfterUpdate(tx *gorm.DB) error { // want AfterUpdate:`reaches cache via flushes.Tag.AfterUpdate -> go-cache.Flush` AfterUpdate:`cache tag invalidation via flushes.Tag.AfterUpdate -> go-cache.Flush`
	tagCache.Flush() // want `runs inside the transaction GORM runs its AfterUpdate hook in`
	return nil
}

// Rename flushes, then writes: a concurrent read re-caches the old name.
func Rename(db *gorm.DB, t *Tag, name string) error { // want Rename:`reaches cache via flushes.Rename -> go-cache.Flush` Rename:`cache tag invalidation via flushes.Rename -> go-cache.Flush; writes via flushes.Rename -> gorm.DB.Save`
	tagCache.Flush() // want `before`
	t.Name = name
	return db.Save(t).Error
}

// Retitle writes, then flushes: silent.
func Retitle(db *gorm.DB, t *Tag, name string) error { // want Retitle:`reaches cache via flushes.Retitle -> go-cache.Flush` Retitle:`cache tag invalidation via flushes.Retitle -> go-cache.Flush; writes via flushes.Retitle -> gorm.DB.Save`
	t.Name = name
	if err := db.Save(t).Error; err != nil {
		return err
	}
	tagCache.Flush()
	return nil
}

// lookupTag reads the cache and drops an entry it cannot use: a read path,
// whose delete cleans up after a bad hit.
func lookupTag(name string) *Tag {
	if v, ok := tagCache.Get(name); ok {
		if t, ok := v.(*Tag); ok {
			return t
		}
		tagCache.Delete(name)
	}
	return nil
}

// Untag looks a tag up (which may drop a bad entry), then deletes a row:
// the lookup is no invalidation of that write, so this stays silent.
func Untag(db *gorm.DB, name string) error { // want Untag:`reaches cache via flushes.Untag -> flushes.lookupTag -> go-cache.Get` Untag:`cache delete via flushes.Untag -> flushes.lookupTag -> go-cache.Delete; writes via flushes.Untag -> gorm.DB.Delete`
	_ = lookupTag(name)
	return db.Delete(&Tag{}, name).Error
}

// FlushTags only clears the cache, whatever its name says.
func FlushTags() { // want FlushTags:`reaches cache via flushes.FlushTags -> go-cache.Flush` FlushTags:`cache tag invalidation via flushes.FlushTags -> go-cache.Flush`
	tagCache.Flush()
}
