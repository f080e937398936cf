// Package purge clears another package's cache through a helper that
// takes no argument, then deletes rows: the clear runs before the write.
package purge

import (
	"gorm.io/gorm"

	"cmdcache/txscope/flushes"
)

func PurgeTags(db *gorm.DB) error { // want PurgeTags:`reaches cache via purge.PurgeTags -> flushes.FlushTags -> go-cache.Flush` PurgeTags:`cache tag invalidation via purge.PurgeTags -> flushes.FlushTags -> go-cache.Flush; writes via purge.PurgeTags -> gorm.DB.Exec`
	flushes.FlushTags() // want `runs before the database write gorm.DB.Exec`
	return db.Exec("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM photo_tags)").Error
}

// PurgeTagsAfter deletes, then clears: silent.
func PurgeTagsAfter(db *gorm.DB) error { // want PurgeTagsAfter:`reaches cache via purge.PurgeTagsAfter -> flushes.FlushTags -> go-cache.Flush` PurgeTagsAfter:`cache tag invalidation via purge.PurgeTagsAfter -> flushes.FlushTags -> go-cache.Flush; writes via purge.PurgeTagsAfter -> gorm.DB.Exec`
	if err := db.Exec("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM photo_tags)").Error; err != nil {
		return err
	}
	flushes.FlushTags()
	return nil
}
