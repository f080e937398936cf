// Package identity decides, from names and types, whether a value is an
// identity (a tenant, an organisation, a user, ...), personal data (an
// e-mail, a phone number, ...), a version marker or a hash.
//
// The rules work on words: an identifier such as "orgID" or a type such as
// "TenantID" is split into lower-case words ("org", "id") and matched against
// word lists that configuration may extend.
package identity

import (
	"go/types"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/cachevet/cachevet/analyzers/internal/memo"
)

// Kind is the scope an identity names. Larger values are finer scopes: a key
// scoped by a user is also scoped within that user's tenant.
type Kind uint8

const (
	None   Kind = iota
	Tenant      // tenant, organisation, account, customer, workspace, team, company
	User        // user, member, subject, principal
)

func (k Kind) String() string {
	switch k {
	case Tenant:
		return "tenant"
	case User:
		return "user"
	}
	return "none"
}

// Covers reports whether a key scoped by k also separates values that depend
// on an identity of kind need.
func (k Kind) Covers(need Kind) bool { return k != None && k >= need }

// Words are the word lists the rules use. Configuration may extend them.
type Words struct {
	Tenant  []string
	User    []string
	PII     []string
	Hash    []string
	Version []string
}

// DefaultWords are the built-in word lists.
var DefaultWords = Words{
	Tenant:  []string{"tenant", "org", "orgs", "organization", "organisation", "account", "customer", "workspace", "team", "company"},
	User:    []string{"user", "member", "subject", "principal", "claims", "uid", "viewer"},
	PII:     []string{"email", "mail", "phone", "msisdn", "ssn", "passport", "iban", "nationalid", "taxid", "dob", "birthdate", "birthday"},
	Hash:    []string{"hash", "hashed", "digest", "sum", "hmac", "sha1", "sha256", "sha512", "md5", "fnv", "xxhash", "murmur", "blake2b", "blake3", "crc32", "crc64", "pseudonymize", "pseudonymise", "anonymize", "anonymise"},
	Version: []string{"version", "ver", "schema", "revision", "rev", "generation", "gen"},
}

// Classifier applies word lists.
type Classifier struct {
	tenant, user, pii, hash, version map[string]bool
}

// New returns a classifier for the default words extended by extra
// (Default itself when extra adds none).
func New(extra Words) *Classifier {
	if len(extra.Tenant)+len(extra.User)+len(extra.PII)+len(extra.Hash)+len(extra.Version) == 0 {
		return defaultClassifier()
	}
	return build(extra)
}

// defaultClassifier is Default, built once.
var defaultClassifier = sync.OnceValue(func() *Classifier { return build(Words{}) })

func build(extra Words) *Classifier {
	set := func(a, b []string) map[string]bool {
		m := map[string]bool{}
		for _, s := range append(append([]string(nil), a...), b...) {
			m[strings.ToLower(s)] = true
		}
		return m
	}
	return &Classifier{
		tenant:  set(DefaultWords.Tenant, extra.Tenant),
		user:    set(DefaultWords.User, extra.User),
		pii:     set(DefaultWords.PII, extra.PII),
		hash:    set(DefaultWords.Hash, extra.Hash),
		version: set(DefaultWords.Version, extra.Version),
	}
}

// Default is the classifier for the default words.
var Default = defaultClassifier()

// Split splits an identifier into lower-case words: "orgID" → [org id],
// "HTTPUserName" → [http user name], "tenant_id" → [tenant id].
//
// The result is shared between callers (the same identifiers are split
// again and again): read it, do not modify it.
func Split(name string) []string {
	return splitMemo.Get(name, split)
}

// splitMemo holds Split's results by name.
var splitMemo = memo.New[string, []string](1 << 16)

func split(name string) []string {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return splitRunes(name)
		}
	}
	// ASCII (nearly every identifier): words are slices of name, and
	// strings.ToLower returns a word already in lower case as it is.
	words := make([]string, 0, 4)
	start := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '_' || c == '-' || c == '.' || c == ' ' || c == ':' {
			if i > start {
				words = append(words, strings.ToLower(name[start:i]))
			}
			start = i + 1
			continue
		}
		if i > start && isUpperASCII(c) {
			prev := name[i-1]
			nextLower := i+1 < len(name) && isLowerASCII(name[i+1])
			if isLowerASCII(prev) || ('0' <= prev && prev <= '9') || (isUpperASCII(prev) && nextLower) {
				words = append(words, strings.ToLower(name[start:i]))
				start = i
			}
		}
	}
	if len(name) > start {
		words = append(words, strings.ToLower(name[start:]))
	}
	if len(words) == 0 {
		return nil
	}
	return slices.Clip(words)
}

func isUpperASCII(c byte) bool { return 'A' <= c && c <= 'Z' }
func isLowerASCII(c byte) bool { return 'a' <= c && c <= 'z' }

// splitRunes is Split for names with non-ASCII letters.
func splitRunes(name string) []string {
	var words []string
	rs := []rune(name)
	start := 0
	flush := func(end int) {
		if end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
		start = end
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == '_' || r == '-' || r == '.' || r == ' ' || r == ':' {
			flush(i)
			start = i + 1
			continue
		}
		if i > start && unicode.IsUpper(r) {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush(i)
			}
		}
	}
	flush(len(rs))
	return words
}

// idSuffixes may follow an identity word without changing its meaning.
var idSuffixes = map[string]bool{"id": true, "ids": true, "uuid": true, "key": true, "slug": true, "ref": true, "no": true, "number": true, "code": true, "name": true, "handle": true}

// Name classifies an identifier: "orgID", "tenant", "userIDs" and "claims"
// are identities; "userRepo", "users" and "orgService" are not. The identity
// word must be the last word, or the last but one followed by an id-like word.
func (c *Classifier) Name(name string) Kind {
	w := Split(name)
	if len(w) == 0 {
		return None
	}
	last := w[len(w)-1]
	if k := c.word(last); k != None {
		// "sub" and "uid" are identities only on their own or as a suffix.
		return k
	}
	if len(w) >= 2 && idSuffixes[last] {
		return c.word(w[len(w)-2])
	}
	if len(w) == 1 && last == "sub" {
		return User // the subject claim of a JWT or an OpenID token, alone (not pubSub)
	}
	return None
}

func (c *Classifier) word(w string) Kind {
	switch {
	case c.user[w]:
		return User
	case c.tenant[w]:
		return Tenant
	}
	return None
}

// Type classifies a type by its name: TenantID, *auth.User, Claims. Basic
// and unnamed types are never identities by type.
func (c *Classifier) Type(t types.Type) Kind {
	for {
		p, ok := t.(*types.Pointer)
		if !ok {
			break
		}
		t = p.Elem()
	}
	switch t := types.Unalias(t).(type) {
	case *types.Named:
		return c.Name(t.Obj().Name())
	}
	return None
}

// PII reports whether an identifier names personal data.
func (c *Classifier) PII(name string) bool {
	w := Split(name)
	if len(w) == 0 {
		return false
	}
	last := w[len(w)-1]
	if c.pii[last] {
		return true
	}
	if len(w) >= 2 && (last == "addr" || last == "number" || last == "no") && c.pii[w[len(w)-2]] {
		return true
	}
	// "email address", "home address"; a bare "address" is often a network one.
	return len(w) >= 2 && last == "address" && (c.pii[w[len(w)-2]] || personalPlaces[w[len(w)-2]])
}

var personalPlaces = map[string]bool{"home": true, "street": true, "postal": true, "billing": true, "shipping": true, "mailing": true}

// Hash reports whether a function name says it hashes its input.
func (c *Classifier) Hash(name string) bool {
	for _, w := range Split(name) {
		if c.hash[w] || c.hash[strings.TrimRight(w, "0123456789")] {
			return true
		}
	}
	return false
}

// HashPackage reports whether a package path is a hashing package of the
// standard library or a well-known hash module.
func HashPackage(path string) bool {
	switch path {
	case "crypto/sha1", "crypto/sha256", "crypto/sha512", "crypto/sha3", "crypto/md5", "crypto/hmac",
		"hash/fnv", "hash/crc32", "hash/crc64", "hash/adler32", "hash/maphash",
		"github.com/cespare/xxhash/v2", "github.com/cespare/xxhash", "github.com/zeebo/xxh3",
		"golang.org/x/crypto/blake2b", "golang.org/x/crypto/sha3", "lukechampine.com/blake3":
		return true
	}
	return false
}

// Version reports whether an identifier names a version: "version",
// "schemaVersion", "keyVer", "cacheGen".
func (c *Classifier) Version(name string) bool {
	for _, w := range Split(name) {
		if c.version[w] {
			return true
		}
	}
	return false
}

// VersionSegment reports whether a literal key segment is a version marker:
// "v1", "v12", "ver2", "version3", "schema4", "@v1".
func VersionSegment(seg string) bool {
	s := strings.TrimLeft(strings.ToLower(seg), "@#")
	for _, p := range []string{"version", "ver", "rev", "schema", "v"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			rest = strings.TrimLeft(rest, "=_-")
			if rest != "" && strings.Trim(rest, "0123456789.") == "" {
				return true
			}
		}
	}
	return false
}
