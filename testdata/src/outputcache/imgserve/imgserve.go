// Package imgserve serves public images with a long max-age; its error
// path logs the caller through another package's helper.
package imgserve

import (
	"errors"
	"net/http"

	"outputcache/weberr"
)

func sendImageError(w http.ResponseWriter, r *http.Request, status int, err error) {
	w.Header().Set("Cache-Control", "no-store")
	weberr.Send(w, r, status, err)
}

// Picture: the identity is only logged, on the error path.
func Picture(w http.ResponseWriter, r *http.Request) { // want Picture:`outputcache\(sets Cache-Control: no-store; sets Cache-Control: max-age=604800\)`
	id := r.PathValue("id")
	if id == "" {
		sendImageError(w, r, http.StatusBadRequest, errors.New("no id"))
		return
	}
	w.Header().Set("Cache-Control", "max-age=604800")
	_, _ = w.Write([]byte(id))
}

// Banner writes the caller's identity into a shared-cacheable response.
func Banner(w http.ResponseWriter, r *http.Request) { // want Banner:`outputcache\(reads weberr.Personal`
	w.Header().Set("Cache-Control", "max-age=600") // want `response is cacheable by shared caches \(Cache-Control: max-age=600\) but the handler reads weberr.Personal`
	weberr.Personal(w, r, "welcome")
}
