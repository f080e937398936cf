package plugin_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/cachevet/cachevet/analyzers/suite"
	"github.com/cachevet/cachevet/plugin"
)

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin("cachevet")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want %q", p.GetLoadMode(), register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, a := range as {
		names[a.Name] = true
	}
	for _, a := range suite.WithModel() {
		if suite.OffByDefault(a.Name) {
			if names[a.Name] {
				t.Errorf("BuildAnalyzers has %s, which is off by default, without enable", a.Name)
			}
			continue
		}
		if !names[a.Name] {
			t.Errorf("BuildAnalyzers lacks %s", a.Name)
		}
	}
}

// golangci-lint hands settings over as the YAML decoder produced them.
func TestNewSettings(t *testing.T) {
	defer func() {
		if err := suite.Configure(&suite.Settings{}); err != nil {
			t.Error(err)
		}
	}()
	good := map[string]any{
		"identity": map[string]any{"tenant": []any{"school"}},
		"pii":      []any{"iban"},
		"cachekey": map[string]any{"version": "all", "format": "{context}:{resource}:*:v{N}"},
		"cachenil": map[string]any{"negative-ttl": "30s"},
		"cmdcache": map[string]any{"handler-types": []any{"Command"}},
		"api": []any{map[string]any{
			"func": "example.com/store.(*Cache).Put", "op": "set", "key": 0, "value": 1, "ttl": 2, "store": "distributed",
		}},
		"disable": []any{"cachekey"},
		"rules":   map[string]any{"cachettl": map[string]any{"lru": "off"}},
	}
	p, err := plugin.New(good)
	if err != nil {
		t.Fatalf("good settings rejected: %v", err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		if a.Name == "cachekey" {
			t.Errorf("disable: [cachekey] did not turn the rule off")
		}
	}

	for _, c := range []struct {
		name string
		conf any
		want string
	}{
		{"unknown key", map[string]any{"cachekey": map[string]any{"versions": "all"}}, `unknown field "versions"`},
		{"unknown section", map[string]any{"ttl": map[string]any{}}, `unknown field "ttl"`},
		{"bad version", map[string]any{"cachekey": map[string]any{"version": "sometimes"}}, `cachekey.version "sometimes"`},
		{"bad op", map[string]any{"api": []any{map[string]any{"func": "x.F", "op": "put"}}}, `op "put" is not one of`},
		{"bad duration", map[string]any{"cachenil": map[string]any{"negative-ttl": "soon"}}, `negative-ttl`},
		{"bad type", map[string]any{"pii": "email"}, `pii`},
		{"unknown rule", map[string]any{"disable": []any{"cachekeys"}}, `no rule named "cachekeys"`},
		// A rule's own settings are checked when golangci-lint starts, not
		// when the rule first runs on a package.
		{"unknown rule setting", map[string]any{"rules": map[string]any{"cachettl": map[string]any{"max": "24h"}}}, `rules.cachettl: unknown key "max"`},
	} {
		_, err := plugin.New(c.conf)
		if err == nil {
			t.Errorf("%s: accepted %v", c.name, c.conf)
			continue
		}
		if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "cachevet") {
			t.Errorf("%s: error %q does not name %q and cachevet", c.name, err, c.want)
		}
	}
}
