package cache

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MaxKeyLength is the longest encoded key, in bytes, that NewKey accepts.
const MaxKeyLength = 512

// MaxTagLength is the longest tag, in bytes, that the cache accepts.
const MaxTagLength = 256

// Key errors. NewKey wraps one of them, so test with errors.Is.
var (
	// ErrInvalidKey is returned for a zero Key, an empty segment or a control character.
	ErrInvalidKey = errors.New("cache: invalid key")
	// ErrKeyTooLong is returned when the encoded key exceeds MaxKeyLength.
	ErrKeyTooLong = errors.New("cache: key too long")
	// ErrNoScope is returned when a key is built without an explicit Scope.
	ErrNoScope = errors.New("cache: key has no scope (use Tenant, User, TenantUser or Shared)")
	// ErrInvalidTag is returned for an empty, over-long or control-character tag.
	ErrInvalidTag = errors.New("cache: invalid tag")
)

type scopeKind uint8

const (
	scopeNone scopeKind = iota
	scopeShared
	scopeTenant
	scopeUser
	scopeTenantUser
)

// Scope says whose data an entry holds. The zero Scope is invalid: every key names a
// tenant, a user, both, or says explicitly that the data is Shared by everyone.
type Scope struct {
	kind   scopeKind
	tenant string
	user   string
}

// Shared is the scope of data that is the same for every user and tenant
// (lookup tables, public catalogues). It renders as "shared".
func Shared() Scope { return Scope{kind: scopeShared} }

// Tenant is the scope of data that belongs to one tenant (organisation).
// Tenant("42") renders as "t-42".
func Tenant(tenantID string) Scope { return Scope{kind: scopeTenant, tenant: tenantID} }

// User is the scope of data that belongs to one user. User("7") renders as "u-7".
func User(userID string) Scope { return Scope{kind: scopeUser, user: userID} }

// TenantUser is the scope of data that belongs to one user inside one tenant.
// TenantUser("42", "7") renders as "t-42+u-7".
func TenantUser(tenantID, userID string) Scope {
	return Scope{kind: scopeTenantUser, tenant: tenantID, user: userID}
}

// IsShared reports whether the scope is Shared.
func (s Scope) IsShared() bool { return s.kind == scopeShared }

// Key is a validated, escaped cache key. Build one with NewKey; the zero Key is
// rejected by every cache operation. Keys are comparable and cheap to copy.
type Key struct {
	s     string
	scope scopeKind
}

// NewKey builds a key from the bounded context, the resource, the scope, a version
// (at least 1) and zero or more identifiers, in the order
//
//	boundedContext:resource:scope:id...:v<version>
//
// so NewKey("ticketing", "tickets", Tenant("42"), 1, "summary", "1001") is
// "ticketing:tickets:t-42:summary:1001:v1".
//
// Every segment is escaped: bytes other than ASCII letters, digits, '-', '_' and '.'
// are percent-encoded, so a user-controlled identifier can never contain a separator
// and two different segment lists never give the same key. Empty segments, control
// characters and keys longer than MaxKeyLength are errors.
func NewKey(boundedContext, resource string, scope Scope, version int, ids ...string) (Key, error) {
	if version < 1 {
		return Key{}, fmt.Errorf("%w: version must be at least 1, got %d", ErrInvalidKey, version)
	}
	var b strings.Builder
	b.Grow(len(boundedContext) + len(resource) + 32 + 16*len(ids))
	if err := appendSegment(&b, "bounded context", boundedContext); err != nil {
		return Key{}, err
	}
	b.WriteByte(':')
	if err := appendSegment(&b, "resource", resource); err != nil {
		return Key{}, err
	}
	b.WriteByte(':')
	switch scope.kind {
	case scopeShared:
		b.WriteString("shared")
	case scopeTenant:
		b.WriteString("t-")
		if err := appendSegment(&b, "tenant", scope.tenant); err != nil {
			return Key{}, err
		}
	case scopeUser:
		b.WriteString("u-")
		if err := appendSegment(&b, "user", scope.user); err != nil {
			return Key{}, err
		}
	case scopeTenantUser:
		b.WriteString("t-")
		if err := appendSegment(&b, "tenant", scope.tenant); err != nil {
			return Key{}, err
		}
		b.WriteString("+u-")
		if err := appendSegment(&b, "user", scope.user); err != nil {
			return Key{}, err
		}
	default:
		return Key{}, ErrNoScope
	}
	for i, id := range ids {
		b.WriteByte(':')
		if err := appendSegment(&b, "identifier", id); err != nil {
			// the position is formatted only on error, so a valid key costs no allocation for it
			return Key{}, fmt.Errorf("%w (identifier %d)", err, i)
		}
	}
	b.WriteString(":v")
	b.WriteString(strconv.Itoa(version))
	if b.Len() > MaxKeyLength {
		return Key{}, fmt.Errorf("%w: %d bytes, limit %d", ErrKeyTooLong, b.Len(), MaxKeyLength)
	}
	return Key{s: b.String(), scope: scope.kind}, nil
}

// MustKey is NewKey for keys made of constants; it panics on error. Do not use it
// with user-controlled identifiers.
func MustKey(boundedContext, resource string, scope Scope, version int, ids ...string) Key {
	k, err := NewKey(boundedContext, resource, scope, version, ids...)
	if err != nil {
		panic(err)
	}
	return k
}

// String returns the encoded key, e.g. "ticketing:tickets:t-42:summary:1001:v1".
func (k Key) String() string { return k.s }

// IsZero reports whether k is the zero Key (not built by NewKey).
func (k Key) IsZero() bool { return k.s == "" }

// IsShared reports whether the key was built with the Shared scope.
func (k Key) IsShared() bool { return k.scope == scopeShared }

const hexUpper = "0123456789ABCDEF"

func appendSegment(b *strings.Builder, what, seg string) error {
	if seg == "" {
		return fmt.Errorf("%w: empty %s", ErrInvalidKey, what)
	}
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case c < 0x20 || c == 0x7f:
			return fmt.Errorf("%w: control character in %s", ErrInvalidKey, what)
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexUpper[c>>4])
			b.WriteByte(hexUpper[c&0x0f])
		}
	}
	return nil
}

// MinPIISecretLength is the shortest secret HashPII accepts.
const MinPIISecretLength = 16

// HashPII returns a keyed hash of personal data (an e-mail address, a phone number)
// for use as a key identifier, so raw PII never appears in a key, in Redis or in logs.
// It is HMAC-SHA256 with secret, truncated to 128 bits, as 32 lowercase hex digits.
// The secret must be at least MinPIISecretLength bytes and must stay the same across
// instances that share entries. Normalise the value (e.g. lower-case an e-mail) first.
func HashPII(secret []byte, value string) (string, error) {
	if len(secret) < MinPIISecretLength {
		return "", fmt.Errorf("cache: PII secret must be at least %d bytes", MinPIISecretLength)
	}
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(value))
	sum := m.Sum(nil)
	return hex.EncodeToString(sum[:16]), nil
}

func validateTag(tag string) error {
	if tag == "" {
		return fmt.Errorf("%w: empty", ErrInvalidTag)
	}
	if len(tag) > MaxTagLength {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrInvalidTag, len(tag), MaxTagLength)
	}
	for i := 0; i < len(tag); i++ {
		if c := tag[i]; c < 0x20 || c == 0x7f {
			return fmt.Errorf("%w: control character", ErrInvalidTag)
		}
	}
	return nil
}
