// Package gin is a minimal stub of github.com/gin-gonic/gin for cachevet's
// fixtures: the real signatures, no routing.
package gin

import (
	"net/http"
	"time"
)

// HandlerFunc defines the handler used by gin middleware as return value.
type HandlerFunc func(*Context)

// HandlersChain defines a HandlerFunc slice.
type HandlersChain []HandlerFunc

// H is a shortcut for map[string]any.
type H map[string]any

// IRouter defines all router handle interface includes single and group router.
type IRouter interface {
	IRoutes
	Group(string, ...HandlerFunc) *RouterGroup
}

// IRoutes defines all router handle interface.
type IRoutes interface {
	Use(...HandlerFunc) IRoutes
	Handle(string, string, ...HandlerFunc) IRoutes
	Any(string, ...HandlerFunc) IRoutes
	GET(string, ...HandlerFunc) IRoutes
	POST(string, ...HandlerFunc) IRoutes
	DELETE(string, ...HandlerFunc) IRoutes
	PATCH(string, ...HandlerFunc) IRoutes
	PUT(string, ...HandlerFunc) IRoutes
	OPTIONS(string, ...HandlerFunc) IRoutes
	HEAD(string, ...HandlerFunc) IRoutes
	Match([]string, string, ...HandlerFunc) IRoutes
}

// RouterGroup is used internally to configure router.
type RouterGroup struct {
	Handlers HandlersChain
	basePath string
	engine   *Engine
	root     bool
}

// Engine is the framework's instance.
type Engine struct {
	RouterGroup
}

// OptionFunc defines the function to change the default configuration.
type OptionFunc func(*Engine)

// New returns a new blank Engine instance without any middleware attached.
func New(opts ...OptionFunc) *Engine { return &Engine{} }

// Default returns an Engine instance with the Logger and Recovery middleware already attached.
func Default(opts ...OptionFunc) *Engine { return New(opts...) }

// Use attaches a global middleware to the router.
func (engine *Engine) Use(middleware ...HandlerFunc) IRoutes { return engine }

// Run attaches the router to a http.Server and starts listening and serving HTTP requests.
func (engine *Engine) Run(addr ...string) (err error) { return nil }

func (group *RouterGroup) Use(middleware ...HandlerFunc) IRoutes { return group }
func (group *RouterGroup) Group(relativePath string, handlers ...HandlerFunc) *RouterGroup {
	return &RouterGroup{Handlers: append(group.Handlers, handlers...), basePath: group.basePath + relativePath}
}
func (group *RouterGroup) Handle(httpMethod, relativePath string, handlers ...HandlerFunc) IRoutes {
	return group
}
func (group *RouterGroup) POST(relativePath string, handlers ...HandlerFunc) IRoutes    { return group }
func (group *RouterGroup) GET(relativePath string, handlers ...HandlerFunc) IRoutes     { return group }
func (group *RouterGroup) DELETE(relativePath string, handlers ...HandlerFunc) IRoutes  { return group }
func (group *RouterGroup) PATCH(relativePath string, handlers ...HandlerFunc) IRoutes   { return group }
func (group *RouterGroup) PUT(relativePath string, handlers ...HandlerFunc) IRoutes     { return group }
func (group *RouterGroup) OPTIONS(relativePath string, handlers ...HandlerFunc) IRoutes { return group }
func (group *RouterGroup) HEAD(relativePath string, handlers ...HandlerFunc) IRoutes    { return group }
func (group *RouterGroup) Any(relativePath string, handlers ...HandlerFunc) IRoutes     { return group }
func (group *RouterGroup) Match(methods []string, relativePath string, handlers ...HandlerFunc) IRoutes {
	return group
}

// ResponseWriter is gin's response writer.
type ResponseWriter interface {
	http.ResponseWriter
	http.Hijacker
	http.Flusher
	Status() int
	Size() int
	WriteString(string) (int, error)
	Written() bool
	WriteHeaderNow()
	Pusher() http.Pusher
}

// Context is the most important part of gin.
type Context struct {
	Request *http.Request
	Writer  ResponseWriter
	Keys    map[any]any
}

func (c *Context) Next()                                         {}
func (c *Context) Abort()                                        {}
func (c *Context) AbortWithStatus(code int)                      {}
func (c *Context) Set(key any, value any)                        {}
func (c *Context) Get(key any) (value any, exists bool)          { return nil, false }
func (c *Context) MustGet(key any) any                           { return nil }
func (c *Context) GetString(key any) (s string)                  { return "" }
func (c *Context) Param(key string) string                       { return "" }
func (c *Context) Query(key string) (value string)               { return "" }
func (c *Context) Header(key, value string)                      {}
func (c *Context) GetHeader(key string) string                   { return "" }
func (c *Context) Cookie(name string) (string, error)            { return "", nil }
func (c *Context) JSON(code int, obj any)                        {}
func (c *Context) String(code int, format string, values ...any) {}
func (c *Context) Deadline() (deadline time.Time, ok bool)       { return }
func (c *Context) Done() <-chan struct{}                         { return nil }
func (c *Context) Err() error                                    { return nil }
func (c *Context) Value(key any) any                             { return nil }
