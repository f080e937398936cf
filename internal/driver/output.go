package driver

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf16"

	"golang.org/x/tools/go/analysis"
)

// DisplayPath shows file relative to dir when it is inside it.
func DisplayPath(dir, file string) string {
	if dir != "" {
		if r, err := filepath.Rel(dir, file); err == nil && !strings.HasPrefix(r, "..") {
			return r
		}
	}
	return file
}

// WriteText writes one line per finding: "file:line:col: message (rule)".
func WriteText(w io.Writer, dir string, fs []Finding) error {
	for _, f := range fs {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s (%s)\n", DisplayPath(dir, f.File), f.Line, f.Column, f.Message, f.Rule); err != nil {
			return err
		}
	}
	return nil
}

// JSONReport is the -format json document.
type JSONReport struct {
	Tool     string    `json:"tool"`
	Version  string    `json:"version"`
	Findings []Finding `json:"findings"`
	Errors   []string  `json:"errors,omitempty"`
}

// WriteJSON writes the findings as one JSON document.
func WriteJSON(w io.Writer, version string, res *Result) error {
	r := JSONReport{Tool: "cachevet", Version: version, Findings: res.Findings}
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	for _, e := range res.Errors {
		r.Errors = append(r.Errors, e.Error())
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// SARIF 2.1.0, the subset code scanning reads.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                   `json:"tool"`
		ColumnKind         string                      `json:"columnKind"`
		OriginalURIBaseIDs map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult               `json:"results"`
		Invocations        []sarifInvocation           `json:"invocations,omitempty"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
	}
	sarifNotification struct {
		Level   string       `json:"level"`
		Message sarifMessage `json:"message"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri,omitempty"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		Name                 string             `json:"name,omitempty"`
		ShortDescription     sarifMessage       `json:"shortDescription"`
		FullDescription      sarifMessage       `json:"fullDescription"`
		Help                 sarifMultiformat   `json:"help"`
		HelpURI              string             `json:"helpUri,omitempty"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
		Properties           *sarifProperties   `json:"properties,omitempty"`
	}
	// sarifProperties are what GitHub code scanning reads of a rule.
	sarifProperties struct {
		Precision        string   `json:"precision,omitempty"`
		SecuritySeverity string   `json:"security-severity,omitempty"`
		Tags             []string `json:"tags,omitempty"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifMultiformat struct {
		Text     string `json:"text"`
		Markdown string `json:"markdown,omitempty"`
	}
	sarifResult struct {
		RuleID              string            `json:"ruleId"`
		RuleIndex           int               `json:"ruleIndex"`
		Level               string            `json:"level"`
		Message             sarifMessage      `json:"message"`
		Locations           []sarifLocation   `json:"locations"`
		PartialFingerprints map[string]string `json:"partialFingerprints,omitempty"`
		Fixes               []sarifFix        `json:"fixes,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
		Region           sarifRegion      `json:"region"`
	}
	sarifArtifactLoc struct {
		URI       string `json:"uri"`
		URIBaseID string `json:"uriBaseId,omitempty"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
	sarifFix struct {
		Description     sarifMessage          `json:"description"`
		ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
	}
	sarifArtifactChange struct {
		ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
		Replacements     []sarifReplacement `json:"replacements"`
	}
	sarifReplacement struct {
		DeletedRegion   sarifRegion   `json:"deletedRegion"`
		InsertedContent *sarifMessage `json:"insertedContent,omitempty"`
	}
)

// RuleHelp is the documentation of one rule, for SARIF rule metadata.
type RuleHelp struct {
	ID, Title, Text, Markdown, URL string
}

// HelpFor builds rule metadata from the analyzers' documentation: the
// title is the first line of Doc after "name: ", the help text is the rest.
// extra (rule name -> markdown, e.g. the rule's section of rules.md)
// replaces the markdown help when present.
func HelpFor(analyzers []*analysis.Analyzer, extra map[string]string) []RuleHelp {
	var out []RuleHelp
	for _, a := range analyzers {
		first, rest, _ := strings.Cut(a.Doc, "\n")
		title := first
		if _, t, ok := strings.Cut(first, ": "); ok {
			title = t
		}
		body := strings.TrimSpace(rest)
		text := title
		if body != "" {
			text = title + "\n\n" + body
		}
		md := "**" + a.Name + "**: " + title
		if body != "" {
			md += "\n\n" + body
		}
		if a.URL != "" {
			md += "\n\nMore: " + a.URL
		}
		if m, ok := extra[a.Name]; ok && strings.TrimSpace(m) != "" {
			md = m
		}
		out = append(out, RuleHelp{ID: a.Name, Title: title, Text: text, Markdown: md, URL: a.URL})
	}
	return out
}

// WriteSARIF writes a SARIF 2.1.0 log. Paths are relative to root (the
// repository root, %SRCROOT%) when inside it.
func WriteSARIF(w io.Writer, version, root string, rules []RuleHelp, res *Result) error {
	idx := map[string]int{}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name:           "cachevet",
			Version:        version,
			InformationURI: "https://github.com/cachevet/cachevet",
			Rules:          []sarifRule{},
		}},
		Results: []sarifResult{},
	}
	run.ColumnKind = "utf16CodeUnits"
	for _, r := range rules {
		idx[r.ID] = len(run.Tool.Driver.Rules)
		if r.URL == "" {
			r.URL = rulesURL
		}
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			Properties:           ruleProperties(r.ID),
			ID:                   r.ID,
			Name:                 r.ID,
			ShortDescription:     sarifMessage{Text: r.Title},
			FullDescription:      sarifMessage{Text: r.Text},
			Help:                 sarifMultiformat{Text: r.Text, Markdown: r.Markdown},
			HelpURI:              r.URL,
			DefaultConfiguration: sarifConfiguration{Level: "warning"},
		})
	}
	if root != "" {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(root) + "/"}
		run.OriginalURIBaseIDs = map[string]sarifArtifactLoc{"%SRCROOT%": {URI: u.String()}}
	}
	loc := func(file string) sarifArtifactLoc {
		if root != "" {
			if r, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(r, "..") {
				return sarifArtifactLoc{URI: filepath.ToSlash(r), URIBaseID: "%SRCROOT%"}
			}
		}
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(file)}
		return sarifArtifactLoc{URI: u.String()}
	}
	cols := columns{}
	for _, f := range res.Findings {
		i, ok := idx[f.Rule]
		if !ok {
			i = len(run.Tool.Driver.Rules)
			idx[f.Rule] = i
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{ID: f.Rule, Name: f.Rule,
				ShortDescription: sarifMessage{Text: f.Rule}, FullDescription: sarifMessage{Text: f.Rule},
				Help: sarifMultiformat{Text: f.Rule}, HelpURI: rulesURL + "#" + f.Rule,
				DefaultConfiguration: sarifConfiguration{Level: "warning"}, Properties: ruleProperties(f.Rule)})
		}
		sr := sarifResult{
			RuleID:    f.Rule,
			RuleIndex: i,
			Level:     "warning",
			Message:   sarifMessage{Text: f.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: loc(f.File),
				Region:           sarifRegion{StartLine: f.Line, StartColumn: cols.utf16(f.File, f.Line, f.Column), EndLine: f.EndLine, EndColumn: cols.utf16(f.File, f.EndLine, f.EndColumn)},
			}}},
			PartialFingerprints: map[string]string{"cachevet/v1": f.Fingerprint},
		}
		for _, fx := range f.Fixes {
			byFile := map[string][]sarifReplacement{}
			var files []string
			for _, e := range fx.Edits {
				if _, ok := byFile[e.File]; !ok {
					files = append(files, e.File)
				}
				rep := sarifReplacement{DeletedRegion: sarifRegion{StartLine: e.StartLine, StartColumn: cols.utf16(e.File, e.StartLine, e.StartCol), EndLine: e.EndLine, EndColumn: cols.utf16(e.File, e.EndLine, e.EndCol)}}
				if e.NewText != "" {
					rep.InsertedContent = &sarifMessage{Text: e.NewText}
				}
				byFile[e.File] = append(byFile[e.File], rep)
			}
			sort.Strings(files)
			sf := sarifFix{Description: sarifMessage{Text: fx.Message}}
			for _, file := range files {
				sf.ArtifactChanges = append(sf.ArtifactChanges, sarifArtifactChange{ArtifactLocation: loc(file), Replacements: byFile[file]})
			}
			sr.Fixes = append(sr.Fixes, sf)
		}
		run.Results = append(run.Results, sr)
	}
	inv := sarifInvocation{ExecutionSuccessful: len(res.Errors) == 0}
	for _, e := range res.Errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "error", Message: sarifMessage{Text: e.Error()}})
	}
	run.Invocations = []sarifInvocation{inv}
	log := sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}

const rulesURL = "https://github.com/cachevet/cachevet/blob/main/rules.md"

// ruleProperties are a rule's code scanning properties: how often its
// findings are right (precision), and for rules whose mistakes leak one
// user's data to another, a security severity and the CWE.
func ruleProperties(rule string) *sarifProperties {
	switch rule {
	case "cachekey": // a key without the tenant or user: another tenant's data
		return &sarifProperties{Precision: "high", SecuritySeverity: "7.5", Tags: []string{"security", "external/cwe/cwe-524"}}
	case "outputcache": // a shared cache serving one user's response to another
		return &sarifProperties{Precision: "medium", SecuritySeverity: "7.5", Tags: []string{"security", "external/cwe/cwe-524", "external/cwe/cwe-525"}}
	case "cachemetric": // personal data in metric labels
		return &sarifProperties{Precision: "medium", SecuritySeverity: "4.0", Tags: []string{"security", "external/cwe/cwe-359"}}
	case "cachenil", "cachettl":
		return &sarifProperties{Precision: "high", Tags: []string{"correctness"}}
	case "cmdcache", "cachebound", "cacheentity":
		return &sarifProperties{Precision: "medium", Tags: []string{"correctness"}}
	}
	return &sarifProperties{Precision: "high", Tags: []string{"maintainability"}} // directives
}

// columns converts Go's byte columns to the UTF-16 code units SARIF
// consumers count by default (columnKind utf16CodeUnits), reading each
// file once.
type columns map[string][]string

func (c columns) utf16(file string, line, col int) int {
	if col <= 1 || line < 1 {
		return col
	}
	lines, ok := c[file]
	if !ok {
		if b, err := os.ReadFile(file); err == nil {
			lines = strings.Split(string(b), "\n")
		}
		c[file] = lines
	}
	if line > len(lines) || col-1 > len(lines[line-1]) {
		return col
	}
	return len(utf16.Encode([]rune(lines[line-1][:col-1]))) + 1
}

// RepoRoot finds the directory holding .git above dir, else the module
// root (go.mod), else dir.
func RepoRoot(dir string) string {
	for _, marker := range []string{".git", "go.mod"} {
		d := dir
		for {
			if _, err := os.Stat(filepath.Join(d, marker)); err == nil {
				return d
			}
			p := filepath.Dir(d)
			if p == d {
				break
			}
			d = p
		}
	}
	return dir
}
