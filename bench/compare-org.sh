#!/usr/bin/env bash
# Builds the same 10,000 check-ins as an organisation of teams (bench/gensite
# -teams) and as single sites, in turns, and prints the medians of wall
# time and peak memory of each and the organisation's ratios: with and
# without PDFs, into /dev/shm and onto disk. Not part of CI.
#
# The single sites: "flat" holds the organisation's own objectives, key
# results and check-ins in one site (gensite -teams N -flat), like for
# like; "large" is the benchmarks' large site of as many check-ins
# (gensite: 50 objectives of 5 key results a quarter).
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
gen() { # gen NAME FLAGS...: generates the site NAME once
  local name=$1; shift
  [ -f "$work/$name/okr.toml" ] || { rm -rf "${work:?}/$name"; go run ./bench/gensite -o "$work/$name" -checkins "$checkins" "$@"; }
}
gen large
gen flat -teams "$teams" -flat
gen org -teams "$teams"

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
    for site in large flat org; do : >"$work/$site.txt"; done
    for i in $(seq "$runs"); do
      for site in large flat org; do
        sync
        measure "$work/okrgen" build -s "$work/$site" -d "$out/$site-$mode-$i" "${flags[@]}" >>"$work/$site.txt"
      done
    done
    echo "== $dest, $mode: $checkins check-ins, $teams teams, medians of $runs runs in turns"
    for site in large flat org; do
      w=$(cut -d' ' -f1 "$work/$site.txt" | median); m=$(cut -d' ' -f2 "$work/$site.txt" | median)
      eval "${site}_w=$w ${site}_m=$m"
      printf '%-6s %6ss %6d MB\n' "$site" "$w" $((m / 1024))
    done
    # shellcheck disable=SC2154 # set by the eval above
    awk -v o="$org_w" -v om="$org_m" -v f="$flat_w" -v fm="$flat_m" -v l="$large_w" -v lm="$large_m" 'BEGIN {
      printf "org / flat:  wall %.2f, memory %.2f\norg / large: wall %.2f, memory %.2f\n", o / f, om / fm, o / l, om / lm }'
    echo "each run, large, flat, org (wall s, peak KB):"
    paste -d' ' "$work/large.txt" "$work/flat.txt" "$work/org.txt" | sed 's/^/  /'
  done
done
rm -rf "$shm"
echo "disk outputs kept in $work/out (removed by the next run)"
