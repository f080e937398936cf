// Package keys builds every cache key of the service in one place:
// bounded context, resource, scope, identifier and version.
package keys

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

const version = "v1"

// Courses is an organisation's course list.
func Courses(orgID string) string {
	return fmt.Sprintf("lms:courses:%s:list:%s", orgID, version)
}

// Enrollments is a user's enrollment list.
func Enrollments(orgID, userID string) string {
	return fmt.Sprintf("lms:enrollments:%s:%s:%s", orgID, userID, version)
}

// Profile is a profile looked up by e-mail; the e-mail is hashed.
func Profile(secret []byte, email string) string {
	return "lms:profiles:" + HashEmail(secret, email) + ":" + version
}

// HashEmail is a keyed hash of an e-mail address.
func HashEmail(secret []byte, email string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(email))
	return hex.EncodeToString(m.Sum(nil))[:32]
}
