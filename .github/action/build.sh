#!/usr/bin/env bash
# The build step of okrgen's GitHub Action (action.yml): builds okrgen from
# the action's own folder with the Go on PATH, then the site with it.
#
# The inputs come as environment variables, never pasted into the script:
#   INPUT_SITE         the site's folder (default .)
#   INPUT_BASE_URL     okrgen build --base-url, if not empty
#   INPUT_DESTINATION  the folder to write (default <site>/public)
#   INPUT_ARGS         more arguments for okrgen build, split at white space
# The folder written goes to $GITHUB_OUTPUT as public=FOLDER.
set -euo pipefail

action=${GITHUB_ACTION_PATH:?the folder of the action}
bin=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/okrgen.XXXXXX")

# The action's own module: no go.work of the workspace, no vendor folder,
# no version control stamp (the action's files are no git checkout).
(cd "$action" && GOWORK=off GOFLAGS=-mod=readonly go build -buildvcs=false -o "$bin/okrgen" ./cmd/okrgen)
"$bin/okrgen" version

site=${INPUT_SITE:-.}
dest=${INPUT_DESTINATION:-$site/public}
args=(build -s "$site" -d "$dest")
if [ -n "${INPUT_BASE_URL:-}" ]; then
  args+=(--base-url "$INPUT_BASE_URL")
fi
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -d '' -a more <<<"$INPUT_ARGS" || true
  args+=("${more[@]}")
fi
"$bin/okrgen" "${args[@]}"

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "public=$dest" >>"$GITHUB_OUTPUT"
fi
