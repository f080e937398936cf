// Package custom is analysed with a cachevet.toml that adds entity packages
// and types and allows *Row types.
package custom

import (
	"time"

	gocache "github.com/patrickmn/go-cache"

	"cacheentity/records"
)

type Session struct{ Token string }

type SessionView struct{ Token string }

func Cache(c *gocache.Cache, inv records.Invoice, row records.InvoiceRow, s *Session, v SessionView) {
	c.Set("inv", inv, time.Minute) // want `go-cache.Set caches inv \(records.Invoice\), a domain type \(package cacheentity/records\)`
	c.Set("row", row, time.Minute)
	c.Set("s", s, time.Minute) // want `caches s \(\*custom.Session\), an entity type \(matches the configured types, cacheentity/custom.Session\)`
	c.Set("v", v, time.Minute)
}
