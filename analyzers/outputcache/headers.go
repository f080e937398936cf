package outputcache

import (
	"net/http"
	"strconv"
	"strings"
)

// Header names the rule understands.
const (
	hCacheControl = "Cache-Control"
	hExpires      = "Expires"
	hVary         = "Vary"
)

// cdnHeaders are cache-control headers addressed to CDNs and reverse proxies.
var cdnHeaders = map[string]bool{
	"Surrogate-Control":            true,
	"Cdn-Cache-Control":            true,
	"Cloudflare-Cdn-Cache-Control": true,
	"Vercel-Cdn-Cache-Control":     true,
	"Fastly-Surrogate-Control":     true,
	"X-Accel-Expires":              true,
}

func canon(name string) string { return http.CanonicalHeaderKey(strings.TrimSpace(name)) }

// policy is what a Cache-Control-like value says about shared caches.
type policy struct {
	public, private, noStore, noCache, mustRevalidate bool
	maxAge, sMaxAge                                   int // -1 absent; 1<<30 unknown
	any                                               bool
}

const unknownAge = 1 << 30

// parseCC parses a Cache-Control value; "\x00" marks a value not known
// statically (an unknown max-age counts as positive: whoever writes
// "max-age=%d" means to cache).
func parseCC(v string) policy {
	p := policy{maxAge: -1, sMaxAge: -1}
	for _, d := range strings.Split(v, ",") {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" {
			continue
		}
		name, val, _ := strings.Cut(d, "=")
		name = strings.TrimSpace(name)
		val = strings.Trim(strings.TrimSpace(val), `"`)
		age := func() int {
			if strings.Contains(val, "\x00") {
				return unknownAge
			}
			n, err := strconv.Atoi(val)
			if err != nil {
				return 0
			}
			return n
		}
		p.any = true
		switch name {
		case "public":
			p.public = true
		case "private":
			p.private = true
		case "no-store":
			p.noStore = true
		case "no-cache":
			p.noCache = true
		case "must-revalidate", "proxy-revalidate":
			p.mustRevalidate = true
		case "max-age":
			p.maxAge = age()
		case "s-maxage":
			p.sMaxAge = age()
		}
	}
	return p
}

// restrictive reports whether the value keeps shared caches from storing.
func (p policy) restrictive() bool { return p.private || p.noStore }

// shared reports whether a shared cache may store and reuse the response.
// authz is set when every identity of the request travels in the
// Authorization header: RFC 9111 §3.5 then requires public, s-maxage or
// must-revalidate.
func (p policy) shared(authz bool) bool {
	if p.private || p.noStore || p.noCache {
		return false
	}
	if p.sMaxAge > 0 {
		return true
	}
	if authz && !p.public && !p.mustRevalidate {
		return false
	}
	if p.sMaxAge == 0 {
		return false
	}
	if p.maxAge > 0 {
		return true
	}
	return p.public && p.maxAge < 0
}

// expiresFuture reports whether an Expires value may lie in the future.
func expiresFuture(v string) bool {
	v = strings.TrimSpace(v)
	if v == "0" || v == "-1" || strings.Contains(v, "1970") || strings.Contains(v, "1997") {
		return false
	}
	return v != ""
}

// varyNames splits a Vary value into canonical header names.
func varyNames(v string) []string {
	var out []string
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "*" {
			out = append(out, "*")
		} else if f != "" && !strings.Contains(f, "\x00") {
			out = append(out, canon(f))
		}
	}
	return out
}
