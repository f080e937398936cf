// Package config holds the one configuration every cachevet driver fills:
// command-line flags, a cachevet.toml file found by walking up from the
// package directory, and golangci-lint settings all decode into Settings.
package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
)

// FileNames are the configuration file names looked up, in order, in a
// package's directory and each of its parents.
var FileNames = []string{"cachevet.toml", ".cachevet.toml"}

// Settings is cachevet's configuration. The zero value means "defaults".
type Settings struct {
	// Identity extends the words that mark identities in names and types.
	Identity Identity `toml:"identity" json:"identity" mapstructure:"identity"`
	// PII extends the words that mark personal data (e-mail, phone, ...).
	PII []string `toml:"pii" json:"pii" mapstructure:"pii"`
	// Hash extends the words that mark hashing functions.
	Hash []string `toml:"hash" json:"hash" mapstructure:"hash"`
	// APIs declares cache operations the model cannot find by itself.
	APIs []API `toml:"api" json:"api" mapstructure:"api"`
	// Disable turns rules off by name.
	Disable []string `toml:"disable" json:"disable" mapstructure:"disable"`
	// Enable turns on rules that are off by default (OffByDefault).
	Enable []string `toml:"enable" json:"enable" mapstructure:"enable"`
	// Model is the module-wide model file `cachevet model` writes, for
	// drivers that analyse one package at a time (go vet, golangci-lint,
	// nogo). A relative path is relative to the configuration file.
	Model string `toml:"model" json:"model" mapstructure:"model"`

	CacheKey CacheKey `toml:"cachekey" json:"cachekey" mapstructure:"cachekey"`
	CacheNil CacheNil `toml:"cachenil" json:"cachenil" mapstructure:"cachenil"`
	CmdCache CmdCache `toml:"cmdcache" json:"cmdcache" mapstructure:"cmdcache"`

	// Rules holds settings of rules that have no typed section yet, keyed by
	// rule name; each rule validates its own keys.
	Rules map[string]map[string]any `toml:"rules" json:"rules" mapstructure:"rules"`

	// File is the configuration file the settings came from, if any.
	File string `toml:"-" json:"-" mapstructure:"-"`
	// data is the file's contents, to give messages a line.
	data []byte
}

// Identity extends identity words.
type Identity struct {
	Tenant []string `toml:"tenant" json:"tenant" mapstructure:"tenant"`
	User   []string `toml:"user" json:"user" mapstructure:"user"`
}

// API declares a cache operation: a function or method, what it does, and
// which parameter plays which role (0-based, receiver excluded; -1 or
// omitted: none).
type API struct {
	// Func is "pkg/path.Func", "pkg/path.Type.Method" or "pkg/path.(*Type).Method".
	Func string `toml:"func" json:"func" mapstructure:"func"`
	// Op is get, set, add, delete, expire, get-or-create, invalidate-tag or coalesce.
	Op     string `toml:"op" json:"op" mapstructure:"op"`
	Key    *int   `toml:"key" json:"key" mapstructure:"key"`
	Value  *int   `toml:"value" json:"value" mapstructure:"value"`
	TTL    *int   `toml:"ttl" json:"ttl" mapstructure:"ttl"`
	Loader *int   `toml:"loader" json:"loader" mapstructure:"loader"`
	// Store is "distributed" (outlives the process) or "inprocess".
	Store string `toml:"store" json:"store" mapstructure:"store"`
}

// CacheKey configures the cachekey rule.
type CacheKey struct {
	// Version is when keys need a version segment: "distributed" (default),
	// "all" or "off".
	Version string `toml:"version" json:"version" mapstructure:"version"`
	// Format is an optional key format such as "{context}:{resource}:{scope}:*:v{N}".
	Format string `toml:"format" json:"format" mapstructure:"format"`
}

// CacheNil configures the cachenil rule.
type CacheNil struct {
	// NegativeTTL is the longest TTL with which a sentinel "not found" value
	// may be cached on purpose (default 1m).
	NegativeTTL Duration `toml:"negative-ttl" json:"negative-ttl" mapstructure:"negative-ttl"`
}

// CmdCache configures the cmdcache rule.
type CmdCache struct {
	HandlerTypes   []string `toml:"handler-types" json:"handler-types" mapstructure:"handler-types"`
	HandlerMethods []string `toml:"handler-methods" json:"handler-methods" mapstructure:"handler-methods"`
	Packages       []string `toml:"packages" json:"packages" mapstructure:"packages"`
	Interfaces     []string `toml:"interfaces" json:"interfaces" mapstructure:"interfaces"`
	// Allow lists cache types or interfaces that are part of the write-side contract.
	Allow []string `toml:"allow" json:"allow" mapstructure:"allow"`
	// Commits lists extra commit functions ("pkg.Type.Method").
	Commits []string `toml:"commits" json:"commits" mapstructure:"commits"`
	// Infra lists package path segments of the infrastructure layer: a
	// command handler may call into it, and the cache calls made there are
	// that layer's (checked for their order against the commit).
	Infra []string `toml:"infra" json:"infra" mapstructure:"infra"`
}

// Duration is a time.Duration written as "30s" in files.
type Duration struct{ time.Duration }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	d.Duration = v
	return nil
}

// MarshalText implements encoding.TextMarshaler.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Rules are the stable rule names; Disable may name them, or "all".
var Rules = []string{"cachekey", "cachekeyjoin", "cachenil", "outputcache", "cmdcache", "cachettl", "cachebound", "cachemetric", "cacheentity"}

// Checks are the checks of the directives themselves, which "disable" may
// name like rules.
var Checks = []string{"unusedignore"}

// Disabled reports whether rule is turned off by these settings.
func (s *Settings) Disabled(rule string) bool {
	for _, d := range s.Disable {
		if d == rule || d == "all" {
			return true
		}
	}
	if OffByDefault[rule] {
		for _, e := range s.Enable {
			if e == rule {
				return false
			}
		}
		return true
	}
	return false
}

// OffByDefault are the rules that run only when the configuration's
// "enable" names them: new rules whose precision on real code has not yet
// reached the bar the others meet.
var OffByDefault = map[string]bool{"cachekeyjoin": true}

// OpNames are the operation kinds an API declaration may name.
var OpNames = []string{"get", "set", "add", "delete", "expire", "get-or-create", "invalidate-tag", "coalesce"}

// Validate checks the settings and returns an error that names what is wrong.
func (s *Settings) Validate() error {
	var errs []error
	for i, a := range s.APIs {
		where := fmt.Sprintf("api[%d] (%s)", i, a.Func)
		if a.Func == "" || !strings.Contains(a.Func, ".") {
			errs = append(errs, fmt.Errorf("%s: func must be a qualified name such as \"example.com/store.(*Cache).Put\"", where))
		}
		if !contains(OpNames, a.Op) {
			errs = append(errs, fmt.Errorf("%s: op %q is not one of %s", where, a.Op, strings.Join(OpNames, ", ")))
		}
		if a.Store != "" && a.Store != "distributed" && a.Store != "inprocess" {
			errs = append(errs, fmt.Errorf("%s: store %q must be \"distributed\" or \"inprocess\"", where, a.Store))
		}
		for _, p := range []*int{a.Key, a.Value, a.TTL, a.Loader} {
			if p != nil && *p < -1 {
				errs = append(errs, fmt.Errorf("%s: parameter index %d is negative", where, *p))
			}
		}
	}
	for _, d := range s.Disable {
		if d != "all" && !contains(Rules, d) && !contains(Checks, d) {
			errs = append(errs, fmt.Errorf("disable: unknown rule %q: rules are %s", d, strings.Join(append(append([]string(nil), Rules...), Checks...), ", ")))
		}
	}
	for _, e := range s.Enable {
		if !OffByDefault[e] {
			var off []string
			for r := range OffByDefault {
				off = append(off, r)
			}
			sort.Strings(off)
			errs = append(errs, fmt.Errorf("enable: %q is not a rule that is off by default (those are %s)", e, strings.Join(off, ", ")))
		}
	}
	switch s.CacheKey.Version {
	case "", "distributed", "all", "off":
	default:
		errs = append(errs, fmt.Errorf("cachekey.version %q must be \"distributed\", \"all\" or \"off\"", s.CacheKey.Version))
	}
	if s.CacheNil.NegativeTTL.Duration < 0 {
		errs = append(errs, fmt.Errorf("cachenil.negative-ttl must not be negative"))
	}
	if len(errs) == 0 {
		return nil
	}
	var msgs []string
	for _, e := range errs {
		m := e.Error()
		switch {
		case s.File != "" && s.data != nil:
			msgs = append(msgs, fmt.Sprintf("%s:%d: %s", s.File, lineOf(s.data, keyOf(m)), m))
		case s.File != "":
			msgs = append(msgs, s.File+": "+m)
		default:
			msgs = append(msgs, m)
		}
	}
	return errors.New(strings.Join(msgs, "\n"))
}

// keyOf is the last key of the setting a Validate message starts with
// ("cachekey.version ..." -> "version", "api[0] ..." -> "api").
func keyOf(msg string) string {
	k, _, _ := strings.Cut(msg, " ")
	k = strings.TrimSuffix(k, ":")
	if i := strings.IndexByte(k, '['); i >= 0 {
		k = k[:i]
	}
	if i := strings.LastIndexByte(k, '.'); i >= 0 {
		k = k[i+1:]
	}
	return k
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Parse decodes a TOML configuration. Unknown keys are errors that name the
// file and line.
func Parse(name string, data []byte) (*Settings, error) {
	s := new(Settings)
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(s)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("%s:%d: %s", name, perr.Position.Line, perr.Message)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		var msgs []string
		for _, k := range und {
			if len(k) >= 2 && k[0] == "rules" {
				continue // rule sections are validated by their rules
			}
			msgs = append(msgs, fmt.Sprintf("%s:%d: unknown key %q", name, lineOf(data, k[len(k)-1]), k.String()))
		}
		if len(msgs) > 0 {
			sort.Strings(msgs)
			return nil, errors.New(strings.Join(msgs, "\n"))
		}
	}
	s.File = name
	if s.Model != "" {
		if !filepath.IsAbs(s.Model) {
			s.Model = filepath.Join(filepath.Dir(name), s.Model)
		}
		b, err := os.ReadFile(s.Model)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: model: %v (write it with `cachevet model -o %s`)", name, lineOf(data, "model"), err, s.Model)
		}
		if !json.Valid(b) {
			return nil, fmt.Errorf("%s:%d: model: %s is not a cachevet model file (write it again with `cachevet model -o %s`)", name, lineOf(data, "model"), s.Model, s.Model)
		}
	}
	s.data = data
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// lineOf finds the first line that starts with key (the TOML decoder does
// not report positions of undecoded keys).
func lineOf(data []byte, key string) int {
	for i, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, key) || strings.HasPrefix(t, "\""+key+"\"") || strings.Contains(t, "."+key+" ") || strings.HasPrefix(t, "["+key) || strings.Contains(t, "."+key+"]") {
			return i + 1
		}
	}
	return 1
}

// Load reads and parses a configuration file.
func Load(path string) (*Settings, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading cachevet configuration: %w", err)
	}
	return Parse(path, data)
}

var (
	mu       sync.Mutex
	override *Settings // set by a driver (golangci-lint settings, -config)
	//cachevet:ignore cachebound one entry per package directory: bounded by the program analysed
	byDir = map[string]*entry{}
)

type entry struct {
	s   *Settings
	err error
}

// SetOverride makes s the configuration for every package, instead of files
// found next to the code. Drivers call it once, before analysis.
func SetOverride(s *Settings) {
	mu.Lock()
	defer mu.Unlock()
	override = s
}

// ForDir returns the configuration for a package in dir: the override if a
// driver set one, else the nearest cachevet.toml in dir or a parent, else
// defaults.
func ForDir(dir string) (*Settings, error) {
	mu.Lock()
	defer mu.Unlock()
	if override != nil {
		return override, nil
	}
	if dir == "" {
		return &Settings{}, nil
	}
	return lookup(dir)
}

func lookup(dir string) (*Settings, error) {
	if e, ok := byDir[dir]; ok {
		return e.s, e.err
	}
	var e entry
	found := false
	for _, n := range FileNames {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err != nil {
			continue
		}
		if found {
			e.s, e.err = nil, fmt.Errorf("%s and %s: two cachevet configuration files in one directory; keep one", filepath.Join(dir, FileNames[0]), p)
			break
		}
		e.s, e.err = Load(p)
		found = true
	}
	if !found {
		parent := filepath.Dir(dir)
		if parent == dir || isModuleRootStop(dir) {
			e.s = &Settings{}
		} else {
			e.s, e.err = lookup(parent)
		}
	}
	//cachevet:ignore cachenil a configuration error is the answer for the whole run: the file does not change while cachevet runs, and the error is reported, not served as settings
	byDir[dir] = &e
	return e.s, e.err
}

// isModuleRootStop stops the walk at a repository root.
func isModuleRootStop(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, ".git"))
	return err == nil
}
