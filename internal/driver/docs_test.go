package driver

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestInstallDocs: until the module is published, no document tells a
// user to install cachevet with go install alone, and the GitHub Actions
// workflow analyses the code once (not once for SARIF and again for the
// log).
func TestInstallDocs(t *testing.T) {
	for _, p := range []string{"../../README.md", "../../docs/integrations.md", "../../docs/github-actions.yml", "../../docs/pre-commit"} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "go install github.com/cachevet/cachevet") && !strings.Contains(line, "published") {
				t.Errorf("%s:%d: go install of the unpublished module without saying so: %s", p, i+1, line)
			}
		}
	}
	b, err := os.ReadFile("../../docs/github-actions.yml")
	if err != nil {
		t.Fatal(err)
	}
	runs := regexp.MustCompile(`(?m)^\s+cachevet "\$\{args\[@\]\}"`).FindAllString(string(b), -1)
	if len(runs) != 1 {
		t.Errorf("docs/github-actions.yml runs the analysis %d times, want once", len(runs))
	}
}
