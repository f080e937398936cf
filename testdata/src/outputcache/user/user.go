// Package user holds user services; its name says user, but not every
// function in it returns the caller.
package user

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// AvatarService serves the avatar of the user named in the URL.
type AvatarService struct{ Size string }

// Get writes a public avatar: it returns an error, not an identity.
func (s *AvatarService) Get(c *gin.Context) error { // want Get:`outputcache\(sets Cache-Control: public, max-age=3600\)`
	id := c.Param("id")
	c.Header("Cache-Control", "public, max-age=3600")
	c.String(http.StatusOK, "avatar of %s", id)
	return nil
}

// Current returns the signed-in user: an accessor named by its package.
func Current(c *gin.Context) string { // want Current:`outputcache\(reads the gin context value "uid"\)`
	return c.GetString("uid")
}

// Sessions installs the session store, from another package.
func Sessions() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set("store", "cookie")
		c.Next()
	}
}
