#!/usr/bin/env bash
# Makes a fresh clone runnable: installs npm packages when they are missing or older than the
# lock file, then builds every TypeScript project (incremental, so a no-op when up to date).
# Sourced or run by the README's commands; safe to run any number of times.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# shellcheck source=lib/node.sh
source "$root/scripts/lib/node.sh"

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "==> installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

echo "==> building" >&2
npx --no-install tsc -b >&2
