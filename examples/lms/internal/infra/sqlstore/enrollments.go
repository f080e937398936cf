// Package sqlstore is the infrastructure's write side for enrollments: it
// commits the write, then evicts the cached enrollment list.
package sqlstore

import (
	"context"
	"database/sql"

	"example.com/lms/internal/keys"
	"example.com/lms/internal/rcache"
)

// Enrollments writes enrollments in SQL and keeps the Redis cache fresh.
type Enrollments struct {
	DB    *sql.DB
	Cache *rcache.Cache
}

// Enroll commits, checks the commit, and only then invalidates: a reader
// that misses the cache meanwhile reads the committed row.
func (e *Enrollments) Enroll(ctx context.Context, orgID, userID, courseID string) error {
	tx, err := e.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO enrollments (org_id, user_id, course_id) VALUES ($1, $2, $3)", orgID, userID, courseID); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return e.Cache.Delete(ctx, keys.Enrollments(orgID, userID))
}

// Unenroll evicts while the transaction is still open.
func (e *Enrollments) Unenroll(ctx context.Context, orgID, userID, courseID string) error {
	tx, err := e.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM enrollments WHERE org_id = $1 AND user_id = $2 AND course_id = $3", orgID, userID, courseID); err != nil {
		return err
	}
	// BAD (cmdcache): evicted before the commit; a concurrent read refills
	// the cache with the enrollment that is about to be deleted.
	if err := e.Cache.Delete(ctx, keys.Enrollments(orgID, userID)); err != nil {
		return err
	}
	return tx.Commit()
}
