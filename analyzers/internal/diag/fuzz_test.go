package diag

import (
	"strings"
	"testing"
)

// FuzzParseIgnore: any comment text parses without panicking; a parsed
// directive's rules are non-empty words without commas or spaces; and
// printing a directive back and parsing it again gives the same directive.
//
//	go test ./analyzers/internal/diag -run '^$' -fuzz FuzzParseIgnore -fuzztime 30s
func FuzzParseIgnore(f *testing.F) {
	for _, s := range []string{
		"//cachevet:ignore cachekey the key is global on purpose",
		"//cachevet:ignore cachekey,cachettl two rules",
		"//cachevet:ignore all",
		"//cachevet:ignore",
		"//cachevet:ignore\tcachekey\treason",
		"//cachevet:ignorecachekey",
		"//cachevet:ignore ,,, x",
		"// cachevet:ignore cachekey",
		"//cachevet:op set key=k",
		"/*cachevet:ignore cachekey*/",
		"//cachevet:ignore cachekey reason\twith  spaces\n",
		"//cachevet:ignore \u00a0cachekey",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, ok := ParseIgnore(text)
		if !strings.HasPrefix(text, IgnorePrefix) {
			if ok {
				t.Fatalf("ParseIgnore(%q) accepted a text without the prefix", text)
			}
			return
		}
		if !ok {
			return
		}
		for _, r := range d.Rules {
			if r == "" || strings.ContainsAny(r, ", \t\n\r") {
				t.Fatalf("ParseIgnore(%q): bad rule %q", text, r)
			}
			if !d.Names(r) {
				t.Fatalf("ParseIgnore(%q): Names(%q) is false for a listed rule", text, r)
			}
		}
		if len(d.Rules) == 0 {
			return
		}
		again := IgnorePrefix + " " + strings.Join(d.Rules, ",")
		if d.Reason != "" {
			again += " " + d.Reason
		}
		d2, ok := ParseIgnore(again)
		if !ok || strings.Join(d2.Rules, ",") != strings.Join(d.Rules, ",") || d2.Reason != d.Reason {
			t.Fatalf("round trip of %q: %q gives %+v (ok %v), want %+v", text, again, d2, ok, d)
		}
	})
}
