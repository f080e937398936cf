// Package diag is the one way cachevet rules report findings. It applies,
// the same way in every driver (standalone, go vet, golangci-lint, nogo):
//
//   - suppressions: "//cachevet:ignore <rule>[,<rule>...] <reason>" on the
//     line of the finding or on the line above (covering the whole statement
//     that starts there); a directive without a reason does not suppress and
//     is itself reported, once, by the shared model, and so is a directive
//     that suppresses nothing (the unusedignore check);
//   - generated files (those with the standard "Code generated ... DO NOT
//     EDIT." header) are skipped;
//   - findings are de-duplicated by position and message.
package diag

import (
	"fmt"
	"go/ast"
	"go/token"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/config"
)

// Directive prefixes.
const (
	IgnorePrefix = "//cachevet:ignore"
)

// Rules are the stable rule names a directive may name; "all" names every rule.
var Rules = config.Rules

// KnownRule reports whether name is a rule name or "all".
func KnownRule(name string) bool {
	if name == "all" {
		return true
	}
	for _, r := range Rules {
		if r == name {
			return true
		}
	}
	return false
}

// Reporter reports the findings of one rule in one package.
type Reporter struct {
	pass      *analysis.Pass
	rule      string
	disabled  bool // the configuration's disable list names the rule
	dirs      *Directives
	generated map[*token.File]bool
	seen      map[string]bool
	skipTests bool // findings in _test.go files are dropped (SkipTests)
}

// New prepares a reporter for rule. The package's directives are the ones
// the shared model parsed (malformed ones are reported there, once), or
// parsed here when the model did not run.
func New(pass *analysis.Pass, rule string) *Reporter {
	r := &Reporter{pass: pass, rule: rule, generated: map[*token.File]bool{}, seen: map[string]bool{}}
	if dir := PackageDir(pass); dir != "" {
		if s, err := config.ForDir(dir); err == nil && s.Disabled(rule) {
			r.disabled = true
			return r
		}
	}
	for _, f := range pass.Files {
		if Generated(pass.Fset, f) {
			if tf := pass.Fset.File(f.Pos()); tf != nil {
				r.generated[tf] = true
			}
		}
	}
	r.dirs = directivesOf(pass)
	if r.dirs == nil {
		r.dirs = ParseDirectives(pass.Fset, pass.Files)
		for _, p := range r.dirs.Problem {
			r.report(p.Pos, p.End, p.Message, nil)
		}
	}
	return r
}

// Ignore is a parsed //cachevet:ignore directive.
type Ignore struct {
	Rules  []string
	Reason string
}

// Names reports whether the directive names rule (or "all").
func (d Ignore) Names(rule string) bool {
	for _, r := range d.Rules {
		if r == rule || r == "all" {
			return true
		}
	}
	return false
}

// ParseIgnore parses a comment's text. ok is false when it is not a
// cachevet:ignore directive.
func ParseIgnore(text string) (d Ignore, ok bool) {
	rest, found := strings.CutPrefix(text, IgnorePrefix)
	if !found || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return d, false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return d, true
	}
	for _, r := range strings.Split(fields[0], ",") {
		if r != "" {
			d.Rules = append(d.Rules, r)
		}
	}
	d.Reason = strings.Join(fields[1:], " ")
	return d, true
}

// SkipTests makes r drop findings in _test.go files, for rules whose
// mistakes do not matter in tests (a test's cache lives as long as the
// test; tests cache fixtures and fakes on purpose). It returns r.
func (r *Reporter) SkipTests() *Reporter {
	r.skipTests = true
	return r
}

// Skipped reports whether findings at pos are never reported: the file is
// generated (or a test file, after SkipTests) or a directive suppresses
// this rule at that line.
func (r *Reporter) Skipped(pos token.Pos) bool {
	return r.skipped(pos, false)
}

func (r *Reporter) skipped(pos token.Pos, use bool) bool {
	if r.disabled {
		return true
	}
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	if r.generated[tf] {
		return true
	}
	if r.skipTests && strings.HasSuffix(r.pass.Fset.Position(pos).Filename, "_test.go") {
		return true
	}
	if use {
		return r.dirs.suppress(tf, tf.Line(pos), r.rule)
	}
	return r.dirs.covers(tf, tf.Line(pos), r.rule)
}

// Report reports a finding at node unless it is suppressed.
func (r *Reporter) Report(node ast.Node, msg string, fixes ...analysis.SuggestedFix) {
	r.ReportRange(node.Pos(), node.End(), msg, fixes...)
}

// ReportRange reports a finding over [pos, end) unless it is suppressed.
func (r *Reporter) ReportRange(pos, end token.Pos, msg string, fixes ...analysis.SuggestedFix) {
	if r.disabled || r.skipped(pos, true) {
		return
	}
	r.report(pos, end, msg, fixes)
}

func (r *Reporter) report(pos, end token.Pos, msg string, fixes []analysis.SuggestedFix) {
	k := fmt.Sprintf("%d:%s", pos, msg)
	if r.seen[k] {
		return
	}
	r.seen[k] = true
	r.pass.Report(analysis.Diagnostic{Pos: pos, End: end, Category: r.rule, Message: msg, SuggestedFixes: fixes})
}

// Generated reports whether f is generated code, whose findings are not
// reported. A file cgo rewrote ("Code generated by cmd/cgo" over a file
// that imports "C") is the user's code: its //line directives lead back
// to the .go file it came from.
func Generated(fset *token.FileSet, f *ast.File) bool {
	return ast.IsGenerated(f) && !CgoSource(fset, f)
}

// CgoSource reports whether f is cgo's rewrite of a .go source file.
func CgoSource(fset *token.FileSet, f *ast.File) bool {
	raw := fset.PositionFor(f.Name.Pos(), false).Filename
	adj := fset.PositionFor(f.Name.Pos(), true).Filename
	return adj != raw && strings.HasSuffix(adj, ".go")
}

// SourceFile is the name of the file f was parsed from, or of the .go
// file cgo rewrote into it.
func SourceFile(fset *token.FileSet, f *ast.File) string {
	if CgoSource(fset, f) {
		return fset.PositionFor(f.Name.Pos(), true).Filename
	}
	return fset.PositionFor(f.Pos(), false).Filename
}

// PackageDir is the directory of the package's sources (for cgo
// packages, of the .go files cgo rewrote, not of its output in the build
// cache); "" without files.
func PackageDir(pass *analysis.Pass) string {
	for _, f := range pass.Files {
		if name := SourceFile(pass.Fset, f); name != "" {
			return filepath.Dir(name)
		}
	}
	return ""
}
