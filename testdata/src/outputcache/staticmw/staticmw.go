// Package staticmw: a middleware that sets Cache-Control only on the
// responses it answers itself (a static file it serves before aborting or
// returning) does not put that header on the routes behind it; one that
// sets it and passes the request on does.
package staticmw

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// frontend serves built assets itself and passes API paths on untouched.
func frontend(files http.FileSystem) gin.HandlerFunc {
	srv := http.FileServer(files)
	return func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			c.Next()
			return
		}
		if strings.HasPrefix(c.Request.URL.Path, "/assets/") {
			c.Header("Cache-Control", "public, max-age=31536000")
		}
		srv.ServeHTTP(c.Writer, c.Request)
		c.Abort()
	}
}

// longCache sets the header for some paths and passes every request on.
func longCache() gin.HandlerFunc {
	return func(c *gin.Context) {
		if strings.HasSuffix(c.Request.URL.Path, ".json") {
			c.Header("Cache-Control", "public, max-age=600")
		}
		c.Next()
	}
}

// cdnHint sets the header and returns without aborting: gin runs the
// handlers behind it anyway.
func cdnHint(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=120")
}

func requireToken() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.GetHeader("Authorization") == "" {
			c.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		c.Next()
	}
}

func profile(c *gin.Context) { c.JSON(200, gin.H{}) }

// Router builds the engine.
func Router() *gin.Engine {
	r := gin.New()
	r.Use(frontend(http.Dir("dist"))) // silent: the header is on the files it serves itself
	api := r.Group("/api", requireToken())
	api.GET("/profile", profile)
	r.GET("/api/settings.json", requireToken(), longCache(), profile) // want `\(Cache-Control: public, max-age=600, set by longCache\) but route "GET /api/settings.json" is registered behind authentication middleware requireToken`
	r.GET("/api/hint", requireToken(), cdnHint, profile)              // want `\(Cache-Control: public, max-age=120, set by cdnHint\)`
	return r
}

// static answers /static/ itself; other paths go to the wrapped handler.
func static(next http.Handler) http.Handler {
	fs := http.FileServer(http.Dir("static"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			w.Header().Set("Cache-Control", "public, max-age=3600")
			fs.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// shared marks every response it passes on as shared-cacheable.
func shared(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=60")
		next.ServeHTTP(w, r)
	})
}

func basic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, _, ok := r.BasicAuth(); !ok {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func account(w http.ResponseWriter, r *http.Request) {}

// Mux registers net/http routes.
func Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/account", basic(static(http.HandlerFunc(account)))) // silent: static's header stays on its own files
	mux.Handle("/billing", basic(shared(http.HandlerFunc(account)))) // want `\(Cache-Control: public, max-age=60, set by shared\)`
	return mux
}
