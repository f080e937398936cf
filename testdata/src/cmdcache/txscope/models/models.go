// Package models has GORM hook methods: they run inside the transaction
// GORM opens for the write.
package models

import (
	"context"

	v1 "github.com/jinzhu/gorm"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"
)

var rdb *redis.Client

type Article struct{ ID, Slug string }

// AfterUpdate (GORM v2) evicts before the update's transaction commits.
func (a *Article) AfterUpdate(tx *gorm.DB) error { // want AfterUpdate:`reaches cache via models.Article.AfterUpdate -> go-redis.Del` AfterUpdate:`cache delete via models.Article.AfterUpdate -> go-redis.Del`
	return rdb.Del(context.Background(), "articles:"+a.Slug).Err() // want `cache delete go-redis.Del runs inside the transaction GORM runs its AfterUpdate hook in, which commits after this function returns: a concurrent read can re-cache the old row`
}

// AfterFind runs on reads, outside a write's transaction: silent.
func (a *Article) AfterFind(tx *gorm.DB) error { // want AfterFind:`reaches cache via models.Article.AfterFind -> go-redis.Del` AfterFind:`cache delete via models.Article.AfterFind -> go-redis.Del`
	return rdb.Del(context.Background(), "articles:stale:"+a.Slug).Err()
}

type Comment struct{ ID string }

// AfterDelete (GORM v1, with the scope) evicts through a function.
func (c *Comment) AfterDelete(scope *v1.Scope) error { // want AfterDelete:`reaches cache via models.Comment.AfterDelete -> models.flush -> go-redis.Del` AfterDelete:`cache delete via models.Comment.AfterDelete -> models.flush -> go-redis.Del`
	return flush(c.ID) // want `call of models.flush does a cache delete \(via models.flush -> go-redis.Del\) inside the transaction GORM runs its AfterDelete hook in`
}

func flush(id string) error { return rdb.Del(context.Background(), "comments:"+id).Err() }

// Watcher's AfterUpdate is not a GORM hook (no *gorm.DB): silent.
type Watcher struct{}

func (w *Watcher) AfterUpdate(ctx context.Context) error { // want AfterUpdate:`reaches cache via models.Watcher.AfterUpdate -> go-redis.Del` AfterUpdate:`cache delete via models.Watcher.AfterUpdate -> go-redis.Del`
	return rdb.Del(ctx, "watchers").Err()
}
