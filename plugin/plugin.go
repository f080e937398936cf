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
			return nil, fmt.Errorf("cachevet settings in .golangci.yml (linters.settings.custom.cachevet.settings): %w", err)
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
		if slices.Contains(p.settings.Disable, a.Name) {
			continue
		}
		out = append(out, driver.Gate(a))
	}
	return out, nil
}

// GetLoadMode asks for type information: every rule is type-aware.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
