package corpus

// Templates of the corpus packages. Tokens replaced per domain:
// MODPATH the corpus module, DOM this domain's directory, PREV the previous
// domain's directory, Qq the entity type, qq its lower-case name.

const authTmpl = `// Package auth carries the signed-in caller in the request context.
package auth

import (
	"context"
	"net/http"
	"strings"
)

type ctxKey int

const (
	userKey ctxKey = iota
	orgKey
)

// Middleware authenticates a bearer token of the form "user@org".
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		user, org, found := strings.Cut(tok, "@")
		if !ok || !found || user == "" || org == "" {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		ctx := context.WithValue(r.Context(), userKey, user)
		ctx = context.WithValue(ctx, orgKey, org)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// UserID is the signed-in user.
func UserID(ctx context.Context) string {
	v, _ := ctx.Value(userKey).(string)
	return v
}

// OrgID is the signed-in user's organisation.
func OrgID(ctx context.Context) string {
	v, _ := ctx.Value(orgKey).(string)
	return v
}
`

const platformTmpl = `// Package platform holds the HTTP helpers every handler uses.
package platform

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
)

// ErrNotFound is returned by repositories for missing rows.
var ErrNotFound = errors.New("not found")

// WriteJSON writes v as a JSON response.
func WriteJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// Fail maps an error to a status.
func Fail(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrNotFound):
		http.Error(w, "not found", http.StatusNotFound)
	default:
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

// Page reads the page query parameter.
func Page(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 0 {
		return 0
	}
	return n
}
`

const keysTmpl = `// Package keys builds the cache keys of qq records.
package keys

import (
	"fmt"
	"strconv"
	"strings"
)

// Prefix versions every qq key.
const Prefix = "qq:v3"

// Qq is the key of one qq of an organisation.
func Qq(orgID, id string) string {
	return fmt.Sprintf("%s:org:%s:id:%s", Prefix, orgID, id)
}

// QqList is the key of a page of an organisation's qq list.
func QqList(orgID string, page int) string {
	return Prefix + ":org:" + orgID + ":list:" + strconv.Itoa(page)
}

// UserQqs is the key of the qq records a user owns.
func UserQqs(orgID, userID string) string {
	return strings.Join([]string{Prefix, "org", orgID, "user", userID}, ":")
}

// Key is a structured key.
type Key struct {
	OrgID string
	ID    string
}

func (k Key) String() string { return fmt.Sprintf("%s:%s:%s", Prefix, k.OrgID, k.ID) }
`

const storeTmpl = `// Package store is the qq cache: Redis in front of the repository, with an
// in-process layer and typed generic helpers.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	gocache "github.com/patrickmn/go-cache"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"
)

// ErrMiss is a cache miss.
var ErrMiss = errors.New("cache miss")

// Store is a JSON cache over Redis.
type Store struct {
	rdb   *redis.Client
	local *gocache.Cache
	sf    singleflight.Group
	TTL   time.Duration
}

// New connects to Redis.
func New(addr string) *Store {
	return &Store{
		rdb:   redis.NewClient(&redis.Options{Addr: addr}),
		local: gocache.New(time.Minute, 10*time.Minute),
		TTL:   5 * time.Minute,
	}
}

// GetJSON reads key into v.
func (s *Store) GetJSON(ctx context.Context, key string, v any) error {
	b, err := s.rdb.Get(ctx, key).Bytes()
	if err != nil {
		if errors.Is(err, redis.Nil) {
			return ErrMiss
		}
		return err
	}
	return json.Unmarshal(b, v)
}

// SetJSON stores v under key.
func (s *Store) SetJSON(ctx context.Context, key string, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.rdb.Set(ctx, key, b, ttl).Err()
}

// Invalidate deletes keys.
func (s *Store) Invalidate(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		s.local.Delete(k)
	}
	return s.rdb.Del(ctx, keys...).Err()
}

// Local reads the in-process layer.
func (s *Store) Local(key string) (any, bool) { return s.local.Get(key) }

// PutLocal writes the in-process layer.
func (s *Store) PutLocal(key string, v any) { s.local.Set(key, v, time.Minute) }

// Once runs load once per key among concurrent callers.
func (s *Store) Once(key string, load func() (any, error)) (any, error) {
	v, err, _ := s.sf.Do(key, load)
	return v, err
}

// Typed is a size-bounded read-through cache of values of one type.
type Typed[K comparable, V any] struct {
	c    *lru.Cache[K, V]
	load func(context.Context, K) (V, error)
}

// NewTyped returns a read-through cache of at most size entries.
func NewTyped[K comparable, V any](size int, load func(context.Context, K) (V, error)) (*Typed[K, V], error) {
	c, err := lru.New[K, V](size)
	if err != nil {
		return nil, err
	}
	return &Typed[K, V]{c: c, load: load}, nil
}

// Get returns the cached value of k, loading it on a miss.
func (t *Typed[K, V]) Get(ctx context.Context, k K) (V, error) {
	if v, ok := t.c.Get(k); ok {
		return v, nil
	}
	v, err := t.load(ctx, k)
	if err != nil {
		var zero V
		return zero, err
	}
	t.c.Add(k, v)
	return v, nil
}

// Forget drops k.
func (t *Typed[K, V]) Forget(k K) { t.c.Remove(k) }

// Map applies f to every element.
func Map[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}
`

const repoTmpl = `// Package repo is the qq repository (in memory) and its business rules.
package repo

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"MODPATH/platform"
)

// Qq is one qq record.
type Qq struct {
	ID        string    ` + "`json:\"id\"`" + `
	OrgID     string    ` + "`json:\"orgId\"`" + `
	OwnerID   string    ` + "`json:\"ownerId\"`" + `
	Title     string    ` + "`json:\"title\"`" + `
	Tags      []string  ` + "`json:\"tags\"`" + `
	Price     int64     ` + "`json:\"price\"`" + `
	Status    Status    ` + "`json:\"status\"`" + `
	UpdatedAt time.Time ` + "`json:\"updatedAt\"`" + `
}

// Status is the life-cycle state of one qq.
type Status int

const (
	Draft Status = iota
	Published
	Archived
)

func (s Status) String() string {
	switch s {
	case Draft:
		return "draft"
	case Published:
		return "published"
	case Archived:
		return "archived"
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Validate checks one qq before it is stored.
func (e *Qq) Validate() error {
	var errs []error
	if strings.TrimSpace(e.Title) == "" {
		errs = append(errs, errors.New("title is required"))
	}
	if len(e.Title) > 200 {
		errs = append(errs, fmt.Errorf("title is %d characters long, at most 200", len(e.Title)))
	}
	if e.Price < 0 {
		errs = append(errs, errors.New("price is negative"))
	}
	seen := map[string]bool{}
	for _, t := range e.Tags {
		if seen[t] {
			errs = append(errs, fmt.Errorf("tag %q repeated", t))
		}
		seen[t] = true
	}
	return errors.Join(errs...)
}

// Repo stores qq records.
type Repo struct {
	mu   sync.RWMutex
	rows map[string]Qq
}

// New returns an empty repository.
func New() *Repo { return &Repo{rows: map[string]Qq{}} }

// Get finds an organisation's qq.
func (r *Repo) Get(ctx context.Context, orgID, id string) (Qq, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.rows[id]
	if !ok || e.OrgID != orgID {
		return Qq{}, platform.ErrNotFound
	}
	return e, ctx.Err()
}

// ListByOrg lists a page of an organisation's qq records, newest first.
func (r *Repo) ListByOrg(ctx context.Context, orgID string, page, size int) ([]Qq, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Qq
	for _, e := range r.rows {
		if e.OrgID == orgID && e.Status != Archived {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].UpdatedAt.Equal(out[j].UpdatedAt) {
			return out[i].UpdatedAt.After(out[j].UpdatedAt)
		}
		return out[i].ID < out[j].ID
	})
	lo, hi := page*size, (page+1)*size
	if lo > len(out) {
		return nil, ctx.Err()
	}
	if hi > len(out) {
		hi = len(out)
	}
	return out[lo:hi], ctx.Err()
}

// ByOwner lists the qq records a user owns.
func (r *Repo) ByOwner(ctx context.Context, orgID, userID string) ([]Qq, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Qq
	for _, e := range r.rows {
		if e.OrgID == orgID && e.OwnerID == userID {
			out = append(out, e)
		}
	}
	return out, ctx.Err()
}

// Upsert validates and stores one qq.
func (r *Repo) Upsert(ctx context.Context, e Qq) error {
	if err := e.Validate(); err != nil {
		return fmt.Errorf("qq %s: %w", e.ID, err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	e.UpdatedAt = time.Now()
	r.rows[e.ID] = e
	return ctx.Err()
}

// Stats summarises an organisation's qq records.
type Stats struct {
	Count    int
	ByStatus map[Status]int
	Total    int64
	TopTags  []string
}

// Summary computes an organisation's statistics.
func (r *Repo) Summary(ctx context.Context, orgID string) (Stats, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	st := Stats{ByStatus: map[Status]int{}}
	tags := map[string]int{}
	for _, e := range r.rows {
		if e.OrgID != orgID {
			continue
		}
		st.Count++
		st.ByStatus[e.Status]++
		st.Total += e.Price
		for _, t := range e.Tags {
			tags[t]++
		}
	}
	for t := range tags {
		st.TopTags = append(st.TopTags, t)
	}
	sort.Slice(st.TopTags, func(i, j int) bool {
		a, b := st.TopTags[i], st.TopTags[j]
		if tags[a] != tags[b] {
			return tags[a] > tags[b]
		}
		return a < b
	})
	if len(st.TopTags) > 5 {
		st.TopTags = st.TopTags[:5]
	}
	return st, ctx.Err()
}
`

const repoTestTmpl = `package repo

import (
	"context"
	"testing"
)

func TestUpsertValidates(t *testing.T) {
	r := New()
	if err := r.Upsert(context.Background(), Qq{ID: "1", OrgID: "o"}); err == nil {
		t.Fatal("want an error for an empty title")
	}
	if err := r.Upsert(context.Background(), Qq{ID: "1", OrgID: "o", Title: "t"}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Get(context.Background(), "other", "1"); err == nil {
		t.Fatal("another organisation must not see the qq")
	}
}
`

const apiTmpl = `// Package api serves qq records over HTTP, through the cache.
package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"MODPATH/auth"
	"MODPATH/DOM/keys"
	"MODPATH/DOM/repo"
	"MODPATH/DOM/store"
	"MODPATH/platform"
	prevkeys "MODPATH/PREV/keys"
)

// Handler serves qq records.
type Handler struct {
	repo  *repo.Repo
	cache *store.Store
	byKey *store.Typed[keys.Key, repo.Qq]
}

// New wires a handler.
func New(r *repo.Repo, c *store.Store) (*Handler, error) {
	h := &Handler{repo: r, cache: c}
	t, err := store.NewTyped(1024, func(ctx context.Context, k keys.Key) (repo.Qq, error) {
		return r.Get(ctx, k.OrgID, k.ID)
	})
	if err != nil {
		return nil, err
	}
	h.byKey = t
	return h, nil
}

// Routes registers the handler's routes.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.Handle("GET /qq/{id}", auth.Middleware(http.HandlerFunc(h.Get)))
	mux.Handle("GET /qq", auth.Middleware(http.HandlerFunc(h.List)))
	mux.Handle("GET /me/qq", auth.Middleware(http.HandlerFunc(h.Mine)))
	mux.Handle("PUT /qq/{id}", auth.Middleware(http.HandlerFunc(h.Put)))
}

// Get serves one qq, read through the cache.
func (h *Handler) Get(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := auth.OrgID(ctx)
	id := r.PathValue("id")
	key := keys.Qq(orgID, id)
	var e repo.Qq
	if err := h.cache.GetJSON(ctx, key, &e); err == nil {
		platform.WriteJSON(w, e)
		return
	}
	e, err := h.repo.Get(ctx, orgID, id)
	if err != nil {
		platform.Fail(w, err)
		return
	}
	_ = h.cache.SetJSON(ctx, key, e, 5*time.Minute)
	platform.WriteJSON(w, e)
}

// List serves a page of the organisation's qq list.
func (h *Handler) List(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := auth.OrgID(ctx)
	page := platform.Page(r)
	LISTKEY
	v, err := h.cache.Once(key, func() (any, error) {
		var list []repo.Qq
		if err := h.cache.GetJSON(ctx, key, &list); err == nil {
			return list, nil
		}
		list, err := h.repo.ListByOrg(ctx, orgID, page, 20)
		if err != nil {
			return nil, err
		}
		_ = h.cache.SetJSON(ctx, key, list, time.Minute)
		return list, nil
	})
	if err != nil {
		platform.Fail(w, err)
		return
	}
	platform.WriteJSON(w, v)
}

// Mine serves the qq records the signed-in user owns.
func (h *Handler) Mine(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID, userID := auth.OrgID(ctx), auth.UserID(ctx)
	key := keys.UserQqs(orgID, userID)
	if v, ok := h.cache.Local(key); ok {
		platform.WriteJSON(w, v)
		return
	}
	list, err := h.repo.ByOwner(ctx, orgID, userID)
	if err != nil {
		platform.Fail(w, err)
		return
	}
	ids := store.Map(list, func(e repo.Qq) string { return e.ID })
	h.cache.PutLocal(key, ids)
	platform.WriteJSON(w, ids)
}

// Put stores one qq and invalidates what caches it.
func (h *Handler) Put(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := auth.OrgID(ctx)
	var e repo.Qq
	if err := json.NewDecoder(r.Body).Decode(&e); err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	e.ID, e.OrgID, e.OwnerID = r.PathValue("id"), orgID, auth.UserID(ctx)
	if err := h.repo.Upsert(ctx, e); err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	h.byKey.Forget(keys.Key{OrgID: orgID, ID: e.ID})
	if err := h.cache.Invalidate(ctx, keys.Qq(orgID, e.ID), keys.QqList(orgID, 0), prevkeys.PqList(orgID, 0)); err != nil {
		platform.Fail(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Summary serves the organisation's statistics, through the typed cache
// for the entity it names.
func (h *Handler) Summary(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	orgID := auth.OrgID(ctx)
	if id := r.URL.Query().Get("focus"); id != "" {
		if _, err := h.byKey.Get(ctx, keys.Key{OrgID: orgID, ID: id}); err != nil {
			platform.Fail(w, err)
			return
		}
	}
	st, err := h.repo.Summary(ctx, orgID)
	if err != nil {
		platform.Fail(w, err)
		return
	}
	platform.WriteJSON(w, map[string]string{
		"count": strconv.Itoa(st.Count),
		"total": strconv.FormatInt(st.Total, 10),
	})
}
`

// The list key: right in most domains; one domain in five domain forgets the
// organisation (a cross-tenant leak the cachekey rule finds).
const (
	goodListKey = `key := keys.QqList(orgID, page)`
	badListKey  = `key := "qq:list:" + strconv.Itoa(page)`
)
