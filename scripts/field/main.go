// Command field runs cachevet over the public applications listed in
// apps.tsv, at the commits listed there, and prints the findings per
// application and rule (docs/field-results.md is its triage).
//
//	go run ./scripts/field -root /tmp/field            # clone what is missing, run all
//	go run ./scripts/field -root /tmp/field -apps memos,alist -o /tmp/field.md
//
// Each application is checked out at its commit under -root (cloned from
// GitHub when missing; an existing checkout is used as it is). Packages
// that do not load (a dependency missing from the module proxy) are left
// out and counted. cachevet runs through `go vet -vettool`, one package
// at a time with facts from its dependencies, like most users run it.
// Not run by CI: it needs the network once and takes tens of minutes.
//
// With -recall it scores cachevet against the recall set instead: the
// applications whose cache sites were labelled by reading the code before
// cachevet ran on them (labels/*.tsv, labelled by labels/POLICY.md):
//
//	go run ./scripts/field -recall -root /tmp/recall                    # clone at the labelled commits
//	go run ./scripts/field -recall -root /tmp/recall -mirror DIR        # or archive them from git mirrors
//	go run ./scripts/field -recall -root /tmp/recall -driver standalone # the standalone driver
//	go run ./scripts/field -recall ... -findings DIR [-rescore]          # keep the findings; score them again
//
// It prints per rule and per application the violations labelled, found and
// missed (recall), the findings on violation rows, on ok rows and on sites
// no row names (precision over the labelled ones, and what is left to
// triage), then every missed violation and every finding not on a
// violation row. Findings in _test.go files are left out.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
)

type app struct{ name, repo, commit, dir, embed string }

func main() {
	root := flag.String("root", filepath.Join(os.TempDir(), "cachevet-field"), "directory holding (or receiving) the checkouts")
	only := flag.String("apps", "", "comma-separated names from apps.tsv (default: all)")
	out := flag.String("o", "", "write the report here as well as to stdout")
	rev := flag.String("rev", "", "build cachevet from this commit of the repository (git archive) instead of the working tree")
	recall := flag.Bool("recall", false, "score cachevet against the labelled recall set (labels/*.tsv) instead of listing findings on apps.tsv")
	mirror := flag.String("mirror", "", "with -recall: a directory of git mirrors named owner+name to check the labelled commits out from, instead of cloning")
	driver := flag.String("driver", "vet", "with -recall: run cachevet through go vet (vet) or the standalone driver (standalone)")
	findings := flag.String("findings", "", "with -recall: keep each application's findings in this directory (APP.json)")
	rescore := flag.Bool("rescore", false, "with -recall and -findings: score the kept findings again (after labels were added) instead of running cachevet")
	flag.Parse()
	var err error
	if *recall {
		err = runRecall(*root, *mirror, *only, *out, *rev, *driver, *findings, *rescore)
	} else {
		err = run(*root, *only, *out, *rev)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "field:", err)
		os.Exit(1)
	}
}

func run(root, only, out, rev string) error {
	here, err := scriptDir()
	if err != nil {
		return err
	}
	apps, err := readApps(filepath.Join(here, "apps.tsv"), only)
	if err != nil {
		return err
	}
	bin, err := build(filepath.Join(here, "../.."), rev)
	if err != nil {
		return err
	}
	defer os.RemoveAll(filepath.Dir(bin))
	if err := os.MkdirAll(root, 0o755); err != nil {
		return err
	}
	var report bytes.Buffer
	w := io.MultiWriter(os.Stdout, &report)
	fmt.Fprintf(w, "| application | packages | left out | findings per rule | panics | build errors |\n| --- | ---: | ---: | --- | ---: | ---: |\n")
	var all, errs []string
	for _, a := range apps {
		checkout, err := checkoutApp(root, a)
		if err != nil {
			return fmt.Errorf("%s: %v", a.name, err)
		}
		findings, n, skipped, err := runApp(bin, checkout, a)
		if err != nil {
			return fmt.Errorf("%s: %v", a.name, err)
		}
		per := map[string]int{}
		panics, load := 0, 0
		for _, f := range findings {
			switch f.rule {
			case "panic":
				panics++
				errs = append(errs, fmt.Sprintf("%s: panic: %s", a.name, f.msg))
			case "load":
				load++
				errs = append(errs, fmt.Sprintf("%s: build: %s", a.name, f.msg))
			default:
				per[f.rule]++
				all = append(all, fmt.Sprintf("%s %s: %s: %s", a.name, f.pos, f.rule, f.msg))
			}
		}
		fmt.Fprintf(w, "| %s | %d | %d | %s | %d | %d |\n", a.name, n, skipped, counts(per), panics, load)
	}
	fmt.Fprintf(w, "\nFindings:\n\n")
	for _, l := range all {
		fmt.Fprintln(w, "-", l)
	}
	if len(errs) > 0 {
		fmt.Fprintf(w, "\nPanics and build errors (lines of go vet's output):\n\n")
		for _, l := range errs {
			fmt.Fprintln(w, "-", l)
		}
	}
	if out != "" {
		return os.WriteFile(out, report.Bytes(), 0o644)
	}
	return nil
}

// build builds cachevet from the working tree of repo, or from commit rev
// of it: a binary built from a working tree picks up uncommitted changes.
func build(repo, rev string) (string, error) {
	// A binary of its own: two runs at different commits may overlap.
	binDir, err := os.MkdirTemp("", "cachevet-field-bin")
	if err != nil {
		return "", err
	}
	fail := func(err error) (string, error) {
		os.RemoveAll(binDir)
		return "", err
	}
	bin := filepath.Join(binDir, "cachevet")
	src := repo
	if rev != "" {
		tmp, err := os.MkdirTemp("", "cachevet-field-src")
		if err != nil {
			return fail(err)
		}
		defer os.RemoveAll(tmp)
		if b, err := command(repo, "sh", "-c", "git archive --format=tar "+rev+" | tar -x -C "+tmp); err != nil {
			return fail(fmt.Errorf("git archive %s: %v\n%s", rev, err, b))
		}
		src = tmp
	}
	if b, err := command(src, "go", "build", "-o", bin, "./cmd/cachevet"); err != nil {
		return fail(fmt.Errorf("building cachevet: %v\n%s", err, b))
	}
	return bin, nil
}

func scriptDir() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("cannot find the script's directory")
	}
	return filepath.Dir(file), nil
}

func readApps(path, only string) ([]app, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			want[n] = true
		}
	}
	var apps []app
	for i, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			return nil, fmt.Errorf("%s:%d: want name, repository, commit, directory[, embed files]", path, i+1)
		}
		a := app{name: f[0], repo: f[1], commit: f[2], dir: f[3]}
		if len(f) > 4 {
			a.embed = f[4]
		}
		if len(want) == 0 || want[a.name] {
			apps = append(apps, a)
		}
	}
	for n := range want {
		if !slices.ContainsFunc(apps, func(a app) bool { return a.name == n }) {
			return nil, fmt.Errorf("no application %q in %s", n, path)
		}
	}
	return apps, nil
}

type finding struct{ pos, rule, msg string }

// checkoutApp finds or clones the checkout of a under root.
func checkoutApp(root string, a app) (string, error) {
	checkout := filepath.Join(root, a.name)
	if _, err := os.Stat(checkout); err != nil {
		// a checkout named after the repository, as git clone names it
		if alt := filepath.Join(root, path.Base(a.repo)); exists(alt) {
			checkout = alt
		}
	}
	if !exists(checkout) {
		if b, err := command(root, "git", "clone", "--quiet", "https://github.com/"+a.repo, a.name); err != nil {
			return "", fmt.Errorf("clone: %v\n%s", err, b)
		}
		if b, err := command(checkout, "git", "checkout", "--quiet", a.commit); err != nil {
			return "", fmt.Errorf("checkout: %v\n%s", err, b)
		}
	}
	if head, _ := command(checkout, "git", "rev-parse", "HEAD"); strings.TrimSpace(string(head)) != a.commit {
		fmt.Fprintf(os.Stderr, "field: %s is at %s, not %s\n", a.name, strings.TrimSpace(string(head)), a.commit)
	}
	return checkout, makeEmbeds(checkout, a)
}

// runApp lists the packages of a's module that load, and runs cachevet on
// them through go vet.
func runApp(bin, checkout string, a app) ([]finding, int, int, error) {
	dir := filepath.Join(checkout, a.dir)
	list, err := command(dir, "go", "list", "-e", "-test=false", "-f", "{{.ImportPath}} {{if or .Error .DepsErrors}}bad{{end}}", "./...")
	if err != nil {
		return nil, 0, 0, fmt.Errorf("go list: %v\n%s", err, list)
	}
	var pkgs []string
	skipped := 0
	for _, l := range strings.Split(strings.TrimSpace(string(list)), "\n") {
		if f := strings.Fields(l); len(f) == 1 {
			pkgs = append(pkgs, f[0])
		} else if len(f) > 1 {
			skipped++
		}
	}
	args := []string{"vet", "-vettool=" + bin, "-json"}
	// go vet sees one package at a time: give it the module-wide model, as
	// a user would (a cachevet without the model command goes without).
	if tmp, err := os.MkdirTemp("", "cachevet-field-model"); err == nil {
		defer os.RemoveAll(tmp)
		model, conf := filepath.Join(tmp, "model.json"), filepath.Join(tmp, "cachevet.toml")
		if _, err := command(dir, bin, append([]string{"model", "-o", model}, pkgs...)...); err == nil || exists(model) {
			if os.WriteFile(conf, []byte("model = \"model.json\"\n"), 0o644) == nil {
				args = append(args, "-config="+conf)
			}
		}
	}
	args = append(args, pkgs...)
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	var output bytes.Buffer // -json findings go to stdout, load errors to stderr
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			return nil, 0, 0, err
		}
	}
	findings, err := parseVetJSON(output.Bytes(), checkout)
	return findings, len(pkgs), skipped, err
}

// parseVetJSON reads go vet -json output: a JSON object per package,
// {"pkg": {"analyzer": [{"posn": ..., "message": ...}]}}, between
// "# pkg" comment lines. Analyzer errors ({"error": ...}) are findings of
// the rule "panic", and the application's build errors the rule "load", so that
// a run never hides them.
func parseVetJSON(b []byte, base string) ([]finding, error) {
	var out []finding
	var obj bytes.Buffer
	flush := func() error {
		if strings.TrimSpace(obj.String()) == "" {
			return nil
		}
		var m map[string]map[string]json.RawMessage
		if err := json.Unmarshal(obj.Bytes(), &m); err != nil {
			return fmt.Errorf("go vet output: %v\n%s", err, obj.String())
		}
		obj.Reset()
		for _, rules := range m {
			for rule, raw := range rules {
				var ds []struct{ Posn, Message string }
				if json.Unmarshal(raw, &ds) != nil {
					var e struct{ Error string }
					_ = json.Unmarshal(raw, &e)
					out = append(out, finding{rule: "error", msg: rule + ": " + e.Error})
					continue
				}
				for _, d := range ds {
					pos := d.Posn
					if rel, err := filepath.Rel(base, pos); err == nil && !strings.HasPrefix(rel, "..") {
						pos = rel
					}
					out = append(out, finding{pos: pos, rule: rule, msg: d.Message})
				}
			}
		}
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	inObj := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case inObj:
			obj.WriteString(line)
			obj.WriteByte('\n')
			if line == "}" {
				inObj = false
				if err := flush(); err != nil {
					return nil, err
				}
			}
		case line == "{" || strings.HasPrefix(line, "{"):
			obj.WriteString(line)
			obj.WriteByte('\n')
			inObj = !strings.HasSuffix(line, "}")
			if !inObj {
				if err := flush(); err != nil {
					return nil, err
				}
			}
		case strings.HasPrefix(line, "#"), strings.TrimSpace(line) == "",
			strings.HasPrefix(line, "\t"), strings.HasPrefix(line, "goroutine "):
			// package headers, and the frames of a stack trace whose first
			// line is recorded below
		case strings.HasPrefix(line, "go: downloading"):
		case strings.HasPrefix(line, "panic:"), strings.Contains(line, "internal error"),
			strings.Contains(line, "analysis") && strings.Contains(line, "failed"):
			out = append(out, finding{rule: "panic", msg: line})
		default:
			// the application's own build errors (a test that does not
			// compile, a cgo header this machine lacks), printed by go vet
			out = append(out, finding{rule: "load", msg: line})
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out, sc.Err()
}

func counts(per map[string]int) string {
	if len(per) == 0 {
		return "none"
	}
	var rules []string
	for r := range per {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	var parts []string
	for _, r := range rules {
		parts = append(parts, fmt.Sprintf("%s %d", r, per[r]))
	}
	return strings.Join(parts, ", ")
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

func command(dir, name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	return cmd.CombinedOutput()
}
