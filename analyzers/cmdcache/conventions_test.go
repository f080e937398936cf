package cmdcache

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/analyzers/internal/config"
)

func setFlag(t *testing.T, name, value string) {
	t.Helper()
	old := Analyzer.Flags.Lookup(name).Value.String()
	if err := Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Analyzer.Flags.Set(name, old) })
}

func TestConventionsDefaultsSettingsFlags(t *testing.T) {
	c, err := newConventions(&config.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.handlerTypes, DefaultHandlerTypes) || !reflect.DeepEqual(c.packages, DefaultPackages) || !reflect.DeepEqual(c.infra, DefaultInfra) {
		t.Errorf("defaults not applied: %+v", c)
	}

	s := &config.Settings{CmdCache: config.CmdCache{Packages: []string{"write"}, Allow: []string{"example.com/infra/cache.Invalidator"}}}
	c, err = newConventions(s)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.packages, []string{"write"}) || !reflect.DeepEqual(c.allow, []string{"example.com/infra/cache.Invalidator"}) {
		t.Errorf("settings not applied: %+v", c)
	}

	setFlag(t, "packages", "cmd, handlers")
	setFlag(t, "infra", "none")
	c, err = newConventions(s)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.packages, []string{"cmd", "handlers"}) {
		t.Errorf("flag does not override settings: %v", c.packages)
	}
	if c.infra != nil {
		t.Errorf("-infra=none should turn the convention off, got %v", c.infra)
	}
}

func TestConventionsInvalid(t *testing.T) {
	for _, tc := range []struct{ flag, value, want string }{
		{"handler-types", "[Command", "not a valid glob"},
		{"packages", "app/commands", "single name"},
		{"commits", "Commit", "must be qualified"},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			setFlag(t, tc.flag, tc.value)
			_, err := newConventions(&config.Settings{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("-%s=%s: got error %v, want one containing %q", tc.flag, tc.value, err, tc.want)
			}
		})
	}
}

func TestTxNames(t *testing.T) {
	for name, want := range map[string]bool{"Tx": true, "DBTx": true, "Transaction": true, "Committer": true, "UnitOfWork": true, "AfterCommit": false, "Context": false, "Txt": false} {
		if got := txLikeName(name); got != want {
			t.Errorf("txLikeName(%q) = %v, want %v", name, got, want)
		}
	}
}
