// Package fiber is a stub of github.com/gofiber/fiber/v2 with the real
// signatures of what the fixtures use.
package fiber

type Handler = func(*Ctx) error

type Map map[string]interface{}

const StatusUnauthorized = 401

type Error struct{ Code int }

func (e *Error) Error() string { return "" }

func NewError(code int, message ...string) *Error { return &Error{Code: code} }

var ErrUnauthorized = NewError(StatusUnauthorized)

type Ctx struct{}

func (c *Ctx) Set(key, val string)                                      {}
func (c *Ctx) Append(field string, values ...string)                    {}
func (c *Ctx) Vary(fields ...string)                                    {}
func (c *Ctx) Get(key string, defaultValue ...string) string            { return "" }
func (c *Ctx) Cookies(key string, defaultValue ...string) string        { return "" }
func (c *Ctx) Locals(key interface{}, value ...interface{}) interface{} { return nil }
func (c *Ctx) Next() error                                              { return nil }
func (c *Ctx) Path(override ...string) string                           { return "" }
func (c *Ctx) JSON(data interface{}, ctype ...string) error             { return nil }
func (c *Ctx) SendStatus(status int) error                              { return nil }
func (c *Ctx) SendString(body string) error                             { return nil }

type Router interface {
	Use(args ...interface{}) Router
	Get(path string, handlers ...Handler) Router
	Post(path string, handlers ...Handler) Router
	Group(prefix string, handlers ...Handler) Router
}

type Config struct{}

type App struct{}

func New(config ...Config) *App { return &App{} }

func (app *App) Use(args ...interface{}) Router                      { return app }
func (app *App) Get(path string, handlers ...Handler) Router         { return app }
func (app *App) Post(path string, handlers ...Handler) Router        { return app }
func (app *App) Add(method, path string, handlers ...Handler) Router { return app }
func (app *App) Group(prefix string, handlers ...Handler) Router     { return &Group{} }

type Group struct{}

func (grp *Group) Use(args ...interface{}) Router                  { return grp }
func (grp *Group) Get(path string, handlers ...Handler) Router     { return grp }
func (grp *Group) Post(path string, handlers ...Handler) Router    { return grp }
func (grp *Group) Group(prefix string, handlers ...Handler) Router { return grp }
