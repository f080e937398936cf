// Package users is a service whose methods touch the cache: callers in
// other packages see what they do through facts.
package users

import (
	"context"
	"database/sql"

	"github.com/redis/go-redis/v9"
	"gorm.io/gorm"
)

type User struct{ ID, Name string }

type Users struct {
	db   *sql.DB
	gdb  *gorm.DB
	rdb  *redis.Client
	repo *Repo
}

// Update writes the row and evicts it: fine alone, not inside a caller's
// transaction.
func (s *Users) Update(ctx context.Context, u User) error { // want Update:`reaches cache via users.Users.Update -> go-redis.Del` Update:`cache delete via users.Users.Update -> go-redis.Del; writes via users.Users.Update -> sql.DB.ExecContext`
	if _, err := s.db.ExecContext(ctx, "UPDATE users SET name = $1 WHERE id = $2", u.Name, u.ID); err != nil {
		return err
	}
	return s.rdb.Del(ctx, "users:"+u.ID).Err()
}

// Get is a read path: a miss fills the cache. Silent in any scope.
func (s *Users) Get(ctx context.Context, id string) (string, error) { // want Get:`reaches cache via users.Users.Get -> go-redis.Get`
	if v, err := s.rdb.Get(ctx, "users:"+id).Result(); err == nil {
		return v, nil
	}
	var name string
	s.db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = $1", id).Scan(&name)
	s.rdb.Set(ctx, "users:"+id, name, 0)
	return name, nil
}

// Remember writes the cache (write-through).
func (s *Users) Remember(ctx context.Context, u User) error { // want Remember:`reaches cache via users.Users.Remember -> go-redis.Set` Remember:`cache set via users.Users.Remember -> go-redis.Set`
	return s.rdb.Set(ctx, "users:"+u.ID, u.Name, 0).Err()
}

// Delete evicts, then deletes the row: a read in between re-caches it.
func (s *Users) Delete(ctx context.Context, id string) error { // want Delete:`reaches cache via users.Users.Delete -> go-redis.Del` Delete:`cache delete via users.Users.Delete -> go-redis.Del; writes via users.Users.Delete -> sql.DB.ExecContext`
	s.rdb.Del(ctx, "users:"+id) // want `cache delete go-redis.Del runs before the database write sql.DB.ExecContext: a concurrent read between them can re-cache the old row`
	_, err := s.db.ExecContext(ctx, "DELETE FROM users WHERE id = $1", id)
	return err
}

// Rename evicts, then writes through the repository of this package.
func (s *Users) Rename(ctx context.Context, u User) error { // want Rename:`reaches cache via users.Users.Rename -> go-redis.Del` Rename:`cache delete via users.Users.Rename -> go-redis.Del; writes via users.Users.Rename -> users.Repo.Save -> gorm.DB.Save`
	if err := s.rdb.Del(ctx, "users:"+u.ID).Err(); err != nil { // want `cache delete go-redis.Del runs before the database write users.Repo.Save -> gorm.DB.Save`
		return err
	}
	return s.repo.Save(u)
}

// Purge deletes the row, then evicts: silent.
func (s *Users) Purge(ctx context.Context, id string) error { // want Purge:`reaches cache via users.Users.Purge -> go-redis.Del` Purge:`cache delete via users.Users.Purge -> go-redis.Del; writes via users.Users.Purge -> gorm.DB.Delete`
	if err := s.gdb.Delete(&User{}, id).Error; err != nil {
		return err
	}
	return s.rdb.Del(ctx, "users:"+id).Err()
}

// Twice evicts before and after the write (a double delete): silent.
func (s *Users) Twice(ctx context.Context, id string) error { // want Twice:`reaches cache via users.Users.Twice -> go-redis.Del` Twice:`cache delete via users.Users.Twice -> go-redis.Del; writes via users.Users.Twice -> sql.DB.ExecContext`
	s.rdb.Del(ctx, "users:"+id)
	if _, err := s.db.ExecContext(ctx, "DELETE FROM users WHERE id = $1", id); err != nil {
		return err
	}
	return s.rdb.Del(ctx, "users:"+id).Err()
}

// Repo is the store of record.
type Repo struct{ gdb *gorm.DB }

func (r *Repo) Save(u User) error { return r.gdb.Save(&u).Error } // want Save:`writes via users.Repo.Save -> gorm.DB.Save`

// Reset evicts the list without a key from its parameters: callers see it
// through its fact, not as a wrapper.
func (s *Users) Reset(ctx context.Context) error { // want Reset:`reaches cache via users.Users.Reset -> go-redis.Del` Reset:`cache delete via users.Users.Reset -> go-redis.Del`
	return s.rdb.Del(ctx, "users:all").Err()
}
