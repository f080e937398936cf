// Package echo is a stub of github.com/labstack/echo/v4 with the real
// signatures of what the fixtures use.
package echo

import "net/http"

type Context interface {
	Request() *http.Request
	Response() *Response
	Cookie(name string) (*http.Cookie, error)
	Get(key string) any
	Set(key string, val any)
	JSON(code int, i any) error
	String(code int, s string) error
}

type HandlerFunc func(c Context) error

type MiddlewareFunc func(next HandlerFunc) HandlerFunc

type Response struct{}

func (r *Response) Header() http.Header               { return nil }
func (r *Response) WriteHeader(code int)              {}
func (r *Response) Write(b []byte) (n int, err error) { return 0, nil }

type HTTPError struct{ Code int }

func (he *HTTPError) Error() string { return "" }

func NewHTTPError(code int, message ...interface{}) *HTTPError { return &HTTPError{Code: code} }

var ErrUnauthorized = NewHTTPError(http.StatusUnauthorized)

type Route struct{}

type Echo struct{}

func New() (e *Echo) { return &Echo{} }

func (e *Echo) Use(middleware ...MiddlewareFunc)                            {}
func (e *Echo) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route  { return nil }
func (e *Echo) POST(path string, h HandlerFunc, m ...MiddlewareFunc) *Route { return nil }
func (e *Echo) Add(method, path string, handler HandlerFunc, middleware ...MiddlewareFunc) *Route {
	return nil
}
func (e *Echo) Group(prefix string, m ...MiddlewareFunc) (g *Group) { return &Group{} }

type Group struct{}

func (g *Group) Use(middleware ...MiddlewareFunc)                           {}
func (g *Group) GET(path string, h HandlerFunc, m ...MiddlewareFunc) *Route { return nil }
func (g *Group) Group(prefix string, middleware ...MiddlewareFunc) (sg *Group) {
	return &Group{}
}
