# Every target installs what it needs first, so each works on a fresh clone.
SHELL := /bin/bash
NODE24 := $(CURDIR)/.tools/node24/bin

.PHONY: install tools build typecheck lint demo test test-live test-node24 chart-test chart-lint image image-test simulators clean

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

## Opt-in: the doctor, catalogue and orders e2e scenarios against a real development store, with
## the same assertions as against the simulators (README, "Live verification").
## Catalogue and orders: LIVE_SHOPIFY_SHOP, LIVE_SHOPIFY_ACCESS_TOKEN (scopes read_products,
## write_products, write_publications, read_orders, write_orders, read_customers); they write to the
## store and delete what they created, and refuse a store that is not a development store unless
## LIVE_I_UNDERSTAND_THIS_WRITES=1. doctor also needs LIVE_APIX_BASE_URL and LIVE_APIX_TOKEN
## (optional LIVE_SHOPIFY_API_VERSION, LIVE_PUSHGATEWAY_URL). Missing variables: those tests are
## SKIPPED, saying so. One file at a time: doctor proves zero writes while nothing else writes.
test-live: install
	@[ -n "$$LIVE_SHOPIFY_SHOP" ] && [ -n "$$LIVE_SHOPIFY_ACCESS_TOKEN" ] \
	  || echo "test-live: LIVE_SHOPIFY_SHOP and LIVE_SHOPIFY_ACCESS_TOKEN are not both set: every live test is SKIPPED"
	@[ -n "$$LIVE_APIX_BASE_URL" ] && [ -n "$$LIVE_APIX_TOKEN" ] \
	  || echo "test-live: LIVE_APIX_BASE_URL and LIVE_APIX_TOKEN are not both set: the live doctor tests are SKIPPED"
	TEST_CONCURRENCY=1 TEST_FILE_TIMEOUT_MS=900000 npm test -- test/live

## The same suite under Node 24 LTS, the runtime of the production image. TESTS narrows it to the
## files whose path contains one of its words (CI: the runtime-sensitive folders).
test-node24: install tools
	PATH="$(NODE24):$$PATH" npm test -- $(TESTS)

## Helm chart, alert rules, Dockerfile and skaffold checks (real helm and promtool).
chart-test: install tools
	npm test -- test/chart

chart-lint: tools
	HOME=$$(mktemp -d) .tools/bin/helm lint --strict charts/integration-service
	for f in charts/integration-service/ci/*-values.yaml dev/values.yaml; do HOME=$$(mktemp -d) .tools/bin/helm lint --strict charts/integration-service -f $$f || exit 1; done
	HOME=$$(mktemp -d) .tools/bin/helm lint --strict dev/deps-chart

## The production image: with Docker when there is one, else podman with the recipe of
## scripts/image (rootful; installs podman, runc and debootstrap from Debian when missing).
image:
	@if command -v docker >/dev/null 2>&1; then docker build -t integration-service:dev .; \
	else bash scripts/image/build-image.sh; fi

## Builds the real image with podman from the unmodified Dockerfile and runs it as Kubernetes
## would (UID 1000, read-only root, no capabilities) against the simulators and PostgreSQL.
## Cold (no .tools/image): several minutes for the base image; warm: the build cache.
image-test: install tools
	bash scripts/image/image-test.sh

simulators: install
	npm run simulators

clean:
	rm -rf dist .data .bench
