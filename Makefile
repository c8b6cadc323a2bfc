# Every target installs what it needs first, so each works on a fresh clone.
SHELL := /bin/bash
NODE24 := $(CURDIR)/.tools/node24/bin

.PHONY: install tools build typecheck lint demo test test-node24 chart-test chart-lint image simulators clean

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

install: node_modules/.package-lock.json

tools:
	@bash scripts/fetch-tools.sh

build: install
	npm run build

typecheck: install
	npm run typecheck

lint: install
	npm run lint

## The one-command demo: PostgreSQL (embedded unless DATABASE_URL), both simulators, the real CLI, two rounds.
## Sizes: DEMO_PRODUCTS (3000), DEMO_CATEGORIES (40), DEMO_ORDERS (50), DEMO_SEED (1).
demo: install
	npx tsx scripts/demo.ts

## The whole test suite: type check, then every test file against real PostgreSQL and real tools.
test: install tools typecheck
	npm test

## The same suite under Node 24 LTS, the runtime of the production image.
test-node24: install tools
	PATH="$(NODE24):$$PATH" npm test

## Helm chart, alert rules, Dockerfile and skaffold checks (real helm and promtool).
chart-test: install tools
	npm test -- test/chart

chart-lint: tools
	HOME=$$(mktemp -d) .tools/bin/helm lint --strict charts/integration-service
	for f in charts/integration-service/ci/*-values.yaml; do HOME=$$(mktemp -d) .tools/bin/helm lint --strict charts/integration-service -f $$f || exit 1; done

## Needs a Docker engine (not available on the development machines).
image:
	docker build -t integration-service:dev .

simulators: install
	npm run simulators

clean:
	rm -rf dist .data .bench
