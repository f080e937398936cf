package driver

import (
	"bytes"
	"fmt"
	"go/format"
	"os"
	"sort"
)

// FixResult says what applying fixes did.
type FixResult struct {
	// Files maps each changed file to its new content.
	Files map[string][]byte
	// Applied are the findings whose first fix was applied.
	Applied []Finding
	// Skipped are findings whose fix conflicts with one applied before.
	Skipped []Finding
}

// ComputeFixes applies the first SuggestedFix of each finding to the
// files' contents (read with read), in finding order; a fix that overlaps
// an edit already taken is skipped whole. Identical edits from several
// findings are applied once. Changed Go files are gofmt-ed.
func ComputeFixes(fs []Finding, read func(string) ([]byte, error)) (*FixResult, error) {
	taken := map[string][]Edit{}
	res := &FixResult{Files: map[string][]byte{}}
	for _, f := range fs {
		if len(f.Fixes) == 0 {
			continue
		}
		fx := f.Fixes[0]
		ok := true
		var add []Edit
	edits:
		for _, e := range fx.Edits {
			for _, t := range taken[e.File] {
				if t == e {
					continue edits // the same edit, already applied
				}
				if e.Start < t.End && t.Start < e.End || (e.Start == e.End && e.Start == t.Start) || (t.Start == t.End && t.Start == e.Start) {
					ok = false
					break edits
				}
			}
			for _, a := range add {
				if e.Start < a.End && a.Start < e.End {
					ok = false
					break edits
				}
			}
			add = append(add, e)
		}
		if !ok {
			res.Skipped = append(res.Skipped, f)
			continue
		}
		for _, e := range add {
			taken[e.File] = append(taken[e.File], e)
		}
		res.Applied = append(res.Applied, f)
	}
	for file, edits := range taken {
		src, err := read(file)
		if err != nil {
			return nil, err
		}
		sort.Slice(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })
		var out bytes.Buffer
		last := 0
		for _, e := range edits {
			if e.Start < last || e.End > len(src) {
				return nil, fmt.Errorf("%s: fix edits out of range (file changed during the run?)", file)
			}
			out.Write(src[last:e.Start])
			out.WriteString(e.NewText)
			last = e.End
		}
		out.Write(src[last:])
		b := out.Bytes()
		if formatted, err := format.Source(b); err == nil {
			b = formatted
		}
		res.Files[file] = b
	}
	return res, nil
}

// WriteFiles writes the fixed files.
func (r *FixResult) WriteFiles() error {
	for file, b := range r.Files {
		st, err := os.Stat(file)
		if err != nil {
			return err
		}
		if err := os.WriteFile(file, b, st.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}
