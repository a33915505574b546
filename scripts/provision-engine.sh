#!/usr/bin/env bash
# Makes sure a Docker engine answers, the debian:bookworm-slim base image exists,
# and Docker Compose v2 is installed as a CLI plugin. Safe to run again: each step
# is skipped when its result is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${DEVUP_CACHE_DIR:-$root/.cache}"
mkdir -p "$cache"
log() { echo "engine: $*"; }

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then sudo_if_needed apt-get update -qq; apt_updated=1; fi
}

# 1. The engine.
if ! docker info >/dev/null 2>&1; then
  if ! command -v dockerd >/dev/null; then
    log "installing Debian's docker.io"
    apt_update_once
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  fi
  if ! docker info >/dev/null 2>&1; then
    log "starting dockerd (log: $cache/dockerd.log)"
    sudo_if_needed sh -c "nohup dockerd >'$cache/dockerd.log' 2>&1 &"
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  fi
fi
docker info >/dev/null 2>&1 || { log "the Docker engine did not answer; see $cache/dockerd.log"; exit 1; }
log "docker $(docker version --format '{{.Server.Version}}') answers ($(docker info --format '{{.Driver}}'))"

# 2. The base image.
if ! docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
  if ! command -v debootstrap >/dev/null; then
    apt_update_once
    sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  rootfs="$(mktemp -d)"
  log "debootstrap bookworm into $rootfs"
  sudo_if_needed debootstrap --variant=minbase bookworm "$rootfs" >"$cache/debootstrap.log" 2>&1
  sudo_if_needed tar -C "$rootfs" -c . | docker import \
    --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - debian:bookworm-slim >/dev/null
  sudo_if_needed rm -rf "$rootfs"
fi
log "base image debian:bookworm-slim present"

# 3. Tools the end-to-end tests drive: tmux (the terminal UI's tests).
if ! command -v tmux >/dev/null; then
  log "installing tmux"
  apt_update_once
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux >/dev/null
fi

# 4. Docker Compose v2 (the anchor for conformance tests and benchmarks).
plugin_dir="$HOME/.docker/cli-plugins"
if ! docker compose version >/dev/null 2>&1; then
  log "installing docker-compose v2 from Debian trixie"
  work="$(mktemp -d)"
  mkdir -p "$work/sources.list.d" "$work/lists/partial" "$work/archives/partial"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed -E '/^Suites:/ s/bookworm/trixie/g' "$f" >"$work/sources.list.d/$(basename "$f")"
  done
  if [ -f /etc/apt/sources.list ]; then
    sed -E 's/ bookworm/ trixie/g' /etc/apt/sources.list >"$work/sources.list"
  else
    : >"$work/sources.list"
  fi
  aptopts=(-o "Dir::Etc::sourcelist=$work/sources.list" -o "Dir::Etc::sourceparts=$work/sources.list.d"
           -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::archives=$work/archives" -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root")
  apt-get "${aptopts[@]}" update -qq
  (cd "$work" && apt-get "${aptopts[@]}" download docker-compose >/dev/null)
  dpkg-deb -x "$work"/docker-compose_*.deb "$work/pkg"
  mkdir -p "$plugin_dir"
  cp "$work/pkg/usr/libexec/docker/cli-plugins/docker-compose" "$plugin_dir/"
  rm -rf "$work"
fi
log "$(docker compose version)"
