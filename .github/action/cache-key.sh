#!/usr/bin/env bash
# The cache step of okrgen's GitHub Action (action.yml): writes to
# $GITHUB_OUTPUT the folders of Go's module and build caches and their key,
# made of the runner, the Go version, a hash of the action's go.sum and one
# of its Go source. A new source restores the newest cache of the same
# go.sum (restore-key), so only what changed is compiled again.
set -euo pipefail

action=${GITHUB_ACTION_PATH:?the folder of the action}

# sha256 prints the first 16 hex digits of the SHA-256 of its input.
sha256() {
  if command -v sha256sum >/dev/null; then sha256sum; else shasum -a 256; fi | cut -c1-16
}

deps=$(sha256 <"$action/go.sum")
src=$(cd "$action" && find . -name '*.go' -type f -print0 | LC_ALL=C sort -z | xargs -0 cat | sha256)
prefix="okrgen-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-$(go env GOVERSION)-$deps-"
{
  echo "key=$prefix$src"
  echo "restore-key=$prefix"
  echo "gomodcache=$(go env GOMODCACHE)"
  echo "gocache=$(go env GOCACHE)"
} >>"${GITHUB_OUTPUT:?the file of step outputs}"
