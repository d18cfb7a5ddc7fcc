#!/usr/bin/env bash
# Builds the same check-ins with Hugo and with okrgen, alternating, and
# prints the wall time and peak memory of each and okrgen's ratio to Hugo,
# for three flows:
#   new    each build into a new, empty folder (as CI builds);
#   edit   each build again over its own previous output, after one
#          check-in was edited (the same file for both tools);
#   same   each build again over its own previous output, nothing changed.
# Installs hugo from Debian's packages when missing. Not part of CI.
#
# Usage: bench/compare-hugo.sh [CHECKINS] [RUNS]      (default 10000, 3)
# FLOWS="new edit same" picks flows; SETTLE=65 is the wait (seconds) after
# deleting the last run's outputs.
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

flows=${FLOWS:-new edit same}
: >"$work/pdf.txt"
for f in $flows; do : >"$work/hugo-$f.txt"; : >"$work/okrgen-$f.txt"; done
# No file is deleted while builds are timed, nor in the minutes before:
# ext4 without a journal (as on this project's machines) skips inodes
# freed in the last minute when it allocates new ones, and in the last six
# once their inode table block is dirty again (as the next build's first
# files make it), so a build after a deletion of 20,000 files pays for it
# in kernel time, quadratically, whichever tool it is. The last run's
# outputs, and okrgen's cache folder (its spares: cmd/okrgen/spare.go),
# are moved aside in one rename and deleted after the timings; a wait of
# SETTLE seconds (default 65) lets what an earlier run deleted settle.
# A run deletes its trash at its end; the next run waits until that is
# more than six minutes old (it was not when runs followed each other:
# both tools' first builds took twice their CPU time).
if [ -f "$work/deleted-at" ]; then
  wait=$(( $(cat "$work/deleted-at") + 400 - $(date +%s) ))
  if [ "$wait" -gt 0 ]; then
    echo "waiting ${wait}s: the last run deleted its outputs less than six minutes ago" >&2
    sleep "$wait"
  fi
fi
trash="$work/trash"
mkdir -p "$trash"
[ -d "$work/out" ] && mv "$work/out" "$trash/out-$$"
[ -d "$work/cache" ] && mv "$work/cache" "$trash/cache-$$"
export XDG_CACHE_HOME="$work/cache" # on the outputs' file system, as a user's usually is
sync
sleep "${SETTLE:-65}"
mkdir -p "$work/out"
okrgen_build() { measure "$work/okrgen" build -s "$work/site" --as-of 2026-11-23 "$@"; }
# The check-in the edit flow changes, in both sites: a line appended to its
# body, different on every run.
edited=$(cd "$work/site/content" && find checkins -name '*.md' | sort | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}')
edit() {
  printf '\nEdited for run %s.\n' "$1" >>"$work/site/content/$edited"
  printf '\nEdited for run %s.\n' "$1" >>"$work/hugo/content/$edited"
}
case " $flows " in *" edit "*|*" same "*)
  # The outputs the edit and same flows build over, untimed: twice, the
  # second after an edit, so that okrgen's spare of the first (in the
  # cache folder, cmd/okrgen/spare.go) is there, as it is for a user's
  # every build after the first two.
  hugo --quiet -s "$work/hugo" -d "$work/out/hugo-again" >/dev/null
  okrgen_build -d "$work/out/okrgen-again" --no-pdf >/dev/null
  edit 0
  hugo --quiet -s "$work/hugo" -d "$work/out/hugo-again" >/dev/null
  okrgen_build -d "$work/out/okrgen-again" --no-pdf >/dev/null
  sync
esac
for i in $(seq "$runs"); do
  for f in $flows; do
    case $f in
    new)
      sync
      measure hugo --quiet -s "$work/hugo" -d "$work/out/hugo-$i" >>"$work/hugo-new.txt"
      sync
      okrgen_build -d "$work/out/okrgen-$i" --no-pdf >>"$work/okrgen-new.txt"
      sync
      okrgen_build -d "$work/out/pdf-$i" >>"$work/pdf.txt"
      ;;
    edit|same)
      [ "$f" = edit ] && edit "$i"
      sync
      measure hugo --quiet -s "$work/hugo" -d "$work/out/hugo-again" >>"$work/hugo-$f.txt"
      sync
      okrgen_build -d "$work/out/okrgen-again" --no-pdf >>"$work/okrgen-$f.txt"
      ;;
    esac
  done
done
col() { cut -d' ' -f"$2" "$1" | median; }
echo "check-ins: $checkins, runs: $runs (medians, with the spread min-max; wall, peak memory, CPU user+sys)"
for f in $flows; do
  h="$work/hugo-$f.txt"; o="$work/okrgen-$f.txt"
  spread() { cut -d' ' -f1 "$1" | sort -n | awk 'NR==1{a=$1} {b=$1} END {printf "%s-%s", a, b}'; }
  echo "flow $f:"
  echo "  hugo:             $(col "$h" 1)s ($(spread "$h"))  $(( $(col "$h" 2) / 1024 )) MB  $(col "$h" 3)s CPU"
  echo "  okrgen --no-pdf:  $(col "$o" 1)s ($(spread "$o"))  $(( $(col "$o" 2) / 1024 )) MB  $(col "$o" 3)s CPU"
  if [ "$f" = new ]; then
    echo "  okrgen with PDFs: $(col "$work/pdf.txt" 1)s ($(spread "$work/pdf.txt"))  $(( $(col "$work/pdf.txt" 2) / 1024 )) MB"
  fi
  echo "  each run (wall s, peak KB, CPU s), hugo then okrgen:"
  paste -d' ' "$h" "$o" | sed 's/^/    /'
  awk -v o="$(col "$o" 1)" -v h="$(col "$h" 1)" -v f="$f" 'BEGIN {printf "  okrgen / hugo, %s: %.2f\n", f, o / h}'
done
echo "outputs kept in $work/out (moved aside by the next run)"
rm -rf "$trash"
date +%s >"$work/deleted-at"
