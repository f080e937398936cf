package memo

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"time"
)

// ---- maps that keep state per key, not caches: silent ----

// A sliding window per worker: each write appends to the key's own entry.
var window = map[int][]bool{}

func record(worker int, ok bool) float64 {
	if len(window[worker]) > 10 {
		window[worker] = window[worker][1:]
	}
	window[worker] = append(window[worker], ok)
	if len(window[worker]) > 100 {
		window[worker] = make([]bool, 0) // a reset of the key's window
	}
	good := 0
	for _, v := range window[worker] {
		if v {
			good++
		}
	}
	return float64(good) / float64(len(window[worker]))
}

// A counter per route.
var hitsByRoute = map[string]int{}

func countRoute(route string) int {
	n := hitsByRoute[route]
	hitsByRoute[route] = hitsByRoute[route] + 1
	return n
}

// Filled once at start-up from a fixed list; at run time an entry is only
// replaced when the lookup found its key, so the map never grows.
var encoders = map[string]*Template{}

func LoadEncoders(names []string) {
	for _, n := range names {
		encoders[n] = nil
	}
}

func Encoder(name string) *Template {
	enc, ok := encoders[name]
	if ok && enc != nil {
		return enc
	}
	if ok {
		enc = parse(name)
		encoders[name] = enc
		return enc
	}
	return parse("default")
}

// The same with a sync.Map and the replacement on the else branch.
var codecsByName sync.Map

func Codecs(name string) *Template {
	v, ok := codecsByName.Load(name)
	if !ok {
		return parse("default")
	} else {
		t := parse(name)
		codecsByName.Store(name, t)
		_ = v
		return t
	}
}

// ---- still caches: reported ----

type signed struct {
	token string
	until time.Time
}

// Tokens signed per API key, re-signed when expired, never removed.
var signedTokens sync.Map // want `map signedTokens is used as a cache: it is read by key and filled on a miss`

func Token(apiKey string) string {
	if v, ok := signedTokens.Load(apiKey); ok {
		if s, ok := v.(signed); ok && time.Now().Before(s.until) {
			return s.token
		}
	}
	tok := strings.ToUpper(apiKey)
	signedTokens.Store(apiKey, signed{token: tok, until: time.Now().Add(time.Hour)})
	return tok
}

// A write on the hit branch of one lookup does not hide a miss-fill after
// another.
var shapes = map[string]*Template{} // want `map shapes is used as a cache: it is read by key and filled on a miss`

func Shape(name string) *Template {
	if t, ok := shapes[name]; ok {
		shapes[name] = t
		return t
	}
	t := parse(name)
	shapes[name] = t
	return t
}

// ---- registries and per-handle maps: silent ----

type Tool interface{ Name() string }

// A registry: it stores what its callers hand it, after a duplicate check.
var tools = map[string]Tool{}

func RegisterTool(t Tool) {
	if _, dup := tools[t.Name()]; dup {
		panic("duplicate tool " + t.Name())
	}
	tools[t.Name()] = t
}

var rules = map[string][]string{}

func RegisterRules(name string, r []string) error {
	if rules[name] != nil {
		return nil
	}
	rules[name] = r
	return nil
}

// DB stands for a connection pool.
type DB struct{ dsn string }

// One entry per connection pool the process opened.
var jsonSupport sync.Map

func SupportsJSON(db *DB) bool {
	if v, ok := jsonSupport.Load(db); ok {
		return v.(bool)
	}
	ok := !strings.Contains(db.dsn, "legacy")
	jsonSupport.Store(db, ok)
	return ok
}

// A pointer key that is not a handle still grows with every value.
var rendered sync.Map // want `map rendered is used as a cache: it is read by key and filled on a miss`

func Render(t *Template) string {
	if v, ok := rendered.Load(t); ok {
		return v.(string)
	}
	s := strings.ToLower(t.Text)
	rendered.Store(t, s)
	return s
}

// ---- keyed by a type name: the program's types, a finite domain ----

var instances = map[string]any{}

func Instance[T any](build func() T) T {
	var zero T
	name := reflect.TypeOf(zero).String()
	if v, ok := instances[name]; ok {
		return v.(T)
	}
	v := build()
	instances[name] = v
	return v
}

var byTypeName = map[string]int{}

func SizeOf(v any) int {
	k := fmt.Sprintf("%T", v)
	if n, ok := byTypeName[k]; ok {
		return n
	}
	byTypeName[k] = len(k)
	return len(k)
}

// A key with a type and a value is not a type name.
var byTypeAndValue = map[string]int{} // want `map byTypeAndValue is used as a cache`

func SizeOfValue(v any) int {
	k := fmt.Sprintf("%T:%v", v, v)
	if n, ok := byTypeAndValue[k]; ok {
		return n
	}
	byTypeAndValue[k] = len(k)
	return len(k)
}

// The type's name computed by the caller, passed to an unexported helper.
var fieldsByModel = map[string][]string{}

func RegisterModel(v any) []string {
	name := reflect.TypeOf(v).String()
	return modelFields(name, v)
}

func modelFields(name string, v any) []string {
	if f := fieldsByModel[name]; f != nil {
		return f
	}
	f := []string{strings.ToLower(name)}
	fieldsByModel[name] = f
	return f
}

// One caller passes something else: the helper's key is any string.
var fieldsByLabel = map[string][]string{} // want `map fieldsByLabel is used as a cache`

func LabelFields(v any, label string) []string {
	_ = labelFields(reflect.TypeOf(v).Name())
	return labelFields(label)
}

func labelFields(name string) []string {
	if f := fieldsByLabel[name]; f != nil {
		return f
	}
	f := []string{name}
	fieldsByLabel[name] = f
	return f
}
