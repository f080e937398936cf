package lsp_test

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/cachevet/cachevet/analyzers/suite"
	"github.com/cachevet/cachevet/internal/lsp"
)

type client struct {
	t    *testing.T
	w    io.Writer
	msgs chan map[string]any
	id   int
}

func (c *client) send(method string, params any, withID bool) int {
	m := map[string]any{"jsonrpc": "2.0", "method": method, "params": params}
	if withID {
		c.id++
		m["id"] = c.id
	}
	if err := lsp.WriteMessage(c.w, m); err != nil {
		c.t.Fatal(err)
	}
	return c.id
}

// wait returns the first message accepted by ok, failing after a timeout.
func (c *client) wait(what string, ok func(map[string]any) bool) map[string]any {
	c.t.Helper()
	timeout := time.After(3 * time.Minute)
	for {
		select {
		case m, open := <-c.msgs:
			if !open {
				c.t.Fatalf("server closed its output while waiting for %s", what)
			}
			if m["method"] == "window/logMessage" {
				c.t.Logf("server log: %v", m["params"])
			}
			if ok(m) {
				return m
			}
		case <-timeout:
			c.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func (c *client) response(id int) map[string]any {
	c.t.Helper()
	m := c.wait("a response", func(m map[string]any) bool {
		v, ok := m["id"].(float64)
		return ok && int(v) == id
	})
	if m["error"] != nil {
		c.t.Fatalf("request %d failed: %v", id, m["error"])
	}
	return m
}

func (c *client) diagnostics(uri string) []any {
	c.t.Helper()
	m := c.wait("diagnostics for "+uri, func(m map[string]any) bool {
		p, _ := m["params"].(map[string]any)
		return m["method"] == "textDocument/publishDiagnostics" && p["uri"] == uri
	})
	ds, _ := m["params"].(map[string]any)["diagnostics"].([]any)
	return ds
}

func TestServer(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "testdata/src/drivertest/app/app.go")
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	uri := "file://" + filepath.ToSlash(file)

	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	// Only cachekey, so that rules added later do not change the counts.
	var analyzers []*analysis.Analyzer
	for _, a := range suite.WithModel() {
		if a.Name == "cachekey" || a.Name == "cacheops" {
			analyzers = append(analyzers, a)
		}
	}
	srv := lsp.NewServer(inR, outW, analyzers)
	modcache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	srv.Env = append(os.Environ(), "GO111MODULE=off", "GOPATH="+filepath.Join(root, "testdata"), "GOFLAGS=", "GOMODCACHE="+strings.TrimSpace(string(modcache)))
	// Where the banner's key literal is: 0-based line and UTF-16 column.
	wantLine, wantChar := -1, -1
	for i, l := range strings.Split(string(src), "\n") {
		if j := strings.Index(l, `"lms:banner"`); j >= 0 {
			wantLine, wantChar = i, j
		}
	}
	done := make(chan error, 1)
	go func() { done <- srv.Run(); outW.Close() }()
	c := &client{t: t, w: inW, msgs: make(chan map[string]any, 100)}
	go func() {
		defer close(c.msgs)
		r := bufio.NewReader(outR)
		for {
			data, err := lsp.ReadMessage(r)
			if err != nil {
				return
			}
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				t.Errorf("server sent invalid JSON %q: %v", data, err)
				return
			}
			c.msgs <- m
		}
	}()

	// initialize
	id := c.send("initialize", map[string]any{"processId": nil, "rootUri": "file://" + root, "capabilities": map[string]any{}}, true)
	caps := c.response(id)["result"].(map[string]any)["capabilities"].(map[string]any)
	if caps["codeActionProvider"] == nil || caps["textDocumentSync"] == nil {
		t.Fatalf("capabilities %v lack code actions or text sync", caps)
	}
	c.send("initialized", map[string]any{}, false)

	// didOpen publishes the two findings of the file.
	c.send("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "go", "version": 1, "text": string(src)}}, false)
	diags := c.diagnostics(uri)
	if len(diags) != 2 {
		t.Fatalf("didOpen: %d diagnostics, want 2: %v", len(diags), diags)
	}
	first := diags[0].(map[string]any)
	if first["source"] != "cachevet" || first["code"] != "cachekey" || !strings.Contains(first["message"].(string), `"lms:banner" has no version segment`) {
		t.Errorf("first diagnostic %v", first)
	}
	rng := first["range"].(map[string]any)
	start := rng["start"].(map[string]any)
	if int(start["line"].(float64)) != wantLine || int(start["character"].(float64)) != wantChar {
		t.Errorf("diagnostic starts at %v, want line %d character %d (0-based)", start, wantLine, wantChar)
	}

	// codeAction over the first diagnostic offers its fix.
	id = c.send("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        rng,
		"context":      map[string]any{"diagnostics": []any{first}},
	}, true)
	actions, _ := c.response(id)["result"].([]any)
	if len(actions) != 1 {
		t.Fatalf("codeAction: %d actions, want 1: %v", len(actions), actions)
	}
	act := actions[0].(map[string]any)
	if act["kind"] != "quickfix" || act["title"] != "Append a :v1 version segment" {
		t.Errorf("action %v", act)
	}
	edits := act["edit"].(map[string]any)["changes"].(map[string]any)[uri].([]any)
	if len(edits) != 1 {
		t.Fatalf("edits %v", edits)
	}
	edit := edits[0].(map[string]any)
	if edit["newText"] != `"lms:banner:v1"` {
		t.Errorf("edit %v", edit)
	}
	er := edit["range"].(map[string]any)
	if int(er["start"].(map[string]any)["line"].(float64)) != wantLine || int(er["start"].(map[string]any)["character"].(float64)) != wantChar ||
		int(er["end"].(map[string]any)["character"].(float64)) != wantChar+len(`"lms:banner"`) {
		t.Errorf("edit range %v, want line %d, characters %d-%d", er, wantLine, wantChar, wantChar+len(`"lms:banner"`))
	}
	// A range elsewhere offers nothing.
	id = c.send("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": uri},
		"range":        map[string]any{"start": map[string]any{"line": 0, "character": 0}, "end": map[string]any{"line": 0, "character": 1}},
		"context":      map[string]any{"diagnostics": []any{}},
	}, true)
	if actions, _ := c.response(id)["result"].([]any); len(actions) != 0 {
		t.Errorf("codeAction on line 0: %v, want none", actions)
	}

	// Apply the edit in the buffer, save: one finding is left.
	fixed := strings.Replace(string(src), `"lms:banner"`, `"lms:banner:v1"`, 1)
	c.send("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": []any{map[string]any{"text": fixed}}}, false)
	c.send("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": uri}, "text": fixed}, false)
	diags = c.diagnostics(uri)
	if len(diags) != 1 || !strings.Contains(diags[0].(map[string]any)["message"].(string), `"lms:footer"`) {
		t.Errorf("after the fix: %v, want only the footer finding", diags)
	}

	// A type error elsewhere in the package (a buffer mid-edit) does not
	// hide the findings of the code that type-checks.
	broken := fixed + "\nfunc broken() int { return \"not an int\" + undefinedName }\n"
	c.send("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 3}, "contentChanges": []any{map[string]any{"text": broken}}}, false)
	c.send("textDocument/didSave", map[string]any{"textDocument": map[string]any{"uri": uri}, "text": broken}, false)
	diags = c.diagnostics(uri)
	if len(diags) != 1 || !strings.Contains(diags[0].(map[string]any)["message"].(string), `"lms:footer"`) {
		t.Errorf("with a type error in another function: %v, want the footer finding still", diags)
	}

	// Unknown requests get an error, not a crash.
	id = c.send("textDocument/hover", map[string]any{}, true)
	m := c.wait("the hover error", func(m map[string]any) bool { v, ok := m["id"].(float64); return ok && int(v) == id })
	if m["error"] == nil {
		t.Errorf("hover: want a method-not-found error, got %v", m)
	}

	// shutdown, exit.
	id = c.send("shutdown", nil, true)
	c.response(id)
	c.send("exit", nil, false)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not exit")
	}
}
