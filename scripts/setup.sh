#!/usr/bin/env bash
# Everything a fresh machine needs before devup runs: Node 24 + pnpm (when the machine's
# Node is older), dependencies, the build, a Docker engine, the base image and Compose v2.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/provision-toolchain.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh
pnpm install --frozen-lockfile --reporter=silent
pnpm build
bash scripts/provision-engine.sh
