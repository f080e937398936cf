# The two commands the README documents:
#   make example   runs cachevet on the bundled example service and shows its findings
#   make test      runs every check CI runs
GO ?= go

.PHONY: example test build lint redischeck unit race selfcheck golangci

build:
	$(GO) build -o bin/cachevet ./cmd/cachevet

example: build
	cd examples/lms && ../../bin/cachevet ./... ; status=$$?; \
	  if [ $$status -eq 3 ]; then echo "(exit 3: findings, as expected in the example)"; exit 0; fi; exit $$status

test: lint redischeck unit race selfcheck golangci

# The Redis tests skip without redis-server; under CI (CI set, as .ci/run
# does) that is an error, elsewhere a warning that says so.
redischeck:
	@if ! command -v redis-server >/dev/null 2>&1; then \
	  if [ -n "$$CI" ]; then echo "redis-server not found and CI is set: the Redis tests would be skipped (apt-get install redis-server)"; exit 1; fi; \
	  echo "warning: redis-server not found: the Redis tests are skipped (apt-get install redis-server; with CI=true this is an error)"; \
	fi

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^testdata/')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

unit:
	$(GO) test -timeout 30m ./...

race:
	$(GO) test -race ./cache/...

selfcheck: build
	./bin/cachevet ./...

# Builds golangci-lint v2.15.0 with the cachevet plugin from the module proxy
# (cached under ~/.cache/cachevet-golangci), proves on examples/lms that the
# plugin reports what cachevet reports, then lints this repository with
# .golangci.yml.
golangci:
	bash scripts/golangci-cachevet.sh check
	bash scripts/golangci-cachevet.sh lint
