// Package billing calls services inside transactions it opens through
// helpers: what the services do to the cache runs before the commit.
package billing

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"cmdcache/txscope/orm"
	"cmdcache/txscope/users"
)

type Billing struct {
	m     *orm.Manager
	gdb   *gorm.DB
	rdb   *redis.Client
	users *users.Users
}

// Charge updates the user inside Wrap's transaction: the service's
// eviction runs before the commit.
func (b *Billing) Charge(ctx context.Context, u users.User) error { // want Charge:`reaches cache via billing.Billing.Charge -> users.Users.Update -> go-redis.Del` Charge:`writes via billing.Billing.Charge -> users.Users.Update -> sql.DB.ExecContext`
	return b.m.Wrap(func(ctx context.Context) error {
		return b.users.Update(ctx, u) // want `cache delete users.Users.Update \(go-redis.Del\) runs inside the transaction callback of orm.Manager.Wrap, before the transaction commits`
	})(ctx)
}

// ChargeAfter updates inside the transaction and evicts once it returned
// nil: silent.
func (b *Billing) ChargeAfter(ctx context.Context, u users.User) error { // want ChargeAfter:`reaches cache via billing.Billing.ChargeAfter -> go-redis.Del` ChargeAfter:`writes via billing.Billing.ChargeAfter -> gorm.DB.Save`
	err := b.m.Atomic(ctx, func(ctx context.Context) error {
		return b.gdb.Save(&u).Error
	})
	if err != nil {
		return err
	}
	return b.rdb.Del(ctx, "users:"+u.ID).Err()
}

// Remember writes the cache inside the transaction: a rollback leaves it.
func (b *Billing) Remember(ctx context.Context, u users.User) error { // want Remember:`reaches cache via billing.Billing.Remember -> users.Users.Remember -> go-redis.Set` Remember:`writes via billing.Billing.Remember -> gorm.DB.Save`
	return b.m.Atomic(ctx, func(ctx context.Context) error {
		b.gdb.Save(&u)
		return b.users.Remember(ctx, u) // want `call of users.Users.Remember does a cache set \(via users.Users.Remember -> go-redis.Set\) inside the transaction opened by orm.Manager.Atomic in Billing.Remember, which commits after this function returns: if it rolls back, the cache keeps a value the database never committed`
	})
}

// Lookup only reads (a miss fills the cache) inside the transaction: silent.
func (b *Billing) Lookup(ctx context.Context, id string) (name string, err error) { // want Lookup:`reaches cache via billing.Billing.Lookup -> users.Users.Get -> go-redis.Get`
	err = b.m.Atomic(ctx, func(ctx context.Context) error {
		name, err = b.users.Get(ctx, id)
		return err
	})
	return name, err
}

// Loop calls the service from a callback of a helper that opens no
// transaction: silent.
func (b *Billing) Loop(ctx context.Context, ids []string) error { // want Loop:`reaches cache via billing.Billing.Loop -> users.Users.Update -> go-redis.Del` Loop:`writes via billing.Billing.Loop -> users.Users.Update -> sql.DB.ExecContext`
	return orm.Each(ctx, ids, func(ctx context.Context, id string) error {
		return b.users.Update(ctx, users.User{ID: id})
	})
}

// Refund passes a method as the callback: its eviction runs inside.
func (b *Billing) Refund(ctx context.Context, id string) error {
	return b.gdb.Transaction(b.refund)
}

func (b *Billing) refund(tx *gorm.DB) error {
	tx.Exec("UPDATE invoices SET refunded = true")
	return b.rdb.Del(context.Background(), "invoices:all").Err() // want `cache delete go-redis.Del runs inside the transaction opened by gorm.DB.Transaction in Billing.Refund, which commits after this function returns`
}

// Settle evicts inside pgx's callback through a local function.
func (b *Billing) Settle(ctx context.Context, conn *pgx.Conn, id string) error { // want Settle:`reaches cache via billing.Billing.Settle -> billing.Billing.evict -> go-redis.Del` Settle:`writes via billing.Billing.Settle -> pgx.Tx.Exec`
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		tx.Exec(ctx, "UPDATE invoices SET settled = true WHERE id = $1", id)
		return b.evict(ctx, id) // want `cache delete billing.Billing.evict \(go-redis.Del\) runs inside the transaction callback of pgx.BeginFunc`
	})
}

func (b *Billing) evict(ctx context.Context, id string) error {
	return b.rdb.Del(ctx, "invoices:"+id).Err()
}

// Declared evicts inside a helper declared with //cachevet:txhelper.
func (b *Billing) Declared(ctx context.Context, id string) error { // want Declared:`reaches cache via billing.Billing.Declared -> billing.Billing.evict -> go-redis.Del`
	return orm.Declared(ctx, func(ctx context.Context) error {
		return b.evict(ctx, id) // want `runs inside the transaction callback of orm.Declared`
	})
}

// Hooked registers the eviction to run after the commit: silent.
func (b *Billing) Hooked(ctx context.Context, u users.User, after func(func())) error { // want Hooked:`reaches cache via billing.Billing.Hooked -> users.Users.Update -> go-redis.Del` Hooked:`writes via billing.Billing.Hooked -> users.Users.Update -> sql.DB.ExecContext`
	return b.m.Atomic(ctx, func(ctx context.Context) error {
		after(func() { b.users.Update(ctx, u) })
		return nil
	})
}

// Close resets the user list inside the transaction, in another package.
func (b *Billing) Close(ctx context.Context) error { // want Close:`reaches cache via billing.Billing.Close -> users.Users.Reset -> go-redis.Del` Close:`writes via billing.Billing.Close -> gorm.DB.Exec`
	return b.m.Atomic(ctx, func(ctx context.Context) error {
		b.gdb.Exec("UPDATE accounts SET closed = true")
		return b.users.Reset(ctx) // want `cache invalidation users.Users.Reset -> go-redis.Del runs inside the transaction callback of orm.Manager.Atomic, before the transaction commits`
	})
}
