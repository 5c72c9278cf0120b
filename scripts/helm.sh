#!/usr/bin/env bash
# Prints the path of a Helm v4 binary, building it first from the Go module proxy if the cache
# has none (about 2 minutes on 2 cores, once). Everything Go downloads or builds stays in the
# cache directory, outside the repository: ${LOGPIPE_CACHE_DIR:-~/.cache/logpipe}/helm-<version>.
set -euo pipefail
version="v4.3.2"
cache="${LOGPIPE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/logpipe}"
dir="$cache/helm-$version"
helm="$dir/bin/helm"
if [ ! -x "$helm" ]; then
  go_bin="$(command -v go || true)"
  [ -n "$go_bin" ] || go_bin=/usr/local/go/bin/go
  if [ ! -x "$go_bin" ]; then
    echo "scripts/helm.sh: Go is needed to build Helm $version (install Go 1.25 or newer, or put a helm $version binary at $helm)" >&2
    exit 2
  fi
  echo "==> building Helm $version from the Go module proxy into $dir" >&2
  mkdir -p "$dir"
  # A partly built cache from an interrupted run is reused; the binary appears only when complete.
  GOBIN="$dir/bin.tmp" GOMODCACHE="$dir/gomod" GOCACHE="$dir/gocache" GOFLAGS=-modcacherw GOTOOLCHAIN=local \
    "$go_bin" install "helm.sh/helm/v4/cmd/helm@$version" >&2
  mkdir -p "$dir/bin"
  mv "$dir/bin.tmp/helm" "$helm"
  rmdir "$dir/bin.tmp"
fi
echo "$helm"
