package plugin_test

import (
	"os"
	"strings"
	"testing"
)

// TestDocumentedConfig: the .golangci.yml that docs/integrations.md tells
// users to write is the example's (which TestGolangciLint runs verbatim),
// and it keeps every finding: golangci-lint's defaults cap findings per
// linter, hide repeated messages and keep one finding per line.
func TestDocumentedConfig(t *testing.T) {
	doc, err := os.ReadFile("../docs/integrations.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(doc), "### 2. Enable it in `.golangci.yml`")
	if !ok {
		t.Fatal("docs/integrations.md lacks the section \"### 2. Enable it in `.golangci.yml`\"")
	}
	_, rest, _ = strings.Cut(rest, "```yaml\n")
	block, _, _ := strings.Cut(rest, "```")
	example, err := os.ReadFile("../examples/lms/.golangci.yml")
	if err != nil {
		t.Fatal(err)
	}
	_, body, ok := strings.Cut(string(example), "\nversion: \"2\"\n")
	if !ok || "version: \"2\"\n"+body != block {
		t.Errorf("examples/lms/.golangci.yml (below its comment header) differs from the documented one:\n%s\ndocumented:\n%s", body, block)
	}
	_, issues, _ := strings.Cut(block, "\nissues:\n")
	for _, want := range []string{"max-issues-per-linter: 0", "max-same-issues: 0", "uniq-by-line: false"} {
		if !strings.Contains(issues, "  "+want) {
			t.Errorf("the documented .golangci.yml lacks issues.%s: golangci-lint drops findings without it", want)
		}
	}
}
