// Package nethttp uses the standard library's ServeMux and middleware
// wrappers.
package nethttp

import (
	"encoding/json"
	"log"
	"log/slog"
	"net/http"
	"time"

	"outputcache/auth"
	"outputcache/respond"
)

type profile struct{ Name string }

// Reads the Authorization header itself and makes the response public.
func me(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("Authorization")
	w.Header().Set("Cache-Control", "public, max-age=300") // want `response is cacheable by shared caches \(Cache-Control: public, max-age=300\) but the handler of route "/me" reads the Authorization header: a CDN or proxy would serve one user's response to other users; add "Vary: Authorization" or make it private`
	_ = json.NewEncoder(w).Encode(profile{Name: tok})
}

// Basic auth, s-maxage: shared caches store it despite Authorization.
func billing(w http.ResponseWriter, r *http.Request) {
	user, _, ok := r.BasicAuth()
	if !ok {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	w.Header().Set("Cache-Control", "s-maxage=600") // want `\(Cache-Control: s-maxage=600\) but the handler of route "/billing" reads HTTP basic auth credentials \(r.BasicAuth\)`
	_, _ = w.Write([]byte(user))
}

// A session cookie through a helper of another package: max-age alone is
// enough for shared caches to store a cookie-authenticated response.
func cart(w http.ResponseWriter, r *http.Request) {
	uid := auth.SessionUser(r)
	h := w.Header()
	h.Set("Cache-Control", "max-age=60") // want `\(Cache-Control: max-age=60\) but the handler reads auth.SessionUser\(r\) \(which reads the session cookie "sid"\): a CDN or proxy would serve one user's response to other users; add "Vary: Cookie" or make it private`
	_, _ = w.Write([]byte(uid))
}

// The header is set by a helper in another package: reported at the call.
func orders(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	respond.JSON(w, u, 120) // want `\(Cache-Control: public, max-age=120, set by respond.JSON\) but the handler reads auth.UserFrom\(r.Context\(\)\) \(which reads the request context value ctxKey\{\}\): a CDN or proxy would serve one user's response to other users; make it private or add a Vary header naming the request header that identifies the user`
}

// A helper of another package that sets the header only for a positive
// argument.
func ordersFor(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	respond.JSONFor(w, u, 30) // want `\(Cache-Control: public, max-age=600, set by respond.JSONFor\) but the handler reads auth.UserFrom`
}

func ordersUncached(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	respond.JSONFor(w, u, 0) // silent: cacheFor is 0
}

// CDN-only header on a handler behind auth middleware (it reads nothing itself).
func dashboard(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Surrogate-Control", "max-age=3600") // want `\(Surrogate-Control: max-age=3600\) but route "/dashboard" is registered behind authentication middleware auth.RequireSession: a CDN or proxy would serve one user's response to other users; add "Vary: Cookie" or make it private`
	_, _ = w.Write([]byte("dashboard"))
}

// Expires without Cache-Control on an authenticated handler.
func inbox(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("session_id")
	if err != nil {
		return
	}
	w.Header().Set("Expires", time.Now().Add(time.Hour).Format(http.TimeFormat)) // want `\(Expires: …\) but the handler reads the session cookie "session_id"`
	_, _ = w.Write([]byte(c.Value))
}

// A custom identity header: the Vary must name it.
func tenantReport(w http.ResponseWriter, r *http.Request) {
	tenant := r.Header.Get("X-Tenant-ID")
	w.Header().Set("Vary", "Accept-Encoding")
	w.Header().Set("Cache-Control", "public, max-age=60") // want `reads the X-Tenant-ID header: a CDN or proxy would serve one user's response to other users; add "Vary: X-Tenant-ID" or make it private`
	_, _ = w.Write([]byte(tenant))
}

// Conflicting directives: private overwritten by public in the same block.
func settings(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "private, max-age=60")
	loadSettings()
	w.Header().Set("Cache-Control", "public, max-age=60") // want `Cache-Control "private, max-age=60" set above is overwritten by "public, max-age=60": the response becomes cacheable by shared caches; keep one value \(private for per-user responses\)`
}

// Conflicting directives: public added to private.
func feed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Query().Get("fast") != "" {
		w.Header().Add("Cache-Control", "public") // want `Cache-Control "no-store" is combined with "public": caches resolve conflicting directives differently`
	}
}

func loadSettings() {}

// ---- near misses: all silent ----

// private, max-age=60: only the browser keeps it.
func meOK(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("Authorization")
	w.Header().Set("Cache-Control", "private, max-age=60")
	_, _ = w.Write([]byte(tok))
}

// no-store.
func meNoStore(w http.ResponseWriter, r *http.Request) {
	_ = auth.UserFrom(r.Context())
	w.Header().Set("Cache-Control", "no-store")
}

// Vary: Authorization.
func meVary(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("Authorization")
	w.Header().Set("Cache-Control", "public, max-age=60")
	w.Header().Add("Vary", "Authorization")
	_, _ = w.Write([]byte(tok))
}

// max-age alone with the Authorization header: RFC 9111 §3.5 keeps shared
// caches from storing it.
func meMaxAge(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("Authorization")
	w.Header().Set("Cache-Control", "max-age=60")
	_, _ = w.Write([]byte(tok))
}

// A public asset handler with no identity.
func logo(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=86400, immutable")
	_, _ = w.Write([]byte("png"))
}

// Identity read only for logging on a public endpoint: the response does
// not depend on it.
func catalog(w http.ResponseWriter, r *http.Request) {
	uid := r.Header.Get("X-User-ID")
	slog.Info("catalog", "user", uid)
	log.Printf("caller %s", r.Header.Get("Authorization"))
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write([]byte("catalog"))
}

// A correlation id is not an identity.
func status(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-ID", auth.RequestID(r))
	w.Header().Set("Cache-Control", "public, max-age=5")
}

// The default-then-override idiom: public only on the anonymous branch.
func article(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Query().Get("preview") == "" {
		w.Header().Set("Cache-Control", "public, max-age=60")
	}
}

// respond.Private on an authenticated route.
func account(w http.ResponseWriter, r *http.Request) {
	respond.Private(w, auth.UserFrom(r.Context()))
}

// A public value overridden by private in the same block.
func wallet(w http.ResponseWriter, r *http.Request) {
	_ = auth.UserFrom(r.Context())
	w.Header().Set("Cache-Control", "public, max-age=60")
	w.Header().Set("Cache-Control", "private")
}

// Routes registers handlers on a standard ServeMux.
func Routes(v auth.Verifier) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/me", me)
	mux.HandleFunc("/billing", billing)
	mux.Handle("/dashboard", auth.RequireSession(http.HandlerFunc(dashboard)))
	mux.Handle("/public/dashboard", http.HandlerFunc(dashboard)) // same handler, no auth: silent
	mux.HandleFunc("/me/ok", meOK)
	mux.HandleFunc("/logo.png", logo)
	mux.HandleFunc("/catalog", catalog)
	// Header middleware on an authenticated route: reported where it is installed.
	mux.Handle("/history", auth.Require(respond.CacheFor(5*time.Minute)(http.HandlerFunc(history)))) // want `\(Cache-Control: public, max-age=…, set by respond.CacheFor\) but route "/history" is registered behind authentication middleware auth.Require`
	// The same middleware, with a vary rule: silent.
	mux.Handle("/history/vary", auth.Require(respond.VaryAuth(respond.CacheFor(time.Minute)(http.HandlerFunc(history)))))
	// The same middleware on a public route: silent.
	mux.Handle("/news", respond.CacheFor(time.Minute)(http.HandlerFunc(news)))
	// Authentication by a middleware whose reads are hidden: known by name.
	mux.Handle("/friends", auth.Middleware(v)(http.HandlerFunc(friends)))
	mux.Handle("/account", auth.Require(http.HandlerFunc(account)))
	return mux
}

func history(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("h")) }
func news(w http.ResponseWriter, r *http.Request)    { _, _ = w.Write([]byte("n")) }

func friends(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=30") // want `route "/friends" is registered behind authentication middleware auth.Middleware`
}

// An http.Handler type.
type ProfileHandler struct{}

func (ProfileHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) { // want ServeHTTP:`outputcache\(reads auth.UserFrom\(r.Context\(\)\) \(which reads the request context value ctxKey\{\}\); sets CDN-Cache-Control: max-age=600\)`
	u := auth.UserFrom(r.Context())
	w.Header().Set("CDN-Cache-Control", "max-age=600") // want `\(CDN-Cache-Control: max-age=600\) but the handler reads auth.UserFrom`
	_, _ = w.Write([]byte(u.ID))
}

// A handler factory returning a closure.
func (s *Server) Avatar() http.HandlerFunc { // want Avatar:`outputcache\(reads the session cookie "auth_token"; sets Cache-Control: public\)`
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("auth_token"); err != nil {
			return
		}
		w.Header().Set("Cache-Control", "public") // want `reads the session cookie "auth_token"`
	}
}

type Server struct{}

// Gallery is a public handler that other packages may mount behind auth.
func Gallery(w http.ResponseWriter, r *http.Request) { // want Gallery:`outputcache\(sets Cache-Control: public, max-age=60\)`
	w.Header().Set("Cache-Control", "public, max-age=60")
}
