#!/usr/bin/env bash
# The compatibility matrix, run by `npm test` after the whole suite has passed on the defaults
# (Kafka 4.4, Elasticsearch 9.5): the tests that prove the pipeline end to end run again on the
# other servers users run. Each leg starts its servers on ports of its own, beside the default
# ones (etcd and Prometheus are shared), and stops them afterwards, pass or fail.
#
#   LOGPIPE_MATRIX=off                          skip it
#   LOGPIPE_MATRIX=opensearch-3,opensearch-2    only these legs (names below)
#
# Needs the build done and the default etcd running (test.sh sees to both).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The end-to-end, parser, dead-letter and outage tests, and what the transfer, logctl and
# setup do with templates, daily indices, idempotent ids, retention and routes.
matrix_tests=(
  test/dist/pipeline.e2e.test.js
  test/dist/logagent/kafka-outage.test.js
  test/dist/logtransfer/indexing.test.js
  test/dist/logtransfer/parsers.test.js
  test/dist/logtransfer/dead-letter.test.js
  test/dist/logtransfer/elasticsearch-outage.test.js
  test/dist/logtransfer/index-lifecycle.test.js
  test/dist/logtransfer/retention.test.js
  test/dist/logtransfer/routes.test.js
  test/dist/logctl/query.test.js
  test/dist/logctl/status.test.js
  test/dist/stack/setup.test.js
)

# Ports below Linux's ephemeral range (32768+), so that no outgoing connection holds one.
search_ports=(LOGPIPE_ES_PORT=9210 LOGPIPE_ES_TRANSPORT_PORT=9310)
kafka_ports=(LOGPIPE_KAFKA_PORT=9192 LOGPIPE_KAFKA_CONTROLLER_PORT=9193 LOGPIPE_KAFKA_FAULT_LISTENER_PORT=9194 LOGPIPE_KAFKA_FAULT_PROXY_PORT=9195)

declare -A leg_env=(
  [kafka-3.9+elasticsearch-8]="LOGPIPE_KAFKA_VERSION=3.9.2 LOGPIPE_SEARCH=elasticsearch-8.19.21 ${kafka_ports[*]} ${search_ports[*]}"
  [opensearch-3]="LOGPIPE_SEARCH=opensearch-3.8.0 ${search_ports[*]}"
  [opensearch-2]="LOGPIPE_SEARCH=opensearch-2.19.6 ${search_ports[*]}"
)
declare -A leg_servers=(
  [kafka-3.9+elasticsearch-8]="kafka elasticsearch"
  [opensearch-3]="elasticsearch"
  [opensearch-2]="elasticsearch"
)
all_legs=(kafka-3.9+elasticsearch-8 opensearch-3 opensearch-2)

selection="${LOGPIPE_MATRIX:-all}"
[ "$selection" = off ] && exit 0
if [ "$selection" = all ]; then
  legs=("${all_legs[@]}")
else
  IFS=',' read -ra legs <<<"$selection"
  for leg in "${legs[@]}"; do
    [ -n "${leg_env[$leg]:-}" ] || { echo "error: LOGPIPE_MATRIX names an unknown leg \"$leg\"; use off, all, or a comma list of: ${all_legs[*]}" >&2; exit 2; }
  done
fi

# Runs in a subshell of its own: the exports and the EXIT trap end with it. `leg_servers_now` is
# global on purpose: the trap runs after the function returned, when a local would be gone, and
# `down` with no names would stop every server, the default ones too.
run_leg() {
  leg="$1"
  read -ra leg_servers_now <<<"${leg_servers[$leg]}"
  # shellcheck disable=SC2086 # the leg's settings are words on purpose
  export ${leg_env[$leg]}
  trap 'echo "==> matrix $leg: stopping ${leg_servers_now[*]}" >&2; node tools/services/dist/cli.js down "${leg_servers_now[@]}" >&2' EXIT
  echo "==> matrix $leg: starting ${leg_servers_now[*]} (${leg_env[$leg]})" >&2
  node tools/services/dist/cli.js up "${leg_servers_now[@]}" >&2 || return 1
  echo "==> matrix $leg: running ${#matrix_tests[@]} test files" >&2
  node --test --test-concurrency=2 "${matrix_tests[@]}"
}

failed=()
for leg in "${legs[@]}"; do
  started=$(date +%s)
  if (run_leg "$leg"); then
    echo "==> matrix $leg: passed in $(($(date +%s) - started)) s" >&2
  else
    echo "==> matrix $leg: FAILED after $(($(date +%s) - started)) s" >&2
    failed+=("$leg")
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "==> matrix: failed legs: ${failed[*]}" >&2
  exit 1
fi
echo "==> matrix: every leg passed (${legs[*]})" >&2
