#!/usr/bin/env bash
# Moves files left under the old single-module folders (src/main, src/test: a branch started before
# the module split adds files in a package folder git did not carry over, such as a new package)
# into their module, with git mv; prints each move. Run from anywhere in the repository, after a
# merge, then build and commit. Where things go: docs/architecture.md, "Modules".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
module_of() { # prints the module folder a path under src/ belongs to
  case "$1" in
    src/test/*) echo app ;;
    src/main/resources-filtered/*) echo app ;;
    src/main/java/io/stockbridge/simulator/*) echo simulators ;;
    src/main/resources/shopify/admin-*.graphql) echo simulators ;;
    src/main/java/io/stockbridge/bench/*) echo bench ;;
    src/main/java/io/stockbridge/demo/*) echo demo ;;
    src/main/java/io/stockbridge/cli/*) echo app ;;
    src/main/*) echo engine ;;
    *) echo "" ;;
  esac
}
moved=0
while IFS= read -r -d '' path; do
  module="$(module_of "$path")"
  [ -n "$module" ] || { echo "left in place (no module for it): $path" >&2; continue; }
  target="$module/$path"
  if [ -e "$target" ]; then
    echo "not moved, $target exists already: $path" >&2
    continue
  fi
  mkdir -p "$(dirname "$target")"
  git mv "$path" "$target"
  echo "$path -> $target"
  moved=$((moved + 1))
done < <(git ls-files -z -- src)
[ -d src ] && find src -type d -empty -delete
echo "moved $moved file(s)"
