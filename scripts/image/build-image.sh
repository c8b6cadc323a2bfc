#!/usr/bin/env bash
# Builds the production image from the unmodified Dockerfile with podman (no Docker daemon, no
# registry): the base image comes from base-image.sh through the Dockerfile's NODE_IMAGE argument
# (its pinned default cannot be pulled here, and a local image cannot carry that digest). The
# build's `npm ci` reaches the registry this machine's npm uses: its registry and CA file are read
# now and mounted for the RUN steps only, so they end up neither in the image nor in the repo.
# Usage: build-image.sh [DOCKERFILE TAG] (default: Dockerfile as $IMAGE_NAME). Prints the tag.
set -euo pipefail
source "$(dirname "$0")/podman-env.sh"
setup_podman
base=$(bash "$(dirname "$0")/base-image.sh")

npm_dir=$(mktemp -d -p /tmp integration-service-npm.XXXXXX)
trap 'rm -rf "$npm_dir"' EXIT
registry=$(npm config get registry)
cafile=$(npm config get cafile)
mounts=()
{
  echo "registry=$registry"
  if [ -n "$cafile" ] && [ "$cafile" != null ] && [ "$cafile" != undefined ] && [ -r "$cafile" ]; then
    echo "cafile=/usr/local/share/integration-service-build-ca.crt"
    mounts+=(--volume "$cafile:/usr/local/share/integration-service-build-ca.crt:ro")
  fi
} >"$npm_dir/npmrc"
mounts+=(--volume "$npm_dir/npmrc:/usr/local/etc/npmrc:ro")

dockerfile=${1:-Dockerfile}
tag=${2:-$IMAGE_NAME}
image_log "podman build $tag from $dockerfile (FROM $base)"
started=$SECONDS
podman build --pull=never --network host --layers \
  --build-arg "NODE_IMAGE=$base" \
  "${mounts[@]}" \
  --file "$IMAGE_ROOT/$dockerfile" --tag "$tag" "$IMAGE_ROOT" >&2
image_log "built $tag in $((SECONDS - started)) s"
echo "$tag"
