// Package api exposes the service over HTTP.
package api

import (
	"encoding/json"
	"net/http"

	"example.com/lms/internal/auth"
	"example.com/lms/internal/catalog"
	"example.com/lms/internal/enroll"
)

// API holds the services.
type API struct {
	Catalog *catalog.Service
	Enroll  *enroll.Service
}

// Routes returns the HTTP routes; everything under /api is authenticated.
func (a *API) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /api/courses", auth.Middleware(http.HandlerFunc(a.courses)))
	mux.Handle("GET /api/enrollments", auth.Middleware(http.HandlerFunc(a.enrollments)))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	return mux
}

func (a *API) courses(w http.ResponseWriter, r *http.Request) {
	cs, err := a.Catalog.Courses(r.Context(), auth.OrgID(r.Context()))
	if err != nil {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	writeJSON(w, cs)
}

func (a *API) enrollments(w http.ResponseWriter, r *http.Request) {
	es, err := a.Enroll.MineScoped(r.Context())
	if err != nil {
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	writeJSON(w, es)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
