package outputcache

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// handlerRef is the function that handles a route: a declaration or literal
// of this package, or a function of another package known by its fact.
type handlerRef struct {
	node ast.Node // *ast.FuncDecl or *ast.FuncLit, nil when remote
	decl *ast.FuncDecl
	fn   *types.Func
	fact *FuncFact
}

func (h handlerRef) summary(a *an) *summary {
	if h.node != nil {
		return a.summarize(h.node, h.decl)
	}
	s := &summary{}
	if h.fact != nil {
		for _, id := range h.fact.IDs {
			s.ids = append(s.ids, idEv{IDRead: id})
		}
		for _, sf := range h.fact.Sets {
			s.sets = append(s.sets, setEv{SetFact: sf})
		}
	}
	return s
}

// routeCtx is how a handler is reached.
type routeCtx struct {
	pattern string
	chain   []*mw    // outermost first
	reg     ast.Node // the handler at the registration
}

func (rc *routeCtx) authMW() *mw {
	if rc == nil {
		return nil
	}
	for _, m := range rc.chain {
		if m.auth {
			return m
		}
	}
	return nil
}

// varies collects the Vary names set on the path.
func varyOf(sets []setEv) []string {
	var out []string
	for _, e := range sets {
		if canon(e.Name.text()) == hVary {
			out = append(out, varyNames(e.Value.text())...)
		}
	}
	return out
}

// identities is what the path learns about the caller.
type identities struct {
	ids    []IDRead
	authBy *mw
}

// inherit gives identities read from request state (a context value) the
// header of the authentication middleware on the route that put them there.
func (ids *identities) inherit() {
	if ids.authBy == nil || len(ids.authBy.ids) == 0 {
		return
	}
	h := ""
	for _, id := range ids.authBy.ids {
		if id.Header == "" {
			return
		}
		if h == "" {
			h = id.Header
		}
	}
	for i := range ids.ids {
		if ids.ids[i].Header == "" {
			ids.ids[i].Header = h
		}
	}
}

func (ids identities) any() bool { return len(ids.ids) > 0 || ids.authBy != nil }

// authzOnly: every identity travels in the Authorization header.
func (ids identities) authzOnly() bool {
	all := append([]IDRead(nil), ids.ids...)
	if ids.authBy != nil {
		if len(ids.authBy.ids) == 0 {
			return false
		}
		all = append(all, ids.authBy.ids...)
	}
	for _, id := range all {
		if !id.Authz() {
			return false
		}
	}
	return len(all) > 0
}

// headers lists the identity headers; unknown is set when some identity
// comes from a source whose header is not known.
func (ids identities) headers() (hs []string, unknown bool) {
	all := append([]IDRead(nil), ids.ids...)
	if ids.authBy != nil {
		all = append(all, ids.authBy.ids...)
		if len(ids.authBy.ids) == 0 {
			unknown = true
		}
	}
	seen := map[string]bool{}
	for _, id := range all {
		if id.Header == "" {
			unknown = true
			continue
		}
		if !seen[canon(id.Header)] {
			seen[canon(id.Header)] = true
			hs = append(hs, id.Header)
		}
	}
	return hs, unknown
}

func (ids identities) covered(vary []string) bool {
	set := map[string]bool{}
	for _, v := range vary {
		set[canon(v)] = true
	}
	if set["*"] {
		return true
	}
	hs, unknown := ids.headers()
	if unknown {
		// The identity header is not known: any Vary on an identity header
		// shows the author thought about it.
		return set["Authorization"] || set["Cookie"] || len(hs) > 0 && set[canon(hs[0])]
	}
	for _, h := range hs {
		if !set[canon(h)] {
			return false
		}
	}
	return true
}

// cacheable describes how a header set makes the response storable by
// shared caches, or returns "".
func cacheable(e setEv, authz bool, all []setEv) string {
	name := canon(e.Name.text())
	if !e.Name.Known() {
		return ""
	}
	v := e.Value.text()
	shown := fmt.Sprintf("%s: %s", strings.TrimSpace(e.Name.String()), e.Value.String())
	switch {
	case name == hCacheControl || cdnHeaders[name]:
		if name == "X-Accel-Expires" {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if (err == nil && n > 0 && !authz) || (err != nil && strings.Contains(v, "\x00") && !authz) {
				return shown
			}
			return ""
		}
		if parseCC(v).shared(authz) {
			return shown
		}
	case name == hExpires:
		if authz || !expiresFuture(v) {
			return ""
		}
		for _, o := range all {
			if canon(o.Name.text()) == hCacheControl {
				return "" // Cache-Control takes precedence
			}
		}
		return shown
	}
	return ""
}

// overridden reports whether a later Set of the same header in the same
// block replaces e.
func overridden(e setEv, all []setEv) bool {
	for _, o := range all {
		if o.node == e.node || o.Add || o.calleeCond || o.block == nil || o.block != e.block || o.lit != e.lit || o.node.Pos() < e.node.Pos() {
			continue
		}
		if canon(o.Name.text()) == canon(e.Name.text()) {
			return true
		}
	}
	return false
}

// checkHandler reports cacheable responses of an authenticated handler.
func (a *an) checkHandler(h handlerRef, rc *routeCtx) {
	s := h.summary(a)
	ids := identities{authBy: rc.authMW()}
	for _, id := range s.ids {
		if !id.Presence {
			ids.ids = append(ids.ids, id.IDRead)
		}
	}
	ownIDs := len(ids.ids) > 0
	if !ids.any() {
		return
	}
	ids.inherit()
	var pathSets []setEv
	if rc != nil {
		for _, m := range rc.chain {
			pathSets = append(pathSets, m.sets...)
		}
	}
	pathSets = append(pathSets, s.sets...)
	if ids.covered(varyOf(pathSets)) {
		return
	}
	authz := ids.authzOnly()
	var fi *fnInfo
	if h.decl != nil {
		fi = a.info(h.decl)
	}
	handlerSetsCC := false
	for _, e := range s.sets {
		if canon(e.Name.text()) == hCacheControl && !e.Add {
			handlerSetsCC = true
		}
	}
	for _, e := range s.sets {
		if e.Name.Forwards() || e.Value.Forwards() || overridden(e, s.sets) {
			continue
		}
		shown := cacheable(e, authz, pathSets)
		if shown == "" {
			continue
		}
		node := e.node
		if node == nil {
			if ownIDs {
				continue // reported in the handler's own package
			}
			node = rc.reg // a handler of another package, authenticated here
		}
		if node == nil || a.reported[node.Pos()] {
			continue
		}
		a.reported[node.Pos()] = true
		_ = fi
		a.report(node, e, shown, ids, rc, s)
	}
	// Header middlewares on an authenticated route.
	if rc == nil {
		return
	}
	for _, m := range rc.chain {
		if m.auth || m.node == nil || a.reported[m.node.Pos()] {
			continue
		}
		for _, e := range m.sets {
			if e.Own {
				continue // on the middleware's own response, not the handler's
			}
			if handlerSetsCC && canon(e.Name.text()) == hCacheControl {
				continue // the handler's own value replaces it
			}
			if e.Name.Forwards() {
				continue
			}
			shown := cacheable(e, authz, pathSets)
			if shown == "" {
				continue
			}
			a.reported[m.node.Pos()] = true
			a.report(m.node, setEv{SetFact: e.SetFact, via: m.name}, shown, ids, rc, s)
			break
		}
	}
}

func (a *an) report(node ast.Node, e setEv, shown string, ids identities, rc *routeCtx, s *summary) {
	if e.via != "" {
		shown += ", set by " + e.via
	}
	where := "the handler"
	if rc != nil && rc.pattern != "" {
		where = fmt.Sprintf("the handler of route %q", rc.pattern)
	}
	var why string
	switch {
	case len(ids.ids) > 0:
		why = fmt.Sprintf("%s reads %s", where, ids.ids[0].Desc)
	case rc != nil && rc.pattern != "":
		why = fmt.Sprintf("route %q is registered behind authentication middleware %s", rc.pattern, ids.authBy.name)
	default:
		why = fmt.Sprintf("the handler is registered behind authentication middleware %s", ids.authBy.name)
	}
	hs, unknown := ids.headers()
	fix := "make it private or add a Vary header naming the request header that identifies the user"
	varyHeader := ""
	if !unknown && len(hs) > 0 {
		varyHeader = strings.Join(hs, ", ")
		fix = fmt.Sprintf("add \"Vary: %s\" or make it private", varyHeader)
	}
	msg := fmt.Sprintf("response is cacheable by shared caches (%s) but %s: a CDN or proxy would serve one user's response to other users; %s", shown, why, fix)
	var fixes []analysis.SuggestedFix
	if e.valueLit != nil && e.via == "" && canon(e.Name.text()) == hCacheControl && strings.Contains(e.valueLit.Value, "public") {
		fixes = append(fixes, analysis.SuggestedFix{
			Message:   "make the response private",
			TextEdits: []analysis.TextEdit{{Pos: e.valueLit.Pos(), End: e.valueLit.End(), NewText: []byte(strings.Replace(e.valueLit.Value, "public", "private", 1))}},
		})
	}
	if varyHeader != "" && e.addVary != "" && e.via == "" && e.stmt != nil {
		// Insert after the statement's line, past any trailing comment.
		col := a.pass.Fset.Position(e.stmt.Pos()).Column
		at := e.stmt.End()
		if tf := a.pass.Fset.File(at); tf != nil {
			if line := tf.Line(at); line < tf.LineCount() {
				at = tf.LineStart(line+1) - 1
			}
		}
		text := "\n" + strings.Repeat("\t", max(col-1, 0)) + fmt.Sprintf(e.addVary, varyHeader)
		fixes = append(fixes, analysis.SuggestedFix{
			Message:   "add Vary: " + varyHeader,
			TextEdits: []analysis.TextEdit{{Pos: at, End: at, NewText: []byte(text)}},
		})
	}
	a.r.Report(node, msg, fixes...)
}

// checkConflicts reports a private or no-store directive that a later
// directive on the same path turns public.
func (a *an) checkConflicts(s *summary) {
	for i, p := range s.sets {
		name := canon(p.Name.text())
		if !p.Name.Known() || (name != hCacheControl && !cdnHeaders[name]) || p.Value.Forwards() {
			continue
		}
		pp := parseCC(p.Value.text())
		if !pp.restrictive() || p.block == nil {
			continue
		}
		for _, q := range s.sets[i+1:] {
			if canon(q.Name.text()) != name || q.Value.Forwards() || q.lit != p.lit || q.node.Pos() <= p.node.Pos() || a.reported[q.node.Pos()] {
				continue
			}
			qp := parseCC(q.Value.text())
			if qp.restrictive() || (!qp.public && qp.sMaxAge <= 0 && qp.maxAge <= 0) {
				continue
			}
			what := fmt.Sprintf("%q", q.Value.String())
			if q.via != "" {
				what += " (set by " + q.via + ")"
			}
			var msg string
			switch {
			case !q.Add && q.block == p.block:
				msg = fmt.Sprintf("%s %q set above is overwritten by %s: the response becomes cacheable by shared caches; keep one value (private for per-user responses)", name, p.Value.String(), what)
			case q.Add && within(q.node, p.block) && q.node.Pos() > p.stmt.End():
				msg = fmt.Sprintf("%s %q is combined with %s: caches resolve conflicting directives differently and some would store the response; set one value", name, p.Value.String(), what)
			default:
				continue
			}
			a.reported[q.node.Pos()] = true
			a.r.Report(q.node, msg)
		}
	}
}

func within(n ast.Node, b ast.Node) bool {
	return b != nil && n.Pos() >= b.Pos() && n.End() <= b.End()
}
