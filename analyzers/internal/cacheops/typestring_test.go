package cacheops

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// TestTypeStringMatches checks the fast path against types.TypeString on
// every type of a package that has basic, named, pointer, generic, alias,
// local and composite types.
func TestTypeStringMatches(t *testing.T) {
	const src = `package p

import (
	"context"
	"net/http"
	"unsafe"
)

type Key struct{ Org, ID string }
type G[K comparable, V any] struct{ m map[K]V }
type A = context.Context
type AG = G[string, int]
type Dur int64

var (
	a  *Key
	b  G[string, *Key]
	c  *G[Key, []byte]
	d  A
	e  AG
	f  error
	g  unsafe.Pointer
	h  *http.Request
	i  http.ResponseWriter
	j  func(context.Context) (*Key, error)
	k  map[string]**Key
	l  chan<- Dur
	m  struct{ X any }
	n  interface{ M() }
	o  []Key
	pp **Key
	q  any
	r  comparable
)

func F[T any](x T) *T {
	type local struct{ v T }
	type plain int
	var lp *plain
	_ = lp
	_ = local{x}
	return &x
}

const U = 1 << 70
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	_, _ = conf.Check("example.com/p", fset, []*ast.File{f}, info) // errors (the "comparable" var) are fine
	n := 0
	check := func(typ types.Type) {
		if typ == nil {
			return
		}
		n++
		if got, want := TypeString(typ), types.TypeString(typ, nil); got != want {
			t.Errorf("TypeString(%v) = %q, want %q", typ, got, want)
		}
		if got, want := TypeString(types.NewPointer(typ)), types.TypeString(types.NewPointer(typ), nil); got != want {
			t.Errorf("TypeString(*%v) = %q, want %q", typ, got, want)
		}
	}
	for _, tv := range info.Types {
		check(tv.Type)
	}
	for _, obj := range info.Defs {
		if obj != nil {
			check(obj.Type())
		}
	}
	check(nil)
	if got := TypeString(nil); got != types.TypeString(nil, nil) {
		t.Errorf("TypeString(nil) = %q, want %q", got, types.TypeString(nil, nil))
	}
	if n < 40 {
		t.Fatalf("only %d types checked", n)
	}
}
