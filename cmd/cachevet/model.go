package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/cachevet/cachevet/internal/driver"
)

// runModel is `cachevet model`: it writes the module-wide model (interface
// methods of the module tied to the cache operations of their
// implementations) for drivers that see one package at a time. Name the
// file in cachevet.toml (`model = "cachevet-model.json"`) and commit it;
// write it again when a cache interface or an implementation changes.
func runModel(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cachevet model", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "cachevet-model.json", "the model file to write")
	tests := fs.Bool("test", false, "include test files (test-only implementations are used only when no other exists)")
	tags := fs.String("tags", "", "comma-separated build tags")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: cachevet model [-o file] [-test] [-tags list] [packages]")
		fmt.Fprintln(stderr, "Writes the module-wide model that go vet, golangci-lint and nogo read through `model` in cachevet.toml.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitClean
		}
		return exitError
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	opts := driver.Options{Patterns: patterns, Tests: *tests}
	if *tags != "" {
		opts.BuildTags = strings.Split(*tags, ",")
	}
	mod, errs, err := driver.Model(opts)
	for _, e := range errs {
		fmt.Fprintln(stderr, e)
	}
	if err != nil {
		fmt.Fprintln(stderr, "cachevet model:", err)
		return exitError
	}
	if err := mod.Write(*out); err != nil {
		fmt.Fprintln(stderr, "cachevet model:", err)
		return exitError
	}
	fmt.Fprintf(stdout, "cachevet model: %d interface methods linked to their implementations, written to %s\n", len(mod.Methods), *out)
	if len(errs) > 0 {
		return exitError
	}
	return exitClean
}
