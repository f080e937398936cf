package memo

import (
	"reflect"
	"strings"
	"sync"
)

type Template struct{ Text string }

func parse(name string) *Template { return &Template{Text: strings.ToUpper(name)} }

// ---- reported ----

var (
	mu            sync.Mutex
	templateCache = map[string]*Template{} // want `map templateCache is used as a cache: it is read by key and filled on a miss but never deleted from, cleared or size-checked, so it grows with every distinct key until the process runs out of memory`
)

func Lookup(name string) *Template {
	mu.Lock()
	defer mu.Unlock()
	if t, ok := templateCache[name]; ok {
		return t
	}
	t := parse(name)
	templateCache[name] = t
	return t
}

// A clear miss-write pattern, whatever the name.
var results = map[string]int{} // want `map results is used as a cache: it is read by key and filled on a miss`

func Score(q string) int {
	if v, ok := results[q]; ok {
		return v
	}
	v := len(q)
	results[q] = v
	return v
}

type Resolver struct {
	mu   sync.RWMutex
	memo map[string]string // want `map Resolver.memo is used as a cache: it is read by key and filled on a miss`
}

func (r *Resolver) Resolve(host string) string {
	r.mu.RLock()
	v, ok := r.memo[host]
	r.mu.RUnlock()
	if ok {
		return v
	}
	v = strings.ToLower(host)
	r.mu.Lock()
	if r.memo == nil {
		r.memo = map[string]string{} // lazy initialisation, not a reset
	}
	r.memo[host] = v
	r.mu.Unlock()
	return v
}

var userCache sync.Map // want `map userCache is used as a cache: it is read by key and filled on a miss`

func User(id string) string {
	if v, ok := userCache.Load(id); ok {
		return v.(string)
	}
	v, _ := userCache.LoadOrStore(id, "u"+id)
	return v.(string)
}

// ---- near misses: silent ----

// Deleted from.
var sessionCache = map[string]string{}

func Session(id string) string {
	if v, ok := sessionCache[id]; ok {
		return v
	}
	sessionCache[id] = "s"
	return "s"
}

func Logout(id string) { delete(sessionCache, id) }

// Size-checked.
var pageCache = map[string][]byte{}

func Page(p string) []byte {
	if b, ok := pageCache[p]; ok {
		return b
	}
	b := []byte(p)
	if len(pageCache) < 1000 {
		pageCache[p] = b
	}
	return b
}

// Reset periodically.
var queryCache = map[string]int{}

func Query(q string) int {
	if v, ok := queryCache[q]; ok {
		return v
	}
	queryCache[q] = 1
	return 1
}

func Flush() { queryCache = map[string]int{} }

// A registry: filled in init, only read afterwards.
var handlers = map[string]func(){}

func init() {
	handlers["a"] = func() {}
	handlers["b"] = func() {}
}

func Handle(name string) {
	if h, ok := handlers[name]; ok {
		h()
	}
}

// A registry filled by Register without a read-before-write: not a cache.
var codecs = map[string]string{}

func Register(name, c string)  { codecs[name] = c }
func Codec(name string) string { return codecs[name] }

// Keyed by a finite domain.
var fieldCache = map[reflect.Type][]string{}
var fieldMu sync.Mutex

func Fields(t reflect.Type) []string {
	fieldMu.Lock()
	defer fieldMu.Unlock()
	if f, ok := fieldCache[t]; ok {
		return f
	}
	f := []string{t.Name()}
	fieldCache[t] = f
	return f
}

type Level int

var levelCache = map[Level]string{}

func LevelName(l Level) string {
	if s, ok := levelCache[l]; ok {
		return s
	}
	levelCache[l] = "x"
	return "x"
}

// A per-request memo: the struct has no lock, it dies with the request.
type request struct {
	seen map[string]bool
}

func (r *request) visit(k string) bool {
	if r.seen[k] {
		return false
	}
	r.seen[k] = true
	return true
}

// A struct field filled while the value is built: initialisation.
type Index struct {
	mu     sync.Mutex
	byName map[string]int
}

func NewIndex(names []string) *Index {
	ix := &Index{byName: map[string]int{}}
	for i, n := range names {
		if _, dup := ix.byName[n]; !dup {
			ix.byName[n] = i
		}
	}
	return ix
}

func (ix *Index) Get(n string) int { return ix.byName[n] }

// A local memo dies with the call.
func Dedup(xs []string) []string {
	cache := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !cache[x] {
			cache[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Suppressed with a reason.
var countryCache = map[string]string{} //cachevet:ignore cachebound keys are ISO country codes, at most 250

func Country(code string) string {
	if c, ok := countryCache[code]; ok {
		return c
	}
	countryCache[code] = strings.ToUpper(code)
	return countryCache[code]
}

var _ = request{}

// A shared struct filled on a miss, but nothing says it is a cache: it
// lives as long as its owner (one load, one run), which the rule cannot see.
type loader struct {
	mu       sync.Mutex
	packages map[string]*Template
}

func (l *loader) load(path string) *Template {
	l.mu.Lock()
	defer l.mu.Unlock()
	if p, ok := l.packages[path]; ok {
		return p
	}
	p := parse(path)
	l.packages[path] = p
	return p
}

var _ = (*loader).load
