#!/usr/bin/env bash
# The README's test command (`npm test`): installs what is missing, builds, lints, starts the
# local servers (Kafka, Elasticsearch, etcd, Prometheus), runs every unit and integration test,
# then the compatibility matrix (scripts/matrix.sh), and stops again the servers it started.
# `--unit-only` skips the servers, the integration tests and the matrix.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/node.sh
source scripts/lib/node.sh

unit_only=false
[ "${1:-}" = "--unit-only" ] && unit_only=true

bash scripts/ensure-ready.sh
echo "==> lint" >&2
npx --no-install eslint . >&2

mapfile -t unit_tests < <(find libs apps tools -path '*/node_modules' -prune -o -path '*/dist/*' -name '*.test.js' -print | sort)
tests=("${unit_tests[@]}")

if [ "$unit_only" = false ]; then
  # Servers already running before this run (a developer's) are left running afterwards.
  mapfile -t were_running < <(node tools/services/dist/cli.js running)
  # With names, only those (when this run started them); without, every server this run started.
  stop_started_servers() {
    mapfile -t now_running < <(node tools/services/dist/cli.js running "$@")
    started=()
    for server in "${now_running[@]}"; do
      [[ " ${were_running[*]} " == *" $server "* ]] || started+=("$server")
    done
    if [ "${#started[@]}" -gt 0 ]; then
      echo "==> stopping the servers this run started: ${started[*]}" >&2
      node tools/services/dist/cli.js down "${started[@]}" >&2 || true
    fi
  }
  trap stop_started_servers EXIT
  echo "==> starting local servers" >&2
  node tools/services/dist/cli.js up >&2
  # The cluster failure tests run after the rest, alone (see below).
  mapfile -t integration_tests < <(find test/dist -path test/dist/cluster -prune -o -name '*.test.js' -print | sort)
  tests+=("${integration_tests[@]}")
fi

echo "==> running ${#tests[@]} test files" >&2
node --test --test-concurrency=2 "${tests[@]}"
if [ "$unit_only" = false ]; then
  # Broker and node failures on the 3-node Kafka and 2-node Elasticsearch clusters (five more
  # JVMs), one file at a time: they kill servers, and on 2 cores they would slow every other
  # test's deadlines. `npm run test:cluster` runs just these.
  bash scripts/test-cluster.sh
  stop_started_servers kafka-cluster search-cluster
fi
# Only after the suite passed on the defaults: the matrix (scripts/matrix.sh) reruns the
# end-to-end tests on the previous Kafka and Elasticsearch and on OpenSearch.
[ "$unit_only" = true ] || bash scripts/matrix.sh
