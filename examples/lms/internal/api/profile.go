package api

import (
	"net/http"

	"example.com/lms/internal/auth"
)

// ProfileRoutes adds the signed-in user's profile pages and the public
// course list to mux.
func (a *API) ProfileRoutes(mux *http.ServeMux) {
	mux.Handle("GET /api/me", auth.Middleware(http.HandlerFunc(a.me)))
	mux.Handle("GET /api/me/courses", auth.Middleware(http.HandlerFunc(a.myCourses)))
	mux.HandleFunc("GET /public/courses", a.publicCourses)
}

// me is the caller's profile.
func (a *API) me(w http.ResponseWriter, r *http.Request) {
	// BAD: outputcache — a CDN in front would store one user's profile and
	// serve it to everyone who asks for /api/me.
	w.Header().Set("Cache-Control", "public, max-age=300")
	writeJSON(w, map[string]string{"user": auth.UserID(r.Context()), "org": auth.OrgID(r.Context())})
}

// myCourses is the caller's course list: only the browser may keep it.
func (a *API) myCourses(w http.ResponseWriter, r *http.Request) {
	cs, err := a.Catalog.Courses(r.Context(), auth.OrgID(r.Context()))
	if err != nil {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Cache-Control", "private, max-age=60")
	writeJSON(w, cs)
}

// publicCourses is the same for every visitor: shared caches may keep it.
func (a *API) publicCourses(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "public, max-age=600")
	writeJSON(w, []string{"intro-to-go", "caching-101"})
}
