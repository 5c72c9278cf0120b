#!/usr/bin/env bash
# Local servers for development and the integration tests (Kafka, Elasticsearch, etcd, Prometheus):
#   npm run services -- up|down|status|clean [kafka|elasticsearch|etcd|prometheus ...]
# Builds first (a no-op when up to date), so it works straight from a fresh clone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/node.sh
source "$root/scripts/lib/node.sh"
bash "$root/scripts/ensure-ready.sh"
exec node "$root/tools/services/dist/cli.js" "$@"
