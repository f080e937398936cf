package app

import (
	"context"
	"encoding/json"
	"time"

	rcache "github.com/go-redis/cache/v9"
	"github.com/maypok86/otter/v2"
	gocache "github.com/patrickmn/go-cache"
	"github.com/redis/go-redis/v9"
	"github.com/viccon/sturdyc"
	"golang.org/x/sync/singleflight"

	"cacheentity/domain"
	"cacheentity/ent"
	"cacheentity/models"
	"cacheentity/store"
)

type Repo interface {
	Order(ctx context.Context, id string) (*domain.Order, error)
	Orders(ctx context.Context) ([]domain.Order, error)
	User(ctx context.Context, id string) (models.User, error)
	Course(ctx context.Context, id int) (*ent.Course, error)
	Product(ctx context.Context, sku string) (domain.Product, error)
	Cart(ctx context.Context, id string) (*domain.Cart, error)
}

type App struct {
	rdb     *redis.Client
	local   *gocache.Cache
	courses *otter.Cache[int, *ent.Course]
	orders  *otter.Cache[string, *domain.Order]
	lists   *sturdyc.Client[[]domain.Order]
	rc      *rcache.Cache
	st      *store.Store
	repo    Repo
	group   singleflight.Group
}

func (a *App) Findings(ctx context.Context, id string) error {
	o, err := a.repo.Order(ctx, id)
	if err != nil {
		return err
	}
	b, err := json.Marshal(o)
	if err != nil {
		return err
	}
	a.rdb.Set(ctx, "orders:"+id+":v1", b, time.Minute) // want `go-redis.Set caches b \(json.Marshal of \*domain.Order\), a domain aggregate`

	u, err := a.repo.User(ctx, id)
	if err != nil {
		return err
	}
	a.local.Set("users:"+id, u, time.Minute)                       // want `go-cache.Set caches u \(models.User\), a GORM model \(embeds gorm.Model\): a cached row carries ORM state`
	a.local.Set("admins:"+id, &models.Admin{User: u}, time.Minute) // want `a GORM model \(embeds gorm.Model\)`

	c, err := a.repo.Course(ctx, 1)
	if err != nil {
		return err
	}
	cart, err := a.repo.Cart(ctx, id)
	if err != nil {
		return err
	}
	a.local.Set("carts:"+id, cart, time.Minute) // want `go-cache.Set caches cart \(\*domain.Cart\), a domain aggregate \(package cacheentity/domain, command method Add\)`

	a.courses.Set(1, c) // want `otter.Cache.Set caches c \(\*ent.Course\), an ent entity: a cached ent entity carries its client config`

	// Through a wrapper that serialises any value: the caller chose the entity.
	a.st.SetJSON(ctx, "orders:"+id+":v1", o, time.Minute) // want `store.Store.SetJSON \(go-redis.Set\) caches o \(\*domain.Order\), a domain aggregate \(package cacheentity/domain, unexported state version\): a cached aggregate shares a write model's state`

	// Loaders.
	a.orders.Get(ctx, id, otter.LoaderFunc[string, *domain.Order](func(ctx context.Context, id string) (*domain.Order, error) { // want `otter.Cache.Get caches the loader's result \(\*domain.Order\)`
		return a.repo.Order(ctx, id)
	}))
	store.Remember(ctx, a.lists, "orders:all:v1", func(ctx context.Context) ([]domain.Order, error) { // want `caches the loader's result \(\[\]domain.Order\)`
		return a.repo.Orders(ctx)
	})
	var dst domain.Order
	a.rc.Once(&rcache.Item{Key: "orders:" + id + ":v1", Value: &dst, Do: func(*rcache.Item) (any, error) { // want `cache.Cache.Once caches &dst \(\*domain.Order\)`
		return a.repo.Order(ctx, id)
	}})
	a.rc.Set(&rcache.Item{Key: "k:v1", Do: func(*rcache.Item) (any, error) {
		return a.repo.Order(ctx, id)
	}})
	return nil
}

// Near misses: read models, value types, reads and coalescing.
func (a *App) NearMisses(ctx context.Context, id string) error {
	o, err := a.repo.Order(ctx, id)
	if err != nil {
		return err
	}
	sum := o.Summary()
	a.local.Set("orders:summary:"+id, sum, time.Minute)
	a.local.Set("orders:status:"+id, o.Status, time.Minute)
	b, _ := json.Marshal(o.Summary())
	a.rdb.Set(ctx, "orders:summary:"+id+":v1", b, time.Minute)
	a.st.SetJSON(ctx, "orders:summary:"+id+":v1", sum, time.Minute)
	a.st.PutOrder(ctx, o) // reported inside PutOrder, where the type was chosen
	p, err := a.repo.Product(ctx, id)
	if err != nil {
		return err
	}
	a.local.Set("products:"+id, p, time.Minute) // a plain record in the domain package
	u, err := a.repo.User(ctx, id)
	if err != nil {
		return err
	}
	a.local.Set("users:"+id, u.DTO(), time.Minute)
	a.local.Set("users:name:"+id, u.Name, time.Minute)
	if v, ok := a.local.Get("users:" + id); ok {
		_ = v
	}
	a.orders.GetIfPresent(id)
	a.group.Do(id, func() (any, error) { return a.repo.Order(ctx, id) })
	//cachevet:ignore cacheentity the admin console caches rows for 5s on purpose
	a.local.Set("users:raw:"+id, u, 5*time.Second)
	return nil
}

func generic[T any](c *gocache.Cache, v T) { c.Set("x", v, time.Minute) }
