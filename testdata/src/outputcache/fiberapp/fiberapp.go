// Package fiberapp registers handlers on a fiber app.
package fiberapp

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/cache"
)

// protect rejects requests without a session.
func protect(c *fiber.Ctx) error {
	sid := c.Cookies("session")
	if sid == "" {
		return c.SendStatus(fiber.StatusUnauthorized)
	}
	c.Locals("user", sid)
	return c.Next()
}

// optional attaches the user when there is one.
func optional(c *fiber.Ctx) error {
	if tok := c.Get("Authorization"); tok != "" {
		c.Locals("account", tok)
	}
	return c.Next()
}

func profile(c *fiber.Ctx) error {
	tok := c.Get("Authorization")
	c.Set("Cache-Control", "public, max-age=60") // want `\(Cache-Control: public, max-age=60\) but the handler of route "GET /profile" reads the Authorization header`
	return c.JSON(fiber.Map{"tok": tok})
}

func me(c *fiber.Ctx) error {
	u := c.Locals("user")
	c.Set("Cache-Control", "public, s-maxage=120") // want `but the handler of route "GET /api/me" reads the fiber local "user"`
	return c.JSON(u)
}

func cart(c *fiber.Ctx) error {
	c.Set("Cache-Control", "public, max-age=30") // want `route "GET /api/cart" is registered behind authentication middleware protect`
	return c.JSON(nil)
}

func mine(c *fiber.Ctx) error {
	u := c.Locals("user")
	c.Set("Cache-Control", "private, max-age=60") // silent: private
	return c.JSON(u)
}

func nostore(c *fiber.Ctx) error {
	tok := c.Get("Authorization")
	c.Set("Cache-Control", "no-store") // silent
	return c.JSON(tok)
}

func varied(c *fiber.Ctx) error {
	tok := c.Get("Authorization")
	c.Set("Cache-Control", "public, max-age=60") // silent: varies by the user
	c.Vary("Authorization")
	return c.JSON(tok)
}

func assets(c *fiber.Ctx) error {
	c.Set("Cache-Control", "public, max-age=86400") // silent: no identity
	return c.SendString("body{}")
}

func feed(c *fiber.Ctx) error {
	c.Set("Cache-Control", "public, max-age=60") // silent: optional auth
	return c.JSON(nil)
}

func stats(c *fiber.Ctx) error {
	c.Set("Cache-Control", "public, max-age=30") // want `route "GET /admin/stats" is registered behind authentication middleware protect`
	return c.JSON(nil)
}

func list(c *fiber.Ctx) error { return c.JSON(nil) }

func sessionKey(c *fiber.Ctx) string { return c.Path() + c.Cookies("session") }

func localsKey(c *fiber.Ctx) string {
	u, _ := c.Locals("user").(string)
	return c.Path() + u
}

// App builds the routes.
func App() *fiber.App {
	app := fiber.New()
	app.Get("/profile", profile)
	app.Get("/varied", varied)
	app.Get("/assets/app.css", assets)
	app.Get("/catalog", cache.New(cache.Config{Expiration: time.Minute}), list) // silent: public route
	api := app.Group("/api", protect)
	api.Get("/me", me)
	api.Get("/cart", cart)
	api.Get("/mine", mine)
	api.Get("/nostore", nostore)
	api.Get("/orders", cache.New(cache.Config{Expiration: time.Minute}), list)   // want `response cache cache.New on route "GET /api/orders" stores the responses of an authenticated route \(behind authentication middleware protect\) under a key that ignores the user`
	api.Get("/mycache", cache.New(cache.Config{KeyGenerator: sessionKey}), list) // silent: the key names the user
	pub := app.Group("/pub")
	pub.Get("/assets", assets) // silent: the auth middleware is on another group
	news := app.Group("/news", optional)
	news.Get("/feed", feed)
	acct := app.Group("/acct")
	acct.Use(cache.New(cache.Config{KeyGenerator: localsKey})) // want `response cache cache.New on route "GET /acct/me" computes its key from the fiber local "user", but it runs before authentication middleware protect sets it`
	acct.Use(protect)
	acct.Get("/me", list)
	app.Use("/admin", protect)
	app.Get("/admin/stats", stats)
	app.Get("/administer", assets) // silent: not under the /admin prefix
	return app
}
