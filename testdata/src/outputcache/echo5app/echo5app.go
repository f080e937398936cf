// Package echo5app serves git files with echo v5 (handlers take
// *echo.Context) behind an access check that requires basic auth.
package echo5app

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

func cacheHeadersForever(c *echo.Context) {
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000")
}

func noCacheHeaders(c *echo.Context) {
	c.Response().Header().Set("Cache-Control", "no-cache, max-age=0, must-revalidate")
}

func valid(user, pass string) bool { return user == pass }

// gitAccess serves private repositories only to basic-auth users.
func gitAccess(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		user, pass, ok := c.Request().BasicAuth()
		if !ok || !valid(user, pass) {
			c.Response().Header().Set("WWW-Authenticate", `Basic realm="."`)
			return echo.ErrUnauthorized
		}
		return next(c)
	}
}

// requireSession rejects requests without a session cookie.
func requireSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		ck, err := c.Cookie("session")
		if err != nil || ck.Value == "" {
			return echo.ErrUnauthorized
		}
		c.Set("user", ck.Value)
		return next(c)
	}
}

func packFile(c *echo.Context) error {
	cacheHeadersForever(c) // want `\(Cache-Control: public, max-age=31536000, set by echo5app.cacheHeadersForever\) but route "GET /private/pack" is registered behind authentication middleware gitAccess: .* add "Vary: Authorization" or make it private`
	return c.File("pack")
}

func infoRefs(c *echo.Context) error {
	noCacheHeaders(c) // silent: no-cache
	return c.String(http.StatusOK, "refs")
}

// looseObject authenticates itself.
func looseObject(c *echo.Context) error {
	user, _, ok := c.Request().BasicAuth()
	if !ok {
		return echo.ErrUnauthorized
	}
	cacheHeadersForever(c) // want `set by echo5app.cacheHeadersForever\) but the handler of route "GET /objects/loose" reads HTTP basic auth credentials \(r.BasicAuth\)`
	return c.String(http.StatusOK, user)
}

func dashboard(c *echo.Context) error {
	c.Response().Header().Set("Cache-Control", "max-age=300") // want `\(Cache-Control: max-age=300\) but the handler of route "GET /app/dashboard" reads the echo context value "user": .* add "Vary: Cookie" or make it private`
	return c.JSON(http.StatusOK, c.Get("user"))
}

func settings(c *echo.Context) error {
	c.Response().Header().Set("Cache-Control", "max-age=300") // want `\(Cache-Control: max-age=300\) but route "GET /app/settings" is registered behind authentication middleware requireSession: .* add "Vary: Cookie" or make it private`
	return c.JSON(http.StatusOK, nil)
}

func tokenInfo(c *echo.Context) error {
	c.Response().Header().Set("Cache-Control", "max-age=300") // silent: Authorization only, RFC 9111 §3.5
	return c.JSON(http.StatusOK, nil)
}

// Server builds the routes.
func Server() *echo.Echo {
	e := echo.New()
	priv := e.Group("/private", gitAccess)
	priv.GET("/pack", packFile)
	priv.GET("/refs", infoRefs)
	e.GET("/public/pack", packFile) // silent: an anonymous route
	e.GET("/objects/loose", looseObject)
	app := e.Group("/app")
	app.Use(requireSession)
	app.GET("/dashboard", dashboard)
	app.GET("/settings", settings)
	e.GET("/api/token", tokenInfo, gitAccess)
	return e
}
