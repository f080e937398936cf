package fixes

import "net/http"

func me(w http.ResponseWriter, r *http.Request) {
	tok := r.Header.Get("Authorization")
	if tok == "" {
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=300") // want `but the handler reads the Authorization header`
	_, _ = w.Write([]byte(tok))
}

func cookie(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie("session"); err != nil {
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "max-age=60") // want `add "Vary: Cookie" or make it private`
}
