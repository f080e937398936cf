package config

import (
	"strings"
	"testing"
)

// TestOffByDefault: a rule that is off by default runs only when enable
// names it; disable still wins; enable rejects a rule that is on anyway.
func TestOffByDefault(t *testing.T) {
	var s Settings
	if !s.Disabled("cachekeyjoin") {
		t.Error("cachekeyjoin runs without enable")
	}
	if s.Disabled("cachekey") {
		t.Error("cachekey is off without being disabled")
	}
	s.Enable = []string{"cachekeyjoin"}
	if s.Disabled("cachekeyjoin") {
		t.Error("enable = [cachekeyjoin] does not turn it on")
	}
	s.Disable = []string{"all"}
	if !s.Disabled("cachekeyjoin") {
		t.Error("disable = [all] does not turn an enabled rule off")
	}
	if _, err := Parse("cachevet.toml", []byte(`enable = ["cachekey"]`)); err == nil || !strings.Contains(err.Error(), "not a rule that is off by default") {
		t.Errorf("enable of a rule that is on by default: got %v", err)
	}
}
