#!/usr/bin/env bash
# Sets the machine up (scripts/setup.sh), then brings the example stack up with devup
# and leaves it running, watching its sources. Prints the app's URLs when it is healthy.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup.sh"
cd "$root/examples/django-stack"
exec "$root/scripts/dev" up --detach --wait "$@"
