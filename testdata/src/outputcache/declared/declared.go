// Package declared uses middlewares that cachevet knows only from a
// directive or configuration.
package declared

import "net/http"

// gate checks a signed URL: the directive says it authenticates.
//
//cachevet:auth
func gate(next http.Handler) http.Handler { return next }

// wall is named for the team's product; configuration says it authenticates
// (-outputcache.auth-middlewares=outputcache/declared.wall in the test).
func wall(next http.Handler) http.Handler { return next }

// trace is neither.
func trace(next http.Handler) http.Handler { return next }

func page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=60") // want `route "/gated" is registered behind authentication middleware gate`
}

func page2(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=60") // want `route "/walled" is registered behind authentication middleware wall`
}

func page3(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=60")
}

func routes(mux *http.ServeMux) {
	mux.Handle("/gated", gate(http.HandlerFunc(page)))
	mux.Handle("/walled", wall(http.HandlerFunc(page2)))
	mux.Handle("/traced", trace(http.HandlerFunc(page3)))
}
