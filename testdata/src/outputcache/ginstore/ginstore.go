// Package ginstore installs a session store on every route and serves
// public resources next to it.
package ginstore

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"outputcache/user"
)

// Session installs the session store handlers may use: it does not
// authenticate anyone.
func Session() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set("store", "redis")
		c.Next()
	}
}

// SessionAuth checks the session: an authentication middleware by name.
func SessionAuth() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set("checked", true)
		c.Next()
	}
}

func avatar(c *gin.Context) {
	svc := &user.AvatarService{Size: c.Query("s")}
	if err := svc.Get(c); err != nil {
		c.AbortWithStatus(http.StatusNotFound)
	}
}

func manifest(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=86400")
	c.JSON(http.StatusOK, gin.H{})
}

func inbox(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=60") // want `route "GET /me/inbox" is registered behind authentication middleware SessionAuth`
	c.JSON(http.StatusOK, gin.H{})
}

func greeting(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=60") // want `but the handler of route "GET /hello" reads user.Current\(c\)`
	c.String(http.StatusOK, "hello %s", user.Current(c))
}

// Router builds the engine.
func Router() *gin.Engine {
	r := gin.New()
	r.Use(Session())
	r.Use(user.Sessions())
	r.GET("/avatar/:id", avatar)
	r.GET("/manifest.json", manifest)
	r.GET("/hello", greeting)
	authed := r.Group("/me", SessionAuth())
	authed.GET("/inbox", inbox)
	return r
}
