package driver

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSARIFColumnsAndProperties: SARIF columns are UTF-16 code units (as
// columnKind says), not Go's byte offsets; every rule has a helpUri and the
// properties code scanning reads, with the CWE of the rules that leak data.
func TestSARIFColumnsAndProperties(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.go")
	line := "\tkey := \"é😀\" + id"
	if err := os.WriteFile(file, []byte("package x\n\n"+line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	byteCol := strings.Index(line, "id") + 1 // 1-based byte column
	res := &Result{Findings: []Finding{{Rule: "cachekey", File: file, Line: 3, Column: byteCol, EndLine: 3, EndColumn: byteCol + 2, Message: "m", Fingerprint: "f"}}}
	rules := []RuleHelp{{ID: "cachekey", Title: "t", Text: "t", URL: "https://example.com/cachekey"}, {ID: "outputcache", Title: "t", Text: "t"}, {ID: "cachettl", Title: "t", Text: "t"}}
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, "v", dir, rules, res); err != nil {
		t.Fatal(err)
	}
	var log struct {
		Runs []struct {
			ColumnKind string `json:"columnKind"`
			Tool       struct {
				Driver struct {
					Rules []struct {
						ID         string `json:"id"`
						HelpURI    string `json:"helpUri"`
						Properties struct {
							Precision        string   `json:"precision"`
							SecuritySeverity string   `json:"security-severity"`
							Tags             []string `json:"tags"`
						} `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						Region struct{ StartColumn, EndColumn int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind %q, want utf16CodeUnits", run.ColumnKind)
	}
	// "\tkey := \"é😀\" + " is 15 UTF-16 units (é is one, 😀 two), 18 bytes.
	want := 1 + len("\tkey := \"") + 1 + 2 + len("\" + ")
	if got := run.Results[0].Locations[0].PhysicalLocation.Region; got.StartColumn != want || got.EndColumn != want+2 {
		t.Errorf("region columns %d-%d, want %d-%d (byte column was %d)", got.StartColumn, got.EndColumn, want, want+2, byteCol)
	}
	for _, r := range run.Tool.Driver.Rules {
		if r.HelpURI == "" || r.Properties.Precision == "" || len(r.Properties.Tags) == 0 {
			t.Errorf("rule %s lacks helpUri or properties: %+v", r.ID, r)
		}
		tags := strings.Join(r.Properties.Tags, " ")
		switch r.ID {
		case "cachekey":
			if r.Properties.SecuritySeverity == "" || !strings.Contains(tags, "external/cwe/cwe-524") {
				t.Errorf("cachekey: %+v, want a security severity and CWE-524", r.Properties)
			}
		case "outputcache":
			if r.Properties.SecuritySeverity == "" || !strings.Contains(tags, "external/cwe/cwe-525") {
				t.Errorf("outputcache: %+v, want a security severity and CWE-525", r.Properties)
			}
		case "cachettl":
			if r.Properties.SecuritySeverity != "" {
				t.Errorf("cachettl is not a security rule: %+v", r.Properties)
			}
		}
	}
}
