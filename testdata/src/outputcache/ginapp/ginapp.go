// Package ginapp registers handlers on a gin engine.
package ginapp

import (
	"net/http"
	"time"

	"github.com/gin-contrib/cache"
	"github.com/gin-contrib/cache/persistence"
	"github.com/gin-gonic/gin"
)

// authRequired is gin authentication middleware.
func authRequired() gin.HandlerFunc {
	return func(c *gin.Context) {
		tok := c.GetHeader("Authorization")
		if tok == "" {
			c.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		c.Set("userID", tok)
		c.Next()
	}
}

func me(c *gin.Context) {
	uid := c.GetString("userID")
	c.Header("Cache-Control", "public, max-age=60") // want `\(Cache-Control: public, max-age=60\) but the handler of route "GET /api/me" reads the gin context value "userID"`
	c.JSON(http.StatusOK, gin.H{"id": uid})
}

func cart(c *gin.Context) {
	c.Writer.Header().Set("Cache-Control", "public, max-age=30") // want `route "GET /api/cart" is registered behind authentication middleware authRequired`
	c.JSON(http.StatusOK, gin.H{})
}

func products(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=300") // silent: public group
	c.JSON(http.StatusOK, gin.H{})
}

func session(c *gin.Context) {
	sid, _ := c.Cookie("session")
	c.Header("Cache-Control", "private, max-age=60") // silent: private
	c.JSON(http.StatusOK, gin.H{"sid": sid})
}

func list(c *gin.Context) { c.JSON(http.StatusOK, gin.H{}) }

// Router builds the engine.
func Router() *gin.Engine {
	r := gin.New()
	store := persistence.NewInMemoryStore(time.Minute)
	r.GET("/products", products)
	r.GET("/catalog", cache.CachePage(store, time.Minute, list)) // silent: public route
	api := r.Group("/api", authRequired())
	api.GET("/me", me)
	api.GET("/cart", cart)
	api.GET("/session", session)
	api.GET("/orders", cache.CachePage(store, time.Minute, list))                            // want `response cache cache.CachePage on route "GET /api/orders" stores the responses of an authenticated route \(behind authentication middleware authRequired\) under a key that ignores the user`
	r.GET("/history", authRequired(), cache.CachePageWithoutQuery(store, time.Minute, list)) // want `response cache cache.CachePageWithoutQuery on route "GET /history" stores the responses of an authenticated route`
	return r
}
