// Command server wires the implementations into the services: the Redis
// store behind platform.Store, the in-process one behind platform.Scratch.
package main

import (
	"github.com/redis/go-redis/v9"

	"moduletest/catalog"
	"moduletest/drafts"
	"moduletest/platform/memstore"
	"moduletest/platform/redisstore"
)

func main() {
	rdb := redis.NewClient(&redis.Options{})
	_ = catalog.New(redisstore.New(rdb))
	_ = drafts.New(memstore.New())
}
