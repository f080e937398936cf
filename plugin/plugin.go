// Package plugin is cachevet's golangci-lint v2 module plugin.
//
// Build a custom golangci-lint with it (see docs/integrations.md), then
// enable it in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable: [cachevet]
//	  settings:
//	    custom:
//	      cachevet:
//	        type: module
//	        description: caching-rule checks
//	        settings:
//	          cachekey: {version: all}
//
// The settings are cachevet's configuration (the same keys as
// cachevet.toml); unknown keys are rejected with an error.
package plugin

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/suite"
	"github.com/cachevet/cachevet/internal/driver"
)

// Name is the linter name golangci-lint knows the plugin by; findings are
// prefixed with it and //nolint:cachevet suppresses them.
const Name = "cachevet"

func init() {
	register.Plugin(Name, New)
}

// Plugin is the configured cachevet linter.
type Plugin struct {
	settings suite.Settings
}

var _ register.LinterPlugin = (*Plugin)(nil)

// New decodes golangci-lint settings (nil means defaults) and validates
// them.
func New(conf any) (register.LinterPlugin, error) {
	var s suite.Settings
	if conf != nil {
		var err error
		s, err = register.DecodeSettings[suite.Settings](conf)
		if err != nil {
			return nil, fmt.Errorf("cachevet settings in .golangci.yml (linters.settings.custom.cachevet.settings)%s: %w", culprit(conf), err)
		}
	}
	s.File = ".golangci.yml"
	if err := driver.CheckDisable(s.Disable); err != nil {
		return nil, fmt.Errorf("cachevet settings in .golangci.yml: %w", err)
	}
	if err := suite.Configure(&s); err != nil {
		return nil, fmt.Errorf("cachevet settings: %w", err)
	}
	return &Plugin{settings: s}, nil
}

// BuildAnalyzers returns the enabled rules; rules named in "disable" are
// left out.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	var out []*analysis.Analyzer
	for _, a := range suite.WithModel() {
		if slices.Contains(p.settings.Disable, a.Name) || suite.OffByDefault(a.Name) && !slices.Contains(p.settings.Enable, a.Name) {
			continue
		}
		out = append(out, driver.Gate(a))
	}
	if !slices.Contains(p.settings.Disable, "unusedignore") {
		out = append(out, suite.UnusedIgnore(out))
	}
	return out, nil
}

// GetLoadMode asks for type information: every rule is type-aware.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// culprit names the settings key whose value fails to decode, for errors
// (such as a bad duration) that do not say where they are.
func culprit(conf any) string {
	if path := failingPath(conf, nil); len(path) > 0 {
		return fmt.Sprintf(", key %q", strings.Join(path, "."))
	}
	return ""
}

// failingPath narrows a failing settings map down to the deepest key that
// still fails on its own.
func failingPath(conf any, path []string) []string {
	m, ok := conf.(map[string]any)
	if !ok {
		return path
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		sub := map[string]any{k: m[k]}
		for i := len(path) - 1; i >= 0; i-- {
			sub = map[string]any{path[i]: sub}
		}
		if _, err := register.DecodeSettings[suite.Settings](sub); err != nil {
			return failingPath(m[k], append(path, k))
		}
	}
	return path
}
