package plugin_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/internal/testutil"
)

// TestGolangciLint proves the plugin in a real golangci-lint built with it
// (scripts/golangci-cachevet.sh builds one and runs this test with
// CACHEVET_GOLANGCI_LINT set): on the example service it reports what the
// standalone cachevet reports, //nolint:cachevet suppresses, and settings
// from .golangci.yml take effect.
func TestGolangciLint(t *testing.T) {
	gcl := os.Getenv("CACHEVET_GOLANGCI_LINT")
	if gcl == "" {
		t.Skip("CACHEVET_GOLANGCI_LINT is not set: run scripts/golangci-cachevet.sh")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	cachevet := filepath.Join(t.TempDir(), "cachevet")
	if out, err := exec.Command("go", "build", "-o", cachevet, "../cmd/cachevet").CombinedOutput(); err != nil {
		t.Fatalf("building cachevet: %v\n%s", err, out)
	}
	dir := testutil.CopyModule(t, filepath.Join(root, "examples", "lms"))

	// The standalone findings.
	var sa struct {
		Findings []struct {
			Rule, File, Message string
			Line, Column        int
		}
	}
	out, code := runIn(t, dir, cachevet, "-format", "json", "./...")
	if code != 3 {
		t.Fatalf("cachevet on the example: exit %d, want 3 (findings)", code)
	}
	if err := json.Unmarshal(out, &sa); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range sa.Findings {
		rel, _ := filepath.Rel(dir, f.File)
		want = append(want, fmt.Sprintf("%s:%d:%d: %s: %s", filepath.ToSlash(rel), f.Line, f.Column, f.Rule, f.Message))
	}
	sort.Strings(want)

	// The example's .golangci.yml, which docs/integrations.md documents,
	// verbatim.
	got := golangci(t, gcl, dir, "")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("golangci-lint and cachevet differ:\ngolangci-lint:\n  %s\ncachevet:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	t.Logf("golangci-lint and cachevet agree on %d findings", len(got))

	// Settings take effect: no version findings with version: off, no
	// cachekey findings with disable: [cachekey].
	versioned := count(got, "has no version segment")
	if versioned == 0 {
		t.Fatal("the example has no version findings: the settings check would prove nothing")
	}
	off := golangci(t, gcl, dir, `{cachekey: {version: "off"}}`)
	if count(off, "has no version segment") != 0 || len(off) != len(got)-versioned {
		t.Errorf("cachekey.version: off in .golangci.yml: %d findings, want %d without version findings:\n%s", len(off), len(got)-versioned, strings.Join(off, "\n"))
	}
	disabled := golangci(t, gcl, dir, `{disable: [cachekey]}`)
	if count(disabled, ": cachekey: ") != 0 || len(disabled) != len(got)-count(got, ": cachekey: ") {
		t.Errorf("disable: [cachekey] in .golangci.yml left %d findings:\n%s", len(disabled), strings.Join(disabled, "\n"))
	}
	// A misspelt setting stops golangci-lint with an error naming it.
	writeConfig(t, dir, `{cachekey: {versions: "off"}}`)
	out, code = runIn(t, dir, gcl, "run", "./...")
	if code == 0 || code == 1 || !strings.Contains(string(out), `unknown field "versions"`) {
		t.Errorf("a misspelt setting: exit %d, want a configuration error naming it:\n%s", code, out)
	}

	// //nolint:cachevet on the statement of the first finding hides it,
	// and only the findings of that line.
	first := strings.SplitN(got[0], ":", 3)
	file := filepath.Join(dir, filepath.FromSlash(first[0]))
	line := atoi(t, first[1])
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	indent := lines[line-1][:len(lines[line-1])-len(strings.TrimLeft(lines[line-1], "\t"))]
	lines = append(lines[:line-1], append([]string{indent + "//nolint:cachevet // accepted for this test"}, lines[line-1:]...)...)
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	var wantNolint []string
	for _, g := range got {
		parts := strings.SplitN(g, ":", 3)
		l := atoi(t, parts[1])
		switch {
		case parts[0] == first[0] && l == line:
			continue // suppressed
		case parts[0] == first[0] && l > line:
			g = fmt.Sprintf("%s:%d:%s", parts[0], l+1, parts[2])
		}
		wantNolint = append(wantNolint, g)
	}
	sort.Strings(wantNolint)
	nolint := golangci(t, gcl, dir, "{}")
	if strings.Join(nolint, "\n") != strings.Join(wantNolint, "\n") {
		t.Errorf("with //nolint:cachevet above %s:%d:\n  %s\nwant:\n  %s", first[0], line, strings.Join(nolint, "\n  "), strings.Join(wantNolint, "\n  "))
	}
}

func count(list []string, sub string) int {
	n := 0
	for _, s := range list {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

func atoi(t *testing.T, s string) int {
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

func writeConfig(t *testing.T, dir, settings string) {
	t.Helper()
	cfg := `version: "2"
linters:
  default: none
  enable: [cachevet]
  settings:
    custom:
      cachevet:
        type: module
        description: caching mistakes in Go code
        settings: ` + settings + `
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
  uniq-by-line: false
`
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

// golangci runs golangci-lint with settings ("": the module's own
// .golangci.yml) and returns its cachevet
// findings as "file:line:col: rule: message", sorted.
func golangci(t *testing.T, gcl, dir, settings string) []string {
	t.Helper()
	if settings != "" {
		writeConfig(t, dir, settings)
	}
	out, code := runIn(t, dir, gcl, "run", "--output.json.path=stdout", "--output.text.path=", "./...")
	if code != 0 && code != 1 {
		t.Fatalf("golangci-lint: exit %d:\n%s", code, out)
	}
	var rep struct {
		Issues []struct {
			FromLinter, Text string
			Pos              struct {
				Filename     string
				Line, Column int
			}
		}
	}
	// stdout holds the JSON report; stderr may hold logs after it.
	dec := json.NewDecoder(bytes.NewReader(out))
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("golangci-lint JSON: %v\n%s", err, out)
	}
	var got []string
	for _, is := range rep.Issues {
		if is.FromLinter != "cachevet" {
			continue
		}
		got = append(got, fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(is.Pos.Filename), is.Pos.Line, is.Pos.Column, is.Text))
	}
	sort.Strings(got)
	return got
}

func runIn(t *testing.T, dir, name string, args ...string) ([]byte, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return append(stdout.Bytes(), stderr.Bytes()...), ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return append(stdout.Bytes(), stderr.Bytes()...), 0
}
