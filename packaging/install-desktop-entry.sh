#!/usr/bin/env bash
# Menu entry, icons and AppStream metadata for a wheel or source install (the bundle's own
# install.sh does this for the bundle). From a checkout or an unpacked sdist:
#   bash packaging/install-desktop-entry.sh [CLEARTERMS]   add them; CLEARTERMS is the command
#        to launch (default: this checkout's .venv/bin/clearterms, else `clearterms` on PATH)
#   bash packaging/install-desktop-entry.sh --remove       take them away again
# Files go under ${XDG_DATA_HOME:-~/.local/share}. Consent records and settings are never touched.
set -euo pipefail
APP_ID=org.clearterms.ClearTerms
SRC="$(cd "$(dirname "$0")/.." && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
HICOLOR="$SRC/resources/icons/hicolor"

ours() {  # every file this script installs
  echo "$DATA/applications/$APP_ID.desktop"
  echo "$DATA/metainfo/$APP_ID.metainfo.xml"
  for icon in "$HICOLOR"/*/apps/"$APP_ID".*; do echo "$DATA/icons/hicolor/${icon#"$HICOLOR"/}"; done
}

refresh() {  # the entry claims no file types: only a MIME cache earlier versions filled needs it
  if [ -f "$DATA/applications/mimeinfo.cache" ] && command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$DATA/applications" 2>/dev/null || true
  fi
}

if [ "${1:-}" = "--remove" ]; then
  ours | while IFS= read -r path; do rm -f -- "$path"; done
  refresh
  echo "ClearTerms menu entry, icons and metainfo removed from $DATA (consent records kept)."
  exit 0
fi

EXE="${1:-}"
if [ -z "$EXE" ]; then
  if [ -x "$SRC/.venv/bin/clearterms" ]; then EXE="$SRC/.venv/bin/clearterms"; else EXE="$(command -v clearterms || true)"; fi
fi
if [ -z "$EXE" ] || [ ! -x "$EXE" ]; then
  echo "install-desktop-entry: no clearterms command found; pass its path as the argument" >&2
  exit 1
fi
EXE="$(cd "$(dirname "$EXE")" && pwd)/$(basename "$EXE")"
case "$EXE" in
  *[\"\`\$\\\&\|%]*)
    echo "install-desktop-entry: cannot use a path containing \" \` \$ \\ & | or %: $EXE" >&2; exit 1 ;;
esac

mkdir -p "$DATA/applications" "$DATA/metainfo"
sed -e "s|^Exec=clearterms |Exec=\"$EXE\" |" -e "s|^TryExec=clearterms\$|TryExec=$EXE|" \
  "$SRC/packaging/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
cp "$SRC/packaging/$APP_ID.metainfo.xml" "$DATA/metainfo/"
for icon in "$HICOLOR"/*/apps/"$APP_ID".*; do
  target="$DATA/icons/hicolor/${icon#"$HICOLOR"/}"
  mkdir -p "$(dirname "$target")"
  cp "$icon" "$target"
done
refresh
echo "ClearTerms menu entry installed: $DATA/applications/$APP_ID.desktop (runs $EXE)"
