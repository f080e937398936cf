package cacheops

import (
	"go/ast"
	"strings"
)

// rueidis reads a rueidis command built with the command builder:
//
//	client.Do(ctx, client.B().Set().Key(k).Value(v).Ex(ttl).Build())
//	client.DoCache(ctx, client.B().Get().Key(k).Cache(), time.Minute)
func (m *model) rueidis(e *ev, call *ast.CallExpr, fn interface{ Name() string }) *Op {
	switch fn.Name() {
	case "Do", "DoCache":
	default:
		return nil
	}
	cmd := arg(call, 1)
	if cmd == nil {
		return nil
	}
	if id, ok := ast.Unparen(cmd).(*ast.Ident); ok {
		if v := baseVar(m.pass.TypesInfo, id); v != nil {
			if ds := e.fi.defs[v]; len(ds) == 1 && !ds[0].tuple {
				cmd = ds[0].expr
			}
		}
	}
	type step struct {
		name string
		args []ast.Expr
	}
	var chain []step
	for x := ast.Unparen(cmd); ; {
		c, ok := x.(*ast.CallExpr)
		if !ok {
			break
		}
		sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
		if !ok {
			break
		}
		chain = append([]step{{sel.Sel.Name, c.Args}}, chain...)
		x = ast.Unparen(sel.X)
	}
	if len(chain) < 2 || chain[0].name != "B" {
		return nil
	}
	command := strings.ToLower(chain[1].name)
	op := &Op{Call: call, API: "rueidis." + chain[1].name, Lib: rueidis, Store: StoreDistributed}
	switch command {
	case "set", "setex", "psetex":
		op.Kind, op.TTLZero = Set, TTLZeroNever
	case "setnx":
		op.Kind, op.TTLZero = Add, TTLNone
	case "getset", "hset", "hmset":
		op.Kind, op.TTLZero = Set, TTLNone
	case "get", "getex", "getdel", "hget", "hgetall", "mget", "hmget":
		op.Kind = Get
	case "del", "unlink", "hdel":
		op.Kind = Delete
	case "expire", "pexpire", "expireat", "pexpireat":
		op.Kind = Expire
	default:
		return nil
	}
	ttlSet := false
	for _, s := range chain[2:] {
		switch s.name {
		case "Key":
			if len(s.args) > 0 {
				op.KeyExpr = s.args[0]
				op.Key = e.tmpl(s.args[0])
			}
		case "Value":
			if len(s.args) > 0 && op.Kind.Writes() {
				op.Value = s.args[0]
				op.ValueSources = e.deps(s.args[0])
			}
		case "Ex", "Px", "Exat", "Pxat", "ExSeconds", "PxMilliseconds", "ExatTimestamp", "PxatMillisecondsTimestamp", "Seconds", "Milliseconds", "Timestamp", "MillisecondsTimestamp":
			if len(s.args) > 0 {
				op.TTL = s.args[0]
				op.TTLSeconds = strings.HasSuffix(s.name, "Seconds") || s.name == "Seconds"
				m.constTTL(op)
				ttlSet = true
			}
		case "Keepttl":
			ttlSet = true
		}
	}
	if op.Kind.Writes() && !ttlSet && op.TTLZero == TTLZeroNever {
		op.TTLMissing = true
	}
	if op.KeyExpr == nil {
		return nil
	}
	return op
}
