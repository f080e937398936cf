#!/usr/bin/env bash
# Builds golangci-lint v2.15.0 with the cachevet module plugin, using only the
# Go module proxy (no git clone: `golangci-lint custom` needs one), and proves
# the plugin works: on examples/lms it reports the same findings as the
# standalone cachevet, //nolint:cachevet suppresses, and settings from
# .golangci.yml take effect (plugin/golangci_test.go).
#
# usage: scripts/golangci-cachevet.sh [check|build|lint] [golangci-lint args]
#   check (default)  build (or reuse) the binary, then run the plugin proof
#   build            build (or reuse) the binary and print its path
#   lint             run the binary on this repository with its .golangci.yml
#
# The binary is cached under $CACHEVET_GCL_CACHE (default
# ${XDG_CACHE_HOME:-~/.cache}/cachevet-golangci), keyed by the golangci-lint
# version, the Go version, go.mod/go.sum and the sources the plugin compiles,
# so a run without changes to them reuses it.
set -euo pipefail

GCL_VERSION=v2.15.0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHEVET_GCL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cachevet-golangci}
mode=${1:-check}
[ $# -gt 0 ] && shift

hash() { sha256sum | cut -c1-16; }

gover=$(go env GOVERSION)
modkey=$( { echo "$GCL_VERSION $gover $ROOT"; cat "$ROOT/go.mod" "$ROOT/go.sum"; } | hash)
srckey=$( { echo "$modkey"; cd "$ROOT" && find plugin analyzers internal/driver -name '*.go' ! -name '*_test.go' -print0 | sort -z | xargs -0 sha256sum; } | hash)
moddir=$CACHE/mod-$modkey
bin=$CACHE/bin-$srckey/golangci-lint

log() { echo "golangci-cachevet: $*" >&2; }

build() {
	if [ -x "$bin" ]; then
		log "reusing $bin"
		return
	fi
	local start=$SECONDS
	if [ ! -f "$moddir/go.sum" ]; then
		log "resolving golangci-lint $GCL_VERSION + cachevet plugin in $moddir (needs the Go module proxy or a warm module cache)"
		rm -rf "$moddir.tmp" && mkdir -p "$moddir.tmp"
		cat > "$moddir.tmp/go.mod" <<MOD
module cachevet.local/golangci-lint-cachevet

go 1.26.0

require github.com/cachevet/cachevet v0.0.0

replace github.com/cachevet/cachevet => $ROOT
MOD
		# What "golangci-lint custom" generates: golangci-lint's main with the
		# plugin blank-imported.
		cat > "$moddir.tmp/main.go" <<'GO'
// Command golangci-lint is golangci-lint with the cachevet module plugin.
package main

import (
	"fmt"
	"os"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/cachevet/cachevet/plugin"
)

func main() {
	info := commands.BuildInfo{Version: "2.15.0-cachevet", Commit: "custom build with the cachevet plugin", Date: "(custom)", GoVersion: "go"}
	if err := commands.Execute(info); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
GO
		(cd "$moddir.tmp" && GOFLAGS=-mod=mod go get "github.com/golangci/golangci-lint/v2@$GCL_VERSION" && go mod tidy)
		rm -rf "$moddir" && mv "$moddir.tmp" "$moddir"
		log "resolved in $((SECONDS - start))s"
	fi
	log "building $bin"
	mkdir -p "$(dirname "$bin")"
	(cd "$moddir" && go build -trimpath -o "$bin.tmp" .)
	mv "$bin.tmp" "$bin"
	# Keep only the newest few binaries.
	ls -dt "$CACHE"/bin-* 2>/dev/null | tail -n +4 | xargs -r rm -rf
	log "built in $((SECONDS - start))s"
}

case $mode in
build)
	build
	echo "$bin"
	;;
check)
	build
	cd "$ROOT"
	CACHEVET_GOLANGCI_LINT=$bin go test -count=1 -run 'TestGolangciLint' -v ./plugin/ "$@"
	;;
lint)
	build
	cd "$ROOT"
	"$bin" run "$@" ./...
	;;
*)
	echo "usage: $0 [check|build|lint] [args]" >&2
	exit 2
	;;
esac
