// Package storage holds file storage drivers: Get/Put/Delete by a path,
// but the package says nothing of a cache.
package storage

// Driver stores files.
type Driver interface {
	Get(path string) ([]byte, error)
	Put(path string, data []byte) error
	Delete(path string) error
}
