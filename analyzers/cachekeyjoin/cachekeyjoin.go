package cachekeyjoin

import (
	"fmt"
	"go/ast"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"github.com/cachevet/cachevet/analyzers/internal/config"
	"github.com/cachevet/cachevet/analyzers/internal/diag"
	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// Analyzer is the cachekeyjoin rule.
var Analyzer = &analysis.Analyzer{
	Name:     "cachekeyjoin",
	Doc:      Doc,
	URL:      "https://github.com/cachevet/cachevet/blob/main/rules.md#cachekeyjoin",
	Requires: []*analysis.Analyzer{cacheops.Analyzer},
	Run:      run,
}

// settingsKeys are the keys of the [rules.cachekeyjoin] section.
var settingsKeys = []string{"escapers"}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[cacheops.Analyzer].(*cacheops.Result)
	if err := checkSettings(res.Settings()); err != nil {
		return nil, err
	}
	r := diag.New(pass, "cachekeyjoin").SkipTests() // tests build keys for fixtures
	for _, op := range res.Ops {
		switch op.Kind {
		case cacheops.Get, cacheops.Set, cacheops.Add, cacheops.GetOrCreate, cacheops.Coalesce:
		default:
			continue
		}
		// A wrapper's callers supply the key: it is checked there. A
		// wrapper's own key is checked inside the wrapper.
		if op.Forwards() || !op.CallerKey() {
			continue
		}
		a, sep, b, ok := ambiguous(op.Key)
		if !ok {
			continue
		}
		r.Report(reportNode(op), message(op, a, sep, b))
	}
	return nil, nil
}

func checkSettings(s *config.Settings) error {
	sec := s.Rules["cachekeyjoin"]
	keys := make([]string, 0, len(sec))
	for k := range sec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	where := ""
	if s.File != "" {
		where = s.File + ": "
	}
	for _, k := range keys {
		switch k {
		case "escapers":
			if _, err := config.StringList(sec[k]); err != nil {
				return fmt.Errorf("%srules.cachekeyjoin.escapers: %v", where, err)
			}
		default:
			return fmt.Errorf("%srules.cachekeyjoin: unknown key %q (known: %s)", where, k, strings.Join(settingsKeys, ", "))
		}
	}
	return nil
}

func reportNode(op *cacheops.Op) ast.Node {
	if op.KeyExpr != nil {
		return op.KeyExpr
	}
	return op.Call
}

// ambiguous finds two holes of t joined by literal text that both may
// contain: then the boundary between them can shift.
func ambiguous(t cacheops.Template) (a cacheops.Part, sep string, b cacheops.Part, ok bool) {
	prev := -1 // index of the last hole
	for i, p := range t.Parts {
		if !p.Hole {
			continue
		}
		if prev >= 0 {
			if s, plain := between(t.Parts[prev+1 : i]); plain && s != "" && mayContain(t.Parts[prev], s) && mayContain(p, s) {
				return t.Parts[prev], s, p, true
			}
		}
		prev = i
	}
	return cacheops.Part{}, "", cacheops.Part{}, false
}

// between is the literal text of parts, and whether it is all plain key
// text (not text inside an encoding).
func between(parts []cacheops.Part) (string, bool) {
	var b strings.Builder
	for _, p := range parts {
		if p.Hole || p.Text != cacheops.TextUnknown {
			return "", false
		}
		b.WriteString(p.Lit)
	}
	return b.String(), true
}

// alphabets are the characters an encoding's text is made of.
var alphabets = map[string]string{
	cacheops.TextHex:          "0123456789abcdefABCDEF",
	cacheops.TextBase64:       alnum + "+/=",
	cacheops.TextBase64URL:    alnum + "-_=",
	cacheops.TextPathEscaped:  alnum + "-_.~%:@=+&$",
	cacheops.TextQueryEscaped: alnum + "-_.~%+",
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// mayContain reports whether the hole p may hold the text sep. When
// unsure (a call the model cannot see into, a configured prefix), it says
// no.
func mayContain(p cacheops.Part, sep string) bool {
	if !p.Hole || p.Unknown || p.Version || p.Name == "" || fixedName(p.Name) {
		return false
	}
	hashed := len(p.Sources) > 0
	for _, s := range p.Sources {
		if s.Opaque {
			return false
		}
		hashed = hashed && s.Hashed
	}
	if hashed {
		return false
	}
	if p.Text == cacheops.TextFree {
		return true
	}
	alpha, ok := alphabets[p.Text]
	if !ok {
		return false // numbers, typed ids, enums, hashes, quoted and escaped text
	}
	for _, c := range sep {
		if !strings.ContainsRune(alpha, c) {
			return false
		}
	}
	return true
}

// fixedName reports whether a hole is named like configuration fixed for
// the process (a prefix, a namespace), not like request data.
func fixedName(name string) bool {
	if i := strings.LastIndex(name, "."); i >= 0 {
		name = name[i+1:]
	}
	for _, w := range identity.Split(name) {
		switch w {
		case "prefix", "namespace", "ns", "version", "scope", "suffix", "env", "environment", "service", "app":
			return true
		}
	}
	return false
}

func message(op *cacheops.Op, a cacheops.Part, sep string, b cacheops.Part) string {
	what, share := "cache key", "share an entry"
	if op.Kind == cacheops.Coalesce {
		what, share = "singleflight key", "share one call and its result"
	}
	an, bn := a.Name, b.Name
	if an == bn {
		an, bn = an+" (first)", bn+" (second)"
	}
	return fmt.Sprintf("%s %q joins %s and %s with %q, which both may contain: %s %q with %s %q and %s %q with %s %q %s; escape the segments or hash the tuple",
		what, op.Key.String(), an, bn, sep,
		an, "a"+sep+"b", bn, "c",
		an, "a", bn, "b"+sep+"c", share)
}
