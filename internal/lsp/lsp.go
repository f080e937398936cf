// Package lsp is a small language server for cachevet: it speaks JSON-RPC
// 2.0 with Content-Length framing over a pair of streams, publishes
// cachevet's findings as diagnostics when a Go file is opened or saved,
// and offers their SuggestedFixes as quick-fix code actions.
//
// It exists because gopls cannot load third-party analyzers; editors that
// can run several language servers (Neovim, VS Code with a generic LSP
// client, Helix, Zed, ...) can run it next to gopls.
package lsp

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/internal/driver"
)

// Server is one language-server session.
type Server struct {
	// Tests says whether test files are analysed (default true).
	Tests bool
	// Env is the build system's environment (nil: the process's).
	Env []string

	in        *bufio.Reader
	out       io.Writer
	wmu       sync.Mutex
	analyzers []*analysis.Analyzer

	docs     map[string][]byte           // open documents by absolute path
	findings map[string][]driver.Finding // last findings by absolute path
	shutdown bool
}

// NewServer returns a server reading requests from in and writing
// responses and notifications to out.
//
// The analyzers are made to run on packages with type errors too (see
// driver.DespiteErrors): a buffer being edited rarely type-checks.
func NewServer(in io.Reader, out io.Writer, analyzers []*analysis.Analyzer) *Server {
	driver.DespiteErrors(analyzers)
	return &Server{
		Tests:     true,
		in:        bufio.NewReader(in),
		out:       out,
		analyzers: analyzers,
		docs:      map[string][]byte{},
		findings:  map[string][]driver.Finding{},
	}
}

// message is a JSON-RPC 2.0 request, notification or response.
type message struct {
	JSONRPC string           `json:"jsonrpc"`
	ID      *json.RawMessage `json:"id,omitempty"`
	Method  string           `json:"method,omitempty"`
	Params  json.RawMessage  `json:"params,omitempty"`
	Result  any              `json:"result,omitempty"`
	Error   *rpcError        `json:"error,omitempty"`
}

type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// JSON-RPC and LSP error codes.
const (
	codeParseError     = -32700
	codeMethodNotFound = -32601
	codeInvalidParams  = -32602
	codeInvalidRequest = -32600
)

// ReadMessage reads one Content-Length framed message.
func ReadMessage(r *bufio.Reader) ([]byte, error) {
	tp := textproto.NewReader(r)
	h, err := tp.ReadMIMEHeader()
	if err != nil {
		if errors.Is(err, io.EOF) && len(h) == 0 {
			return nil, io.EOF
		}
		return nil, err
	}
	n, err := strconv.Atoi(h.Get("Content-Length"))
	if err != nil || n < 0 {
		return nil, fmt.Errorf("bad Content-Length header %q", h.Get("Content-Length"))
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, err
	}
	return buf, nil
}

// WriteMessage writes v as one Content-Length framed JSON message.
func WriteMessage(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(w, "Content-Length: %d\r\n\r\n", len(b)); err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func (s *Server) send(v any) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_ = WriteMessage(s.out, v)
}

func (s *Server) reply(id *json.RawMessage, result any, err *rpcError) {
	m := map[string]any{"jsonrpc": "2.0", "id": id}
	if err != nil {
		m["error"] = err
	} else {
		m["result"] = result // null is a valid result
	}
	s.send(m)
}

func (s *Server) notify(method string, params any) {
	s.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// Run serves until the client sends "exit" or closes the input. It returns
// an error when the input ends without a shutdown request.
func (s *Server) Run() error {
	for {
		data, err := ReadMessage(s.in)
		if err != nil {
			if errors.Is(err, io.EOF) {
				if s.shutdown {
					return nil
				}
				return errors.New("input closed without shutdown")
			}
			return err
		}
		var m message
		if err := json.Unmarshal(data, &m); err != nil {
			s.reply(nil, nil, &rpcError{Code: codeParseError, Message: err.Error()})
			continue
		}
		if m.Method == "exit" {
			if s.shutdown {
				return nil
			}
			return errors.New("exit without shutdown")
		}
		s.handle(&m)
	}
}

func (s *Server) handle(m *message) {
	result, rerr := s.dispatch(m)
	if m.ID != nil {
		s.reply(m.ID, result, rerr)
	}
}

func (s *Server) dispatch(m *message) (any, *rpcError) {
	if s.shutdown && m.Method != "exit" {
		return nil, &rpcError{Code: codeInvalidRequest, Message: "server is shut down"}
	}
	bad := func(err error) *rpcError { return &rpcError{Code: codeInvalidParams, Message: err.Error()} }
	switch m.Method {
	case "initialize":
		return map[string]any{
			"capabilities": map[string]any{
				"textDocumentSync": map[string]any{
					"openClose": true,
					"change":    1, // full text
					"save":      map[string]any{"includeText": true},
				},
				"codeActionProvider": map[string]any{"codeActionKinds": []string{"quickfix"}},
			},
			"serverInfo": map[string]any{"name": "cachevet"},
		}, nil
	case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration", "workspace/didChangeWatchedFiles":
		return nil, nil
	case "shutdown":
		s.shutdown = true
		return nil, nil
	case "textDocument/didOpen":
		var p struct {
			TextDocument struct {
				URI  string `json:"uri"`
				Text string `json:"text"`
			} `json:"textDocument"`
		}
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return nil, bad(err)
		}
		path, err := uriToPath(p.TextDocument.URI)
		if err != nil {
			return nil, bad(err)
		}
		s.docs[path] = []byte(p.TextDocument.Text)
		s.check(path)
		return nil, nil
	case "textDocument/didChange":
		var p struct {
			TextDocument struct {
				URI string `json:"uri"`
			} `json:"textDocument"`
			ContentChanges []struct {
				Range *json.RawMessage `json:"range"`
				Text  string           `json:"text"`
			} `json:"contentChanges"`
		}
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return nil, bad(err)
		}
		path, err := uriToPath(p.TextDocument.URI)
		if err != nil {
			return nil, bad(err)
		}
		for _, c := range p.ContentChanges {
			if c.Range == nil { // we asked for full-text sync
				s.docs[path] = []byte(c.Text)
			}
		}
		return nil, nil
	case "textDocument/didSave":
		var p struct {
			TextDocument struct {
				URI string `json:"uri"`
			} `json:"textDocument"`
			Text *string `json:"text"`
		}
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return nil, bad(err)
		}
		path, err := uriToPath(p.TextDocument.URI)
		if err != nil {
			return nil, bad(err)
		}
		if p.Text != nil {
			s.docs[path] = []byte(*p.Text)
		} else if b, err := os.ReadFile(path); err == nil {
			s.docs[path] = b
		}
		s.check(path)
		return nil, nil
	case "textDocument/didClose":
		var p struct {
			TextDocument struct {
				URI string `json:"uri"`
			} `json:"textDocument"`
		}
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return nil, bad(err)
		}
		path, err := uriToPath(p.TextDocument.URI)
		if err != nil {
			return nil, bad(err)
		}
		delete(s.docs, path)
		delete(s.findings, path)
		s.notify("textDocument/publishDiagnostics", map[string]any{"uri": p.TextDocument.URI, "diagnostics": []any{}})
		return nil, nil
	case "textDocument/codeAction":
		var p struct {
			TextDocument struct {
				URI string `json:"uri"`
			} `json:"textDocument"`
			Range Range `json:"range"`
		}
		if err := json.Unmarshal(m.Params, &p); err != nil {
			return nil, bad(err)
		}
		path, err := uriToPath(p.TextDocument.URI)
		if err != nil {
			return nil, bad(err)
		}
		return s.codeActions(path, p.Range), nil
	}
	if m.ID != nil && !strings.HasPrefix(m.Method, "$/") {
		return nil, &rpcError{Code: codeMethodNotFound, Message: "method not supported: " + m.Method}
	}
	return nil, nil
}

// Position and Range are LSP's: 0-based lines, UTF-16 columns.
type Position struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

// Range is an LSP range.
type Range struct {
	Start Position `json:"start"`
	End   Position `json:"end"`
}

// check analyses the package of path (with the open documents as
// overlays) and publishes diagnostics for every open document in it.
func (s *Server) check(path string) {
	dir := filepath.Dir(path)
	overlay := map[string][]byte{}
	for p, b := range s.docs {
		overlay[p] = b
	}
	res, err := driver.Analyze(driver.Options{Dir: dir, Patterns: []string{"."}, Tests: s.Tests, Env: s.Env, Overlay: overlay, Analyzers: s.analyzers})
	if err != nil {
		s.notify("window/logMessage", map[string]any{"type": 1, "message": "cachevet: " + err.Error()})
		return
	}
	for _, e := range res.Errors {
		s.notify("window/logMessage", map[string]any{"type": 2, "message": "cachevet: " + e.Error()})
	}
	byFile := map[string][]driver.Finding{}
	for _, f := range res.Findings {
		byFile[f.File] = append(byFile[f.File], f)
	}
	var paths []string
	for p := range s.docs {
		if filepath.Dir(p) == dir {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		s.findings[p] = byFile[p]
		diags := []any{}
		for _, f := range byFile[p] {
			d := map[string]any{
				"range":    s.findingRange(p, f),
				"severity": 2,
				"source":   "cachevet",
				"code":     f.Rule,
				"message":  f.Message,
			}
			if u := ruleURL(s.analyzers, f.Rule); u != "" {
				d["codeDescription"] = map[string]any{"href": u}
			}
			diags = append(diags, d)
		}
		s.notify("textDocument/publishDiagnostics", map[string]any{"uri": pathToURI(p), "diagnostics": diags})
	}
}

func ruleURL(as []*analysis.Analyzer, rule string) string {
	for _, a := range as {
		if a.Name == rule {
			return a.URL
		}
	}
	return ""
}

func (s *Server) content(path string) []byte {
	if b, ok := s.docs[path]; ok {
		return b
	}
	b, _ := os.ReadFile(path)
	return b
}

func (s *Server) findingRange(path string, f driver.Finding) Range {
	src := s.content(path)
	start := lspPos(src, f.Line, f.Column)
	end := start
	if f.EndLine > 0 {
		end = lspPos(src, f.EndLine, f.EndColumn)
	}
	return Range{Start: start, End: end}
}

// lspPos converts a 1-based line and 1-based byte column to an LSP
// position (0-based line, UTF-16 code units).
func lspPos(src []byte, line, col int) Position {
	lines := strings.SplitAfter(string(src), "\n")
	if line < 1 || line > len(lines) {
		return Position{Line: max(line-1, 0)}
	}
	text := lines[line-1]
	n := min(max(col-1, 0), len(text))
	units := 0
	for _, r := range text[:n] {
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
	}
	return Position{Line: line - 1, Character: units}
}

func (s *Server) codeActions(path string, rng Range) []any {
	actions := []any{}
	for _, f := range s.findings[path] {
		fr := s.findingRange(path, f)
		if before(fr.End, rng.Start) || before(rng.End, fr.Start) {
			continue
		}
		diag := map[string]any{"range": fr, "severity": 2, "source": "cachevet", "code": f.Rule, "message": f.Message}
		for _, fx := range f.Fixes {
			changes := map[string][]any{}
			for _, e := range fx.Edits {
				src := s.content(e.File)
				changes[pathToURI(e.File)] = append(changes[pathToURI(e.File)], map[string]any{
					"range":   Range{Start: offsetPos(src, e.Start), End: offsetPos(src, e.End)},
					"newText": e.NewText,
				})
			}
			actions = append(actions, map[string]any{
				"title":       fx.Message,
				"kind":        "quickfix",
				"diagnostics": []any{diag},
				"edit":        map[string]any{"changes": changes},
			})
		}
	}
	return actions
}

func before(a, b Position) bool {
	return a.Line < b.Line || (a.Line == b.Line && a.Character < b.Character)
}

// offsetPos converts a byte offset to an LSP position.
func offsetPos(src []byte, off int) Position {
	off = min(max(off, 0), len(src))
	line, lineStart := 0, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	units := 0
	for b := src[lineStart:off]; len(b) > 0; {
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			units += 2
		} else {
			units++
		}
		b = b[size:]
	}
	return Position{Line: line, Character: units}
}

func uriToPath(uri string) (string, error) {
	u, err := url.Parse(uri)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("unsupported URI %q: want a file:// URI", uri)
	}
	p := filepath.FromSlash(u.Path)
	if len(p) >= 3 && p[0] == '\\' && p[2] == ':' { // file:///C:/x on Windows
		p = p[1:]
	}
	return filepath.Clean(p), nil
}

func pathToURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
