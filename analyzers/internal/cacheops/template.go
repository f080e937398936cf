package cacheops

import (
	"strings"

	"github.com/cachevet/cachevet/analyzers/internal/identity"
)

// Source is one input a value or a key part is computed from: a parameter,
// a variable, a field, or a call such as auth.UserID(ctx).
type Source struct {
	// Name is how the input reads in the code: "orgID", "req.OrgID",
	// "auth.UserID(ctx)".
	Name string
	// Param is 1 + the index of the enclosing function's parameter this
	// input is (receiver excluded), or 0.
	Param int
	// Identity is the scope this input names, if it is an identity.
	Identity identity.Kind
	// Hashed is set when the input reaches the value only through a hash.
	Hashed bool
	// Opaque marks a call the model cannot see into that takes a context or
	// a request: it may read the caller's identity.
	Opaque bool
	// Accessor marks an identity read from the request or context (an
	// accessor such as auth.UserID(ctx), a header, a path value), as opposed
	// to one recognised by a variable's name. Only these cross function
	// boundaries in facts.
	Accessor bool
}

// Part is a literal segment of a key template or a hole computed at run time.
type Part struct {
	Lit  string
	Hole bool
	// Name is how the hole reads in the code ("orgID", "hash(email)").
	Name string
	// Param is 1 + the parameter index when the hole is exactly a parameter
	// of the enclosing function, so that callers can splice their argument.
	Param int
	// Sources are what the hole is computed from.
	Sources []Source
	// PII is set when the hole is personal data (an e-mail, ...) that was
	// not hashed.
	PII bool
	// Version is set when the part is a version: a constant or variable
	// named like one.
	Version bool
	// Caller marks a part a wrapper's caller supplied.
	Caller bool
	// Unknown marks a hole whose text comes from a call the model cannot
	// see into (an interface or type-parameter method, a function value):
	// it may hold a version or a scope.
	Unknown bool
	// Text is what the part's text can hold, when the model knows: one of
	// the Text* classes. A literal part has a class when it lies inside an
	// encoding (url.QueryEscape("a:" + b)): its text is then not a
	// separator of the key.
	Text string
	// Impl marks a hole an interface's implementation adds to every key it
	// stores (its configured prefix): it is the store's, the same for every
	// kind of entry, so it cannot version one entry's shape.
	Impl bool `json:",omitempty"`
}

// Text classes: what a hole's text can hold.
const (
	TextUnknown      = ""              // not known (an interface, a function value)
	TextFree         = "free"          // a string nothing constrains: any character
	TextTyped        = "typed"         // a number, a bool, a struct, an array: not a free-form string
	TextEnum         = "enum"          // a named string type with declared constants
	TextID           = "id"            // a typed id or UUID (a named string type named like an id)
	TextHex          = "hex"           // hex.EncodeToString, %x
	TextBase64       = "base64"        // base64.StdEncoding
	TextBase64URL    = "base64url"     // base64.URLEncoding
	TextNumber       = "number"        // strconv.Itoa, FormatFloat, %d
	TextQuoted       = "quoted"        // strconv.Quote, %q: self-delimiting
	TextHash         = "hash"          // a hash function's result
	TextPathEscaped  = "path-escaped"  // url.PathEscape: keeps : @ = + & $ ~
	TextQueryEscaped = "query-escaped" // url.QueryEscape
	TextEscaped      = "escaped"       // the reference cache's NewKey, a declared escaper
)

// constrain marks every part of t as lying inside an encoding of class text.
func constrain(t Template, text string) Template {
	t.Parts = append([]Part(nil), t.Parts...)
	for i := range t.Parts {
		t.Parts[i].Text = text
	}
	return t
}

// Template is a key as a sequence of literal text and holes.
type Template struct {
	Parts []Part
	// Extra are sources that are part of the key without a visible hole:
	// the receiver of a key type's String method.
	Extra []Source
}

// String renders the template as the key reads: "courses:{orgID}:v1".
func (t Template) String() string {
	var b strings.Builder
	for _, p := range t.Parts {
		if p.Hole {
			b.WriteString("{" + p.Name + "}")
		} else {
			b.WriteString(p.Lit)
		}
	}
	return b.String()
}

// Literal reports whether the template has no holes.
func (t Template) Literal() bool {
	for _, p := range t.Parts {
		if p.Hole {
			return false
		}
	}
	return true
}

// Sources lists the sources of every hole.
func (t Template) Sources() []Source {
	out := append([]Source(nil), t.Extra...)
	for _, p := range t.Parts {
		out = append(out, p.Sources...)
	}
	return out
}

// HasParam reports whether any part of the key depends on a parameter of
// the enclosing function: then a caller supplies (part of) the key.
func (t Template) HasParam() bool {
	for _, s := range t.Extra {
		if s.Param > 0 {
			return true
		}
	}
	for _, p := range t.Parts {
		if p.Param > 0 {
			return true
		}
		for _, s := range p.Sources {
			if s.Param > 0 {
				return true
			}
		}
	}
	return false
}

// Forwards reports whether a caller supplies the key: the key is exactly a
// parameter, or has a parameter part named like a key ("key", "prefix",
// "name", "ns"). A key built here from a parameter named like an id
// ("courseID") is this function's own key.
func (t Template) Forwards() bool {
	parts := 0
	for _, p := range t.Parts {
		if p.Hole && p.Name == "" {
			continue
		}
		parts++
	}
	for _, p := range t.Parts {
		if p.Param > 0 && (parts == 1 || keyLikeName(p.Name)) {
			return true
		}
		for _, s := range p.Sources {
			if s.Param > 0 && (keyLikeName(s.Name) || keyLikeName(p.Name)) {
				return true
			}
		}
	}
	return false
}

// OwnText reports whether the template has literal text that the function
// building it wrote (not supplied by a wrapper's caller).
func (t Template) OwnText() bool {
	for _, p := range t.Parts {
		if !p.Hole && !p.Caller && strings.Trim(p.Lit, ":/|._-# ") != "" {
			return true
		}
	}
	return false
}

// UnknownText reports whether part of the key is text the model cannot see.
func (t Template) UnknownText() bool {
	for _, p := range t.Parts {
		if p.Hole && p.Unknown && !p.Impl {
			return true
		}
	}
	return false
}

// UnknownPrefix reports whether the key has a part named like a prefix or
// namespace whose text is not known here (a configured field): it may hold
// the version.
func (t Template) UnknownPrefix() bool {
	for _, p := range t.Parts {
		if !p.Hole || p.Impl {
			continue
		}
		for _, w := range identity.Split(p.Name) {
			switch w {
			case "prefix", "namespace", "ns", "version", "scope":
				return true
			}
		}
	}
	return false
}

func keyLikeName(name string) bool {
	for _, w := range identity.Split(name) {
		switch w {
		case "key", "keys", "k", "prefix", "suffix", "name", "ns", "namespace", "path", "subkey", "field":
			return true
		}
	}
	return false
}

// Opaque reports whether part of the key comes from a call the model cannot
// see into that may read the request's identity.
func (t Template) Opaque() bool {
	for _, s := range t.Sources() {
		if s.Opaque {
			return true
		}
	}
	return false
}

// Scope is the finest identity scope the key carries.
func (t Template) Scope() identity.Kind {
	k := identity.None
	for _, s := range t.Sources() {
		if s.Identity > k {
			k = s.Identity
		}
	}
	return k
}

// HasVersion reports whether the key has a version: a literal segment such
// as "v1", or a part named like a version.
func (t Template) HasVersion() bool {
	for _, p := range t.Parts {
		if p.Version {
			return true
		}
		if !p.Hole {
			for _, seg := range splitSegments(p.Lit) {
				if identity.VersionSegment(seg) {
					return true
				}
			}
		}
		if p.Hole && identity.Default.Version(p.Name) {
			return true
		}
	}
	return false
}

func splitSegments(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ':' || r == '/' || r == '|' || r == '.' || r == '_' || r == '-' || r == '#' || r == ' ' || r == '{' || r == '}' || r == '='
	})
}

// lit and hole build parts.
func lit(s string) Template { return Template{Parts: []Part{{Lit: s}}} }

func concat(ts ...Template) Template {
	var out Template
	for _, t := range ts {
		out.Extra = append(out.Extra, t.Extra...)
		for _, p := range t.Parts {
			n := len(out.Parts)
			if !p.Hole && !p.Version && n > 0 && !out.Parts[n-1].Hole && !out.Parts[n-1].Version && p.Text == out.Parts[n-1].Text {
				out.Parts[n-1].Lit += p.Lit
				continue
			}
			out.Parts = append(out.Parts, p)
		}
	}
	return out
}

// substitute replaces parameter references in t (built inside a callee) by
// the caller's arguments.
func substitute(t Template, args []Template, argSources [][]Source) Template {
	out := []Template{{Extra: substituteSources(t.Extra, argSources)}}
	for _, p := range t.Parts {
		if p.Param > 0 && p.Param <= len(args) {
			a := args[p.Param-1]
			if p.Text != TextFree && p.Text != TextUnknown {
				a = constrain(a, p.Text) // the callee encoded its parameter
			}
			a.Parts = append([]Part(nil), a.Parts...)
			for i := range a.Parts {
				a.Parts[i].Caller = true
			}
			out = append(out, a)
			continue
		}
		q := p
		q.Caller = false
		q.Sources = substituteSources(p.Sources, argSources)
		out = append(out, Template{Parts: []Part{q}})
	}
	return concat(out...)
}

// substituteSources replaces parameter sources by the caller's argument
// sources; a parameter classified as an identity keeps that meaning.
func substituteSources(srcs []Source, argSources [][]Source) []Source {
	var out []Source
	for _, s := range srcs {
		if s.Param > 0 && s.Param <= len(argSources) {
			repl := argSources[s.Param-1]
			has := false
			for _, r := range repl {
				r.Hashed = r.Hashed || s.Hashed
				if r.Identity != identity.None {
					has = true
				}
				out = append(out, r)
			}
			if s.Identity != identity.None && !has {
				name := s.Name
				if len(repl) > 0 {
					name = repl[0].Name
				}
				out = append(out, Source{Name: name, Param: paramOf(repl), Identity: s.Identity, Hashed: s.Hashed})
			}
			continue
		}
		if s.Param > 0 {
			s.Param = 0 // variadic or missing argument
		}
		out = append(out, s)
	}
	return out
}

func paramOf(srcs []Source) int {
	for _, s := range srcs {
		if s.Param > 0 {
			return s.Param
		}
	}
	return 0
}
