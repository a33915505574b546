# Source this file: puts the project's Node 24 and pnpm first on PATH when present.
_devup_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -d "$_devup_root/.toolchain/node_modules/.bin" ]; then
  export PATH="$_devup_root/.toolchain/node_modules/.bin:$PATH"
fi
unset _devup_root
