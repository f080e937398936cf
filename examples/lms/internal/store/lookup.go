package store

import "context"

// FindCourse returns the course with id, or nil, nil when there is none:
// callers must check for nil (and must not cache it).
func (db *DB) FindCourse(ctx context.Context, orgID, id string) (*Course, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i := range db.courses {
		if c := db.courses[i]; c.OrgID == orgID && c.ID == id {
			return &c, nil
		}
	}
	return nil, nil
}

// CourseByID returns the course with id, or ErrNotFound.
func (db *DB) CourseByID(ctx context.Context, orgID, id string) (*Course, error) {
	c, err := db.FindCourse(ctx, orgID, id)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, ErrNotFound
	}
	return c, nil
}
