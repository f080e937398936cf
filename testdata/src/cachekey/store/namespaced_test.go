package store

import (
	"context"
	"testing"
	"time"
)

// Keys in tests are not reported: the same write in store.go would be.
func TestSessions(t *testing.T) {
	s := &Sessions{}
	_ = s.rdb.Set(context.Background(), "fixture:"+t.Name(), map[string]string{"a": "b"}, time.Minute).Err()
	_ = s.SaveToken(context.Background(), "abc", nil)
}
