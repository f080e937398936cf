// Package weberr writes JSON errors and logs who got them.
package weberr

import (
	"net/http"

	"outputcache/auth"
	log "outputcache/lgr"
)

// details names the caller for the log line.
func details(r *http.Request, err error) string {
	who := ""
	if u := auth.UserFrom(r.Context()); u != nil {
		who = u.ID + " - "
	}
	return who + r.URL.Path + ": " + err.Error()
}

// Send logs the error with the caller's identity and writes it; the
// response itself does not depend on the caller.
func Send(w http.ResponseWriter, r *http.Request, status int, err error) {
	log.Printf("[WARN] %s", details(r, err))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"error":"` + err.Error() + `"}`))
}

// Personal writes the caller's identity into the response.
func Personal(w http.ResponseWriter, r *http.Request, msg string) { // want Personal:`outputcache\(reads details\(r, nil\) \(which reads the request context value ctxKey\{\}\)\)`
	_, _ = w.Write([]byte(details(r, nil) + msg))
}
