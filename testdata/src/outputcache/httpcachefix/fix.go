// Package httpcachefix checks the fix that lists a session cookie in a
// policy's AuthCookies.
package httpcachefix

import (
	"net/http"
	"time"

	"github.com/cachevet/cachevet/cache/httpcache"

	"outputcache/auth"
)

func page(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("page")) }

func routes(mux *http.ServeMux) error {
	listed, err := httpcache.New(httpcache.Policy{
		Name:        "listed",
		TTL:         time.Minute,
		MaxEntries:  100,
		AuthCookies: []string{"remember_me"},
	})
	if err != nil {
		return err
	}
	oneLine, err := httpcache.New(httpcache.Policy{Name: "one-line", TTL: time.Minute, MaxEntries: 100})
	if err != nil {
		return err
	}
	multi, err := httpcache.New(httpcache.Policy{
		Name:       "multi",
		TTL:        time.Minute,
		MaxEntries: 100,
	})
	if err != nil {
		return err
	}
	mux.Handle("GET /a", auth.RequireSession(listed.Handler(http.HandlerFunc(page))))  // want `httpcache policy "listed" on route "GET /a" has no Scope`
	mux.Handle("GET /b", auth.RequireSession(oneLine.Handler(http.HandlerFunc(page)))) // want `httpcache policy "one-line" on route "GET /b" has no Scope`
	mux.Handle("GET /c", auth.RequireSession(multi.Handler(http.HandlerFunc(page))))   // want `httpcache policy "multi" on route "GET /c" has no Scope`
	return nil
}
