// Package keys builds cache keys for other packages.
package keys

import "strconv"

// Perm joins its parts with "-", which names and object paths may contain.
func Perm(user, object string) string { return "perm:" + user + "-" + object }

// Doc joins an id and a name: only the last segment is free-form.
func Doc(id int64, name string) string { return "doc:" + strconv.FormatInt(id, 10) + ":" + name }

// Grant joins two ids.
func Grant(userID, roleID int) string {
	return "grant:" + strconv.Itoa(userID) + ":" + strconv.Itoa(roleID)
}
