package suite_test

import (
	"os"
	"strings"
	"testing"

	"github.com/cachevet/cachevet/analyzers/suite"
)

// TestRulesDocInStep keeps rules.md, each analyzer's Doc and `cachevet help`
// in step: every rule has a section whose first line is the Doc's title,
// and a row in the summary table.
func TestRulesDocInStep(t *testing.T) {
	b, err := os.ReadFile("../../rules.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, a := range suite.Analyzers() {
		name, title, ok := strings.Cut(strings.SplitN(a.Doc, "\n", 2)[0], ": ")
		if !ok || name != a.Name {
			t.Errorf("%s: Doc must start with %q, got %q", a.Name, a.Name+": <title>", strings.SplitN(a.Doc, "\n", 2)[0])
			continue
		}
		section := "\n## " + a.Name + "\n\n" + title + "\n"
		if !strings.Contains(doc, section) {
			t.Errorf("rules.md lacks a section %q followed by the title %q", "## "+a.Name, title)
		}
		if !strings.Contains(doc, "| ["+a.Name+"](#"+a.Name+") | "+title+" |") {
			t.Errorf("rules.md summary table lacks a row for %s with title %q", a.Name, title)
		}
		if a.URL != "https://github.com/cachevet/cachevet/blob/main/rules.md#"+a.Name {
			t.Errorf("%s: URL %q does not point at its rules.md section", a.Name, a.URL)
		}
	}
}
