package cacheentity

import (
	"strings"
	"testing"

	"github.com/cachevet/cachevet/analyzers/internal/config"
)

func TestOptions(t *testing.T) {
	for _, tc := range []struct {
		rules map[string]any
		err   string
	}{
		{rules: map[string]any{"packages": 1}, err: "rules.cacheentity.packages: want a list of strings"},
		{rules: map[string]any{"types": []any{"a.B", 2}}, err: "want a list of strings, got an element 2"},
		{rules: map[string]any{"entities": "x"}, err: `unknown key "entities"`},
		{rules: map[string]any{"allow": "[bad"}, err: `bad pattern "[bad"`},
		{rules: map[string]any{"packages": []any{"model"}, "allow": "*Row,*View", "embeds": []string{"example.com/orm.Base"}}},
	} {
		s := &config.Settings{File: "cachevet.toml", Rules: map[string]map[string]any{"cacheentity": tc.rules}}
		o, err := readOptions(s)
		if tc.err == "" {
			if err != nil {
				t.Fatalf("%v: %v", tc.rules, err)
			}
			if len(o.packages) != 1 || len(o.allow) != 2 || len(o.embeds) != 1 {
				t.Fatalf("%v: got %+v", tc.rules, o)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "cachevet.toml: ") {
			t.Fatalf("%v: got error %v, want %q", tc.rules, err, tc.err)
		}
	}
}

func TestReadModelName(t *testing.T) {
	for name, want := range map[string]bool{
		"OrderDTO": true, "OrderDto": true, "CourseView": true, "CartReadModel": true, "OrderSummary": true,
		"ProfileResponse": true, "Order": false, "ViewCounter": false, "Model": false, "UserModel": false,
	} {
		if got := readModelName(name); got != want {
			t.Errorf("readModelName(%q) = %v, want %v", name, got, want)
		}
	}
}
