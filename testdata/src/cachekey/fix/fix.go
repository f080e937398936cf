package fix

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

type Course struct{ ID string }

func Put(ctx context.Context, rdb *redis.Client, id string, c Course) {
	b, _ := json.Marshal(c)
	rdb.Set(ctx, "lms:course:"+id, b, time.Minute)                 // want `has no version segment`
	rdb.Set(ctx, fmt.Sprintf("lms:course:%s", id), b, time.Minute) // want `has no version segment`
	rdb.Set(ctx, "lms:catalogue", b, time.Minute)                  // want `has no version segment`
}
