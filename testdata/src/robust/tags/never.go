//go:build never

package tags

// This file is not part of any build: it does not type-check.
func Broken() int { return "not an int" + undefined }
