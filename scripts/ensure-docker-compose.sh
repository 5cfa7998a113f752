#!/usr/bin/env bash
# Makes `docker compose` available for test/compose.test.ts (which only runs `docker compose config`,
# no engine needed). If the docker client is there but its compose plugin is not, builds the plugin
# from the Go module proxy once into a per-user cache shared by every clone, and links it into
# ~/.docker/cli-plugins. Does nothing when compose already works or when there is no docker client.
set -euo pipefail
VERSION=v2.40.3
MODULE=github.com/docker/compose/v2
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/handover/docker-compose-$VERSION"
PLUGIN_DIR="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"

if ! command -v docker >/dev/null 2>&1; then echo "docker client not installed: compose checks will be skipped"; exit 0; fi
if docker compose version >/dev/null 2>&1; then exit 0; fi

if [ ! -x "$CACHE/docker-compose" ]; then
  if ! command -v go >/dev/null 2>&1; then echo "docker compose plugin missing and no Go to build it: compose checks will be skipped"; exit 0; fi
  echo "Building the docker compose plugin $VERSION with Go into $CACHE (first time only; it takes a few minutes)..."
  # `go install` refuses this module (its go.mod has exclude directives), so build it as the main module.
  src_dir=$(go mod download -json "$MODULE@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  work=$(mktemp -d)
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
  cp -r "$src_dir" "$work/src" && chmod -R u+w "$work/src"
  mkdir -p "$CACHE"
  (cd "$work/src" && go build -trimpath -ldflags "-X $MODULE/internal.Version=$VERSION" -o "$work/docker-compose" ./cmd)
  mv "$work/docker-compose" "$CACHE/docker-compose"
fi
mkdir -p "$PLUGIN_DIR"
ln -sf "$CACHE/docker-compose" "$PLUGIN_DIR/docker-compose"
docker compose version
