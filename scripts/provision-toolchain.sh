#!/usr/bin/env bash
# Installs Node 24 and pnpm into .toolchain/ when the machine's Node is older than 22.
# Prints the PATH entry to prepend; source scripts/env.sh to use it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
toolchain="$root/.toolchain"
NODE_SPEC="${DEVUP_NODE_SPEC:-node@24}"
PNPM_SPEC="${DEVUP_PNPM_SPEC:-pnpm@10}"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$toolchain/node_modules/.bin/node" ] && [ "$(node_major "$toolchain/node_modules/.bin/node")" -ge 22 ]; then
  :
elif command -v node >/dev/null && [ "$(node_major node)" -ge 22 ] && command -v pnpm >/dev/null; then
  echo "toolchain: using the machine's node $(node --version) and pnpm $(pnpm --version)"
  exit 0
else
  echo "toolchain: installing $NODE_SPEC and $PNPM_SPEC into .toolchain/"
  mkdir -p "$toolchain"
  npm install --no-audit --no-fund --loglevel=error --prefix "$toolchain" "$NODE_SPEC" "$PNPM_SPEC"
fi
if [ ! -x "$toolchain/node_modules/.bin/pnpm" ]; then
  PATH="$toolchain/node_modules/.bin:$PATH" npm install --no-audit --no-fund --loglevel=error --prefix "$toolchain" "$PNPM_SPEC"
fi
echo "toolchain: node $("$toolchain/node_modules/.bin/node" --version), pnpm $(PATH="$toolchain/node_modules/.bin:$PATH" pnpm --version)"
