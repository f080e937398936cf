package diag

import (
	"fmt"
	"go/ast"
	"go/token"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// Directives are the //cachevet:ignore directives of one package, parsed
// once (by the shared model) and read by every rule's Reporter. They
// remember which rules ran on the package and which directive suppressed a
// finding, so that unused directives can be reported.
type Directives struct {
	mu      sync.Mutex
	list    []*Directive
	byLine  map[*token.File]map[int][]*Directive
	Problem []Problem // malformed directives, reported once by the model
}

// Directive is one //cachevet:ignore comment.
type Directive struct {
	Ignore
	Pos, End token.Pos
	used     map[string]bool // rules whose findings it suppressed
}

// Problem is a malformed directive.
type Problem struct {
	Pos, End token.Pos
	Message  string
}

// directivesOf are the directives the shared model parsed for the pass's
// package, if it ran.
func directivesOf(pass *analysis.Pass) *Directives {
	for _, res := range pass.ResultOf {
		if r, ok := res.(interface{ Directives() *Directives }); ok {
			if ds := r.Directives(); ds != nil {
				return ds
			}
		}
	}
	return nil
}

// ParseDirectives parses the package's //cachevet:ignore directives. A
// directive covers its own line and the next one; when a statement starts
// on either, it covers the whole statement (the header of an if, for or
// switch), so that a finding on a later line of a call split over several
// lines is suppressed too.
func ParseDirectives(fset *token.FileSet, files []*ast.File) *Directives {
	ds := &Directives{byLine: map[*token.File]map[int][]*Directive{}}
	for _, f := range files {
		tf := fset.File(f.Pos())
		if tf == nil || Generated(fset, f) {
			continue
		}
		var here []*Directive
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if spaced(c.Text) {
					ds.Problem = append(ds.Problem, Problem{c.Pos(), c.End(), "\"// cachevet:ignore\" with a space is a comment, not a directive: write //cachevet:ignore"})
					continue
				}
				d, ok := ParseIgnore(c.Text)
				if !ok {
					continue
				}
				if len(d.Rules) > 0 && d.Reason == "" {
					ds.Problem = append(ds.Problem, Problem{c.Pos(), c.End(), fmt.Sprintf("cachevet:ignore directive for %s has no reason: say why the finding does not apply, e.g. //cachevet:ignore %s data is public", strings.Join(d.Rules, ","), d.Rules[0])})
					continue
				}
				if len(d.Rules) == 0 {
					continue // reported by the model as naming no rule
				}
				dir := &Directive{Ignore: d, Pos: c.Pos(), End: c.End(), used: map[string]bool{}}
				here = append(here, dir)
				ds.list = append(ds.list, dir)
			}
		}
		if len(here) == 0 {
			continue
		}
		ends := statementEnds(tf, f)
		lines := map[int][]*Directive{}
		for _, d := range here {
			l := tf.Line(d.Pos)
			for _, start := range []int{l, l + 1} {
				end := start
				if e, ok := ends[start]; ok && e > end {
					end = e
				}
				for x := start; x <= end; x++ {
					if !containsDir(lines[x], d) {
						lines[x] = append(lines[x], d)
					}
				}
			}
		}
		ds.byLine[tf] = lines
	}
	return ds
}

func containsDir(list []*Directive, d *Directive) bool {
	for _, x := range list {
		if x == d {
			return true
		}
	}
	return false
}

// spaced reports "// cachevet:ignore RULE ...": a comment, not a
// directive.
func spaced(text string) bool {
	rest, ok := strings.CutPrefix(text, "//")
	if !ok {
		return false
	}
	t := strings.TrimLeft(rest, " \t")
	if t == rest {
		return false
	}
	// Only what would be a directive without the space: prose that
	// mentions cachevet:ignore is not reported.
	d, ok := ParseIgnore("//" + t)
	if !ok || len(d.Rules) == 0 {
		return false
	}
	for _, r := range d.Rules {
		if !KnownRule(r) {
			return false
		}
	}
	return true
}

// statementEnds maps the first line of each statement (and declaration)
// to its last line: the last line of its header for if, for, switch and
// select statements, whose bodies have statements of their own.
func statementEnds(tf *token.File, f *ast.File) map[int]int {
	ends := map[int]int{}
	add := func(start, end token.Pos) {
		if !start.IsValid() || !end.IsValid() {
			return
		}
		s, e := tf.Line(start), tf.Line(end)
		if e > ends[s] {
			ends[s] = e
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause, *ast.LabeledStmt, *ast.FuncDecl:
		case *ast.IfStmt:
			add(n.Pos(), n.Body.Lbrace)
		case *ast.ForStmt:
			add(n.Pos(), n.Body.Lbrace)
		case *ast.RangeStmt:
			add(n.Pos(), n.Body.Lbrace)
		case *ast.SwitchStmt:
			add(n.Pos(), n.Body.Lbrace)
		case *ast.TypeSwitchStmt:
			add(n.Pos(), n.Body.Lbrace)
		case *ast.SelectStmt:
			add(n.Pos(), n.Body.Lbrace)
		case ast.Stmt:
			add(n.Pos(), n.End())
		case *ast.GenDecl:
			add(n.Pos(), n.End())
		case *ast.ValueSpec:
			add(n.Pos(), n.End())
		}
		return true
	})
	return ends
}

// suppress reports whether a directive covers rule at line of tf, and marks
// it used.
func (ds *Directives) suppress(tf *token.File, line int, rule string) bool {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	found := false
	for _, d := range ds.byLine[tf][line] {
		if d.Names(rule) {
			d.used[rule] = true
			found = true
		}
	}
	return found
}

// covers reports whether a directive covers rule at line of tf.
func (ds *Directives) covers(tf *token.File, line int, rule string) bool {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	for _, d := range ds.byLine[tf][line] {
		if d.Names(rule) {
			return true
		}
	}
	return false
}

// Unused are the directives that suppressed nothing although every rule
// they name checked the package ("all": every rule); ran says which rules
// did. Call it after the package's rules ran.
func (ds *Directives) Unused(ran func(rule string) bool) []*Directive {
	ds.mu.Lock()
	defer ds.mu.Unlock()
	var out []*Directive
	for _, d := range ds.list {
		if len(d.used) > 0 {
			continue
		}
		names := d.Rules
		if d.Names("all") {
			names = Rules
		}
		all := true
		for _, r := range names {
			if !KnownRule(r) || !ran(r) {
				all = false
			}
		}
		if all {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos < out[j].Pos })
	return out
}
