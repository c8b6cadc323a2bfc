# Sourced by the image scripts: a rootful podman with its own configuration and storage under
# .tools/podman (git-ignored), so it works on a fresh CI machine and never touches another
# checkout's containers. Why each setting (checked on Debian 12's podman 4.3 in this sandbox):
# - runc: crun 1.8 refuses this host's hybrid cgroup v1/v2 layout;
# - cgroupfs + file events: there is no systemd to ask;
# - default_ulimits (open files and processes) within the sandbox's hard limits: podman's
#   defaults ask for more and fail with "error setting rlimit ...: operation not permitted".
# Installs podman, runc and debootstrap from Debian when they are missing.
set -euo pipefail

IMAGE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IMAGE_TOOLS="$IMAGE_ROOT/.tools/podman"
IMAGE_CACHE="$IMAGE_ROOT/.tools/image"
# The tag make image-test builds and runs.
IMAGE_NAME="${IMAGE_NAME:-localhost/integration-service:image-test}"

image_log() { printf 'image: %s\n' "$*" >&2; }

ensure_podman_packages() {
  local missing=()
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  command -v runc >/dev/null 2>&1 || missing+=(runc)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    image_log "needs ${missing[*]} (Debian packages) and root: run as root, or apt-get install ${missing[*]}"
    return 1
  fi
  image_log "installing ${missing[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
}

write_podman_config() {
  mkdir -p "$IMAGE_TOOLS/storage" "$IMAGE_TOOLS/run" "$IMAGE_TOOLS/tmp"
  local nofile nproc
  nofile=$(ulimit -Hn)
  nproc=$(ulimit -Hu)
  [ "$nofile" = unlimited ] && nofile=1048576
  # Setting RLIMIT_NPROC above pid_max fails in this sandbox even when `ulimit -Hu` is higher.
  local pid_max
  pid_max=$(cat /proc/sys/kernel/pid_max)
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt "$pid_max" ]; then nproc=$pid_max; fi
  cat >"$IMAGE_TOOLS/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$IMAGE_TOOLS/events.log"
runtime = "runc"
tmp_dir = "$IMAGE_TOOLS/tmp"
CONF
  cat >"$IMAGE_TOOLS/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$IMAGE_TOOLS/storage"
runroot = "$IMAGE_TOOLS/run"
CONF
  # Only images named here exist; never ask a registry.
  cat >"$IMAGE_TOOLS/registries.conf" <<CONF
unqualified-search-registries = []
short-name-mode = "permissive"
CONF
  export CONTAINERS_CONF="$IMAGE_TOOLS/containers.conf"
  export CONTAINERS_STORAGE_CONF="$IMAGE_TOOLS/storage.conf"
  export CONTAINERS_REGISTRIES_CONF="$IMAGE_TOOLS/registries.conf"
  export TMPDIR="$IMAGE_TOOLS/tmp"
}

setup_podman() {
  if [ "$(id -u)" != 0 ]; then
    image_log "the image recipe runs podman rootful (no user namespaces in this sandbox): run as root"
    return 1
  fi
  ensure_podman_packages
  write_podman_config
}
