package driver

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/cachevet/cachevet/analyzers/suite"
)

// Model loads the packages and builds the linked module-wide model
// (phase 1 and the link), for `cachevet model`: drivers that analyse one
// package at a time read it from the file it is written to.
func Model(opts Options) (*suite.Module, []error, error) {
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Dir:   opts.Dir,
		Tests: opts.Tests,
		Env:   opts.Env,
	}
	if len(opts.BuildTags) > 0 {
		cfg.BuildFlags = []string{"-tags=" + strings.Join(opts.BuildTags, ",")}
	}
	pkgs, err := packages.Load(cfg, opts.Patterns...)
	if err != nil {
		return nil, nil, err
	}
	var errs []error
	var roots []*packages.Package
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test") && p.Name == "main" {
			continue
		}
		for _, e := range p.Errors {
			errs = append(errs, errors.New(e.Error()))
		}
		roots = append(roots, p)
	}
	if len(roots) == 0 {
		return nil, errs, fmt.Errorf("no packages matched %s", strings.Join(opts.Patterns, " "))
	}
	mod, err := suite.LinkModule(roots)
	return mod, errs, err
}
