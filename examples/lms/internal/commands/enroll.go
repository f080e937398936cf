// Package commands holds the write-side handlers of the service.
package commands

import (
	"context"

	"example.com/lms/internal/auth"
	"example.com/lms/internal/infra/sqlstore"
	"example.com/lms/internal/keys"
	"example.com/lms/internal/rcache"
	"example.com/lms/internal/store"
)

// Enroll enrolls the caller in a course.
type Enroll struct{ CourseID string }

// EnrollHandler is the correct shape: the infrastructure store commits and
// invalidates; the handler never touches the cache.
type EnrollHandler struct {
	Enrollments *sqlstore.Enrollments
}

// Handle runs the command.
func (h *EnrollHandler) Handle(ctx context.Context, cmd Enroll) error {
	return h.Enrollments.Enroll(ctx, auth.OrgID(ctx), auth.UserID(ctx), cmd.CourseID)
}

// QuickEnrollHandler writes and evicts the cache itself.
type QuickEnrollHandler struct {
	DB    *store.DB
	Cache *rcache.Cache
}

// Handle runs the command.
func (h *QuickEnrollHandler) Handle(ctx context.Context, cmd Enroll) error {
	if err := h.DB.Enroll(ctx, auth.UserID(ctx), cmd.CourseID); err != nil {
		return err
	}
	// BAD (cmdcache): a command handler calling the cache; the eviction
	// belongs to the infrastructure, after the commit.
	return h.Cache.Delete(ctx, keys.Enrollments(auth.OrgID(ctx), auth.UserID(ctx)))
}
