// Package db is the infrastructure's write side: it commits, then
// invalidates.
package db

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jmoiron/sqlx"
	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"

	"cmdcache/app"
	"cmdcache/infra/cache"
	"cmdcache/infra/ent"
)

type Store struct {
	db    *sql.DB
	x     *sqlx.DB
	pool  *pgxpool.Pool
	gdb   *gorm.DB
	ent   *ent.Client
	rdb   *redis.Client
	cache *cache.TicketCache
}

// Save is the correct shape: commit, check the error, then invalidate.
func (s *Store) Save(ctx context.Context, t app.Ticket) error { // want Save:`reaches cache via db.Store.Save -> cache.TicketCache.Invalidate -> go-redis.Del` Save:`writes via db.Store.Save -> sql.Tx.ExecContext`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE tickets SET title = $1 WHERE id = $2", t.Title, t.ID); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return s.cache.Invalidate(ctx, t.TenantID, t.ID)
}

// Close evicts first: a reader can refill the old row before the commit.
func (s *Store) Close(ctx context.Context, t app.Ticket) error { // want Close:`reaches cache via db.Store.Close -> cache.TicketCache.Invalidate -> go-redis.Del` Close:`writes via db.Store.Close -> sql.Tx.ExecContext`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "UPDATE tickets SET closed = true WHERE id = $1", t.ID); err != nil {
		return err
	}
	if err := s.cache.Invalidate(ctx, t.TenantID, t.ID); err != nil { // want `cache delete cache.TicketCache.Invalidate \(go-redis.Del\) runs before tx.Commit: a concurrent read can refill the cache with the old row`
		return err
	}
	return tx.Commit()
}

// Reopen evicts on the first turn of a loop whose second turn commits: the
// eviction is written after the commit but runs before it.
func (s *Store) Reopen(ctx context.Context, t app.Ticket) error { // want Reopen:`reaches cache via db.Store.Reopen -> go-redis.Del`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for i := 0; i < 2; i++ {
		if i == 1 {
			if err := tx.Commit(); err != nil {
				return err
			}
			break
		}
		s.rdb.Del(ctx, "ticketing:tickets:lists:v1") // want `cache delete go-redis.Del runs before tx.Commit`
	}
	return nil
}

// Archive ignores the commit's error.
func (s *Store) Archive(ctx context.Context, t app.Ticket) { // want Archive:`reaches cache via db.Store.Archive -> cache.TicketCache.Invalidate -> go-redis.Del` Archive:`writes via db.Store.Archive -> sql.Tx.ExecContext`
	tx, _ := s.db.BeginTx(ctx, nil)
	tx.ExecContext(ctx, "DELETE FROM tickets WHERE id = $1", t.ID)
	tx.Commit()
	s.cache.Invalidate(ctx, t.TenantID, t.ID) // want `runs after tx.Commit without checking its error`
}

// Rename keeps the error but evicts before looking at it.
func (s *Store) Rename(ctx context.Context, t app.Ticket) error { // want Rename:`reaches cache via db.Store.Rename -> go-redis.Del` Rename:`writes via db.Store.Rename -> sql.Tx.ExecContext`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	tx.ExecContext(ctx, "UPDATE tickets SET title = $1", t.Title)
	err = tx.Commit()
	s.rdb.Del(ctx, "ticketing:tickets:"+t.TenantID+":"+t.ID+":v1") // want `runs after tx.Commit without checking its error`
	return err
}

// Retitle checks the commit's error in a condition: silent.
func (s *Store) Retitle(ctx context.Context, t app.Ticket) error { // want Retitle:`reaches cache via db.Store.Retitle -> go-redis.Del`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	err = tx.Commit()
	if err == nil {
		s.rdb.Del(ctx, "ticketing:tickets:"+t.TenantID+":"+t.ID+":v1")
	}
	return err
}

// Batch commits one transaction per ticket; the eviction after each commit
// does not run before the next ticket's commit (a new transaction).
func (s *Store) Batch(ctx context.Context, ts []app.Ticket) error { // want Batch:`reaches cache via db.Store.Batch -> cache.TicketCache.Invalidate -> go-redis.Del` Batch:`writes via db.Store.Batch -> sql.Tx.ExecContext`
	for _, t := range ts {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE tickets SET title = $1", t.Title); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		s.cache.Invalidate(ctx, t.TenantID, t.ID)
	}
	return nil
}

// Deferred commits at return: everything before it runs inside.
func (s *Store) Deferred(ctx context.Context, t app.Ticket) error { // want Deferred:`reaches cache via db.Store.Deferred -> cache.TicketCache.Invalidate -> go-redis.Del`
	tx, _ := s.db.BeginTx(ctx, nil)
	defer tx.Commit()
	s.cache.Invalidate(ctx, t.TenantID, t.ID) // want `runs before the deferred tx.Commit`
	return nil
}

// insert runs inside the caller's transaction.
func (s *Store) insert(ctx context.Context, tx *sql.Tx, t app.Ticket) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO tickets VALUES ($1)", t.ID); err != nil {
		return err
	}
	return s.cache.InvalidateLists(ctx) // want `cache invalidation cache.TicketCache.InvalidateLists -> go-redis.Del runs inside the caller's transaction \(tx \*sql.Tx\), before it commits`
}

// Create calls insert inside its transaction and commits afterwards.
func (s *Store) Create(ctx context.Context, t app.Ticket) error { // want Create:`calls the cache only through allowed or infrastructure code` Create:`writes via db.Store.Create -> db.Store.insert -> sql.Tx.ExecContext`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := s.insert(ctx, tx, t); err != nil {
		return err
	}
	return tx.Commit()
}

// Sqlx: sqlx.Tx embeds *sql.Tx.
func (s *Store) Sqlx(ctx context.Context, t app.Ticket) error { // want Sqlx:`reaches cache via db.Store.Sqlx -> go-redis.Del` Sqlx:`writes via db.Store.Sqlx -> sqlx.Tx.NamedExec`
	tx := s.x.MustBegin()
	tx.NamedExec("UPDATE tickets SET title = :title", t)
	s.rdb.Del(ctx, "ticketing:tickets:lists:v1") // want `runs before tx.Commit`
	return tx.Commit()
}

// Pgx runs the eviction inside BeginFunc's callback.
func (s *Store) Pgx(ctx context.Context, t app.Ticket) error { // want Pgx:`reaches cache via db.Store.Pgx -> go-redis.Del` Pgx:`writes via db.Store.Pgx -> pgx.Tx.Exec`
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE tickets SET title = $1", t.Title); err != nil {
			return err
		}
		return s.rdb.Del(ctx, "ticketing:tickets:lists:v1").Err() // want `runs inside the transaction callback of pgx.BeginFunc, before the transaction commits`
	})
}

// PgxAfter evicts once BeginFunc returned nil: silent.
func (s *Store) PgxAfter(ctx context.Context, t app.Ticket) error { // want PgxAfter:`reaches cache via db.Store.PgxAfter -> go-redis.Del` PgxAfter:`writes via db.Store.PgxAfter -> pgx.Tx.Exec`
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "UPDATE tickets SET title = $1", t.Title)
		return err
	})
	if err != nil {
		return err
	}
	return s.rdb.Del(ctx, "ticketing:tickets:lists:v1").Err()
}

// PgxTx commits a pgx.Tx and checks it: silent.
func (s *Store) PgxTx(ctx context.Context, t app.Ticket) error { // want PgxTx:`reaches cache via db.Store.PgxTx -> cache.TicketCache.Invalidate -> go-redis.Del` PgxTx:`writes via db.Store.PgxTx -> pgx.Tx.Exec`
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "UPDATE tickets SET title = $1", t.Title); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	return s.cache.Invalidate(ctx, t.TenantID, t.ID)
}

// Gorm evicts inside Transaction's callback.
func (s *Store) Gorm(ctx context.Context, t app.Ticket) error { // want Gorm:`reaches cache via db.Store.Gorm -> cache.TicketCache.Invalidate -> go-redis.Del` Gorm:`writes via db.Store.Gorm -> gorm.DB.Save`
	return s.gdb.Transaction(func(tx *gorm.DB) error {
		if err := tx.Save(&t).Error; err != nil {
			return err
		}
		s.cache.Invalidate(ctx, t.TenantID, t.ID) // want `runs inside the transaction callback of gorm.DB.Transaction`
		return nil
	})
}

// GormManual: an unchecked gorm commit, then a checked one.
func (s *Store) GormManual(ctx context.Context, t app.Ticket) error { // want GormManual:`reaches cache via db.Store.GormManual -> go-redis.Del` GormManual:`writes via db.Store.GormManual -> gorm.DB.Save`
	tx := s.gdb.Begin()
	tx.Save(&t)
	tx.Commit()
	s.rdb.Del(ctx, "ticketing:tickets:lists:v1") // want `runs after tx.Commit without checking its error`

	tx2 := s.gdb.Begin()
	tx2.Save(&t)
	if err := tx2.Commit().Error; err != nil {
		return err
	}
	return s.rdb.Del(ctx, "ticketing:tickets:lists:v1").Err()
}

// Ent registers the eviction as a commit hook that runs after a successful
// commit: silent.
func (s *Store) Ent(ctx context.Context, t app.Ticket) error { // want Ent:`reaches cache via db.Store.Ent -> cache.TicketCache.Invalidate -> go-redis.Del`
	tx, err := s.ent.Tx(ctx)
	if err != nil {
		return err
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			return s.cache.Invalidate(ctx, t.TenantID, t.ID)
		})
	})
	if err := tx.SetTitle(t.ID, t.Title); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// EntBad evicts in the hook before calling the next committer.
func (s *Store) EntBad(ctx context.Context, t app.Ticket) error { // want EntBad:`reaches cache via db.Store.EntBad -> cache.TicketCache.Invalidate -> go-redis.Del`
	tx, err := s.ent.Tx(ctx)
	if err != nil {
		return err
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			s.cache.Invalidate(ctx, t.TenantID, t.ID) // want `runs before next.Commit`
			return next.Commit(ctx, tx)
		})
	})
	return tx.Commit()
}

// EntDirect evicts, then commits an ent transaction.
func (s *Store) EntDirect(ctx context.Context, t app.Ticket) error { // want EntDirect:`reaches cache via db.Store.EntDirect -> cache.TicketCache.Invalidate -> go-redis.Del`
	tx, err := s.ent.Tx(ctx)
	if err != nil {
		return err
	}
	tx.SetTitle(t.ID, t.Title)
	s.cache.Invalidate(ctx, t.TenantID, t.ID) // want `runs before tx.Commit`
	return tx.Commit()
}

// HookTx is a transaction with after-commit hooks.
type HookTx struct {
	*sql.Tx
	after []func()
}

// AfterCommit registers f to run once the transaction committed.
func (h *HookTx) AfterCommit(f func()) { h.after = append(h.after, f) }

// Commit commits, then runs the hooks.
func (h *HookTx) Commit() error {
	if err := h.Tx.Commit(); err != nil {
		return err
	}
	for _, f := range h.after {
		f()
	}
	return nil
}

// Hooked registers the eviction as an after-commit hook: silent.
func (s *Store) Hooked(ctx context.Context, h *HookTx, t app.Ticket) error { // want Hooked:`reaches cache via db.Store.Hooked -> cache.TicketCache.Invalidate -> go-redis.Del` Hooked:`writes via db.Store.Hooked -> sql.Tx.ExecContext`
	h.AfterCommit(func() { s.cache.Invalidate(ctx, t.TenantID, t.ID) })
	_, err := h.ExecContext(ctx, "UPDATE tickets SET title = $1", t.Title)
	return err
}

// WithTx runs fn in a transaction and commits.
func (s *Store) WithTx(ctx context.Context, fn func(tx *sql.Tx) error) error { // want WithTx:`txhelper\(1\)`
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Helper evicts inside the WithTx callback.
func (s *Store) Helper(ctx context.Context, t app.Ticket) error { // want Helper:`reaches cache via db.Store.Helper -> cache.TicketCache.Invalidate -> go-redis.Del` Helper:`writes via db.Store.Helper -> sql.Tx.ExecContext`
	return s.WithTx(ctx, func(tx *sql.Tx) error {
		tx.ExecContext(ctx, "UPDATE tickets SET title = $1", t.Title)
		return s.cache.Invalidate(ctx, t.TenantID, t.ID) // want `runs inside the transaction callback of db.Store.WithTx`
	})
}

// UnitOfWork is committed with Done (configured in cmdcache.commits).
type UnitOfWork struct{ tx *sql.Tx }

func (u *UnitOfWork) Done() error { return u.tx.Commit() }

// Atomically is a transaction helper (configured in cmdcache.commits).
func Atomically(ctx context.Context, fn func(ctx context.Context) error) error { return fn(ctx) }

func (s *Store) Configured(ctx context.Context, u *UnitOfWork, t app.Ticket) error { // want Configured:`reaches cache via db.Store.Configured -> go-redis.Del`
	s.rdb.Del(ctx, "ticketing:tickets:lists:v1") // want `runs before u.Done`
	if err := u.Done(); err != nil {
		return err
	}
	return Atomically(ctx, func(ctx context.Context) error {
		return s.cache.Invalidate(ctx, t.TenantID, t.ID) // want `inside the transaction callback of db.Atomically`
	})
}

// Read only reads the cache inside a transaction: silent (no invalidation).
func (s *Store) Read(ctx context.Context, tx *sql.Tx, t app.Ticket) (string, error) { // want Read:`reaches cache via db.Store.Read -> cache.TicketCache.Get -> go-redis.Get`
	return s.cache.Get(ctx, t.TenantID, t.ID)
}
