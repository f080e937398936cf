package main

// The recall set: applications whose cache sites were labelled by reading
// the code before cachevet ran on them (labels/POLICY.md). -recall runs
// cachevet over them and scores its findings against the labels: per rule,
// the violations found and missed (recall), and the findings on violation
// rows, on ok rows and on sites no row names (precision, and what is left
// to triage).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// label is one row of a labels file.
type label struct {
	app, file string
	line      int
	fn        string
	rule      string
	kind      string
	verdict   string
	why       string
	src       string // labels file and line, for messages
	hits      int
}

// labelled is one application of the recall set with its rows.
type labelled struct {
	app
	rows []*label
}

var ruleOrder = []string{"cachekey", "cachekeyjoin", "cachettl", "cachebound", "cachenil", "outputcache", "cmdcache", "cachemetric", "cacheentity"}

// readLabels reads every labels/*.tsv file in dir.
func readLabels(dir, only string) ([]*labelled, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			want[n] = true
		}
	}
	known := map[string]bool{}
	for _, r := range ruleOrder {
		known[r] = true
	}
	var out []*labelled
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		l := &labelled{}
		for i, line := range strings.Split(string(b), "\n") {
			where := fmt.Sprintf("%s:%d", filepath.Base(f), i+1)
			if strings.TrimSpace(line) == "" {
				continue
			}
			if strings.HasPrefix(line, "#") {
				k, v, _ := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "#")), "\t")
				v = strings.TrimSpace(v)
				switch k {
				case "app":
					l.name = v
				case "repo":
					l.repo = v
				case "commit":
					l.commit = v
				case "module":
					l.dir = v
				case "embed":
					l.embed = v
				}
				continue
			}
			c := strings.Split(line, "\t")
			if len(c) < 7 {
				return nil, fmt.Errorf("%s: want 7 tab-separated columns (file line func rule kind verdict why), have %d", where, len(c))
			}
			n, err := strconv.Atoi(strings.TrimSpace(c[1]))
			if err != nil {
				return nil, fmt.Errorf("%s: line %q is not a number", where, c[1])
			}
			r := &label{file: strings.TrimSpace(c[0]), line: n, fn: strings.TrimSpace(c[2]), rule: strings.TrimSpace(c[3]),
				kind: strings.TrimSpace(c[4]), verdict: strings.TrimSpace(c[5]), why: strings.TrimSpace(strings.Join(c[6:], " ")), src: where}
			if !known[r.rule] {
				return nil, fmt.Errorf("%s: unknown rule %q", where, r.rule)
			}
			switch r.verdict {
			case "violation", "ok", "unsure":
			default:
				return nil, fmt.Errorf("%s: verdict %q is not violation, ok or unsure", where, r.verdict)
			}
			l.rows = append(l.rows, r)
		}
		if l.name == "" {
			l.name = strings.TrimSuffix(filepath.Base(f), ".tsv")
		}
		if l.repo == "" || l.commit == "" {
			return nil, fmt.Errorf("%s: the header needs # repo and # commit lines", f)
		}
		if l.dir == "" {
			l.dir = "."
		}
		for _, r := range l.rows {
			r.app = l.name
		}
		if len(want) == 0 || want[l.name] {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

// checkoutFrom lays a's commit out under root/a.name: from an existing
// checkout, from a local git mirror (mirror/owner+name, a bare or plain git
// directory, as the fetch tool leaves them), or by cloning from GitHub.
func checkoutFrom(root, mirror string, a app) (string, error) {
	dir := filepath.Join(root, a.name)
	stamp := filepath.Join(dir, ".cachevet-field-commit")
	if b, err := os.ReadFile(stamp); err == nil {
		if strings.TrimSpace(string(b)) != a.commit {
			return "", fmt.Errorf("%s holds %s, not %s: remove it to check the labelled commit out", dir, strings.TrimSpace(string(b)), a.commit)
		}
		return dir, nil
	}
	if exists(filepath.Join(dir, ".git")) {
		if head, _ := command(dir, "git", "rev-parse", "HEAD"); strings.TrimSpace(string(head)) != a.commit {
			return "", fmt.Errorf("%s is at %s, not the labelled %s", dir, strings.TrimSpace(string(head)), a.commit)
		}
		return dir, nil
	}
	if exists(dir) {
		return "", fmt.Errorf("%s exists but is neither a git checkout nor made by this script", dir)
	}
	gitDir := ""
	if mirror != "" {
		m := filepath.Join(mirror, strings.Replace(a.repo, "/", "+", 1))
		for _, cand := range []string{filepath.Join(m, "repo"), m} {
			if b, err := command(cand, "git", "rev-parse", "--git-dir"); err == nil {
				gitDir = filepath.Join(cand, strings.TrimSpace(string(b)))
				break
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if gitDir != "" {
		if b, err := command(root, "sh", "-c", "git --git-dir="+shellQuote(gitDir)+" archive "+a.commit+" | tar -x -C "+shellQuote(dir)); err != nil {
			os.RemoveAll(dir)
			return "", fmt.Errorf("git archive from %s: %v\n%s", gitDir, err, b)
		}
	} else {
		os.RemoveAll(dir)
		if b, err := command(root, "git", "clone", "--quiet", "https://github.com/"+a.repo, a.name); err != nil {
			return "", fmt.Errorf("clone: %v\n%s", err, b)
		}
		if b, err := command(dir, "git", "checkout", "--quiet", a.commit); err != nil {
			return "", fmt.Errorf("checkout: %v\n%s", err, b)
		}
	}
	return dir, os.WriteFile(stamp, []byte(a.commit+"\n"), 0o644)
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// runStandalone runs the standalone driver with -format json over the
// module of a checked out at checkout.
func runStandalone(bin, checkout string, a app) ([]finding, error) {
	dir := filepath.Join(checkout, a.dir)
	cmd := exec.Command(bin, "-format", "json", "./...")
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			return nil, err
		}
	}
	var rep struct {
		Findings []struct {
			Rule, File, Message string
			Line                int
		}
		Errors []string
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		return nil, fmt.Errorf("standalone output: %v\n%s", err, firstLines(stderr.String(), 20))
	}
	var out []finding
	for _, f := range rep.Findings {
		pos := f.File
		if rel, err := filepath.Rel(checkout, pos); err == nil && !strings.HasPrefix(rel, "..") {
			pos = rel
		}
		out = append(out, finding{pos: fmt.Sprintf("%s:%d", pos, f.Line), rule: f.Rule, msg: f.Message})
	}
	for _, e := range rep.Errors {
		out = append(out, finding{rule: "load", msg: e})
	}
	return out, nil
}

func firstLines(s string, n int) string {
	l := strings.SplitN(s, "\n", n+1)
	if len(l) > n {
		l = l[:n]
	}
	return strings.Join(l, "\n")
}

// scored is a finding placed against the labels.
type scored struct {
	finding
	file string
	line int
	fn   string
	row  *label // nil: a site no row names
}

// funcIndex finds the enclosing function of a line, parsing each file once.
type funcIndex struct {
	root  string
	files map[string][]funcSpan
}

type funcSpan struct {
	name       string
	start, end int
}

func (ix *funcIndex) at(file string, line int) string {
	spans, ok := ix.files[file]
	if !ok {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, filepath.Join(ix.root, file), nil, parser.SkipObjectResolution)
		if err == nil {
			for _, d := range f.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				name := fd.Name.Name
				if fd.Recv != nil && len(fd.Recv.List) == 1 {
					t := fd.Recv.List[0].Type
					for {
						switch x := t.(type) {
						case *ast.StarExpr:
							t = x.X
							continue
						case *ast.IndexExpr:
							t = x.X
							continue
						case *ast.IndexListExpr:
							t = x.X
							continue
						}
						break
					}
					if id, ok := t.(*ast.Ident); ok {
						name = id.Name + "." + name
					}
				}
				spans = append(spans, funcSpan{name, fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line})
			}
		}
		ix.files[file] = spans
	}
	for _, s := range spans {
		if s.start <= line && line <= s.end {
			return s.name
		}
	}
	return ""
}

// normFunc reduces a label's func column to the declared function's name:
// "func literal in (*T).M" and "T.M" both give "T.M".
func normFunc(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, " in "); i >= 0 {
		s = s[i+len(" in "):]
	}
	s = strings.NewReplacer("(", "", ")", "", "*", "").Replace(s)
	if i := strings.IndexAny(s, " ["); i >= 0 {
		s = s[:i]
	}
	return s
}

// match places each finding on the nearest row of its file and rule: within
// three lines, or else in the same function.
func match(l *labelled, checkout string, fs []finding) []scored {
	ix := &funcIndex{root: checkout, files: map[string][]funcSpan{}}
	var out []scored
	for _, f := range fs {
		file, ln := splitPos(f.pos)
		s := scored{finding: f, file: file, line: ln}
		if file == "" {
			continue
		}
		s.fn = ix.at(file, ln)
		best, bestD := (*label)(nil), 1<<30
		for _, r := range l.rows {
			if r.rule != f.rule || r.file != file {
				continue
			}
			d := abs(r.line - ln)
			if d > 3 && (s.fn == "" || normFunc(r.fn) != s.fn) {
				continue
			}
			if d < bestD || d == bestD && r.verdict == "violation" {
				best, bestD = r, d
			}
		}
		if best != nil {
			best.hits++
		}
		s.row = best
		out = append(out, s)
	}
	return out
}

func splitPos(pos string) (string, int) {
	parts := strings.Split(pos, ":")
	if len(parts) < 2 {
		return "", 0
	}
	// file:line:col or file:line
	for i := len(parts) - 1; i >= 1; i-- {
		if n, err := strconv.Atoi(parts[i]); err == nil {
			if i >= 2 {
				if m, err := strconv.Atoi(parts[i-1]); err == nil {
					return strings.Join(parts[:i-1], ":"), m
				}
			}
			return strings.Join(parts[:i], ":"), n
		}
	}
	return "", 0
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// tally is one rule's (or the total's) counts.
type tally struct {
	violations, found, ok, unsure           int // rows
	onViolation, onOK, onUnsure, unlabelled int // findings
}

func (t *tally) add(o tally) {
	t.violations += o.violations
	t.found += o.found
	t.ok += o.ok
	t.unsure += o.unsure
	t.onViolation += o.onViolation
	t.onOK += o.onOK
	t.onUnsure += o.onUnsure
	t.unlabelled += o.unlabelled
}

func ratio(a, b int) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

func writeTally(w io.Writer, name string, t tally) {
	fmt.Fprintf(w, "| %s | %d | %d | %d | %s | %d | %d | %d | %s | %d |\n", name, t.violations, t.found, t.violations-t.found,
		ratio(t.found, t.violations), t.onViolation, t.onOK, t.unlabelled, ratio(t.onViolation, t.onViolation+t.onOK), t.ok)
}

const tallyHeader = "| %s | violations | found | missed | recall | findings on violations | on ok rows | on unlabelled sites | precision | ok rows |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"

// runRecall is -recall: check out, run, match and print the tables.
// savedFinding is a finding as -findings keeps it.
type savedFinding struct{ Pos, Rule, Msg string }

func runRecall(root, mirror, only, out, rev, driver, findingsDir string, reuse bool) error {
	here, err := scriptDir()
	if err != nil {
		return err
	}
	set, err := readLabels(filepath.Join(here, "labels"), only)
	if err != nil {
		return err
	}
	if len(set) == 0 {
		return fmt.Errorf("no labelled application in %s", filepath.Join(here, "labels"))
	}
	// cachevet is built on first use: a -rescore of kept findings needs none.
	bin := ""
	defer func() {
		if bin != "" {
			os.RemoveAll(filepath.Dir(bin))
		}
	}()
	binary := func() (string, error) {
		if bin == "" {
			b, err := build(filepath.Join(here, "../.."), rev)
			if err != nil {
				return "", err
			}
			bin = b
		}
		return bin, nil
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return err
	}
	var report bytes.Buffer
	w := io.MultiWriter(os.Stdout, &report)
	head, _ := command(filepath.Join(here, "../.."), "git", "rev-parse", "--short", "HEAD")
	at := strings.TrimSpace(string(head))
	if rev != "" {
		at = rev
	}
	if reuse {
		driver = "findings kept in " + findingsDir
	}
	fmt.Fprintf(w, "Recall set: %d applications, cachevet at %s, driver %s.\n\n", len(set), at, driver)
	perRule := map[string]*tally{}
	perApp := map[string]*tally{}
	var missed, wrong, unlabelled, problems []string
	for _, l := range set {
		checkout, err := checkoutFrom(root, mirror, l.app)
		if err != nil {
			return fmt.Errorf("%s: %v", l.name, err)
		}
		if err := makeEmbeds(checkout, l.app); err != nil {
			return err
		}
		var fs []finding
		saved := ""
		if findingsDir != "" {
			saved = filepath.Join(findingsDir, l.name+".json")
		}
		if b, err := os.ReadFile(saved); saved != "" && reuse && err == nil {
			var raw []savedFinding
			if err := json.Unmarshal(b, &raw); err != nil {
				return fmt.Errorf("%s: %v", saved, err)
			}
			for _, r := range raw {
				fs = append(fs, finding{pos: r.Pos, rule: r.Rule, msg: r.Msg})
			}
		} else {
			bin, err := binary()
			if err != nil {
				return err
			}
			switch driver {
			case "standalone":
				fs, err = runStandalone(bin, checkout, l.app)
			case "vet":
				fs, _, _, err = runApp(bin, checkout, l.app)
			default:
				return fmt.Errorf("-driver must be standalone or vet, not %q", driver)
			}
			if err != nil {
				return fmt.Errorf("%s: %v", l.name, err)
			}
			if saved != "" {
				raw := make([]savedFinding, 0, len(fs))
				for _, f := range fs {
					raw = append(raw, savedFinding{f.pos, f.rule, f.msg})
				}
				b, _ := json.MarshalIndent(raw, "", " ")
				if err := os.MkdirAll(findingsDir, 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(saved, b, 0o644); err != nil {
					return err
				}
			}
		}
		var good []finding
		for _, f := range fs {
			switch f.rule {
			case "panic", "error":
				problems = append(problems, fmt.Sprintf("%s: %s: %s", l.name, f.rule, f.msg))
			case "load":
			default:
				if !strings.Contains(f.pos, "_test.go:") {
					good = append(good, f)
				}
			}
		}
		app := &tally{}
		perApp[l.name] = app
		scoredFs := match(l, checkout, good)
		for _, s := range scoredFs {
			t := ruleTally(perRule, s.rule)
			var d tally
			switch {
			case s.row == nil:
				d.unlabelled++
				unlabelled = append(unlabelled, fmt.Sprintf("%s %s:%d (%s) %s: %s", l.name, s.file, s.line, s.fn, s.rule, s.msg))
			case s.row.verdict == "violation":
				d.onViolation++
			case s.row.verdict == "ok":
				d.onOK++
				wrong = append(wrong, fmt.Sprintf("%s %s:%d %s: %s (row %s: %s)", l.name, s.file, s.line, s.rule, s.msg, s.row.src, s.row.why))
			default:
				d.onUnsure++
			}
			t.add(d)
			app.add(d)
		}
		for _, r := range l.rows {
			t := ruleTally(perRule, r.rule)
			var d tally
			switch r.verdict {
			case "violation":
				d.violations++
				if r.hits > 0 {
					d.found++
				} else {
					missed = append(missed, fmt.Sprintf("%s %s:%d (%s) %s/%s: %s", l.name, r.file, r.line, r.fn, r.rule, r.kind, r.why))
				}
			case "ok":
				d.ok++
			default:
				d.unsure++
			}
			t.add(d)
			app.add(d)
		}
	}
	var total tally
	fmt.Fprintf(w, tallyHeader, "rule")
	for _, r := range ruleOrder {
		if t := perRule[r]; t != nil {
			writeTally(w, r, *t)
			total.add(*t)
		}
	}
	writeTally(w, "**all**", total)
	fmt.Fprintf(w, "\n"+tallyHeader, "application")
	for _, l := range set {
		writeTally(w, l.name, *perApp[l.name])
	}
	list := func(title string, xs []string) {
		if len(xs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d):\n\n", title, len(xs))
		for _, x := range xs {
			fmt.Fprintln(w, "-", x)
		}
	}
	list("Missed violations", missed)
	list("Findings on ok rows", wrong)
	list("Findings on sites no row names (to triage, then label)", unlabelled)
	list("Analyzer errors and panics", problems)
	if out != "" {
		return os.WriteFile(out, report.Bytes(), 0o644)
	}
	return nil
}

func ruleTally(m map[string]*tally, rule string) *tally {
	t := m[rule]
	if t == nil {
		t = &tally{}
		m[rule] = t
	}
	return t
}

func makeEmbeds(checkout string, a app) error {
	dir := filepath.Join(checkout, a.dir)
	for _, f := range strings.Fields(a.embed) {
		p := filepath.Join(dir, f)
		if _, err := os.Stat(p); err != nil {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
