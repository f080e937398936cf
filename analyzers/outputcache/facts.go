package outputcache

import (
	"fmt"
	"go/token"
	"strings"
)

// FuncFact summarises, for callers in any package, what a function does
// with a request and its response: the identities it reads, the response
// headers it sets on the ResponseWriter (or gin, echo, fiber context) it is given, and
// whether it is an authentication middleware or a response cache.
type FuncFact struct {
	IDs  []IDRead
	Sets []SetFact
	// Auth marks an authentication middleware (reads identity and calls the
	// next handler, or declared with //cachevet:auth or configuration).
	Auth bool
	// RCache marks a response-cache middleware; KeyParam (1-based) is the
	// parameter that computes its key, if declared.
	RCache   bool
	KeyParam int
	// Optional marks a middleware that reads the caller's identity but lets
	// requests without one through (it loads the user when there is one):
	// the routes behind it are not authenticated by it, whatever its name.
	Optional bool
}

func (*FuncFact) AFact() {}

func (f *FuncFact) String() string {
	var parts []string
	if f.Auth {
		parts = append(parts, "auth")
	}
	if f.RCache {
		parts = append(parts, "responsecache")
	}
	if f.Optional {
		parts = append(parts, "optional auth")
	}
	for _, id := range f.IDs {
		if id.Presence {
			parts = append(parts, "tests "+id.Desc)
		} else {
			parts = append(parts, "reads "+id.Desc)
		}
	}
	for _, s := range f.Sets {
		verb := "sets"
		if s.Add {
			verb = "adds"
		}
		part := fmt.Sprintf("%s %s: %s", verb, s.Name.String(), s.Value.String())
		for _, g := range s.Guards {
			part += fmt.Sprintf(" if %s", g)
		}
		parts = append(parts, part)
	}
	return "outputcache(" + strings.Join(parts, "; ") + ")"
}

// IDRead is one way a function learns who the caller is.
type IDRead struct {
	// Desc names the source in messages: "the Authorization header".
	Desc string
	// Header is the request header the identity travels in ("Authorization",
	// "Cookie", "X-User-ID"), or "" when unknown (a context value set by a
	// middleware).
	Header string
	// Cookie names the cookie the identity travels in, when known.
	Cookie string
	// Presence is set when the read only tests whether the credential is
	// there (r.Header.Get("Authorization") != "", _, err := r.Cookie(name)):
	// it tells an authenticated request from an anonymous one, not one user
	// from another.
	Presence bool
}

// Authz reports whether the identity travels in the Authorization header,
// for which RFC 9111 §3.5 keeps shared caches from storing responses unless
// public, s-maxage or must-revalidate says otherwise.
func (r IDRead) Authz() bool { return strings.EqualFold(r.Header, "Authorization") }

// SetFact is a response header a function sets, in terms of its parameters.
type SetFact struct {
	Name, Value Tmpl
	Add         bool
	// Own marks a header a middleware sets only on a path that does not
	// pass the request on (it answers the request itself): it is not on
	// the responses of the handlers behind it.
	Own bool
	// Cond marks a header set on some paths only (in a branch, a loop, or
	// after an early return): it does not replace a value the caller set
	// before the call.
	Cond bool
	// Guards are conditions on the function's parameters that hold where
	// the header is set (if cacheFor > 0 { ... }): a call whose constant
	// arguments falsify one does not set it.
	Guards []Guard
}

// Guard is a comparison of a parameter (1 + its index) with a constant:
// Param Op Val, Val in go/constant's exact form ("0", "true", `""`).
type Guard struct {
	Param int
	Op    token.Token
	Val   string
}

func (g Guard) String() string { return fmt.Sprintf("$%d %s %s", g.Param, g.Op, g.Val) }

// Tmpl is a string computed at run time: literal pieces and holes.
type Tmpl []Piece

// Piece is literal text or a hole. A hole may come from a parameter of the
// enclosing function (Param is 1 + its index): Exact when it is the
// parameter itself, Itoa when it is the parameter formatted as a number.
type Piece struct {
	Lit   string
	Hole  bool
	Param int
	Exact bool
	Itoa  bool
}

func (t Tmpl) String() string {
	var b strings.Builder
	for _, p := range t {
		if p.Hole {
			b.WriteString("…")
		} else {
			b.WriteString(p.Lit)
		}
	}
	return b.String()
}

// Known reports whether t has no holes.
func (t Tmpl) Known() bool {
	for _, p := range t {
		if p.Hole {
			return false
		}
	}
	return true
}

// Forwards reports whether t depends on a parameter.
func (t Tmpl) Forwards() bool {
	for _, p := range t {
		if p.Hole && p.Param > 0 {
			return true
		}
	}
	return false
}

// text is t with holes as "\x00" (an unknown value).
func (t Tmpl) text() string {
	var b strings.Builder
	for _, p := range t {
		if p.Hole {
			b.WriteByte(0)
		} else {
			b.WriteString(p.Lit)
		}
	}
	return b.String()
}
