#!/usr/bin/env bash
# `npm run test:cluster`: the failure tests on the local Kafka and Elasticsearch clusters
# (test/src/cluster), one file at a time. It starts the single-node servers they also use (a
# no-op under `npm test`, which calls this), and each test file starts the cluster it needs.
# Servers keep running afterwards: `npm run services -- down` stops them all.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/node.sh
source scripts/lib/node.sh
[ -d test/dist/cluster ] || bash scripts/ensure-ready.sh
node tools/services/dist/cli.js up >&2
mapfile -t cluster_tests < <(find test/dist/cluster -name '*.test.js' | sort)
echo "==> running ${#cluster_tests[@]} cluster failure test files" >&2
node --test --test-concurrency=1 "${cluster_tests[@]}"
