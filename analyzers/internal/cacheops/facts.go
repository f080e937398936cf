package cacheops

import (
	"fmt"
	"strings"
)

// FuncFact describes what a function returns, for callers in other
// packages: the identities its results are computed from (auth.UserID(ctx)
// returns the user; a repository method that filters by the current tenant
// returns tenant data), and, for key builders, the key it returns in terms
// of its parameters.
type FuncFact struct {
	Result []Source
	Key    *Template
	// KeyVaries marks a function returning a string whose returns build
	// different keys (an optional prefix: if ns == "" { return "item:" + id }):
	// no one template stands for its result, and what it returns may hold
	// a version or a scope.
	KeyVaries bool
}

func (*FuncFact) AFact() {}

func (f *FuncFact) String() string {
	var parts []string
	for _, s := range f.Result {
		parts = append(parts, s.Identity.String())
	}
	out := "returns"
	if len(parts) > 0 {
		out += " identity(" + strings.Join(dedupe(parts), ",") + ")"
	}
	if f.Key != nil {
		out += " key(" + f.Key.String() + ")"
	}
	if f.KeyVaries {
		out += " key(varies)"
	}
	return out
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// WrapperFact marks a function or method that performs cache operations
// with (part of) its key, value, TTL or loader taken from its parameters:
// callers in any package see a call of it as those operations.
type WrapperFact struct {
	Ops []OpFact
}

func (*WrapperFact) AFact() {}

func (f *WrapperFact) String() string {
	var parts []string
	for _, o := range f.Ops {
		parts = append(parts, fmt.Sprintf("%s(%s)", o.Kind, o.Key.String()))
	}
	return "cache " + strings.Join(parts, " ")
}

// OpFact is one operation of a wrapper, in terms of the wrapper's
// parameters (indices are 1 + the parameter index; 0 is none).
type OpFact struct {
	Kind       Kind
	API        string
	Lib        string
	Via        []string
	Store      Store
	TTLZero    TTLMeaning
	TTLSeconds bool

	Key Template
	// ValueExact is the parameter that is the stored value itself.
	ValueExact int
	// ValueParams are parameters the value is computed from that the
	// wrapper cannot classify (a caller's argument may carry an identity).
	ValueParams []int
	// ValueSources are the value's other inputs: identities the wrapper
	// reads itself, and parameters named as identities.
	ValueSources []Source

	TTLParam    int
	TTLConst    bool
	TTLValue    int64
	TTLText     string
	TTLMissing  bool
	LoaderParam int
	// LoaderStored marks a get-or-create found by its body: the wrapper
	// stores what its function parameter returns (v, err := load(); Set(k, v)).
	LoaderStored bool
}

// CallsFact marks a function that performs cache operations, directly or
// through the functions it calls, in any package.
type CallsFact struct {
	// Chain is the shortest call path to a cache API, outermost first:
	// ["TicketService.Save", "redis.Del"].
	Chain []string
	Kinds []Kind
}

func (*CallsFact) AFact() {}

func (f *CallsFact) String() string { return "calls cache via " + strings.Join(f.Chain, " -> ") }
