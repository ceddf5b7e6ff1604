#!/usr/bin/env bash
# Smoke-test a built bundle (bash packaging/build-bundle.sh first):
#   bash packaging/smoke-bundle.sh [BUNDLE_DIR]      default: dist/ClearTerms
# Runs --version, analyses a bundled sample and opens the window offscreen, all against
# throw-away data and config folders, so it never touches your own consent records.
set -euo pipefail
cd "$(dirname "$0")/.."
BUNDLE="$(cd "${1:-dist/ClearTerms}" && pwd)"
EXE="$BUNDLE/clearterms"
[ -x "$EXE" ] || { echo "smoke: no executable at $EXE (build the bundle first)" >&2; exit 1; }

SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
export HOME="$SCRATCH/home" XDG_DATA_HOME="$SCRATCH/data" XDG_CONFIG_HOME="$SCRATCH/config"
export XDG_CACHE_HOME="$SCRATCH/cache" CLEARTERMS_DB="$SCRATCH/data/consent.sqlite3"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
# Run from outside the checkout so nothing can be picked up from the source tree.
cd "$SCRATCH"

echo "==> $EXE --version"
timeout 60 "$EXE" --version

echo "==> clearterms rules check (the bundled default pack and its examples)"
timeout 120 "$EXE" rules check | tee "$SCRATCH/rules.txt"
grep -q "$BUNDLE/_internal/resources/rules/" "$SCRATCH/rules.txt" \
  || { echo "smoke: the rule pack was not loaded from inside the bundle" >&2; exit 1; }

SAMPLE="$BUNDLE/_internal/resources/samples/physician-community-terms.md"
[ -f "$SAMPLE" ] || SAMPLE="$(find "$BUNDLE/_internal/resources/samples" -maxdepth 1 -type f | sort | head -n 1)"
[ -n "$SAMPLE" ] || { echo "smoke: the bundle contains no sample documents" >&2; exit 1; }
echo "==> clearterms analyze $(basename "$SAMPLE")"
timeout 120 "$EXE" analyze "$SAMPLE" > "$SCRATCH/analysis.txt"
head -n 15 "$SCRATCH/analysis.txt"

echo "==> consent store: create (runs the bundled migrations), record a member, verify"
timeout 60 "$EXE" consent members add smoke-test
timeout 60 "$EXE" consent verify
[ -f "$CLEARTERMS_DB" ] || { echo "smoke: no consent store at $CLEARTERMS_DB" >&2; exit 1; }

echo "==> window, offscreen (closes itself once shown)"
set +e
QT_QPA_PLATFORM=offscreen CLEARTERMS_QUIT_AFTER_SHOW=1 timeout 90 "$EXE" --gui "$SAMPLE"
status=$?
set -e
if [ "$status" -eq 124 ]; then
  echo "smoke: the window did not close itself within 90 s" \
    "(with CLEARTERMS_QUIT_AFTER_SHOW=1 the GUI must quit once it is shown)" >&2
  exit 1
fi
[ "$status" -eq 0 ] || { echo "smoke: the window exited with status $status" >&2; exit 1; }

echo "smoke: all checks passed for $BUNDLE"
