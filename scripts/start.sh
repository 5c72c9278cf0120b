#!/usr/bin/env bash
# The README's run command (`npm start`): installs what is missing, builds, starts the local
# servers, then runs both apps with a demo target and log (tools/demo). `-- --once` exits after
# showing the demo lines in Elasticsearch instead of running until Ctrl-C.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/node.sh
source scripts/lib/node.sh
bash scripts/ensure-ready.sh
node tools/services/dist/cli.js up
exec node tools/demo/dist/run-demo.js "$@"
