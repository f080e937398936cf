// Package mw holds identity middlewares used by outputcache/optauth: the
// routes behind them are authenticated only when they reject requests
// without an identity (the facts carry that verdict across packages).
package mw

import (
	"github.com/gin-gonic/gin"
)

// Account is the caller.
type Account struct{ ID int }

// Accounts resolves the caller from the request.
type Accounts interface {
	LookupUser(c *gin.Context) (*Account, error)
}

var accounts Accounts

// LoadUser reads the token when there is one: anonymous requests pass,
// invalid tokens are rejected.
func LoadUser() gin.HandlerFunc { // want LoadUser:`outputcache\(optional auth; reads the Authorization header\)`
	return func(c *gin.Context) {
		tok := c.GetHeader("Authorization")
		if tok == "" {
			c.Next()
			return
		}
		uid, err := verify(tok)
		if err != nil {
			c.AbortWithStatus(401)
			return
		}
		c.Set("userID", uid)
		c.Next()
	}
}

func verify(tok string) (string, error) { return tok, nil }

// AuthContext only copies the token into the context; it never rejects,
// whatever its name says.
func AuthContext() gin.HandlerFunc { // want AuthContext:`outputcache\(optional auth; reads the Authorization header\)`
	return func(c *gin.Context) {
		var uid string // a declaration without a value
		uid = c.GetHeader("Authorization")
		c.Set("userID", uid)
		c.Next()
	}
}

// RequireUser rejects requests that LoadUser left anonymous.
func RequireUser() gin.HandlerFunc { // want RequireUser:`outputcache\(auth; reads the gin context value "userID"\)`
	return func(c *gin.Context) {
		if uid := c.GetString("userID"); uid != "" {
			c.Next()
			return
		}
		c.JSON(401, gin.H{"error": "login required"})
		c.Abort()
	}
}

// CurrentAccount rejects when the lookup fails; whether a request without
// a token fails is up to the lookup, and the name says the account is
// optional.
func CurrentAccount() gin.HandlerFunc { // want CurrentAccount:`outputcache\(optional auth; `
	return func(c *gin.Context) {
		acct, err := accounts.LookupUser(c)
		if err != nil {
			c.AbortWithStatus(500)
			return
		}
		c.Set("account", acct)
		c.Next()
	}
}

// RequireAccount has the same body; its name says it requires one.
func RequireAccount() gin.HandlerFunc { // want RequireAccount:`outputcache\(auth; `
	return func(c *gin.Context) {
		acct, err := accounts.LookupUser(c)
		if err != nil {
			c.AbortWithStatus(500)
			return
		}
		c.Set("account", acct)
		c.Next()
	}
}
