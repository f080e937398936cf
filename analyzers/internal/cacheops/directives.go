package cacheops

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/internal/diag"
)

// OpPrefix starts a directive that declares a cache operation:
//
//	//cachevet:op set key=k value=v ttl=ttl
//
// on a function, a method or an interface method. Roles name parameters (or
// give their 0-based index); store=distributed|inprocess says what the cache
// is.
const OpPrefix = "//cachevet:op"

// directives reads //cachevet:op on this package's functions and interface
// methods, and reports malformed cachevet directives.
func (m *model) directives(pass *analysis.Pass, dirs *diag.Directives) {
	for _, p := range dirs.Problem {
		pass.Report(analysis.Diagnostic{Pos: p.Pos, End: p.End, Message: p.Message})
	}
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if d, ok := diag.ParseIgnore(c.Text); ok {
					if len(d.Rules) == 0 {
						pass.Reportf(c.Pos(), "cachevet:ignore directive names no rule: write //cachevet:ignore <rule> <reason>")
					}
					for _, r := range d.Rules {
						if !diag.KnownRule(r) {
							pass.Reportf(c.Pos(), "cachevet:ignore names unknown rule %q: rules are %s", r, strings.Join(diag.Rules, ", "))
						}
					}
				}
			}
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				fn, _ := pass.TypesInfo.Defs[d.Name].(*types.Func)
				if fn != nil {
					m.applyDirective(pass, fn, d.Doc)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					it, ok := ts.Type.(*ast.InterfaceType)
					if !ok {
						continue
					}
					for _, fld := range it.Methods.List {
						for _, n := range fld.Names {
							if fn, ok := pass.TypesInfo.Defs[n].(*types.Func); ok {
								m.applyDirective(pass, fn, fld.Doc)
							}
						}
					}
				}
			}
		}
	}
}

func (m *model) applyDirective(pass *analysis.Pass, fn *types.Func, doc *ast.CommentGroup) {
	if doc == nil {
		return
	}
	for _, c := range doc.List {
		if !strings.HasPrefix(c.Text, OpPrefix) {
			continue
		}
		of, err := ParseOpDirective(c.Text, fn)
		if err != nil {
			pass.Reportf(c.Pos(), "%v", err)
			continue
		}
		m.wraps[fn] = &WrapperFact{Ops: []OpFact{of}}
	}
}

// ParseOpDirective parses a //cachevet:op directive for fn.
func ParseOpDirective(text string, fn *types.Func) (OpFact, error) {
	rest := strings.TrimPrefix(text, OpPrefix)
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return OpFact{}, fmt.Errorf("cachevet:op directive names no operation: write //cachevet:op set key=<param> value=<param> ttl=<param>")
	}
	kind, ok := ParseKind(fields[0])
	if !ok {
		return OpFact{}, fmt.Errorf("cachevet:op: unknown operation %q: use one of get, set, add, delete, expire, get-or-create, invalidate-tag, coalesce", fields[0])
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return OpFact{}, fmt.Errorf("cachevet:op on %s, which is not a function", fn.Name())
	}
	param := func(v string) (int, error) {
		if i, err := strconv.Atoi(v); err == nil {
			if i < 0 || i >= sig.Params().Len() {
				return 0, fmt.Errorf("cachevet:op: %s has no parameter %d", fn.Name(), i)
			}
			return i, nil
		}
		for i := 0; i < sig.Params().Len(); i++ {
			if sig.Params().At(i).Name() == v {
				return i, nil
			}
		}
		return 0, fmt.Errorf("cachevet:op: %s has no parameter %q", fn.Name(), v)
	}
	of := OpFact{Kind: kind, API: shortName(fn)}
	for _, f := range fields[1:] {
		k, v, ok := strings.Cut(f, "=")
		if !ok || v == "" {
			return OpFact{}, fmt.Errorf("cachevet:op: %q is not role=parameter", f)
		}
		if k == "store" {
			of.Store = parseStore(v)
			if of.Store == StoreUnknown {
				return OpFact{}, fmt.Errorf("cachevet:op: store %q must be distributed or inprocess", v)
			}
			continue
		}
		i, err := param(v)
		if err != nil {
			return OpFact{}, err
		}
		switch k {
		case "key":
			name := sig.Params().At(i).Name()
			of.Key = Template{Parts: []Part{{Hole: true, Name: name, Param: i + 1, Sources: []Source{{Name: name, Param: i + 1}}}}}
		case "value":
			of.ValueExact = i + 1
			of.ValueParams = []int{i}
		case "ttl":
			of.TTLParam = i + 1
		case "loader":
			of.LoaderParam = i + 1
		default:
			return OpFact{}, fmt.Errorf("cachevet:op: unknown role %q: roles are key, value, ttl, loader, store", k)
		}
	}
	if of.TTLParam == 0 && kind.Writes() {
		of.TTLZero = TTLFromCtor
	}
	return of, nil
}
