#!/usr/bin/env bash
# `make image-test`: builds the production image with podman from the unmodified Dockerfile and
# runs test/image/image-test.ts against it (simulators from this checkout, a real PostgreSQL).
# Installs what it needs (podman, runc, debootstrap from Debian; node_modules via make). Cold, the
# base image is made with debootstrap first (minutes); warm, it comes from .tools/image.
# PostgreSQL: DATABASE_URL when set, else the machine's at 127.0.0.1:5432 (started when it is
# installed but down), else the embedded one from npm on port 54327.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/image/podman-env.sh
setup_podman

started=$SECONDS
image=$(bash scripts/image/build-image.sh)
# The skaffold dev profile's simulators image (shares the build stage's npm ci layer).
simulators=$(bash scripts/image/build-image.sh dev/simulators.Dockerfile localhost/integration-service-dev-simulators:image-test)
build_seconds=$((SECONDS - started))

if [ -z "${DATABASE_URL:-}" ]; then
  if command -v pg_lsclusters >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
  if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres
  fi
fi

test_started=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
IMAGE_UNDER_TEST="$image" SIMULATORS_IMAGE="$simulators" FORCE_COLOR=0 \
  node --import tsx test/image/image-test.ts 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
image_log "build ${build_seconds} s, tests $((SECONDS - test_started)) s"
# The plain closing line CI reads; a crash before uvu's summary counts as one failure.
total=$(sed -nE 's/^ *Total: +([0-9]+).*/\1/p' "$log" | tail -n 1)
passed=$(sed -nE 's/^ *Passed: +([0-9]+).*/\1/p' "$log" | tail -n 1)
failed=$(( ${total:-0} - ${passed:-0} ))
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "image-test: ${passed:-0} passed, ${failed} failed"
exit "$status"
