// Package helpers holds response helpers whose header writes depend on
// their arguments, and helpers without arguments that make a response
// public (issue 20).
package helpers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ---- 1. argument-sensitive helpers ----

// writeJSON makes the response public only when cacheFor > 0.
func writeJSON(w http.ResponseWriter, status int, v any, cacheFor int) {
	if cacheFor > 0 {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// cacheUnless returns early when the response must not be cached.
func cacheUnless(w http.ResponseWriter, private bool) {
	if private {
		w.Header().Set("Cache-Control", "no-store")
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=600")
}

// writeCached forwards its flag to writeJSON.
func writeCached(w http.ResponseWriter, v any, secs int) {
	writeJSON(w, http.StatusOK, v, secs)
}

const noCache = 0

func userJSON(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-User-ID")
	writeJSON(w, http.StatusOK, tok, 60) // want `\(Cache-Control: public, max-age=3600, set by helpers.writeJSON\) but the handler of route "/u/60" reads the X-User-ID header`
}

func userJSONZero(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-User-ID")
	writeJSON(w, http.StatusOK, tok, 0) // silent: cacheFor is 0
}

func userJSONConst(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-User-ID")
	ttl := noCache
	writeJSON(w, http.StatusOK, tok, ttl) // silent: a constant flow of 0
}

func userJSONForward(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-User-ID")
	writeCached(w, tok, 30) // want `set by helpers.writeCached\) but the handler of route "/u/fwd" reads the X-User-ID header`
}

func userJSONForwardZero(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-User-ID")
	writeCached(w, tok, 0) // silent: 0 through writeCached
}

// The handler's own header, then a helper that sets none for 0: the
// finding is on the handler's line.
func userOwnHeader(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-User-ID")
	w.Header().Set("Cache-Control", "public, max-age=60") // want `\(Cache-Control: public, max-age=60\) but the handler of route "/u/own" reads the X-User-ID header`
	writeJSON(w, http.StatusOK, tok, 0)
}

func userPrivateFlag(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-User-ID")
	cacheUnless(w, true) // silent: the private branch
	_, _ = w.Write([]byte(tok))
}

func userPublicFlag(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("X-User-ID")
	cacheUnless(w, false) // want `\(Cache-Control: public, max-age=600, set by helpers.cacheUnless\)`
	_, _ = w.Write([]byte(tok))
}

// ---- 2. parameterless helpers on basic-auth handlers ----

func setHeaderCacheForever(w http.ResponseWriter) {
	w.Header().Set("Expires", time.Now().Add(365*24*time.Hour).Format(http.TimeFormat))
	w.Header().Set("Cache-Control", "public, max-age=31536000")
}

func setHeaderNoCache(w http.ResponseWriter) {
	w.Header().Set("Expires", "Fri, 01 Jan 1980 00:00:00 GMT")
	w.Header().Set("Cache-Control", "no-cache, max-age=0, must-revalidate")
}

func validUser(user, pass string) bool { return user != "" && pass != "" }

func packFile(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if !ok || !validUser(user, pass) {
		w.Header().Set("WWW-Authenticate", `Basic realm="."`)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	setHeaderCacheForever(w) // want `\(Cache-Control: public, max-age=31536000, set by helpers.setHeaderCacheForever\) but the handler of route "/git/pack" reads HTTP basic auth credentials \(r.BasicAuth\)`
	_, _ = w.Write([]byte("PACK"))
}

// checkBasic is an auth helper the handler calls.
func checkBasic(w http.ResponseWriter, r *http.Request) bool {
	auths := strings.Fields(r.Header.Get("Authorization"))
	if len(auths) != 2 || auths[0] != "Basic" {
		w.WriteHeader(http.StatusUnauthorized)
		return false
	}
	return true
}

func looseObject(w http.ResponseWriter, r *http.Request) {
	if !checkBasic(w, r) {
		return
	}
	setHeaderCacheForever(w) // want `set by helpers.setHeaderCacheForever\) but the handler of route "/git/object" reads checkBasic\(w, r\) \(which reads the Authorization header\)`
	_, _ = w.Write([]byte("OBJ"))
}

func infoRefs(w http.ResponseWriter, r *http.Request) {
	if !checkBasic(w, r) {
		return
	}
	setHeaderNoCache(w) // silent: no-cache
	_, _ = w.Write([]byte("refs"))
}

// Anonymous: the same helper on a public repository.
func publicPack(w http.ResponseWriter, r *http.Request) {
	setHeaderCacheForever(w) // silent: no identity
	_, _ = w.Write([]byte("PACK"))
}

// ---- a receiver that holds the response writer ----

type serviceHandler struct {
	w    http.ResponseWriter
	r    *http.Request
	file string
}

func (h *serviceHandler) cacheForever() {
	h.w.Header().Set("Cache-Control", "public, max-age=31536000")
}

func (h *serviceHandler) noCache() {
	h.w.Header().Set("Cache-Control", "no-cache, max-age=0, must-revalidate")
}

func idxFile(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := r.BasicAuth(); !ok {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	h := &serviceHandler{w: w, r: r}
	h.cacheForever() // want `set by helpers.serviceHandler.cacheForever\) but the handler of route "/git/idx" reads HTTP basic auth credentials \(r.BasicAuth\)`
}

func textFile(w http.ResponseWriter, r *http.Request) {
	if _, _, ok := r.BasicAuth(); !ok {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	h := &serviceHandler{w: w, r: r}
	h.noCache() // silent: no-cache
}

// ---- 3. max-age without public ----

func requireCookie(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("session")
		if err != nil || c.Value == "" {
			http.Redirect(w, r, "/login", http.StatusFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func requireBearer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if tok == "" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func settingsPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", fmt.Sprintf("max-age=%d", 120)) // want `\(Cache-Control: max-age=120\) but route "/settings" is registered behind authentication middleware requireCookie: .* add "Vary: Cookie" or make it private`
}

func apiSettings(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "max-age=120") // silent: Authorization only, RFC 9111 §3.5
}

func apiSettingsPublic(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=120") // want `route "/api/public-settings" is registered behind authentication middleware requireBearer`
}

func cookiePrivate(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "private, max-age=120") // silent: private
}

// Routes registers the handlers.
func Routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/u/60", userJSON)
	mux.HandleFunc("/u/0", userJSONZero)
	mux.HandleFunc("/u/const", userJSONConst)
	mux.HandleFunc("/u/fwd", userJSONForward)
	mux.HandleFunc("/u/fwd0", userJSONForwardZero)
	mux.HandleFunc("/u/own", userOwnHeader)
	mux.HandleFunc("/u/private", userPrivateFlag)
	mux.HandleFunc("/u/public", userPublicFlag)
	mux.HandleFunc("/git/pack", packFile)
	mux.HandleFunc("/git/object", looseObject)
	mux.HandleFunc("/git/refs", infoRefs)
	mux.HandleFunc("/git/public", publicPack)
	mux.HandleFunc("/git/idx", idxFile)
	mux.HandleFunc("/git/text", textFile)
	mux.Handle("/settings", requireCookie(http.HandlerFunc(settingsPage)))
	mux.Handle("/api/settings", requireBearer(http.HandlerFunc(apiSettings)))
	mux.Handle("/api/public-settings", requireBearer(http.HandlerFunc(apiSettingsPublic)))
	mux.Handle("/private", requireCookie(http.HandlerFunc(cookiePrivate)))
	return mux
}
