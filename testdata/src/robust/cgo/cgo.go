// Package cgo calls C and caches a result: cgo files must load and
// analyse like any other.
package cgo

/*
#include <stdlib.h>
static int twice(int x) { return 2 * x; }
*/
import "C"

import (
	"context"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Twice doubles x in C.
func Twice(x int) int { return int(C.twice(C.int(x))) }

// Store caches the result per tenant.
func Store(ctx context.Context, rdb *redis.Client, tenantID string, x int) error {
	return rdb.Set(ctx, "v1:tenant:"+tenantID+":twice:"+strconv.Itoa(x), Twice(x), time.Minute).Err()
}
