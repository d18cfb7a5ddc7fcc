#!/usr/bin/env bash
# Refreshes the vendored echarts build from the npm package `echarts`.
# Usage: themes/default/refresh-echarts.sh [VERSION]   (default: the version in static/assets/echarts/VERSION)
# go-echarts v2 is written for echarts 5.x: stay on major 5 unless go-echarts moves.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest="$here/static/assets/echarts"
version=${1:-$(cat "$dest/VERSION")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "echarts@$version" >/dev/null)
tar -xzf "$tmp"/echarts-*.tgz -C "$tmp"
cp "$tmp/package/dist/echarts.min.js" "$dest/echarts.min.js"
cp "$tmp/package/LICENSE" "$dest/LICENSE"
echo "$version" > "$dest/VERSION"
echo "echarts $version -> $dest"
