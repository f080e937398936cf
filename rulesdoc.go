// Package cachevet holds what cachevet's drivers take from the repository's
// documentation: rules.md, whose per-rule sections are the help text of
// SARIF rule metadata.
package cachevet

import _ "embed"

// RulesMarkdown is rules.md, embedded at build time.
//
//go:embed rules.md
var RulesMarkdown string
