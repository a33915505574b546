#!/usr/bin/env bash
# Sets the machine up (scripts/setup.sh) and runs every test, unit and e2e, against
# the real Docker engine. Ends with one line: "N passed, N failed[, N skipped]".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
source scripts/env.sh
node scripts/run-tests.mjs "$@"
