package app

import (
	"errors"
	"log"
	"time"

	gocache "github.com/patrickmn/go-cache"
)

type Provider struct{ Key, Issuer string }

// providerFrom returns the half-built provider with its error.
func providerFrom(raw map[string]string) (p *Provider, err error) {
	p = &Provider{Key: raw["key"]}
	if raw["issuer"] == "" {
		err = errors.New("no issuer")
		return
	}
	p.Issuer = raw["issuer"]
	return
}

// Values collected in a loop that skips failures (continue on error) are
// checked where they are collected: caching the list, or each element in
// a later loop, is fine.
func cacheProviders(mem *gocache.Cache, raws []map[string]string) (providers []*Provider, err error) {
	for _, raw := range raws {
		provider, err := providerFrom(raw)
		if err != nil {
			log.Printf("provider: %v", err)
			continue
		}
		if provider == nil {
			continue
		}
		providers = append(providers, provider)
	}
	for _, provider := range providers {
		mem.Set("provider:"+provider.Key, provider, time.Hour)
	}
	mem.Set("providers", providers, time.Hour)
	return providers, nil
}

// Collected without the check, the list and its elements may hold the
// failures.
func cacheProvidersUnchecked(mem *gocache.Cache, raws []map[string]string) []*Provider { // want cacheProvidersUnchecked:`cachenil swallows\(providerFrom\)`
	var providers []*Provider
	for _, raw := range raws {
		provider, _ := providerFrom(raw)
		providers = append(providers, provider)
	}
	for _, provider := range providers {
		mem.Set("provider:"+provider.Key, provider, time.Hour) // want `caches provider although providerFrom may have failed \(its error is discarded\)`
	}
	return providers
}

// The same, read through first and built only on a miss, with named
// results and the error shadowed in each loop.
func allProviders(mem *gocache.Cache, raws map[string]map[string]string) (providers []*Provider, err error) {
	providers = []*Provider{}
	exists, err := getInto(mem, "providers", &providers)
	if err != nil {
		return nil, err
	}
	if !exists {
		for key, raw := range raws {
			provider, err := providerFrom(raw)
			if err != nil {
				log.Printf("provider %s: %v", key, err)
				continue
			}
			if provider == nil {
				continue
			}
			providers = append(providers, provider)
		}
		for _, provider := range providers {
			if err := put(mem, "provider:"+provider.Key, provider); err != nil {
				return nil, err
			}
		}
		err = put(mem, "providers", providers)
	}
	return
}

// getInto fills out from the cache: providers is then a variable in
// memory, filled by stores rather than joined at the loop's head.
func getInto(mem *gocache.Cache, key string, out *[]*Provider) (bool, error) {
	v, ok := mem.Get(key)
	if ok {
		*out = v.([]*Provider)
	}
	return ok, nil
}

func put(mem *gocache.Cache, key string, v any) error {
	mem.Set(key, v, time.Hour)
	return nil
}

// Logged but kept, the failures reach the list in memory.
func allProvidersLogged(mem *gocache.Cache, raws map[string]map[string]string) (providers []*Provider, err error) {
	exists, err := getInto(mem, "providers", &providers)
	if err != nil || exists {
		return providers, err
	}
	for key, raw := range raws {
		provider, perr := providerFrom(raw)
		if perr != nil {
			log.Printf("provider %s: %v", key, perr)
		}
		providers = append(providers, provider)
	}
	err = put(mem, "providers", providers) // want `caches providers although providerFrom may have failed \(perr is not checked before this put\)`
	return
}

// A value stored into a struct before its error is checked, and cached
// after the check, is fine; cached before the check, it is reported.
type slot struct{ p *Provider }

func holdThenCheck(mem *gocache.Cache, raw map[string]string) error {
	var h slot
	p, err := providerFrom(raw)
	h.p = p
	if err != nil {
		return err
	}
	return put(mem, "provider:"+h.p.Key, h.p)
}

func holdThenCache(mem *gocache.Cache, raw map[string]string) error {
	var h slot
	p, err := providerFrom(raw)
	h.p = p
	_ = put(mem, "provider:"+p.Key, h.p) // want `caches h.p although providerFrom may have failed \(err is not checked before this put\)`
	return err
}

// A status loaded with its error logged, used only when non-nil: the
// loader returns nil whenever it fails, so the nil check is the check.
type Status struct {
	Response  string
	CheckedAt time.Time
}

func loadStatus(raw map[string]string) (*Status, error) {
	st := &Status{}
	if raw["status"] == "" {
		return nil, errors.New("no status")
	}
	st.Response = raw["status"]
	return st, nil
}

func checkRemote(key string) (string, error) { return key, nil }

func applyStatus(mem *gocache.Cache, st *Status) error { // want applyStatus:`guards\[1\]`
	return put(mem, "status", st.Response)
}

func initStatus(mem *gocache.Cache, raw map[string]string, key string) {
	var err error
	cached, err := loadStatus(raw)
	if err != nil {
		log.Printf("status: %v", err)
	}
	resp, err := checkRemote(key)
	switch {
	case err != nil:
		if cached != nil && time.Since(cached.CheckedAt) < time.Hour {
			if err := applyStatus(mem, cached); err != nil {
				log.Printf("apply: %v", err)
			}
		}
	default:
		_ = put(mem, "status", resp)
	}
}

// The nil check is no check of the failure when the loader returns what
// it built with its error (providerFrom), or when nothing checks.
func initProvider(mem *gocache.Cache, raw map[string]string) {
	p, err := providerFrom(raw)
	if err != nil {
		log.Printf("provider: %v", err)
	}
	if p != nil {
		_ = put(mem, "provider", p) // want `caches p although providerFrom may have failed \(err is not checked before this put\)`
	}
}

func initStatusUnchecked(mem *gocache.Cache, raw map[string]string) {
	cached, err := loadStatus(raw)
	if err != nil {
		log.Printf("status: %v", err)
	}
	_ = put(mem, "status", cached) // want `caches cached although loadStatus may have failed \(err is not checked before this put\)`
}
