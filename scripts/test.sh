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
  stop_started_servers() {
    mapfile -t now_running < <(node tools/services/dist/cli.js running)
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
  mapfile -t integration_tests < <(find test/dist -name '*.test.js' | sort)
  tests+=("${integration_tests[@]}")
fi

echo "==> running ${#tests[@]} test files" >&2
node --test --test-concurrency=2 "${tests[@]}"
# Only after the suite passed on the defaults: the matrix (scripts/matrix.sh) reruns the
# end-to-end tests on the previous Kafka and Elasticsearch and on OpenSearch.
[ "$unit_only" = true ] || bash scripts/matrix.sh
