// Package echoapp registers handlers on an echo server.
package echoapp

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// requireUser rejects requests without a bearer token.
func requireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		tok := c.Request().Header.Get("Authorization")
		if tok == "" {
			return echo.ErrUnauthorized
		}
		c.Set("user", tok)
		return next(c)
	}
}

// loadUser attaches the user when there is one and lets anonymous requests
// through.
func loadUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if tok := c.Request().Header.Get("Authorization"); tok != "" {
			c.Set("account", tok)
		}
		return next(c)
	}
}

func profile(c echo.Context) error {
	tok := c.Request().Header.Get("Authorization")
	c.Response().Header().Set("Cache-Control", "public, max-age=60") // want `\(Cache-Control: public, max-age=60\) but the handler of route "GET /profile" reads the Authorization header: .* add "Vary: Authorization" or make it private`
	return c.JSON(http.StatusOK, tok)
}

func claims(c echo.Context) error {
	u := c.Get("user")
	c.Response().Header().Set("Cache-Control", "s-maxage=300") // want `\(Cache-Control: s-maxage=300\) but the handler of route "GET /api/claims" reads the echo context value "user"`
	return c.JSON(http.StatusOK, u)
}

func orders(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=30") // want `route "GET /api/orders" is registered behind authentication middleware requireUser`
	return c.JSON(http.StatusOK, nil)
}

func settings(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=30") // want `route "GET /settings" is registered behind authentication middleware requireUser`
	return c.JSON(http.StatusOK, nil)
}

func mine(c echo.Context) error {
	u := c.Get("user")
	c.Response().Header().Set("Cache-Control", "private, max-age=60") // silent: private
	return c.JSON(http.StatusOK, u)
}

func token(c echo.Context) error {
	tok := c.Request().Header.Get("Authorization")
	c.Response().Header().Set("Cache-Control", "no-store") // silent: no-store
	return c.JSON(http.StatusOK, tok)
}

func varied(c echo.Context) error {
	tok := c.Request().Header.Get("Authorization")
	c.Response().Header().Set("Cache-Control", "public, max-age=60") // silent: varies by the user
	c.Response().Header().Set("Vary", "Authorization")
	return c.JSON(http.StatusOK, tok)
}

func assets(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=86400") // silent: no identity
	return c.String(http.StatusOK, "body{}")
}

func feed(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=60") // silent: optional auth, same page for all
	return c.JSON(http.StatusOK, nil)
}

// cacheHeaders makes every response behind it public.
func cacheHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set("Cache-Control", "public, max-age=120")
		return next(c)
	}
}

func list(c echo.Context) error { return c.JSON(http.StatusOK, nil) }

func wrapped(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=30") // want `route "GET /wrapped" is registered behind authentication middleware requireUser`
	return c.JSON(http.StatusOK, nil)
}

// Server builds the routes.
func Server() *echo.Echo {
	e := echo.New()
	e.GET("/profile", profile)
	e.GET("/assets/app.css", assets)
	e.GET("/settings", settings, requireUser)
	api := e.Group("/api", requireUser)
	api.GET("/claims", claims)
	api.GET("/orders", orders)
	api.GET("/mine", mine)
	api.GET("/token", token)
	api.GET("/varied", varied)
	pub := e.Group("/pub")
	pub.GET("/assets", assets) // silent: the auth middleware is on another group
	news := e.Group("/news")
	news.Use(loadUser)
	news.GET("/feed", feed)
	acct := e.Group("/acct", requireUser)
	acct.Use(cacheHeaders) // want `\(Cache-Control: public, max-age=120, set by cacheHeaders\) but route "GET /acct/list" is registered behind authentication middleware requireUser`
	acct.GET("/list", list)
	pub.Use(cacheHeaders) // silent: a public group
	pub.GET("/list", list)
	e.GET("/wrapped", requireUser(wrapped))
	return e
}
