// Package keys builds cache keys in one place, as real services do.
package keys

import (
	"fmt"
	"strings"
)

const version = "v2"

// Courses is scoped by organisation and versioned.
func Courses(orgID string) string {
	return fmt.Sprintf("lms:courses:%s:%s", orgID, version)
}

// AllCourses is a key for data shared by everyone.
func AllCourses() string { return "lms:courses:all:v1" }

// Enrollment joins its parts.
func Enrollment(userID, courseID string) string {
	return strings.Join([]string{"lms", "enrollments", userID, courseID, "v1"}, ":")
}

// Unscoped forgets the user.
func Unscoped(courseID string) string { return "lms:enrollments:" + courseID + ":v1" }

// Key is a struct key with a String method.
type Key struct {
	OrgID    string
	Resource string
}

func (k Key) String() string { return "lms:" + k.Resource + ":" + k.OrgID + ":v1" }
