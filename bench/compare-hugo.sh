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

: >"$work/hugo.txt"; : >"$work/okrgen.txt"; : >"$work/pdf.txt"
# Every build writes into a new, empty folder, and no output is deleted
# while builds are timed: ext4 without a journal (as on this project's
# machines) skips inodes freed in the last minute when it allocates new
# ones, so a build right after deleting 20,000 files pays for the deletion
# quadratically, whichever tool it is. The last run's outputs go first,
# then a wait for that minute to pass (SETTLE seconds).
if [ -d "$work/out" ]; then
  rm -rf "$work/out"; sync
  sleep "${SETTLE:-65}"
fi
mkdir -p "$work/out"
for i in $(seq "$runs"); do
  sync
  measure hugo --quiet -s "$work/hugo" -d "$work/out/hugo-$i" >>"$work/hugo.txt"
  sync
  measure "$work/okrgen" build -s "$work/site" -d "$work/out/okrgen-$i" --no-pdf --as-of 2026-11-23 >>"$work/okrgen.txt"
  sync
  measure "$work/okrgen" build -s "$work/site" -d "$work/out/pdf-$i" --as-of 2026-11-23 >>"$work/pdf.txt"
done
h=$(cut -d' ' -f1 "$work/hugo.txt" | median); hm=$(cut -d' ' -f2 "$work/hugo.txt" | median); hc=$(cut -d' ' -f3 "$work/hugo.txt" | median)
o=$(cut -d' ' -f1 "$work/okrgen.txt" | median); om=$(cut -d' ' -f2 "$work/okrgen.txt" | median); oc=$(cut -d' ' -f3 "$work/okrgen.txt" | median)
pdf=$(cut -d' ' -f1 "$work/pdf.txt" | median); pm=$(cut -d' ' -f2 "$work/pdf.txt" | median)
echo "check-ins: $checkins, runs: $runs (medians; wall, peak memory, CPU user+sys)"
echo "hugo:             ${h}s  $((hm / 1024)) MB  ${hc}s CPU"
echo "okrgen --no-pdf:  ${o}s  $((om / 1024)) MB  ${oc}s CPU"
echo "okrgen with PDFs: ${pdf}s  $((pm / 1024)) MB"
echo "each run: hugo, okrgen --no-pdf, okrgen with PDFs (wall s, peak KB, CPU s):"
paste -d' ' "$work/hugo.txt" "$work/okrgen.txt" "$work/pdf.txt" | sed 's/^/  /'
echo "outputs kept in $work/out (removed by the next run)"
awk -v o="$o" -v h="$h" 'BEGIN {printf "okrgen / hugo: %.2f\n", o / h}'
