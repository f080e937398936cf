package config

import (
	"strings"
	"testing"
)

// FuzzParse: any file content either parses into settings that validate,
// or fails with an error that names the file; it never panics.
//
//	go test ./analyzers/internal/config -run '^$' -fuzz FuzzParse -fuzztime 30s
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"",
		"disable = [\"cachettl\"]\n",
		"pii = [\"ssn\"]\nhash = [\"digest\"]\n[identity]\ntenant = [\"shop\"]\nuser = [\"buyer\"]\n",
		"[[api]]\nfunc = \"example.com/kv.(*Store).Put\"\nop = \"set\"\nkey = 0\nvalue = 1\nttl = 2\nstore = \"distributed\"\n",
		"[[api]]\nfunc = \"example.com/kv.Get\"\nop = \"fetch\"\n",
		"[[api]]\nfunc = \"\"\nop = \"set\"\nkey = -5\n",
		"[cachekey]\nversion = \"all\"\nformat = \"{context}:{resource}:{scope}:*:v{N}\"\n",
		"[cachekey]\nversion = \"sometimes\"\n",
		"[cachenil]\nnegative-ttl = \"30s\"\n",
		"[cachenil]\nnegative-ttl = \"-1h\"\n",
		"[cachenil]\nnegative-ttl = 30\n",
		"[cmdcache]\nhandler-types = [\"Handler\"]\nallow = [\"example.com/x.Cache\"]\n",
		"[rules.cachettl]\nmax = \"24h\"\nlru = \"off\"\n",
		"[rules]\ncachettl = 3\n",
		"unknown = 1\n",
		"[cachekey\n",
		"disable = [\"cachekey\", 3]\n",
		"a.b.c = 1\n\"quoted key\" = 2\n",
		"[[api]]\n[[api]]\n[[api]]\n",
		"\xff\xfe",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("cachevet.toml", data)
		if err != nil {
			if !strings.Contains(err.Error(), "cachevet.toml") && !strings.Contains(err.Error(), "api") && !strings.Contains(err.Error(), "disable") {
				// Validation errors name the setting; decoding errors the file.
				for _, w := range []string{"cachekey", "cachenil", "cmdcache", "identity", "negative", "version", "format", "rule"} {
					if strings.Contains(err.Error(), w) {
						return
					}
				}
				t.Fatalf("Parse error names neither the file nor the setting: %v", err)
			}
			return
		}
		if s == nil {
			t.Fatal("Parse returned nil settings and no error")
		}
		if s.File != "cachevet.toml" {
			t.Fatalf("File = %q", s.File)
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("parsed settings do not validate: %v", err)
		}
	})
}
