package auth

import (
	"context"
	"net/http"
	"sync"
)

// SessionCookie carries the browser session of the web pages.
const SessionCookie = "lms_session"

// Sessions maps session ids to signed-in users (a stand-in for a session
// store).
type Sessions struct {
	mu    sync.RWMutex
	users map[string][2]string // session id → user, org
}

// NewSessions returns an empty session store.
func NewSessions() *Sessions { return &Sessions{users: map[string][2]string{}} }

// Start records a session.
func (s *Sessions) Start(id, user, org string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[id] = [2]string{user, org}
}

// Middleware authenticates browser requests by their session cookie and
// stores the caller in the context, like Middleware does for tokens.
func (s *Sessions) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(SessionCookie)
		if err != nil {
			http.Redirect(w, r, "/login", http.StatusFound)
			return
		}
		s.mu.RLock()
		u, ok := s.users[c.Value]
		s.mu.RUnlock()
		if !ok {
			http.Redirect(w, r, "/login", http.StatusFound)
			return
		}
		ctx := context.WithValue(r.Context(), userKey, u[0])
		ctx = context.WithValue(ctx, orgKey, u[1])
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
