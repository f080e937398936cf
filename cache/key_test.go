package cache

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewKeyFormat(t *testing.T) {
	k, err := NewKey("ticketing", "tickets", Tenant("42"), 1, "summary", "1001")
	require.NoError(t, err)
	assert.Equal(t, "ticketing:tickets:t-42:summary:1001:v1", k.String())
	assert.False(t, k.IsZero())
	assert.False(t, k.IsShared())

	k, err = NewKey("catalog", "countries", Shared(), 3)
	require.NoError(t, err)
	assert.Equal(t, "catalog:countries:shared:v3", k.String())
	assert.True(t, k.IsShared())

	k, err = NewKey("dashboard", "courses", User("u7"), 2, "list")
	require.NoError(t, err)
	assert.Equal(t, "dashboard:courses:u-u7:list:v2", k.String())

	k, err = NewKey("dashboard", "courses", TenantUser("42", "7"), 1)
	require.NoError(t, err)
	assert.Equal(t, "dashboard:courses:t-42+u-7:v1", k.String())
}

func TestNewKeyEscapesSeparators(t *testing.T) {
	a, err := NewKey("bc", "res", Tenant("1"), 1, "a:b", "c")
	require.NoError(t, err)
	b, err := NewKey("bc", "res", Tenant("1"), 1, "a", "b:c")
	require.NoError(t, err)
	assert.NotEqual(t, a, b)
	assert.Equal(t, "bc:res:t-1:a%3Ab:c:v1", a.String())

	// A tenant id cannot pose as a tenant+user scope, nor a user as a tenant.
	x, _ := NewKey("bc", "res", Tenant("1+u-2"), 1)
	y, _ := NewKey("bc", "res", TenantUser("1", "2"), 1)
	assert.NotEqual(t, x.String(), y.String())
	u, _ := NewKey("bc", "res", User("1"), 1)
	tn, _ := NewKey("bc", "res", Tenant("1"), 1)
	assert.NotEqual(t, u.String(), tn.String())
	// Percent signs are escaped too, so an id cannot contain a pre-escaped separator.
	p, _ := NewKey("bc", "res", Tenant("1"), 1, "a%3Ab")
	assert.NotEqual(t, a.String()[:len("bc:res:t-1:a%3Ab")], p.String()[:len("bc:res:t-1:a%3Ab")])
}

func TestNewKeyErrors(t *testing.T) {
	cases := map[string]func() (Key, error){
		"empty context":  func() (Key, error) { return NewKey("", "r", Shared(), 1) },
		"empty resource": func() (Key, error) { return NewKey("b", "", Shared(), 1) },
		"empty id":       func() (Key, error) { return NewKey("b", "r", Shared(), 1, "x", "") },
		"empty tenant":   func() (Key, error) { return NewKey("b", "r", Tenant(""), 1) },
		"empty user":     func() (Key, error) { return NewKey("b", "r", TenantUser("1", ""), 1) },
		"control char":   func() (Key, error) { return NewKey("b", "r", Shared(), 1, "a\nb") },
		"del char":       func() (Key, error) { return NewKey("b", "r", Shared(), 1, "a\x7f") },
		"zero version":   func() (Key, error) { return NewKey("b", "r", Shared(), 0) },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			k, err := f()
			require.ErrorIs(t, err, ErrInvalidKey)
			assert.True(t, k.IsZero())
		})
	}
	_, err := NewKey("b", "r", Scope{}, 1)
	require.ErrorIs(t, err, ErrNoScope)
	_, err = NewKey("b", "r", Shared(), 1, strings.Repeat("x", MaxKeyLength))
	require.ErrorIs(t, err, ErrKeyTooLong)
	_, err = NewKey("b", "r", Shared(), 1, strings.Repeat("é", MaxKeyLength/6))
	require.ErrorIs(t, err, ErrKeyTooLong, "the limit applies to the escaped form")
	assert.Panics(t, func() { MustKey("", "r", Shared(), 1) })
}

// TestKeyForgeryProperty: distinct segment lists never give the same key.
func TestKeyForgeryProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("ab:%+-._t u\xff/3A")
	seg := func() string {
		n := 1 + r.IntN(4)
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	scope := func() (Scope, string) {
		switch r.IntN(4) {
		case 0:
			return Shared(), "s"
		case 1:
			id := seg()
			return Tenant(id), "t\x00" + id
		case 2:
			id := seg()
			return User(id), "u\x00" + id
		default:
			a, b := seg(), seg()
			return TenantUser(a, b), "tu\x00" + a + "\x00" + b
		}
	}
	seen := make(map[string]string)
	for i := 0; i < 50000; i++ {
		bc, res := seg(), seg()
		sc, scDesc := scope()
		ver := 1 + r.IntN(3)
		ids := make([]string, r.IntN(4))
		for j := range ids {
			ids[j] = seg()
		}
		k, err := NewKey(bc, res, sc, ver, ids...)
		require.NoError(t, err)
		desc := strings.Join(append([]string{bc, res, scDesc, string(rune('0' + ver))}, ids...), "\x01")
		if prev, ok := seen[k.String()]; ok {
			require.Equal(t, prev, desc, "two different segment lists produced key %q", k.String())
		}
		seen[k.String()] = desc
	}
}

func TestHashPII(t *testing.T) {
	secret := []byte("0123456789abcdef-secret")
	h1, err := HashPII(secret, "alice@example.com")
	require.NoError(t, err)
	assert.Len(t, h1, 32)
	assert.NotContains(t, h1, "alice")
	h2, _ := HashPII(secret, "alice@example.com")
	assert.Equal(t, h1, h2)
	h3, _ := HashPII([]byte("another-secret-0123456"), "alice@example.com")
	assert.NotEqual(t, h1, h3, "keyed: a different secret gives a different hash")
	h4, _ := HashPII(secret, "bob@example.com")
	assert.NotEqual(t, h1, h4)
	_, err = HashPII([]byte("short"), "x")
	require.Error(t, err)

	k, err := NewKey("accounts", "profile", User(h1), 1)
	require.NoError(t, err)
	assert.NotContains(t, k.String(), "@")
}

func TestValidateTag(t *testing.T) {
	require.NoError(t, validateTag("tenant:42"))
	require.ErrorIs(t, validateTag(""), ErrInvalidTag)
	require.ErrorIs(t, validateTag("a\nb"), ErrInvalidTag)
	require.ErrorIs(t, validateTag(strings.Repeat("x", MaxTagLength+1)), ErrInvalidTag)
}
