// Command noop is cachevet's standalone driver running one analyzer that
// does nothing: what it costs is loading, parsing and type-checking the
// packages, the baseline the benchmark compares cachevet against.
//
//	noop [-tests=false] [-tags a,b] [packages]
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/internal/driver"
)

// Analyzer does nothing.
var Analyzer = &analysis.Analyzer{
	Name: "noop",
	Doc:  "noop: does nothing (the benchmark's load-and-type-check baseline)",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() {
	tests := flag.Bool("tests", true, "analyse test files too")
	tags := flag.String("tags", "", "comma-separated build tags")
	flag.Parse()
	patterns := flag.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	opts := driver.Options{Patterns: patterns, Tests: *tests, Analyzers: []*analysis.Analyzer{Analyzer}, NoModule: true}
	if *tags != "" {
		opts.BuildTags = strings.Split(*tags, ",")
	}
	res, err := driver.Analyze(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "noop:", err)
		os.Exit(1)
	}
	for _, e := range res.Errors {
		fmt.Fprintln(os.Stderr, "noop:", e)
	}
	if len(res.Errors) > 0 {
		os.Exit(1)
	}
}
