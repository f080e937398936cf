package cmdcache

// Delete-then-write: an invalidation that runs before the store-of-record
// write of the same function, with no transaction in the function (an
// ordering against a commit is judged by checkCommits).

import (
	"fmt"
	"github.com/cachevet/cachevet/analyzers/internal/cacheops"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/cfg"
)

// storeWrites are the write methods of the database libraries, by package.
var storeWrites = map[string]map[string]bool{
	"database/sql":                    {"Exec": true, "ExecContext": true},
	"github.com/jmoiron/sqlx":         {"Exec": true, "ExecContext": true, "NamedExec": true, "NamedExecContext": true, "MustExec": true, "MustExecContext": true},
	"gorm.io/gorm":                    gormWrites,
	"github.com/jinzhu/gorm":          gormWrites,
	"github.com/jackc/pgx/v5":         {"Exec": true},
	"github.com/jackc/pgx/v4":         {"Exec": true},
	"github.com/jackc/pgx/v5/pgxpool": {"Exec": true},
	"github.com/jackc/pgx/v4/pgxpool": {"Exec": true},
}

var gormWrites = map[string]bool{
	"Create": true, "Save": true, "Update": true, "Updates": true, "UpdateColumn": true,
	"UpdateColumns": true, "Delete": true, "Exec": true,
}

// storeWrite reports whether fn writes to a database: database/sql, sqlx
// and pgx Exec, GORM v1/v2 Create/Save/Update(s)/Delete/Exec.
func storeWrite(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	return storeWrites[fn.Pkg().Path()][fn.Name()]
}

// writeLabel names a write call for messages and facts.
func writeLabel(fn *types.Func) string {
	if n := recvTypeName(fn); n != nil {
		return n.Obj().Pkg().Name() + "." + n.Obj().Name() + "." + fn.Name()
	}
	return label(fn)
}

// writePath is the shortest call path from fn to a store-of-record write,
// in any package.
func (c *checker) writePath(fn *types.Func, d *ast.FuncDecl) []string {
	var best []string
	ast.Inspect(d.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if chain := c.writeChain(call, fn); chain != nil && (best == nil || len(chain)+1 < len(best)) {
			best = append([]string{label(fn)}, chain...)
		}
		return true
	})
	return best
}

// writeChain is the call path from call to a store write, or nil.
func (c *checker) writeChain(call *ast.CallExpr, self *types.Func) []string {
	callee := c.res.Callee(call)
	if callee == nil || callee == self {
		return nil
	}
	if storeWrite(callee) {
		return []string{writeLabel(callee)}
	}
	if f := c.txFactOf(callee); f != nil && len(f.Write) > 0 {
		return f.Write
	}
	return nil
}

// checkWriteOrder reports an invalidation followed, on the control-flow
// graph of its function, by a store write, in a function that neither
// commits nor runs in a transaction scope: a read between the two re-caches
// the old row. A second invalidation after the write (a double delete)
// keeps it silent.
func (c *checker) checkWriteOrder(invs map[*ast.CallExpr]bool) {
	byFunc := map[ast.Node][]*ast.CallExpr{}
	var order []ast.Node
	for call := range invs {
		if c.scoped[call.Pos()] {
			continue
		}
		fnode := c.inside[call]
		if fnode == nil || isTestFile(c.pass, fnode) {
			continue
		}
		if byFunc[fnode] == nil {
			order = append(order, fnode)
		}
		byFunc[fnode] = append(byFunc[fnode], call)
	}
	for _, fnode := range order {
		var body *ast.BlockStmt
		var self *types.Func
		switch f := fnode.(type) {
		case *ast.FuncDecl:
			body, self = f.Body, c.declFunc(f)
		case *ast.FuncLit:
			body = f.Body
		}
		if body == nil || c.ownsTx(body) {
			continue
		}
		var writes []*ast.CallExpr
		var chains [][]string
		ast.Inspect(body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if call, ok := n.(*ast.CallExpr); ok {
				// Only a write this function makes itself or through one
				// repository call: a write found deep in a callee (an event
				// publisher that loads the user) is rarely the row the
				// invalidation is about.
				if ch := c.writeChain(call, self); ch != nil && len(ch) <= 2 {
					writes = append(writes, call)
					chains = append(chains, ch)
				}
			}
			return true
		})
		if len(writes) == 0 {
			continue
		}
		g := cfg.New(body, mayReturn)
		never := func(ast.Node) bool { return false }
		for _, inv := range byFunc[fnode] {
			if c.readPath(inv) {
				continue
			}
			ip, ok := locate(g, inv.Pos())
			if !ok {
				continue
			}
			for i, w := range writes {
				wp, ok := locate(g, w.Pos())
				if !ok {
					continue
				}
				before := false
				if ip == wp {
					before = inv.Pos() < w.Pos()
				} else {
					before = reaches(ip, wp, never)
				}
				if !before || c.invalidatesAfter(g, wp, w, invs, byFunc[fnode]) {
					continue
				}
				what := c.invWhat(inv)
				how := writeLabel(c.res.Callee(w))
				if len(chains[i]) > 1 {
					how = strings.Join(chains[i], " -> ")
				}
				c.r.Report(inv, fmt.Sprintf("%s runs before the database write %s: a concurrent read between them can re-cache the old row, which then stays stale until the TTL; invalidate after the write succeeded", what, how))
				break
			}
		}
	}
}

// invalidatesAfter reports whether an invalidation of the function is
// reached after the write w (a delete, write, delete sequence).
func (c *checker) invalidatesAfter(g *cfg.CFG, wp place, w *ast.CallExpr, invs map[*ast.CallExpr]bool, own []*ast.CallExpr) bool {
	for _, other := range own {
		op, ok := locate(g, other.Pos())
		if !ok {
			continue
		}
		if op == wp && other.Pos() > w.End() {
			return true
		}
		if op != wp && reaches(wp, op, func(ast.Node) bool { return false }) {
			return true
		}
	}
	return false
}

// invWhat describes an invalidating call: "cache delete go-redis.Del".
func (c *checker) invWhat(call *ast.CallExpr) string {
	for _, op := range c.res.ByCall[call] {
		if op.Kind.Invalidates() {
			return kindWord(op.Kind) + " " + op.Name()
		}
	}
	if fn := c.res.Callee(call); fn != nil {
		if cf := c.res.Calls(fn); cf != nil {
			return "cache invalidation " + strings.Join(cf.Chain, " -> ")
		}
	}
	return "cache invalidation"
}

// readPath reports whether call is of a function that also reads the
// cache: its deletes clean up after a miss or a stale hit (a lookup that
// drops a bad entry), not an invalidation of a write.
func (c *checker) readPath(call *ast.CallExpr) bool {
	fn := c.res.Callee(call)
	if fn == nil {
		return false
	}
	f := c.res.Calls(fn)
	if f == nil || len(f.Chain) < 2 {
		return false // a cache API itself
	}
	for _, k := range f.Kinds {
		if k == cacheops.Get || k == cacheops.GetOrCreate {
			return true
		}
	}
	return false
}
