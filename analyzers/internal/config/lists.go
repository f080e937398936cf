package config

import (
	"fmt"
	"strings"
)

// SplitList splits a comma-separated flag value into its trimmed,
// non-empty items.
func SplitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// StringList decodes a rule setting that is a list of strings: a TOML
// array, golangci-lint settings, or one comma-separated string.
func StringList(v any) ([]string, error) {
	switch v := v.(type) {
	case string:
		return SplitList(v), nil
	case []string:
		return v, nil
	case []any:
		var out []string
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("want a list of strings, got an element %v", x)
			}
			out = append(out, s)
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a list of strings, got %v", v)
}
