package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"sort"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/analyzers/suite"
	"github.com/cachevet/cachevet/internal/driver"
	"github.com/cachevet/cachevet/internal/testutil"
)

// bin is the cachevet binary built once for these tests.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "cachevet-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "cachevet")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building cachevet: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func repoRoot(t *testing.T) string {
	t.Helper()
	r, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// gopathEnv runs the go command in GOPATH mode over the shared stubs (and
// extra GOPATH roots first).
func gopathEnv(t *testing.T, extra ...string) []string {
	roots := append(extra, filepath.Join(repoRoot(t), "testdata"))
	// GOMODCACHE stays where it is, so that nothing is ever written under
	// the GOPATH roots.
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(), "GO111MODULE=off", "GOPATH="+strings.Join(roots, string(os.PathListSeparator)), "GOFLAGS=", "GOMODCACHE="+strings.TrimSpace(string(modcache)))
}

type result struct {
	stdout, stderr string
	code           int
}

func run(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return result{o.String(), e.String(), code}
}

var lineRx = regexp.MustCompile(`^(.+?\.go):(\d+):(\d+): (.*)$`)

// parseText turns "file:line:col: message" lines (cachevet's text output
// without the "(rule)" suffix, or go vet's) into a sorted set with
// absolute file names.
func parseText(dir, out string, stripRule bool) []string {
	var set []string
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := lineRx.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		file := m[1]
		if !filepath.IsAbs(file) {
			file = filepath.Join(dir, file)
		}
		msg := m[4]
		if stripRule {
			if i := strings.LastIndex(msg, " ("); i >= 0 && strings.HasSuffix(msg, ")") {
				msg = msg[:i]
			}
		}
		set = append(set, fmt.Sprintf("%s:%s:%s: %s", filepath.Clean(file), m[2], m[3], msg))
	}
	sort.Strings(set)
	return set
}

func diffSets(t *testing.T, what string, a, b []string) {
	t.Helper()
	if strings.Join(a, "\n") == strings.Join(b, "\n") {
		return
	}
	t.Errorf("%s differ:\nstandalone:\n  %s\ngo vet:\n  %s", what, strings.Join(a, "\n  "), strings.Join(b, "\n  "))
}

// TestVetMatchesStandalone runs cachevet standalone and as go vet's tool on
// the example service and on the fixture, with and without rule flags, and
// wants the same findings.
func TestVetMatchesStandalone(t *testing.T) {
	cases := []struct {
		name string
		dir  string
		env  []string
	}{
		{"fixture", filepath.Join(repoRoot(t), "testdata/src/drivertest"), gopathEnv(t)},
	}
	if ex := filepath.Join(repoRoot(t), "examples/lms"); exists(ex) && !testing.Short() {
		cases = append(cases, struct {
			name string
			dir  string
			env  []string
		}{"examples", ex, append(os.Environ(), "GOFLAGS=-mod=mod")})
	}
	for _, c := range cases {
		// Each pair of runs costs seconds: the fixture checks that a flag
		// turns findings off in both drivers, the example that a flag that
		// adds findings reaches both, and the default.
		matrix := [][]string{{"-cachekey.version=all"}}
		if c.name == "fixture" {
			matrix = [][]string{{"-cachekey.version=off"}}
		}
		for _, flags := range matrix {
			t.Run(c.name+strings.Join(flags, ""), func(t *testing.T) {
				sa := run(t, c.dir, c.env, bin, append(flags, "./...")...)
				if sa.code != 0 && sa.code != 3 {
					t.Fatalf("standalone exit %d: %s", sa.code, sa.stderr)
				}
				// go vet sees one package at a time: it reads the module-wide
				// model standalone links by itself from the file `cachevet
				// model` writes.
				tmp := t.TempDir()
				if r := run(t, c.dir, c.env, bin, "model", "-o", filepath.Join(tmp, "model.json"), "./..."); r.code != 0 {
					t.Fatalf("cachevet model: exit %d\n%s", r.code, r.stderr)
				}
				conf := filepath.Join(tmp, "cachevet.toml")
				if err := os.WriteFile(conf, []byte("model = \"model.json\"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				vet := run(t, c.dir, c.env, "go", append(append([]string{"vet", "-vettool=" + bin, "-config=" + conf}, flags...), "./...")...)
				if vet.code != 0 && vet.code != 1 {
					t.Fatalf("go vet exit %d: %s", vet.code, vet.stderr)
				}
				a, b := parseText(c.dir, sa.stdout, true), parseText(c.dir, vet.stderr, false)
				if len(a) == 0 && c.name == "examples" {
					t.Fatalf("no findings at all: the comparison would prove nothing\n%s", sa.stderr)
				}
				diffSets(t, "findings", a, b)
				versioned := 0
				for _, f := range a {
					if strings.Contains(f, "has no version segment") {
						versioned++
					}
				}
				if len(flags) > 0 && flags[0] == "-cachekey.version=off" && versioned > 0 {
					t.Errorf("-cachekey.version=off still reports missing versions:\n%s", strings.Join(a, "\n"))
				}
			})
		}
	}
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// copyFixture copies the fixture into a fresh GOPATH root and returns the
// root and the copied package directory.
func copyFixture(t *testing.T) (root, dir string) {
	t.Helper()
	root = t.TempDir()
	dir = filepath.Join(root, "src/drivertest")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join(repoRoot(t), "testdata/src/drivertest"))); err != nil {
		t.Fatal(err)
	}
	return root, dir
}

func TestExitCodesAndErrors(t *testing.T) {
	fixture := filepath.Join(repoRoot(t), "testdata/src/drivertest")
	env := gopathEnv(t)
	bad := filepath.Join(t.TempDir(), "cachevet.toml")
	if err := os.WriteFile(bad, []byte("[cachekey]\nversion = \"all\"\nshape = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badRule := filepath.Join(t.TempDir(), "cachevet.toml")
	if err := os.WriteFile(badRule, []byte("[rules.cachettl]\nlru = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badValue := filepath.Join(t.TempDir(), "cachevet.toml")
	if err := os.WriteFile(badValue, []byte("# values\n\n[cachekey]\nversion = \"sometimes\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"./..."}, 3, ""},
		{[]string{"./rcache"}, 0, ""},
		{[]string{"-cachekey=false", "./..."}, 0, ""},
		{[]string{"-cachekey=true", "./..."}, 3, ""},
		{[]string{"-cachekey.version=sometimes", "./..."}, 1, `-cachekey.version="sometimes": want distributed, all or off`},
		{[]string{"-format=xml", "./..."}, 1, `-format "xml": want text, json or sarif`},
		{[]string{"-no-such-flag", "./..."}, 1, "flag provided but not defined: -no-such-flag"},
		{[]string{"-config", bad, "./..."}, 1, bad + `:3: unknown key "cachekey.shape"`},
		{[]string{"-baseline", filepath.Join(t.TempDir(), "none.json"), "./..."}, 1, "does not exist: record one with"},
		{[]string{"./nosuchpkg"}, 1, "nosuchpkg"},
		{[]string{"-h"}, 0, "exit codes: 0 no findings, 1 error, 3 findings"},
		{[]string{"-cachenil.negative-ttl=soon", "./..."}, 1, `-cachenil.negative-ttl="soon": want a duration`},
		{[]string{"-cmdcache.handler-types=a/b", "./..."}, 1, `handler type pattern "a/b"`},
		{[]string{"-config", badRule, "./..."}, 1, badRule + `: rules.cachettl.lru: want "on" or "off", got 3`},
		{[]string{"-config", badValue, "./..."}, 1, badValue + `:4: cachekey.version "sometimes" must be`},
		{[]string{"-version"}, 0, ""},
		{[]string{"--version"}, 0, ""},
	} {
		r := run(t, fixture, env, bin, c.args...)
		if r.code != c.code {
			t.Errorf("cachevet %v: exit %d, want %d\nstdout: %s\nstderr: %s", c.args, r.code, c.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("cachevet %v: stderr lacks %q:\n%s", c.args, c.want, r.stderr)
		}
		if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "goroutine ") {
			t.Errorf("cachevet %v panicked:\n%s", c.args, r.stderr)
		}
		// A bad value is one line: no internal "failed prerequisites"
		// of every rule and package.
		if c.code == 1 && c.args[0] != "./nosuchpkg" {
			if n := strings.Count(strings.TrimSpace(r.stderr), "\n") + 1; n != 1 || strings.Contains(r.stderr, "prerequisites") {
				t.Errorf("cachevet %v: want one line on stderr, got %d:\n%s", c.args, n, r.stderr)
			}
		}
	}
}

// TestVersionAndHiddenFlags: -version and --version work like "cachevet
// version"; the shared model's internal switch is not a flag.
func TestVersionAndHiddenFlags(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"-version"}, {"--version"}} {
		r := run(t, ".", os.Environ(), bin, args...)
		if r.code != 0 || !strings.HasPrefix(r.stdout, "cachevet ") || strings.TrimSpace(r.stdout) == "cachevet" {
			t.Errorf("cachevet %v: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	for _, args := range [][]string{{"-h"}, {"lsp", "-h"}, {"help"}} {
		if r := run(t, ".", os.Environ(), bin, args...); r.code != 0 {
			t.Errorf("cachevet %v: exit %d, want 0", args, r.code)
		}
	}
	if r := run(t, ".", os.Environ(), bin, "lsp", "-nosuchflag"); r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
		t.Errorf("cachevet lsp -nosuchflag: exit %d, want 1 and one line:\n%s", r.code, r.stderr)
	}
	r := run(t, ".", os.Environ(), bin, "-h")
	if strings.Contains(r.stderr, "-cacheops") {
		t.Errorf("-h shows the internal -cacheops switch:\n%s", r.stderr)
	}
}

func TestVersionOf(t *testing.T) {
	for _, c := range []struct {
		bi   debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.3"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260101000000-0123456789ab+dirty"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}, "devel-0123456789ab+dirty"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "false"}}}, "devel-0123456789ab"},
	} {
		if got := versionOf(&c.bi); got != c.want {
			t.Errorf("versionOf(%+v) = %q, want %q", c.bi, got, c.want)
		}
	}
}

// TestTwoConfigFiles: cachevet.toml and .cachevet.toml in one directory
// is an error, not a silent choice.
func TestTwoConfigFiles(t *testing.T) {
	root, dir := copyFixture(t)
	env := gopathEnv(t, root)
	for _, n := range []string{"cachevet.toml", ".cachevet.toml"} {
		if err := os.WriteFile(filepath.Join(dir, "app", n), []byte("disable = [\"cachekey\"]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := run(t, dir, env, bin, "./...")
	if r.code != 1 || !strings.Contains(r.stderr, "two cachevet configuration files in one directory") {
		t.Errorf("exit %d, want 1 and an error:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestVetReRunsOnConfigChange: go vet caches results under the tool's id;
// a changed, added or deleted cachevet.toml, or a changed -config file,
// must make it run again, and a bad file must be reported with its line.
func TestVetReRunsOnConfigChange(t *testing.T) {
	root, dir := copyFixture(t)
	env := gopathEnv(t, root)
	vet := func(args ...string) result {
		return run(t, dir, env, "go", append(append([]string{"vet", "-vettool=" + bin}, args...), "./...")...)
	}
	cfg := filepath.Join(dir, "app", "cachevet.toml")
	if r := vet(); r.code != 1 || !strings.Contains(r.stderr, "cache key") {
		t.Fatalf("first run: exit %d, want findings:\n%s", r.code, r.stderr)
	}
	if err := os.WriteFile(cfg, []byte("disable = [\"cachekey\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := vet(); r.code != 0 || strings.Contains(r.stderr, "cache key") {
		t.Errorf("after adding a cachevet.toml that disables the rule: exit %d, want 0 (a cached result?):\n%s", r.code, r.stderr)
	}
	if err := os.Remove(cfg); err != nil {
		t.Fatal(err)
	}
	if r := vet(); r.code != 1 || !strings.Contains(r.stderr, "cache key") {
		t.Errorf("after deleting it: exit %d, want the findings back:\n%s", r.code, r.stderr)
	}
	if err := os.WriteFile(cfg, []byte("disable = [\"nope\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := vet(); r.code != 1 || !strings.Contains(r.stderr, `app/cachevet.toml:1: disable: unknown rule "nope"`) || strings.Contains(r.stderr, "prerequisites") {
		t.Errorf("a bad cachevet.toml: exit %d, want 1 and its file:line:\n%s", r.code, r.stderr)
	}
	os.Remove(cfg)
	// One file for the whole run, changed in place.
	file := filepath.Join(root, "vet.toml")
	if err := os.WriteFile(file, []byte("disable = [\"cachekey\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := vet("-config=" + file); r.code != 0 {
		t.Errorf("-config disabling the rule: exit %d, want 0:\n%s", r.code, r.stderr)
	}
	if err := os.WriteFile(file, []byte("disable = [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := vet("-config=" + file)
	if r.code != 1 || !strings.Contains(r.stderr, "vet.toml:1: ") || strings.Contains(r.stderr, "Usage of") {
		t.Errorf("-config file made invalid: exit %d, want 1 and one file:line error per package:\n%s", r.code, r.stderr)
	}
	r = vet("-cachekey.version=bad")
	if r.code != 1 || !strings.Contains(r.stderr, `-cachekey.version="bad": want distributed, all or off`) || strings.Contains(r.stderr, "prerequisites") || strings.Contains(r.stderr, "could not import") {
		t.Errorf("a bad flag under go vet: exit %d:\n%s", r.code, r.stderr)
	}
}

// TestConfigFileDisable: a cachevet.toml above the package turns a rule
// off in every driver.
func TestConfigFileDisable(t *testing.T) {
	root, dir := copyFixture(t)
	env := gopathEnv(t, root)
	if r := run(t, dir, env, bin, "./..."); r.code != 3 {
		t.Fatalf("before: exit %d, want 3: %s", r.code, r.stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "app", "cachevet.toml"), []byte("disable = [\"cachekey\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, env, bin, "./..."); r.code != 0 {
		t.Errorf("standalone with disable: exit %d, want 0:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, env, "go", "vet", "-vettool="+bin, "./..."); r.code != 0 || strings.Contains(r.stderr, "cache key") {
		t.Errorf("go vet with disable: exit %d, want 0:\n%s", r.code, r.stderr)
	}
}

// TestSARIF validates the SARIF log's structure: what code scanning reads.
func TestSARIF(t *testing.T) {
	fixture := filepath.Join(repoRoot(t), "testdata/src/drivertest")
	r := run(t, fixture, gopathEnv(t), bin, "-format", "sarif", "./...")
	if r.code != 3 {
		t.Fatalf("exit %d, want 3: %s", r.code, r.stderr)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string            `json:"id"`
						ShortDescription map[string]string `json:"shortDescription"`
						FullDescription  map[string]string `json:"fullDescription"`
						Help             map[string]string `json:"help"`
						HelpURI          string            `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			OriginalURIBaseIDs map[string]struct {
				URI string `json:"uri"`
			} `json:"originalUriBaseIds"`
			Results []struct {
				RuleID    string            `json:"ruleId"`
				RuleIndex int               `json:"ruleIndex"`
				Level     string            `json:"level"`
				Message   map[string]string `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine   int `json:"startLine"`
							StartColumn int `json:"startColumn"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Fixes               []json.RawMessage `json:"fixes"`
			} `json:"results"`
		} `json:"runs"`
	}
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	if err := dec.Decode(&log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif") || len(log.Runs) != 1 {
		t.Fatalf("not a SARIF 2.1.0 log with one run: version %q schema %q runs %d", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "cachevet" {
		t.Errorf("driver name %q", run.Tool.Driver.Name)
	}
	rules := map[string]int{}
	for i, rule := range run.Tool.Driver.Rules {
		rules[rule.ID] = i
		if rule.ShortDescription["text"] == "" || rule.FullDescription["text"] == "" || rule.Help["text"] == "" || rule.Help["markdown"] == "" {
			t.Errorf("rule %s lacks descriptions or help: %+v", rule.ID, rule)
		}
	}
	for _, a := range suite.Analyzers() {
		i, ok := rules[a.Name]
		if !ok {
			t.Errorf("rule %s missing from the SARIF rules", a.Name)
			continue
		}
		title := strings.TrimPrefix(strings.SplitN(a.Doc, "\n", 2)[0], a.Name+": ")
		rule := run.Tool.Driver.Rules[i]
		if rule.ShortDescription["text"] != title {
			t.Errorf("rule %s: short description %q, want the Doc title %q", a.Name, rule.ShortDescription["text"], title)
		}
		if md, ok := driver.RulesDoc[a.Name]; ok && rule.Help["markdown"] != md {
			t.Errorf("rule %s: markdown help is not its rules.md section", a.Name)
		}
		if rule.HelpURI != a.URL {
			t.Errorf("rule %s: helpUri %q, want %q", a.Name, rule.HelpURI, a.URL)
		}
	}
	if len(run.Results) == 0 {
		t.Fatal("no results")
	}
	base, ok := run.OriginalURIBaseIDs["%SRCROOT%"]
	if !ok || !strings.HasPrefix(base.URI, "file:///") || !strings.HasSuffix(base.URI, "/") {
		t.Errorf("%%SRCROOT%% base %q", base.URI)
	}
	withFix := 0
	for _, res := range run.Results {
		if i, ok := rules[res.RuleID]; !ok || i != res.RuleIndex {
			t.Errorf("result rule %q index %d does not match the rules", res.RuleID, res.RuleIndex)
		}
		if res.Level != "warning" || res.Message["text"] == "" || len(res.Locations) != 1 || res.PartialFingerprints["cachevet/v1"] == "" {
			t.Errorf("incomplete result %+v", res)
			continue
		}
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != "%SRCROOT%" || strings.HasPrefix(loc.ArtifactLocation.URI, "/") || !strings.HasSuffix(loc.ArtifactLocation.URI, ".go") {
			t.Errorf("location %+v is not a path relative to %%SRCROOT%%", loc)
		}
		if loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 {
			t.Errorf("region %+v", loc.Region)
		}
		if len(res.Fixes) > 0 {
			withFix++
		}
	}
	if withFix == 0 {
		t.Error("no result carries its suggested fix")
	}
}

// TestBaselineRoundTrip records a baseline, moves code, and wants only
// findings introduced after the baseline.
func TestBaselineRoundTrip(t *testing.T) {
	root, dir := copyFixture(t)
	env := gopathEnv(t, root)
	baseline := filepath.Join(root, "cachevet-baseline.json")
	if r := run(t, dir, env, bin, "-cachekey", "-baseline", baseline, "-baseline-write", "./..."); r.code != 0 || !strings.Contains(r.stderr, "recorded 2 findings") {
		t.Fatalf("recording: exit %d: %s", r.code, r.stderr)
	}
	if r := run(t, dir, env, bin, "-cachekey", "-baseline", baseline, "./..."); r.code != 0 || r.stdout != "" {
		t.Fatalf("with the baseline: exit %d, want 0:\n%s%s", r.code, r.stdout, r.stderr)
	}
	app := filepath.Join(dir, "app", "app.go")
	src, err := os.ReadFile(app)
	if err != nil {
		t.Fatal(err)
	}
	// Move every line down and add a new finding in a new function.
	moved := strings.Replace(string(src), "// Service serves the catalogue.", "// Service serves the catalogue.\n//\n// It has many lines of documentation now.\n//\n// Really.", 1)
	moved += `
// Promo is new, and its key has no version either.
func (s *Service) Promo(ctx context.Context, n Notice) error {
	data, _ := json.Marshal(n)
	return s.rdb.Set(ctx, "lms:promo", data, time.Hour).Err()
}
`
	if err := os.WriteFile(app, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, dir, env, bin, "-cachekey", "-baseline", baseline, "./...")
	got := parseText(dir, r.stdout, true)
	if r.code != 3 || len(got) != 1 || !strings.Contains(got[0], `"lms:promo"`) {
		t.Fatalf("after moving lines and adding one finding: exit %d, want 3 with only the new finding:\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The same mistake a second time in an old function is new too.
	twice := strings.Replace(moved, `return s.rdb.Set(ctx, "lms:banner", data, time.Hour).Err()`,
		"s.rdb.Set(ctx, \"lms:banner\", data, time.Hour)\n\treturn s.rdb.Set(ctx, \"lms:banner\", data, time.Hour).Err()", 1)
	if err := os.WriteFile(app, []byte(twice), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, dir, env, bin, "-cachekey", "-baseline", baseline, "-format", "json", "./...")
	var rep struct {
		Findings []struct{ Message, Function string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	if r.code != 3 || len(rep.Findings) != 2 {
		t.Fatalf("a repeated finding in a baselined function: exit %d, %d findings, want 3 and 2:\n%s", r.code, len(rep.Findings), r.stdout)
	}
}

// TestFix applies the suggested fixes and compares with the golden file;
// a second run is clean.
func TestFix(t *testing.T) {
	root, dir := copyFixture(t)
	env := gopathEnv(t, root)
	r := run(t, dir, env, bin, "-cachekey", "-fix", "./...")
	if r.code != 0 || !strings.Contains(r.stderr, "applied 2 fixes to 1 files") {
		t.Fatalf("-fix: exit %d, want 0 (every finding fixed):\n%s%s", r.code, r.stdout, r.stderr)
	}
	got, err := os.ReadFile(filepath.Join(dir, "app", "app.go"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/app.go.fixed")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("fixed file differs from testdata/app.go.fixed:\n%s", got)
	}
	if r := run(t, dir, env, bin, "-cachekey", "./..."); r.code != 0 {
		t.Errorf("after -fix: exit %d, want 0:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestHelpAndVersion(t *testing.T) {
	r := run(t, ".", os.Environ(), bin, "help")
	for _, a := range suite.Analyzers() {
		if !strings.Contains(r.stdout, a.Name) {
			t.Errorf("help lacks %s", a.Name)
		}
	}
	if r := run(t, ".", os.Environ(), bin, "help", "nosuchrule"); r.code != 1 {
		t.Errorf("help of an unknown rule: exit %d, want 1", r.code)
	}
	if r := run(t, ".", os.Environ(), bin, "version"); !strings.HasPrefix(r.stdout, "cachevet ") {
		t.Errorf("version: %q", r.stdout)
	}
	// go vet's handshake.
	if r := run(t, ".", os.Environ(), bin, "-flags"); r.code != 0 || !strings.Contains(r.stdout, `"cachekey.version"`) || !strings.Contains(r.stdout, `"config"`) {
		t.Errorf("-flags: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestFixExamples applies every rule's fixes to a copy of the example
// service: the result must still build, and no fixable finding is left.
func TestFixExamples(t *testing.T) {
	src := filepath.Join(repoRoot(t), "examples/lms")
	if !exists(src) || testing.Short() {
		t.Skip("no examples/lms, or -short")
	}
	dir := testutil.CopyModule(t, src)
	env := append(os.Environ(), "GOFLAGS=-mod=mod")
	r := run(t, dir, env, bin, "-fix", "./...")
	if r.code == 1 {
		t.Fatalf("-fix: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	var fixable int
	if _, err := fmt.Sscanf(r.stderr[strings.Index(r.stderr, "applied ")+1:], "pplied %d fixes", &fixable); err != nil || fixable == 0 {
		t.Skipf("the example has no fixable finding:\n%s", r.stderr)
	}
	if b := run(t, dir, env, "go", "build", "./..."); b.code != 0 {
		t.Fatalf("the fixed example does not build:\n%s", b.stderr)
	}
	after := run(t, dir, env, bin, "-format", "json", "./...")
	var rep struct {
		Findings []struct {
			Rule, Message string
			Fixes         []json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(after.stdout), &rep); err != nil {
		t.Fatalf("json: %v\n%s", err, after.stdout)
	}
	for _, f := range rep.Findings {
		if len(f.Fixes) > 0 {
			t.Errorf("after -fix, still a fixable %s finding: %s", f.Rule, f.Message)
		}
	}
	t.Logf("%d fixable findings fixed; %d findings left", fixable, len(rep.Findings))
}

// TestLSPCommand checks that "cachevet lsp" speaks the protocol over stdio.
func TestLSPCommand(t *testing.T) {
	var in bytes.Buffer
	for i, m := range []map[string]any{
		{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}},
		{"jsonrpc": "2.0", "method": "initialized", "params": map[string]any{}},
		{"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
		{"jsonrpc": "2.0", "method": "exit"},
	} {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(i, err)
		}
		fmt.Fprintf(&in, "Content-Length: %d\r\n\r\n%s", len(b), b)
	}
	cmd := exec.Command(bin, "lsp")
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cachevet lsp: %v\n%s", err, out)
	}
	s := string(out)
	if !strings.HasPrefix(s, "Content-Length: ") || !strings.Contains(s, `"codeActionProvider"`) || !strings.Contains(s, `"id":2`) {
		t.Errorf("unexpected output:\n%s", s)
	}
}

// TestDirectives: a directive above a statement split over several lines
// covers all of it; a directive that suppresses nothing is reported (and
// can be turned off); "// cachevet:ignore" with a space is reported; a
// reasonless "all" directive is reported once, not once per rule.
func TestDirectives(t *testing.T) {
	root, dir := copyFixture(t)
	env := gopathEnv(t, root)
	app := filepath.Join(dir, "app", "app.go")
	src, err := os.ReadFile(app)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(src), `	return s.rdb.Set(ctx, "lms:banner", data, time.Hour).Err()`, `	//cachevet:ignore cachekey the banner is written by a job that sets the version itself
	return s.rdb.Set(
		ctx,
		"lms:banner",
		data, time.Hour,
	).Err()`, 1)
	s = strings.Replace(s, `	return s.c.Put(ctx, "lms:footer", data, time.Hour)`, `	// cachevet:ignore cachekey a space makes this a comment
	return s.c.Put(ctx, "lms:footer", data, time.Hour)`, 1)
	s = strings.Replace(s, `	return s.rdb.Set(ctx, "lms:header:v1", data, time.Hour).Err()`, `	//cachevet:ignore cachekey the key had no version once
	return s.rdb.Set(ctx, "lms:header:v1", data, time.Hour).Err()`, 1)
	s += `
func noReason() {
	_ = 0 //cachevet:ignore all
}
`
	if err := os.WriteFile(app, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, dir, env, bin, "./...")
	got := r.stdout
	if strings.Contains(got, `"lms:banner"`) {
		t.Errorf("a directive above a multi-line statement does not cover its later lines:\n%s", got)
	}
	if !strings.Contains(got, `"lms:footer"`) || !strings.Contains(got, `"// cachevet:ignore" with a space is a comment`) {
		t.Errorf("a spaced directive suppressed, or was not reported:\n%s", got)
	}
	if !strings.Contains(got, "cachevet:ignore cachekey suppresses nothing") || !strings.Contains(got, "(unusedignore)") {
		t.Errorf("an unused directive is not reported:\n%s", got)
	}
	if n := strings.Count(got, "has no reason"); n != 1 {
		t.Errorf("a reasonless //cachevet:ignore all reported %d times, want once:\n%s", n, got)
	}
	if strings.Contains(got, "lms:legacy") {
		t.Errorf("a used directive stopped suppressing:\n%s", got)
	}
	for _, off := range [][]string{{"-unusedignore=false", "./..."}} {
		r := run(t, dir, env, bin, off...)
		unused := strings.Contains(r.stdout, "suppresses nothing")
		if off[0] == "-unusedignore=false" && unused {
			t.Errorf("%v: the unused directive is still reported:\n%s", off, r.stdout)
		}
		if off[0] == "-cachettl=false" && !unused {
			t.Errorf("%v: switching an unrelated rule off hid the unused cachekey directive:\n%s", off, r.stdout)
		}
	}
	// A directive for a rule that does not run is not unused.
	if r := run(t, dir, env, bin, "-cachekey=false", "./..."); strings.Contains(r.stdout, "suppresses nothing") {
		t.Errorf("-cachekey=false: a cachekey directive reported as unused:\n%s", r.stdout)
	}
	if err := os.WriteFile(filepath.Join(dir, "cachevet.toml"), []byte("disable = [\"unusedignore\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, env, bin, "./..."); strings.Contains(r.stdout, "suppresses nothing") || r.code == 1 {
		t.Errorf("disable = [\"unusedignore\"]: exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestBaselineSurvivesLineMoves: messages name places without line numbers
// (a cache "built in NewStore in store.go", not "at store.go:12"), so
// adding lines and moving code brings no recorded finding back.
func TestBaselineSurvivesLineMoves(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "src", "movetest")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	store := `package movetest

import gocache "github.com/patrickmn/go-cache"

// Store holds profiles.
type Store struct{ local *gocache.Cache }

// NewStore builds the cache without a default expiration.
func NewStore() *Store {
	return &Store{local: gocache.New(gocache.NoExpiration, 0)}
}

// Put caches a profile with the cache's default expiration.
func (s *Store) Put(id, p string) {
	s.local.SetDefault(id, p)
}
`
	write := func(src string) {
		if err := os.WriteFile(filepath.Join(dir, "store.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(store)
	env := gopathEnv(t, root)
	baseline := filepath.Join(root, "baseline.json")
	r := run(t, dir, env, bin, "-cachettl", "-baseline", baseline, "-baseline-write", "./...")
	if r.code != 0 || !strings.Contains(r.stderr, "recorded 1 findings") {
		t.Fatalf("recording: exit %d, want one finding recorded: %s", r.code, r.stderr)
	}
	before := run(t, dir, env, bin, "-cachettl", "./...").stdout
	msg := lineRx.ReplaceAllString(strings.TrimSpace(before), "$4")
	if regexp.MustCompile(`\.go:\d`).MatchString(msg) || !strings.Contains(msg, "built in NewStore in store.go") {
		t.Errorf("the message names a line, or not the constructor's function and file:\n%s", before)
	}
	// Lines added above the constructor, and Put moved above NewStore.
	moved := strings.Replace(store, "// Store holds profiles.", "// Store holds profiles.\n//\n// It has more documentation now,\n// over several lines.", 1)
	i, j := strings.Index(moved, "// Put caches"), strings.Index(moved, "// NewStore builds")
	put := moved[i:]
	moved = moved[:j] + put + "\n" + moved[j:i]
	write(moved)
	r = run(t, dir, env, bin, "-cachettl", "-baseline", baseline, "./...")
	if r.code != 0 || r.stdout != "" {
		t.Errorf("after adding lines and moving code: exit %d, want 0 with nothing new:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestCgoPackage: a package that imports "C" is analysed, and findings
// point at its .go file, not at cgo's rewrite of it in the build cache.
func TestCgoPackage(t *testing.T) {
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("no C compiler: cgo packages cannot be loaded")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "src", "cgotest")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src := `package cgotest

// #include <stdlib.h>
import "C"

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"
)

// Banner caches a notice under a key without a version.
func Banner(ctx context.Context, rdb *redis.Client, data []byte) error {
	return rdb.Set(ctx, "lms:banner", data, time.Hour).Err()
}
`
	if err := os.WriteFile(filepath.Join(dir, "c.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(gopathEnv(t, root), "CGO_ENABLED=1")
	r := run(t, dir, env, bin, "./...")
	if r.code != 3 || !strings.HasPrefix(r.stdout, "c.go:15:22: cache key \"lms:banner\" has no version segment") {
		t.Errorf("standalone on a cgo package: exit %d, want 3 and the finding at c.go:15:22:\n%s%s", r.code, r.stdout, r.stderr)
	}
	vet := run(t, dir, env, "go", "vet", "-vettool="+bin, "./...")
	if vet.code != 1 || !strings.Contains(vet.stderr, "c.go:15:22: cache key \"lms:banner\"") {
		t.Errorf("go vet on a cgo package: exit %d, want 1 and the finding at c.go:15:22:\n%s", vet.code, vet.stderr)
	}
}
