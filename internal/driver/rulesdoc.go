package driver

import (
	"strings"

	"github.com/cachevet/cachevet"
)

// RulesDoc holds each rule's section of rules.md (markdown, from "## rule"
// to the next "## " heading), for SARIF help.
var RulesDoc = ruleSections(cachevet.RulesMarkdown)

// ruleSections splits markdown into its "## name" sections whose name is a
// single lower-case word (the rules).
func ruleSections(md string) map[string]string {
	out := map[string]string{}
	parts := strings.Split("\n"+md, "\n## ")
	for _, p := range parts[1:] {
		name, body, _ := strings.Cut(p, "\n")
		name = strings.TrimSpace(name)
		if name == "" || strings.ContainsAny(name, " \t`") || strings.ToLower(name) != name {
			continue
		}
		out[name] = strings.TrimSpace("## " + name + "\n" + body)
	}
	return out
}
