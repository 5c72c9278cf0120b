#!/usr/bin/env bash
# Makes a fresh clone runnable: installs npm packages when they are missing or older than the
# lock file, then builds every TypeScript project (incremental, so a no-op when up to date).
# Sourced or run by the README's commands; safe to run any number of times.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v node >/dev/null || ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  echo "error: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "==> installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi

echo "==> building" >&2
npx --no-install tsc -b >&2
