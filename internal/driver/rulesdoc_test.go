package driver

import (
	"strings"
	"testing"

	"github.com/cachevet/cachevet/analyzers/suite"
)

func TestRuleSections(t *testing.T) {
	got := ruleSections("# title\n\nintro\n\n## Suppressing a finding\n\ntext\n\n## cachekey\n\ncache keys carry the scope\n\nmore\n\n## cachettl\n\nttl\n")
	if len(got) != 2 || got["cachekey"] != "## cachekey\n\ncache keys carry the scope\n\nmore" || got["cachettl"] != "## cachettl\n\nttl" {
		t.Errorf("sections %q", got)
	}
	// Every rule of the suite that rules.md documents gets its section, and
	// the section starts with the rule's title.
	for _, a := range suite.Analyzers() {
		sec, ok := RulesDoc[a.Name]
		if !ok {
			t.Logf("rules.md has no section for %s yet: its SARIF help is its Doc", a.Name)
			continue
		}
		title := strings.TrimPrefix(strings.SplitN(a.Doc, "\n", 2)[0], a.Name+": ")
		if !strings.HasPrefix(sec, "## "+a.Name+"\n\n"+title) {
			t.Logf("rules.md section of %s does not start with its title %q", a.Name, title)
		}
	}
}
