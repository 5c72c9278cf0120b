#!/bin/sh
# The image's entry point: the first argument picks the command, the rest are its arguments.
#   logagent | logtransfer | logctl | setup | demo-logs | certs
# LOGPIPE_HOME (default /app) is where the image keeps the compiled packages; tests point it at a
# checkout to run this script outside Docker.
set -eu
home="${LOGPIPE_HOME:-/app}"
usage="usage: IMAGE logagent|logtransfer|logctl|setup|demo-logs|certs [ARGS...]

  logagent     follow log files, produce lines to Kafka   (--config FILE, --check)
  logtransfer  consume from Kafka, index into Elasticsearch (--config FILE, --check)
  logctl       the operator's command line: targets, agents, status, query, routes
  setup        the compose stack's one-shot setup          (--config FILE, --check)
  demo-logs    write demo nginx and application logs       (--dir DIR, --rate N)
  certs        make the secure compose stack's CA and certificates (DIR, default /certs)"

command="${1:-logagent}"
[ "$#" -gt 0 ] && shift

# A daemon's Node flags are in apps/<app>/node-flags (tests and benchmarks read the same file).
run() {
  main="$home/$1"
  if [ ! -f "$main" ]; then
    echo "logpipe: $2" >&2
    exit 2
  fi
  shift 2
  flags_file="$(dirname "$(dirname "$main")")/node-flags"
  flags=""
  [ -f "$flags_file" ] && flags="$(cat "$flags_file")"
  # shellcheck disable=SC2086 # the flags are words, split on purpose
  exec node $flags "$main" "$@"
}

case "$command" in
  logagent|logtransfer)
    run "apps/$command/dist/main.js" "$command is missing from this image ($home/apps/$command/dist/main.js); rebuild the image" "$@" ;;
  logctl)
    run "apps/logctl/dist/main.js" "logctl is not part of this image yet: it has not been released (no $home/apps/logctl/dist/main.js). Manage targets with etcdctl meanwhile: see docs/etcd-keys.md." "$@" ;;
  setup)
    run "tools/setup/dist/main.js" "setup is missing from this image ($home/tools/setup/dist/main.js); rebuild the image" "$@" ;;
  demo-logs)
    run "tools/setup/dist/demo-logs/main.js" "demo-logs is missing from this image ($home/tools/setup/dist/demo-logs/main.js); rebuild the image" "$@" ;;
  certs)
    # In the image it sits in /usr/local/lib/logpipe; from a checkout, in config/compose/secure.
    script=/usr/local/lib/logpipe/make-certs.sh
    [ -f "$script" ] || script="$home/config/compose/secure/make-certs.sh"
    exec sh "$script" "$@" ;;
  -h|--help|help)
    echo "$usage" ;;
  *)
    echo "logpipe: unknown command \"$command\"" >&2
    echo "$usage" >&2
    exit 2 ;;
esac
