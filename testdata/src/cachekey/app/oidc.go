package app

import (
	"fmt"

	gocache "github.com/patrickmn/go-cache"
)

// A login mapping keyed by the token's subject: the key is the identity
// the user is looked up by, so it is scoped.
type OIDCUser struct{ ID, Provider, Sub string }

type Logins struct {
	cache *gocache.Cache
	find  func(provider, sub string) (*OIDCUser, error)
}

func (l *Logins) ByOIDC(provider, sub string) (*OIDCUser, error) {
	u, err := l.find(provider, sub)
	if err != nil {
		return nil, err
	}
	l.cache.SetDefault(fmt.Sprintf("%s_%s", provider, sub), u.ID)
	return u, nil
}

// Keyed by the provider alone, the same mapping is shared by every user
// of that provider.
func (l *Logins) ByProvider(provider, sub string) (*OIDCUser, error) {
	u, err := l.find(provider, sub)
	if err != nil {
		return nil, err
	}
	l.cache.SetDefault("login:"+provider, u.ID) // want `cache key "login:\{provider\}" omits u, but the cached value is computed from it: one user`
	return u, nil
}
