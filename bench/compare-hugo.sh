#!/usr/bin/env bash
# Builds the same check-ins with Hugo and with okrgen, alternating, and
# prints the wall time and peak memory of each and okrgen's ratio to Hugo.
# Installs hugo from Debian's packages when missing. Not part of CI.
#
# Usage: bench/compare-hugo.sh [CHECKINS] [RUNS]      (default 10000, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
checkins=${1:-10000}
runs=${2:-3}
work=${WORK:-/tmp/okrgen-vs-hugo-$checkins}

if ! command -v hugo >/dev/null; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq && $sudo apt-get install -y -qq hugo >/dev/null
fi
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package time)"; exit 1; }

go build -o "$work/okrgen" ./cmd/okrgen
if [ ! -f "$work/site/okr.toml" ]; then
  rm -rf "$work/site" "$work/hugo"
  go run ./bench/gensite -o "$work/site" -checkins "$checkins"
  # The same check-in files, Markdown and TOML front matter alike, in a
  # Hugo site with minimal layouts.
  mkdir -p "$work/hugo/content" "$work/hugo/layouts/_default"
  cp -r "$work/site/content/checkins" "$work/hugo/content/checkins"
  cat > "$work/hugo/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
title = "Check-ins"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]
TOML
  cat > "$work/hugo/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>
HTML
  cat > "$work/hugo/layouts/_default/list.html" <<'HTML'
<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>
HTML
fi

measure() { # prints "wall-seconds peak-KB cpu-seconds"
  /usr/bin/time -f "%e %M %U %S" "$@" >/dev/null 2>"$work/time.txt" || { cat "$work/time.txt"; exit 1; }
  tail -1 "$work/time.txt" | awk '{printf "%s %s %.2f\n", $1, $2, $3 + $4}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

: >"$work/hugo.txt"; : >"$work/okrgen.txt"
# Both build into an empty folder: removing the last output is not timed.
for i in $(seq "$runs"); do
  rm -rf "$work/hugo/public" "$work/site/public"
  sync
  measure hugo --quiet -s "$work/hugo" >>"$work/hugo.txt"
  sync
  measure "$work/okrgen" build -s "$work/site" --no-pdf --as-of 2026-11-23 >>"$work/okrgen.txt"
done
h=$(cut -d' ' -f1 "$work/hugo.txt" | median); hm=$(cut -d' ' -f2 "$work/hugo.txt" | median); hc=$(cut -d' ' -f3 "$work/hugo.txt" | median)
o=$(cut -d' ' -f1 "$work/okrgen.txt" | median); om=$(cut -d' ' -f2 "$work/okrgen.txt" | median); oc=$(cut -d' ' -f3 "$work/okrgen.txt" | median)
rm -rf "$work/site/public"; sync
pdf=$(measure "$work/okrgen" build -s "$work/site" --as-of 2026-11-23 | cut -d' ' -f1)
echo "check-ins: $checkins, runs: $runs (medians; wall, peak memory, CPU user+sys)"
echo "hugo:             ${h}s  $((hm / 1024)) MB  ${hc}s CPU"
echo "okrgen --no-pdf:  ${o}s  $((om / 1024)) MB  ${oc}s CPU"
echo "okrgen with PDFs: ${pdf}s"
awk -v o="$o" -v h="$h" 'BEGIN {printf "okrgen / hugo: %.2f\n", o / h}'
