// Package directives exercises declared APIs and directive errors. // want package:"reaches a cache"
package directives

import (
	"context"
	"time"
)

type KV interface {
	//cachevet:op set key=k value=v ttl=ttl store=distributed
	Put(ctx context.Context, k string, v []byte, ttl time.Duration) error // want Put:`cache set\(\{k\}\)`

	//cachevet:op fetch key=k // want `cachevet:op: unknown operation "fetch"`
	Fetch(ctx context.Context, k string) ([]byte, error)

	//cachevet:op get key=name // want `cachevet:op: Get has no parameter "name"`
	Get(ctx context.Context, k string) ([]byte, error)
}

// Prose that mentions a // cachevet:ignore directive is not reported.
func use() {
	//cachevet:ignore cachekey,nosuchrule the demo data is public // want `cachevet:ignore names unknown rule "nosuchrule"`
	_ = 0
	_ = 1 /* want `cachevet:ignore directive names no rule` */                                                  //cachevet:ignore
	_ = 2 /* want `cachevet:ignore directive for all has no reason` */                                          //cachevet:ignore all
	_ = 3 /* want `"// cachevet:ignore" with a space is a comment, not a directive: write //cachevet:ignore` */ // cachevet:ignore cachekey with a space
}
