package driver

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/cachevet/cachevet/analyzers/suite"
)

// Finding is one diagnostic of one rule, with what the output formats,
// the baseline and the fixer need.
type Finding struct {
	Rule      string `json:"rule"`
	Package   string `json:"package"`
	File      string `json:"file"` // absolute path
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine,omitempty"`
	EndColumn int    `json:"endColumn,omitempty"`
	Message   string `json:"message"`
	// Function is the enclosing top-level function ("(*T).M", "F"), or ""
	// at package level.
	Function string `json:"function,omitempty"`
	// RelFile is the file relative to its module root (or package path +
	// file name outside modules): it is what fingerprints use, so they do
	// not depend on where the repository is checked out.
	RelFile string `json:"relFile"`
	// Fingerprint identifies the finding across line moves: rule, file,
	// enclosing function and message.
	Fingerprint string `json:"fingerprint"`
	Fixes       []Fix  `json:"fixes,omitempty"`
}

// Fix is a SuggestedFix, resolved to byte offsets.
type Fix struct {
	Message string `json:"message"`
	Edits   []Edit `json:"edits"`
}

// Edit replaces [Start, End) of File by NewText.
type Edit struct {
	File      string `json:"file"`
	Start     int    `json:"start"` // byte offsets
	End       int    `json:"end"`
	StartLine int    `json:"startLine"`
	StartCol  int    `json:"startColumn"`
	EndLine   int    `json:"endLine"`
	EndCol    int    `json:"endColumn"`
	NewText   string `json:"newText"`
}

// Options says what to analyse.
type Options struct {
	Dir       string   // working directory of the load ("" = current)
	Patterns  []string // package patterns
	Tests     bool     // analyse test files too
	Env       []string // environment of the build system (nil = os.Environ)
	BuildTags []string
	// Overlay maps absolute file names to contents that replace the files
	// on disk (editor buffers).
	Overlay   map[string][]byte
	Analyzers []*analysis.Analyzer
	// NoModule skips the module-wide model (phase 1 and the link): calls
	// through interfaces are judged without their implementations, as go
	// vet does without a model file.
	NoModule bool
}

// Result is what one run found.
type Result struct {
	Findings []Finding
	// Errors are load, type-checking and analyzer errors (bad flags or
	// configuration), de-duplicated.
	Errors []error
}

// Analyze loads the packages and runs the analyzers on them.
//
// For performance work, CACHEVET_CPUPROFILE=file in the environment writes
// a CPU profile of the whole call (load, type-checking, analysis) to file;
// it is not a user-facing setting.
func Analyze(opts Options) (*Result, error) {
	if path := os.Getenv("CACHEVET_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer func() {
				pprof.StopCPUProfile()
				f.Close()
			}()
		}
	}
	cfg := &packages.Config{
		Mode:    packages.LoadAllSyntax | packages.NeedModule,
		Dir:     opts.Dir,
		Tests:   opts.Tests,
		Env:     opts.Env,
		Overlay: opts.Overlay,
	}
	if len(opts.BuildTags) > 0 {
		cfg.BuildFlags = []string{"-tags=" + strings.Join(opts.BuildTags, ",")}
	}
	pkgs, err := packages.Load(cfg, opts.Patterns...)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	seenErr := map[string]bool{}
	addErr := func(e error) {
		if e == nil || seenErr[e.Error()] {
			return
		}
		seenErr[e.Error()] = true
		res.Errors = append(res.Errors, e)
	}
	var roots []*packages.Package
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test") && p.Name == "main" {
			continue // the synthesized test main package
		}
		for _, e := range p.Errors {
			addErr(errors.New(e.Error()))
		}
		roots = append(roots, p)
	}
	if len(roots) == 0 {
		if len(res.Errors) == 0 {
			addErr(fmt.Errorf("no packages matched %s", strings.Join(opts.Patterns, " ")))
		}
		return res, nil
	}
	// Every configuration file in force and every rule flag is checked
	// before any analysis: one line per problem, instead of each rule of
	// each package failing on it.
	if errs := suite.CheckConfig(packageDirs(roots)); len(errs) > 0 {
		return nil, &ConfigError{Errs: errs}
	}
	if !opts.NoModule {
		mod, err := suite.LinkModule(roots)
		if err != nil {
			return nil, err
		}
		defer suite.UseModule(suite.UseModule(mod))
	}
	// The checker keeps every package's results to the end: the releaser
	// drops the cache model's state of each package once its rules ran.
	all := append(append([]*analysis.Analyzer(nil), opts.Analyzers...), suite.Releaser(opts.Analyzers))
	graph, err := checker.Analyze(all, roots, nil)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, act := range graph.Roots {
		if act.Err != nil {
			if len(act.Package.Errors) > 0 {
				continue // already reported as a load error
			}
			addErr(fmt.Errorf("%s: %v", act.Analyzer.Name, unwrapAll(act.Err)))
			continue
		}
		for _, d := range act.Diagnostics {
			f := newFinding(act.Package, act.Analyzer, d)
			k := fmt.Sprintf("%s:%d:%d:%s:%s", f.File, f.Line, f.Column, f.Rule, f.Message)
			if seen[k] {
				continue // the same file in a package and its test variant
			}
			seen[k] = true
			res.Findings = append(res.Findings, f)
		}
	}
	SortFindings(res.Findings)
	return res, nil
}

// ConfigError is a bad configuration file or rule flag value found before
// analysis; Errs are the distinct problems, one line each.
type ConfigError struct{ Errs []error }

func (e *ConfigError) Error() string { return errors.Join(e.Errs...).Error() }

// packageDirs are the directories of the packages and their dependencies,
// where the model looks configuration files up.
func packageDirs(roots []*packages.Package) []string {
	var dirs []string
	seen := map[string]bool{}
	packages.Visit(roots, nil, func(p *packages.Package) {
		files := p.CompiledGoFiles
		if len(files) == 0 {
			files = p.GoFiles
		}
		if len(files) == 0 {
			return
		}
		d := filepath.Dir(files[0])
		if !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	})
	return dirs
}

// unwrapAll strips the checker's "analysis X on package Y:" context down
// to the analyzer's own message when it is a single error.
func unwrapAll(err error) error {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return err
		}
		err = u
	}
}

// SortFindings orders findings by file, position, rule and message.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Message < b.Message
	})
}

func newFinding(pkg *packages.Package, a *analysis.Analyzer, d analysis.Diagnostic) Finding {
	fset := pkg.Fset
	start := sourcePosition(pkg, d.Pos)
	f := Finding{
		Rule:    a.Name,
		Package: pkg.PkgPath,
		File:    start.Filename,
		Line:    start.Line,
		Column:  start.Column,
		Message: d.Message,
	}
	if d.End.IsValid() {
		end := sourcePosition(pkg, d.End)
		if end.Filename == start.Filename {
			f.EndLine, f.EndColumn = end.Line, end.Column
		}
	}
	f.Function = enclosingFunc(pkg, d.Pos)
	f.RelFile = relFile(pkg, f.File)
	f.Fingerprint = Fingerprint(f.Rule, f.RelFile, f.Function, f.Message)
	for _, sf := range d.SuggestedFixes {
		fx := Fix{Message: sf.Message}
		ok := true
		for _, e := range sf.TextEdits {
			s := fset.PositionFor(e.Pos, false)
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			en := fset.PositionFor(end, false)
			if s.Filename == "" || s.Filename != en.Filename || en.Offset < s.Offset || s.Filename != f.File {
				// (an edit of cgo's rewrite of a file, in the build cache,
				// is not an edit of the file)
				ok = false
				break
			}
			fx.Edits = append(fx.Edits, Edit{File: s.Filename, Start: s.Offset, End: en.Offset,
				StartLine: s.Line, StartCol: s.Column, EndLine: en.Line, EndCol: en.Column, NewText: string(e.NewText)})
		}
		if ok && len(fx.Edits) > 0 {
			f.Fixes = append(f.Fixes, fx)
		}
	}
	return f
}

// sourcePosition is where p is in the file the user edits: the position
// in the parsed file, except in cgo's rewrite of a .go file (a compiled
// file of the package that is none of its .go files, in the build cache),
// whose //line directives lead back to the .go file. Other //line
// directives (a .go file generated from a grammar) are not followed.
func sourcePosition(pkg *packages.Package, p token.Pos) token.Position {
	raw := pkg.Fset.PositionFor(p, false)
	adj := pkg.Fset.PositionFor(p, true)
	if adj.Filename == raw.Filename || !strings.HasSuffix(adj.Filename, ".go") || len(pkg.CompiledGoFiles) == len(pkg.GoFiles) {
		return raw
	}
	for _, g := range pkg.GoFiles {
		if g == raw.Filename {
			return raw // a source file's own //line directive
		}
	}
	return adj
}

// Fingerprint is the stable identity of a finding: it survives edits that
// move lines, and changes when the rule, file, function or message does.
func Fingerprint(rule, relFile, function, message string) string {
	h := sha256.Sum256([]byte(rule + "\x00" + filepath.ToSlash(relFile) + "\x00" + function + "\x00" + message))
	return hex.EncodeToString(h[:12])
}

func relFile(pkg *packages.Package, file string) string {
	if pkg.Module != nil && pkg.Module.Dir != "" {
		if r, err := filepath.Rel(pkg.Module.Dir, file); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	path := strings.TrimSuffix(pkg.PkgPath, "_test")
	return path + "/" + filepath.Base(file)
}

// enclosingFunc names the top-level function declaration around pos:
// "F", "T.M" or "(*T).M"; closures count as their enclosing function.
func enclosingFunc(pkg *packages.Package, pos token.Pos) string {
	for _, f := range pkg.Syntax {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			if pos < d.Pos() || pos >= d.End() {
				continue
			}
			switch d := d.(type) {
			case *ast.FuncDecl:
				return funcName(d)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if pos < s.Pos() || pos >= s.End() {
						continue
					}
					switch s := s.(type) {
					case *ast.ValueSpec:
						if len(s.Names) > 0 {
							return "var " + s.Names[0].Name
						}
					case *ast.TypeSpec:
						return "type " + s.Name.Name
					}
				}
			}
			return ""
		}
	}
	return ""
}

func funcName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	return recvName(d.Recv.List[0].Type) + "." + d.Name.Name
}

func recvName(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.StarExpr:
		return "(*" + recvName(t.X) + ")"
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	case *ast.ParenExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return types.ExprString(t)
}
