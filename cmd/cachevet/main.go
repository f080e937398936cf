// Command cachevet finds caching mistakes in Go code.
//
// Standalone:
//
//	cachevet ./...
//
// As a go vet tool:
//
//	go vet -vettool=$(command -v cachevet) ./...
//
// "cachevet help" lists the rules; "cachevet help RULE" explains one.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/cachevet/cachevet/analyzers/suite"
)

// configFlag loads a configuration file as soon as the flag is parsed, so
// that it applies to every package whatever the driver.
type configFlag struct{ path string }

func (c *configFlag) String() string { return c.path }

func (c *configFlag) Set(p string) error {
	if err := suite.LoadConfig(p); err != nil {
		return err
	}
	c.path = p
	return nil
}

func main() {
	flag.Var(&configFlag{}, "config", "cachevet.toml configuration file (default: the nearest cachevet.toml above each package)")
	if len(os.Args) >= 2 {
		switch os.Args[1] {
		case "version":
			fmt.Println("cachevet", version)
			return
		case "help":
			os.Exit(help(os.Stdout, os.Args[2:]))
		}
	}
	multichecker.Main(suite.WithModel()...)
}

// help lists the rules, one line each, or explains the named rules.
func help(w io.Writer, names []string) int {
	if len(names) == 0 {
		fmt.Fprintln(w, "cachevet finds caching mistakes in Go code.")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Usage: cachevet [flags] packages        (standalone)")
		fmt.Fprintln(w, "       go vet -vettool=$(command -v cachevet) [flags] packages")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Rules:")
		for _, a := range suite.Analyzers() {
			title, _, _ := strings.Cut(a.Doc, "\n")
			_, title, _ = strings.Cut(title, ": ")
			fmt.Fprintf(w, "  %-12s %s\n", a.Name, title)
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Run 'cachevet help RULE' for a rule's details and flags, 'cachevet -flags' for every flag.")
		fmt.Fprintln(w, "Suppress a finding with //cachevet:ignore RULE REASON on its line or the line above.")
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
			status = 2
		}
	}
	return status
}

var version = "devel"
