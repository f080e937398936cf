// Command cachevet finds caching mistakes in Go code.
//
// Standalone:
//
//	cachevet [flags] ./...
//
// As a go vet tool:
//
//	go vet -vettool=$(command -v cachevet) ./...
//
// As a language server for editors (diagnostics and quick fixes):
//
//	cachevet lsp
//
// "cachevet help" lists the rules; "cachevet help RULE" explains one.
//
// Exit codes of the standalone driver: 0 no findings, 1 error (bad flags,
// bad configuration, packages that do not load), 3 findings.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/cachevet/cachevet/analyzers/suite"
	"github.com/cachevet/cachevet/internal/driver"
	"github.com/cachevet/cachevet/internal/lsp"
)

// Exit codes.
const (
	exitClean    = 0
	exitError    = 1
	exitFindings = 3
)

// configFlag loads a configuration file as soon as the flag is parsed, so
// that it applies to every package whatever the driver.
type configFlag struct {
	path string
	// onError, if set, handles a bad file instead of the flag package
	// (which would print the usage after the error).
	onError func(error)
}

func (c *configFlag) String() string { return c.path }

func (c *configFlag) Set(p string) error {
	if err := suite.LoadConfig(p); err != nil {
		if c.onError != nil {
			c.onError(err)
			return nil
		}
		return err
	}
	c.path = p
	return nil
}

// vetRun is the unitchecker protocol of go vet -vettool (with -flags).
func vetRun() { multichecker.Main(analyzers()...) }

// analyzers are the suite's analyzers with the configuration's rule
// switch ("disable") applied per package.
func analyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	for _, a := range suite.WithModel() {
		out = append(out, driver.Gate(a))
	}
	return withUnusedIgnore(out)
}

// withUnusedIgnore adds the unusedignore check after the rules in as.
func withUnusedIgnore(as []*analysis.Analyzer) []*analysis.Analyzer {
	var rules []*analysis.Analyzer
	for _, a := range as {
		if a.Name != "unusedignore" {
			rules = append(rules, a)
		}
	}
	return append(rules, suite.UnusedIgnore(rules))
}

func main() {
	args := os.Args[1:]
	if len(args) >= 1 {
		switch args[0] {
		case "version":
			fmt.Println("cachevet", buildVersion())
			return
		case "help":
			os.Exit(help(os.Stdout, args[1:]))
		case "lsp":
			os.Exit(runLSP(args[1:]))
		case "model":
			os.Exit(runModel(args[1:], os.Stdout, os.Stderr))
		}
	}
	if vetMode(args) {
		vetMain(args)
		return
	}
	os.Exit(standalone(args, os.Stdout, os.Stderr))
}

// vetMode reports whether go vet is driving us: it asks for -V=full and
// -flags, then passes one .cfg file per package.
func vetMode(args []string) bool {
	for _, a := range args {
		a = strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		if a == "flags" || a == "V" || strings.HasPrefix(a, "V=") {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

func runLSP(args []string) int {
	fs := flag.NewFlagSet("cachevet lsp", flag.ContinueOnError)
	cfg := fs.String("config", "", "cachevet.toml configuration file (default: the nearest cachevet.toml above each package)")
	tests := fs.Bool("tests", true, "analyse test files too")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: cachevet lsp [flags]   (a language server over stdin and stdout)")
		fmt.Fprintln(fs.Output(), "flags:")
		fs.PrintDefaults()
	}
	fs.SetOutput(io.Discard) // a bad flag is one line, not the usage
	err := fs.Parse(args)
	fs.SetOutput(os.Stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return exitClean
		}
		fmt.Fprintf(os.Stderr, "cachevet lsp: %v (see 'cachevet lsp -h')\n", err)
		return exitError
	}
	if *cfg != "" {
		if err := suite.LoadConfig(*cfg); err != nil {
			fmt.Fprintln(os.Stderr, "cachevet:", err)
			return exitError
		}
	}
	s := lsp.NewServer(os.Stdin, os.Stdout, analyzers())
	s.Tests = *tests
	if err := s.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "cachevet lsp:", err)
		return exitError
	}
	return exitClean
}

// enableFlag is a rule's on/off switch (-cachekey=false).
type enableFlag struct {
	set, on bool
}

func (e *enableFlag) IsBoolFlag() bool { return true }
func (e *enableFlag) String() string {
	if e == nil || !e.set {
		return ""
	}
	return fmt.Sprint(e.on)
}
func (e *enableFlag) Set(s string) error {
	switch s {
	case "true", "1", "t", "T", "TRUE", "True":
		e.on = true
	case "false", "0", "f", "F", "FALSE", "False":
		e.on = false
	default:
		return fmt.Errorf("want true or false, not %q", s)
	}
	e.set = true
	return nil
}

func standalone(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cachevet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "", "cachevet.toml configuration file (default: the nearest cachevet.toml above each package)")
	format := fs.String("format", "text", "output format: text, json or sarif")
	jsonOut := fs.Bool("json", false, "same as -format json")
	outPath := fs.String("o", "", "write the report to this file instead of standard output")
	baseline := fs.String("baseline", "", "baseline file: report only findings that are not recorded in it")
	baselineWrite := fs.Bool("baseline-write", false, "record the current findings in the -baseline file and exit 0")
	fix := fs.Bool("fix", false, "apply the suggested fixes of the reported findings")
	tests := fs.Bool("tests", true, "analyse test files too")
	tags := fs.String("tags", "", "comma-separated build tags")
	showVersion := fs.Bool("version", false, "print the version and exit")
	all := analyzers()
	switches := map[string]*enableFlag{}
	for _, a := range all {
		sw := &enableFlag{}
		switches[a.Name] = sw
		if a.Name == "cacheops" {
			continue // the shared model: not a rule, always run
		}
		fs.Var(sw, a.Name, "enable "+a.Name+" (with -"+a.Name+"=false: disable it)")
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: cachevet [flags] [packages]     (default ./...)")
		fmt.Fprintln(fs.Output(), "       cachevet help [RULE]   |   cachevet version   |   cachevet lsp")
		fmt.Fprintln(fs.Output(), "exit codes: 0 no findings, 1 error, 3 findings")
		fmt.Fprintln(fs.Output(), "flags:")
		fs.PrintDefaults()
	}
	fs.SetOutput(io.Discard) // a bad flag is one line, not the usage
	err := fs.Parse(args)
	fs.SetOutput(stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return exitClean
		}
		fmt.Fprintf(stderr, "cachevet: %v (see 'cachevet -h')\n", err)
		return exitError
	}
	if *showVersion {
		fmt.Fprintln(stdout, "cachevet", buildVersion())
		return exitClean
	}
	fail := func(format string, a ...any) int {
		for _, line := range strings.Split(fmt.Sprintf(format, a...), "\n") {
			fmt.Fprintln(stderr, "cachevet:", line)
		}
		return exitError
	}
	if *jsonOut {
		*format = "json"
	}
	switch *format {
	case "text", "json", "sarif":
	default:
		return fail("-format %q: want text, json or sarif", *format)
	}
	if *baselineWrite && *baseline == "" {
		return fail("-baseline-write needs -baseline FILE")
	}
	if *baselineWrite && *fix {
		return fail("-baseline-write and -fix do not go together")
	}
	if *cfgPath != "" {
		if err := suite.LoadConfig(*cfgPath); err != nil {
			return fail("%v", err)
		}
	}
	// Rule flags are checked before anything is loaded; the configuration
	// files in force are checked once the packages are known.
	if errs := suite.CheckConfig(nil); len(errs) > 0 {
		return fail("%v", errors.Join(errs...))
	}
	var base *driver.Baseline
	if *baseline != "" && !*baselineWrite {
		var err error
		if base, err = driver.ReadBaseline(*baseline); err != nil {
			return fail("%v", err)
		}
	}

	// Rule switches: naming some rules =true runs only those; =false
	// turns a rule off.
	anyOn := false
	for _, sw := range switches {
		anyOn = anyOn || (sw.set && sw.on)
	}
	var run []*analysis.Analyzer
	unused := false
	for _, a := range all {
		sw := switches[a.Name]
		on := sw.set && sw.on
		if (anyOn && !on) || (sw.set && !sw.on) {
			continue
		}
		if a.Name == "unusedignore" {
			unused = true // rebuilt below for the rules that run
			continue
		}
		run = append(run, a)
	}
	if len(run) == 0 {
		return fail("every analyzer is switched off")
	}
	if unused {
		run = withUnusedIgnore(run)
	}

	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	opts := driver.Options{Patterns: patterns, Tests: *tests, Analyzers: run}
	if *tags != "" {
		opts.BuildTags = strings.Split(*tags, ",")
	}
	res, err := driver.Analyze(opts)
	if err != nil {
		return fail("%v", err)
	}
	cwd, _ := os.Getwd()

	if *baselineWrite {
		if len(res.Errors) > 0 {
			for _, e := range res.Errors {
				fmt.Fprintln(stderr, "cachevet:", e)
			}
			return fail("not recording a baseline from a run with errors")
		}
		if err := driver.WriteBaseline(*baseline, res.Findings); err != nil {
			return fail("%v", err)
		}
		fmt.Fprintf(stderr, "cachevet: recorded %d findings in %s\n", len(res.Findings), *baseline)
		return exitClean
	}
	if base != nil {
		var hidden int
		res.Findings, hidden = base.Filter(res.Findings)
		if hidden > 0 && *format == "text" {
			fmt.Fprintf(stderr, "cachevet: %d findings hidden by baseline %s\n", hidden, *baseline)
		}
	}
	if *fix {
		fr, err := driver.ComputeFixes(res.Findings, os.ReadFile)
		if err != nil {
			return fail("%v", err)
		}
		if err := fr.WriteFiles(); err != nil {
			return fail("%v", err)
		}
		if len(fr.Applied) > 0 {
			fmt.Fprintf(stderr, "cachevet: applied %d fixes to %d files\n", len(fr.Applied), len(fr.Files))
		}
		applied := map[string]bool{}
		for _, f := range fr.Applied {
			applied[f.Fingerprint+fmt.Sprint(f.File, f.Line, f.Column)] = true
		}
		var rest []driver.Finding
		for _, f := range res.Findings {
			if !applied[f.Fingerprint+fmt.Sprint(f.File, f.Line, f.Column)] {
				rest = append(rest, f)
			}
		}
		res.Findings = rest
	}

	out := stdout
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return fail("%v", err)
		}
		defer f.Close()
		out = f
	}
	switch *format {
	case "text":
		err = driver.WriteText(out, cwd, res.Findings)
	case "json":
		err = driver.WriteJSON(out, buildVersion(), res)
	case "sarif":
		err = driver.WriteSARIF(out, buildVersion(), driver.RepoRoot(cwd), driver.HelpFor(suite.WithModel(), driver.RulesDoc), res)
	}
	if err != nil {
		return fail("writing the report: %v", err)
	}
	if len(res.Errors) > 0 {
		for _, e := range res.Errors {
			fmt.Fprintln(stderr, "cachevet:", e)
		}
		return exitError
	}
	if len(res.Findings) > 0 {
		return exitFindings
	}
	return exitClean
}

// help lists the rules, one line each, or explains the named rules.
func help(w io.Writer, names []string) int {
	if len(names) == 0 {
		fmt.Fprintln(w, "cachevet finds caching mistakes in Go code.")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Usage: cachevet [flags] packages        (standalone; -format text|json|sarif, -baseline, -fix)")
		fmt.Fprintln(w, "       go vet -vettool=$(command -v cachevet) [flags] packages")
		fmt.Fprintln(w, "       cachevet lsp                      (language server over stdio)")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Rules:")
		for _, a := range suite.Analyzers() {
			title, _, _ := strings.Cut(a.Doc, "\n")
			_, title, _ = strings.Cut(title, ": ")
			fmt.Fprintf(w, "  %-12s %s\n", a.Name, title)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Run 'cachevet help RULE' for a rule's details and flags, 'cachevet -h' for every flag.")
		fmt.Fprintln(w, "Suppress a finding with //cachevet:ignore RULE REASON on its line or the line above.")
		fmt.Fprintln(w, "Exit codes: 0 no findings, 1 error (bad flags or configuration, packages that do not load), 3 findings.")
		return 0
	}
	status := 0
	for _, n := range names {
		found := false
		for _, a := range suite.WithModel() {
			if a.Name != n {
				continue
			}
			found = true
			fmt.Fprintf(w, "%s\n\n", a.Doc)
			a.Flags.VisitAll(func(f *flag.Flag) {
				fmt.Fprintf(w, "  -%s.%s\n\t%s\n", a.Name, f.Name, f.Usage)
			})
			if a.URL != "" {
				fmt.Fprintf(w, "\nMore: %s\n", a.URL)
			}
		}
		if !found {
			fmt.Fprintf(os.Stderr, "cachevet: no rule named %q (see 'cachevet help')\n", n)
			status = exitError
		}
	}
	return status
}
