// Package suite lists every cachevet analyzer, for drivers: the cachevet
// command, the golangci-lint plugin and tests.
package suite

import (
	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/cachebound"
	"github.com/cachevet/cachevet/analyzers/cacheentity"
	"github.com/cachevet/cachevet/analyzers/cachekey"
	"github.com/cachevet/cachevet/analyzers/cachekeyjoin"
	"github.com/cachevet/cachevet/analyzers/cachemetric"
	"github.com/cachevet/cachevet/analyzers/cachenil"
	"github.com/cachevet/cachevet/analyzers/cachettl"
	"github.com/cachevet/cachevet/analyzers/cmdcache"
	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/outputcache"
)

// Analyzers returns the rule analyzers, in a stable order.
func Analyzers() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		cachekey.Analyzer,
		cachenil.Analyzer,
		outputcache.Analyzer,
		cmdcache.Analyzer,
		cachettl.Analyzer,
		cachebound.Analyzer,
		cachemetric.Analyzer,
		cacheentity.Analyzer,
		cachekeyjoin.Analyzer,
	}
}

// WithModel returns the rule analyzers and the shared cacheops analyzer,
// which reports malformed cachevet directives.
func WithModel() []*analysis.Analyzer {
	return append([]*analysis.Analyzer{cacheops.Analyzer}, Analyzers()...)
}

// UnusedIgnore returns the unusedignore check for a run of the given rule
// analyzers: it reports //cachevet:ignore directives that suppressed no
// finding of them. Drivers add it after the rules.
func UnusedIgnore(rules []*analysis.Analyzer) *analysis.Analyzer { return cacheops.UnusedIgnore(rules) }

// Releaser returns an analyzer that a driver keeping every package's
// results to the end of a run (the checker does) adds after the given
// analyzers: it drops the shared model's per-package state once they ran.
func Releaser(after []*analysis.Analyzer) *analysis.Analyzer { return cacheops.Releaser(after) }

// Settings is cachevet's configuration, as drivers decode it.
type Settings = config.Settings

// ConfigFileNames are the configuration file names looked up next to the
// code.
var ConfigFileNames = config.FileNames

// OnConfigError makes f see a configuration or flag error before the shared
// model fails on it (the go vet driver prints it and exits).
func OnConfigError(f func(error)) { cacheops.OnConfigError = f }

// CheckConfig validates the rule flags and the configuration in force for
// packages in dirs (a driver's override, or each directory's nearest
// cachevet.toml), and returns each distinct problem once.
func CheckConfig(dirs []string) []error { return config.CheckDirs(dirs) }

// LoadConfig reads a cachevet.toml file and makes it the configuration of
// every package analysed from now on.
func LoadConfig(path string) error {
	s, err := config.Load(path)
	if err != nil {
		return err
	}
	config.SetOverride(s)
	return nil
}

// Configure validates settings and makes them the configuration of every
// package analysed from now on (the golangci-lint plugin's settings).
func Configure(s *Settings) error {
	if err := config.Check(s); err != nil {
		return err
	}
	config.SetOverride(s)
	return nil
}

// OffByDefault reports whether rule runs only when the configuration's
// "enable" names it.
func OffByDefault(rule string) bool { return config.OffByDefault[rule] }
