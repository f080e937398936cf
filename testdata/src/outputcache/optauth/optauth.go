// Package optauth: optional authentication (a middleware that loads the
// user when there is one and lets anonymous requests through) does not
// make the routes behind it authenticated; a middleware that rejects
// requests without an identity does, across packages; a handler behind
// optional authentication that reads the user itself is still reported.
package optauth

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"outputcache/optauth/mw"
)

func avatar(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=86400") // silent: behind optional auth only, reads no identity
	c.String(200, "png")
}

func feed(c *gin.Context) {
	uid := c.GetString("userID")
	c.Header("Cache-Control", "public, max-age=60") // want `but the handler of route "GET /pub/feed" reads the gin context value "userID"`
	c.JSON(200, gin.H{"for": uid})
}

func myAvatar(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=600") // want `route "GET /me/avatar" is registered behind authentication middleware mw.RequireUser`
	c.String(200, "png")
}

func badge(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=600") // want `route "GET /acct/badge" is registered behind authentication middleware mw.RequireAccount`
	c.String(200, "png")
}

func fileInfo(c *gin.Context) {
	c.Header("Cache-Control", "public, max-age=600") // want `route "GET /v4/file/:id" is registered behind authentication middleware mw.RequireUser`
	c.String(200, "{}")
}

// Router builds the engine.
func Router() *gin.Engine {
	r := gin.New()
	pub := r.Group("/pub", mw.LoadUser())
	pub.GET("/avatar/:id", avatar)
	pub.GET("/feed", feed)
	r.GET("/ctx/avatar/:id", mw.AuthContext(), avatar)
	r.GET("/cur/avatar/:id", mw.CurrentAccount(), avatar)
	me := r.Group("/me", mw.LoadUser(), mw.RequireUser())
	me.GET("/avatar", myAvatar)
	r.GET("/acct/badge", mw.RequireAccount(), badge)
	v4 := r.Group("/v4") // gin joins relative group paths with a slash
	files := v4.Group("file", mw.RequireUser())
	files.GET(":id", fileInfo)
	return r
}

type userKey struct{}

// withSession loads the session when the cookie is there.
func withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if ck, err := r.Cookie("session"); err == nil {
			ctx = context.WithValue(ctx, userKey{}, ck.Value)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// requireSession rejects requests without the cookie.
func requireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ck, err := r.Cookie("session")
		if err != nil {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey{}, ck.Value)))
	})
}

func logo(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=3600") // silent: optional auth, no identity read
}

func inbox(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=30") // want `route "/inbox" is registered behind authentication middleware requireSession`
}

// Mux registers net/http routes.
func Mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/logo", withSession(http.HandlerFunc(logo)))
	mux.Handle("/inbox", requireSession(http.HandlerFunc(inbox)))
	return mux
}
