package cache

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Issue #22 item 7: a GetOrCreate that starts after an invalidation must not join
// the load that was already in flight (it read the value before the write); it
// starts a new load, and the old load's result is not stored.
func TestReadAfterInvalidationStartsNewLoad(t *testing.T) {
	ctx := context.Background()
	for name, inval := range map[string]func(c *Cache[string]) error{
		"key": func(c *Cache[string]) error { return c.Invalidate(ctx, key(t, "k")) },
		"tag": func(c *Cache[string]) error { return c.InvalidateTags(ctx, "tenant:42") },
		"after-commit": func(c *Cache[string]) error {
			return c.InvalidateAfterCommit(ctx, &fakeTx{}, []Key{key(t, "k")}, nil)
		},
		"set": func(c *Cache[string]) error { return c.Set(ctx, key(t, "k"), "new", WithTags("tenant:42")) },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := testConfig("readafterinval")
			cfg.LoadTimeout = 2 * time.Second // before the fix the read joined the blocked load
			c := newTestCache[string](t, cfg)
			started, release := make(chan struct{}), make(chan struct{})
			oldDone := make(chan string)
			go func() {
				v, _ := c.GetOrCreate(ctx, key(t, "k"), func(context.Context) (string, error) {
					close(started)
					<-release
					return "old", nil
				}, WithTags("tenant:42"))
				oldDone <- v
			}()
			<-started
			require.NoError(t, inval(c))
			// This read starts after the invalidation returned: it must see the new state.
			v, err := c.GetOrCreate(ctx, key(t, "k"), func(context.Context) (string, error) { return "new", nil },
				WithTags("tenant:42"))
			require.NoError(t, err)
			assert.Equal(t, "new", v, "a read after the invalidation joined the older load")
			close(release)
			assert.Equal(t, "old", <-oldDone, "the old load's callers still get its result")
			got, ok := c.Get(ctx, key(t, "k"))
			require.True(t, ok)
			assert.Equal(t, "new", got, "the old load's result must not be stored")
		})
	}
}

// Issue #22 item 10: a TTL past what Redis and int64 nanoseconds can represent
// (about 237 years from now; 250 years here) used to be accepted and the entry was never served.
// Such TTLs are rejected; the largest accepted TTL works.
func TestHugeTTLRejected(t *testing.T) {
	const huge = 250 * 365 * 24 * time.Hour
	cfg := testConfig("hugettl")
	cfg.TTL = huge
	_, err := New[string](cfg)
	require.ErrorIs(t, err, ErrInvalidConfig)

	ctx := context.Background()
	c := newTestCache[string](t, testConfig("hugettl"))
	require.ErrorIs(t, c.Set(ctx, key(t, "a"), "v", WithTTL(huge)), ErrInvalidOption)
	_, err = c.GetOrCreate(ctx, key(t, "b"), func(context.Context) (string, error) { return "v", nil }, WithTTL(huge))
	require.ErrorIs(t, err, ErrInvalidOption)

	require.NoError(t, c.Set(ctx, key(t, "c"), "v", WithTTL(100*365*24*time.Hour)))
	v, ok := c.Get(ctx, key(t, "c"))
	assert.True(t, ok, "a 100-year TTL is served")
	assert.Equal(t, "v", v)
}
