package cache_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cachevet/cachevet/cache"
)

type TicketSummary struct {
	ID    string
	Title string
}

func ExampleCache_GetOrCreate() {
	c, err := cache.New[TicketSummary](cache.Config{
		Name:       "ticket-summaries",
		MaxEntries: 10_000,
		TTL:        5 * time.Minute,
	})
	if err != nil {
		panic(err)
	}
	defer c.Close()

	ctx := context.Background()
	tenantID, ticketID := "42", "1001"
	key, err := cache.NewKey("ticketing", "tickets", cache.Tenant(tenantID), 1, "summary", ticketID)
	if err != nil {
		panic(err)
	}
	fmt.Println(key)

	calls := 0
	load := func(ctx context.Context) (TicketSummary, error) {
		calls++ // the repository call
		return TicketSummary{ID: ticketID, Title: "Printer on fire"}, nil
	}
	for range 3 {
		s, err := c.GetOrCreate(ctx, key, load, cache.WithTags("tenant:"+tenantID))
		if err != nil {
			panic(err)
		}
		fmt.Println(s.Title)
	}
	fmt.Println("loader calls:", calls)
	// Output:
	// ticketing:tickets:t-42:summary:1001:v1
	// Printer on fire
	// Printer on fire
	// Printer on fire
	// loader calls: 1
}

func ExampleNew_ttlRequired() {
	_, err := cache.New[string](cache.Config{Name: "no-ttl", MaxEntries: 100})
	fmt.Println(errors.Is(err, cache.ErrInvalidConfig))
	// Output: true
}

func ExampleNewKey_escaping() {
	a, _ := cache.NewKey("shop", "carts", cache.User("a:b"), 1, "c")
	b, _ := cache.NewKey("shop", "carts", cache.User("a"), 1, "b:c")
	fmt.Println(a)
	fmt.Println(b)
	_, err := cache.NewKey("shop", "carts", cache.Scope{}, 1)
	fmt.Println(err)
	// Output:
	// shop:carts:u-a%3Ab:c:v1
	// shop:carts:u-a:b%3Ac:v1
	// cache: key has no scope (use Tenant, User, TenantUser or Shared)
}

func ExampleHashPII() {
	secret := []byte("a-secret-of-at-least-16-bytes")
	h, _ := cache.HashPII(secret, "alice@example.com")
	key, _ := cache.NewKey("accounts", "profile", cache.User(h), 1)
	fmt.Println(len(h), key.String() != "")
	// Output: 32 true
}

type tx struct{}

func (tx) Commit() error { return nil }

func ExampleCache_InvalidateAfterCommit() {
	ctx := context.Background()
	c, _ := cache.New[string](cache.Config{Name: "courses", MaxEntries: 100, TTL: time.Minute})
	defer c.Close()
	key := cache.MustKey("learning", "courses", cache.Tenant("42"), 1, "7")
	_ = c.Set(ctx, key, "Go 101", cache.WithTags("course:7"))

	// ... write the course in a transaction, then:
	var t tx
	if err := c.InvalidateAfterCommit(ctx, t, nil, []string{"course:7"}); err != nil {
		fmt.Println(err)
	}
	_, ok := c.Get(ctx, key)
	fmt.Println("cached after commit:", ok)
	// Output: cached after commit: false
}

func ExampleAfterCommit() {
	ctx := context.Background()
	c, _ := cache.New[string](cache.Config{Name: "profiles", MaxEntries: 100, TTL: time.Minute})
	defer c.Close()
	key := cache.MustKey("accounts", "profile", cache.User("7"), 1)
	_ = c.Set(ctx, key, "old name")

	var ac cache.AfterCommit
	ac.Keys(c, key) // recorded while the unit of work runs
	if err := ac.Commit(ctx, tx{}); err != nil {
		fmt.Println(err)
	}
	_, ok := c.Get(ctx, key)
	fmt.Println(ok)
	// Output: false
}
