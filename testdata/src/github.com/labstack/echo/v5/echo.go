// Package echo is a stub of github.com/labstack/echo/v5 with the
// signatures of what the fixtures use: the context is a struct.
package echo

import "net/http"

type Context struct {
	request  *http.Request
	response http.ResponseWriter
}

func (c *Context) Request() *http.Request                   { return c.request }
func (c *Context) Response() http.ResponseWriter            { return c.response }
func (c *Context) Cookie(name string) (*http.Cookie, error) { return nil, nil }
func (c *Context) Get(key string) any                       { return nil }
func (c *Context) Set(key string, val any)                  {}
func (c *Context) JSON(code int, i any) error               { return nil }
func (c *Context) String(code int, s string) error          { return nil }
func (c *Context) File(file string) error                   { return nil }

type HandlerFunc func(c *Context) error

type MiddlewareFunc func(next HandlerFunc) HandlerFunc

type HTTPError struct{ Code int }

func (he *HTTPError) Error() string { return "" }

func NewHTTPError(code int, message string) *HTTPError { return &HTTPError{Code: code} }

var ErrUnauthorized = NewHTTPError(http.StatusUnauthorized, "unauthorized")

type RouteInfo struct{}

type Echo struct{}

func New() *Echo { return &Echo{} }

func (e *Echo) Use(middleware ...MiddlewareFunc)                               {}
func (e *Echo) GET(path string, h HandlerFunc, m ...MiddlewareFunc) RouteInfo  { return RouteInfo{} }
func (e *Echo) POST(path string, h HandlerFunc, m ...MiddlewareFunc) RouteInfo { return RouteInfo{} }
func (e *Echo) Any(path string, h HandlerFunc, m ...MiddlewareFunc) RouteInfo  { return RouteInfo{} }
func (e *Echo) Group(prefix string, m ...MiddlewareFunc) *Group                { return &Group{} }

type Group struct{}

func (g *Group) Use(middleware ...MiddlewareFunc)                              {}
func (g *Group) GET(path string, h HandlerFunc, m ...MiddlewareFunc) RouteInfo { return RouteInfo{} }
func (g *Group) Any(path string, h HandlerFunc, m ...MiddlewareFunc) RouteInfo { return RouteInfo{} }
func (g *Group) Group(prefix string, m ...MiddlewareFunc) *Group               { return &Group{} }
