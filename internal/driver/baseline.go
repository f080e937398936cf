package driver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
)

// Baseline is a recorded set of findings that are accepted for now: a run
// with a baseline reports only findings that are not in it. Entries are
// keyed by fingerprint (rule, file, enclosing function, message), never by
// line, so moving code does not resurface them; a fingerprint that occurs
// n times in the baseline hides at most n findings.
type Baseline struct {
	Version  int             `json:"version"`
	Tool     string          `json:"tool"`
	Findings []BaselineEntry `json:"findings"`
}

// BaselineEntry is one accepted finding. Only Fingerprint matters; the
// other fields make the file reviewable.
type BaselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	File        string `json:"file"`
	Function    string `json:"function,omitempty"`
	Message     string `json:"message"`
}

// NewBaseline records findings.
func NewBaseline(fs []Finding) *Baseline {
	b := &Baseline{Version: 1, Tool: "cachevet", Findings: []BaselineEntry{}}
	for _, f := range fs {
		b.Findings = append(b.Findings, BaselineEntry{Fingerprint: f.Fingerprint, Rule: f.Rule, File: f.RelFile, Function: f.Function, Message: f.Message})
	}
	sort.SliceStable(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Function != y.Function {
			return x.Function < y.Function
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		return x.Message < y.Message
	})
	return b
}

// WriteBaseline writes the baseline file.
func WriteBaseline(path string, fs []Finding) error {
	data, err := json.MarshalIndent(NewBaseline(fs), "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("baseline %s does not exist: record one with -baseline %s -baseline-write", path, path)
	}
	if err != nil {
		return nil, err
	}
	b := new(Baseline)
	if err := json.Unmarshal(data, b); err != nil {
		return nil, fmt.Errorf("baseline %s: %v", path, err)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("baseline %s: unsupported version %d (want 1)", path, b.Version)
	}
	return b, nil
}

// Filter returns the findings that are new with respect to the baseline,
// and how many were hidden.
func (b *Baseline) Filter(fs []Finding) (fresh []Finding, hidden int) {
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.Fingerprint]++
	}
	for _, f := range fs {
		if left[f.Fingerprint] > 0 {
			left[f.Fingerprint]--
			hidden++
			continue
		}
		fresh = append(fresh, f)
	}
	return fresh, hidden
}
