#!/bin/sh
# The image's entry point: the first argument picks the command, the rest are its arguments.
set -e
command="${1:-logagent}"
[ "$#" -gt 0 ] && shift
case "$command" in
  logagent|logtransfer) exec node "/app/apps/$command/dist/main.js" "$@" ;;
  *) echo "usage: IMAGE logagent|logtransfer [--config FILE] [--check]" >&2; exit 2 ;;
esac
