#!/usr/bin/env bash
# Builds the same check-ins as one site and as an organisation of teams
# (bench/gensite -teams), in turns, and prints the medians of wall time and
# peak memory of each and the organisation's ratio to the single site:
# with and without PDFs, into /dev/shm and onto disk. Not part of CI.
#
# Usage: bench/compare-org.sh [CHECKINS] [TEAMS] [RUNS]     (default 10000, 100, 5)
# DESTS="shm disk" (the default) picks where the builds write; MODES="no-pdf
# pdf" (the default) whether they render the PDFs.
set -euo pipefail
cd "$(dirname "$0")/.."
checkins=${1:-10000}
teams=${2:-100}
runs=${3:-5}
work=${WORK:-/tmp/okrgen-org-$checkins-$teams}
shm=${SHM:-/dev/shm/okrgen-org-$checkins-$teams}
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (Debian package time)"; exit 1; }

mkdir -p "$work"
go build -o "$work/okrgen" ./cmd/okrgen
[ -f "$work/single/okr.toml" ] || { rm -rf "$work/single"; go run ./bench/gensite -o "$work/single" -checkins "$checkins"; }
[ -f "$work/org/okr.toml" ] || { rm -rf "$work/org"; go run ./bench/gensite -o "$work/org" -checkins "$checkins" -teams "$teams"; }

measure() { # prints "wall-seconds peak-KB"
  /usr/bin/time -f "%e %M" "$@" >/dev/null 2>"$work/time.txt" || { cat "$work/time.txt"; exit 1; }
  tail -1 "$work/time.txt"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for dest in ${DESTS:-shm disk}; do
  out="$work/out"
  [ "$dest" = shm ] && out="$shm"
  # Every build writes into a new, empty folder, and no output is deleted
  # while builds are timed (see compare-hugo.sh: ext4 without a journal
  # pays for inodes freed in the last minute).
  if [ -d "$out" ]; then
    rm -rf "$out"; sync
    [ "$dest" = disk ] && sleep "${SETTLE:-65}"
  fi
  mkdir -p "$out"
  for mode in ${MODES:-no-pdf pdf}; do
    flags=(--as-of 2026-11-23 --quiet)
    [ "$mode" = no-pdf ] && flags+=(--no-pdf)
    : >"$work/single.txt"; : >"$work/org.txt"
    for i in $(seq "$runs"); do
      sync
      measure "$work/okrgen" build -s "$work/single" -d "$out/single-$mode-$i" "${flags[@]}" >>"$work/single.txt"
      sync
      measure "$work/okrgen" build -s "$work/org" -d "$out/org-$mode-$i" "${flags[@]}" >>"$work/org.txt"
    done
    s=$(cut -d' ' -f1 "$work/single.txt" | median); sm=$(cut -d' ' -f2 "$work/single.txt" | median)
    o=$(cut -d' ' -f1 "$work/org.txt" | median); om=$(cut -d' ' -f2 "$work/org.txt" | median)
    echo "== $dest, $mode: $checkins check-ins, $teams teams, medians of $runs runs in turns"
    echo "single site:  ${s}s  $((sm / 1024)) MB"
    echo "organisation: ${o}s  $((om / 1024)) MB"
    awk -v s="$s" -v o="$o" -v sm="$sm" -v om="$om" 'BEGIN {printf "organisation / single: wall %.2f, memory %.2f\n", o / s, om / sm}'
    echo "each run, single then organisation (wall s, peak KB):"
    paste -d' ' "$work/single.txt" "$work/org.txt" | sed 's/^/  /'
  done
done
rm -rf "$shm"
echo "disk outputs kept in $work/out (removed by the next run)"
