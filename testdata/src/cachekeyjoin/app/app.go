package app

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"

	"cachekeyjoin/keys"
)

type Svc struct {
	rdb    *redis.Client
	sf     singleflight.Group
	prefix string
}

type TokenRequest struct {
	Client   string
	Audience string
	Count    int
}

// The permission cache of the advisories: user and object may hold ":".
func (s *Svc) Perm(ctx context.Context, user, object string) {
	s.rdb.Get(ctx, "perm:"+user+":"+object) // want `cache key "perm:\{user\}:\{object\}" joins user and object with ":", which both may contain: user "a:b" with object "c" and user "a" with object "b:c" share an entry; escape the segments or hash the tuple`
}

func (s *Svc) Token(ctx context.Context, req TokenRequest, tok string) {
	key := fmt.Sprintf("token:%s|%s:v1", req.Client, req.Audience)
	s.rdb.Set(ctx, key, tok, time.Minute) // want `cache key "token:\{req.Client\}\|\{req.Audience\}:v1" joins req.Client and req.Audience with "\|", which both may contain`
}

func (s *Svc) ACL(ctx context.Context, group, email string) {
	s.rdb.Get(ctx, strings.Join([]string{"acl", group, email}, "/")) // want `cache key "acl/\{group\}/\{email\}" joins group and email with "/"`
}

// A builder in another package joins with "-".
func (s *Svc) PermVia(ctx context.Context, req TokenRequest) {
	s.rdb.Get(ctx, keys.Perm(req.Client, req.Audience)) // want `cache key "perm:\{req.Client\}-\{req.Audience\}" joins req.Client and req.Audience with "-"`
}

// url.PathEscape leaves ":" as it is.
func (s *Svc) PathEscaped(ctx context.Context, user, object string) {
	s.rdb.Get(ctx, "perm:"+url.PathEscape(user)+":"+url.PathEscape(object)) // want `joins user and object with ":"`
}

func (s *Svc) Flight(owner, repo string) {
	s.sf.Do(owner+"/"+repo, func() (interface{}, error) { return nil, nil }) // want `singleflight key "\{owner\}/\{repo\}" joins owner and repo with "/", which both may contain: owner "a/b" with repo "c" and owner "a" with repo "b/c" share one call and its result`
}

// Near misses.

type UserID int64

type OrgID string

type Role string

const (
	Admin  Role = "admin"
	Reader Role = "reader"
)

func (s *Svc) TypedIDs(ctx context.Context, uid, other UserID, org OrgID, title string) {
	s.rdb.Get(ctx, fmt.Sprintf("perm:%v:%v", uid, other))
	s.rdb.Get(ctx, "org:"+string(org)+":"+string(org)+":"+title)
}

func (s *Svc) Enum(ctx context.Context, role Role, scopeName string, title string) {
	s.rdb.Get(ctx, "role:"+string(role)+":"+title)
}

func (s *Svc) Integers(ctx context.Context, n, m int, x int64, title string) {
	s.rdb.Get(ctx, "grant:"+strconv.Itoa(n)+":"+strconv.FormatInt(x, 10))
	s.rdb.Get(ctx, fmt.Sprintf("grant:%d:%d:%s", n, m, title))
	s.rdb.Get(ctx, keys.Grant(n, m))
	s.rdb.Get(ctx, keys.Doc(x, title))
}

func (s *Svc) Hashes(ctx context.Context, a, b string) {
	ha := sha256.Sum256([]byte(a))
	hb := sha256.Sum256([]byte(b))
	s.rdb.Get(ctx, "h:"+hex.EncodeToString(ha[:])+":"+hex.EncodeToString(hb[:]))
	s.rdb.Get(ctx, fmt.Sprintf("h:%x:%x", ha, hb))
	s.rdb.Get(ctx, "b:"+base64.RawURLEncoding.EncodeToString([]byte(a))+":"+base64.RawURLEncoding.EncodeToString([]byte(b)))
}

func (s *Svc) Escaped(ctx context.Context, user, object string) {
	s.rdb.Get(ctx, "perm:"+url.QueryEscape(user)+":"+url.QueryEscape(object))
	s.rdb.Get(ctx, "perm/"+url.PathEscape(user)+"/"+url.PathEscape(object))
	s.rdb.Get(ctx, fmt.Sprintf("perm:%q:%q", user, object))
}

func (s *Svc) LastFree(ctx context.Context, id int, title string, req TokenRequest) {
	s.rdb.Get(ctx, "doc:"+strconv.Itoa(id)+":"+title)
	s.rdb.Get(ctx, "doc:"+title)
	s.rdb.Get(ctx, fmt.Sprintf("doc:%s:%d", title, req.Count))
	s.rdb.Get(ctx, s.prefix+":"+title) // a configured prefix does not vary per request
}
