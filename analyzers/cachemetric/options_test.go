package cachemetric

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
		{rules: map[string]any{"tenant": "yes"}, err: "rules.cachemetric.tenant must be true or false"},
		{rules: map[string]any{"metric-words": 3}, err: "rules.cachemetric.metric-words: want a list of strings"},
		{rules: map[string]any{"labels": true}, err: `unknown key "labels"`},
		{rules: map[string]any{"tenant": true, "all-metrics": false, "metric-words": []any{"lookups"}, "free-text": "needle"}},
	} {
		s := &config.Settings{File: "cachevet.toml", Rules: map[string]map[string]any{"cachemetric": tc.rules}}
		o, err := readOptions(s)
		if tc.err == "" {
			if err != nil {
				t.Fatalf("%v: %v", tc.rules, err)
			}
			if !o.tenant || o.allMetrics || !o.metricWords["lookups"] || !o.freeText["needle"] || !o.metricWords["cache"] {
				t.Fatalf("%v: got %+v", tc.rules, o)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.HasPrefix(err.Error(), "cachevet.toml: ") {
			t.Fatalf("%v: got error %v, want %q", tc.rules, err, tc.err)
		}
	}
}

func TestSplitWords(t *testing.T) {
	for in, want := range map[string]string{
		"cache_hits_total":   "cache hits total",
		"catalog.cache.hits": "catalog cache hits",
		"cacheHits":          "cache hits",
		"HTTPCacheMisses":    "http cache misses",
		"userID":             "user id",
	} {
		if got := strings.Join(splitWords(in), " "); got != want {
			t.Errorf("splitWords(%q) = %q, want %q", in, got, want)
		}
	}
}
