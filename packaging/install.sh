#!/usr/bin/env bash
# Install this ClearTerms bundle for the current user (no root needed):
#   ./install.sh
# copies the app to ~/.local/lib/clearterms, links ~/.local/bin/clearterms, and adds the
# menu entry, icons and AppStream metadata under ~/.local/share (or $XDG_DATA_HOME).
# PREFIX=/usr/local ./install.sh (as root) installs system-wide under that prefix instead.
# Running it again upgrades in place. Your consent records are never touched: they live
# in the data folder (see the end of this script's output), not in the app folder.
set -euo pipefail
APP_ID=org.clearterms.ClearTerms
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${PREFIX:-}" ]; then
  DATA="$PREFIX/share"
else
  PREFIX="$HOME/.local"
  DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
APPDIR="$PREFIX/lib/clearterms"
BINDIR="$PREFIX/bin"
MANIFEST="$APPDIR/install-manifest.txt"

case "$APPDIR" in
  *[\"\`\$\\]*) echo "install: cannot install into a path containing \" \` \$ or \\: $APPDIR" >&2; exit 1 ;;
esac
if [ ! -x "$HERE/clearterms" ] || [ ! -d "$HERE/_internal" ]; then
  echo "install: run this script from the unpacked ClearTerms bundle folder" >&2
  exit 1
fi

if [ "$HERE" != "$APPDIR" ]; then
  if [ -e "$APPDIR" ]; then
    if [ ! -x "$APPDIR/clearterms" ]; then
      echo "install: $APPDIR exists and is not a ClearTerms installation; not replacing it" >&2
      exit 1
    fi
    echo "==> replacing the previous installation in $APPDIR"
    rm -rf "$APPDIR"
  fi
  mkdir -p "$APPDIR"
  cp -a "$HERE/." "$APPDIR/"
fi

installed=()
put() {  # put SOURCE TARGET: copy one file and remember it for uninstall.sh
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2"
  installed+=("$2")
}

mkdir -p "$BINDIR"
ln -sfn "$APPDIR/clearterms" "$BINDIR/clearterms"
installed+=("$BINDIR/clearterms")

# The menu entry runs the installed executable by its full path: ~/.local/bin is not on
# the PATH of every desktop session.
mkdir -p "$DATA/applications"
sed -e "s|^Exec=clearterms |Exec=\"$APPDIR/clearterms\" |" -e "s|^TryExec=clearterms\$|TryExec=$APPDIR/clearterms|" \
  "$APPDIR/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
installed+=("$DATA/applications/$APP_ID.desktop")
put "$APPDIR/$APP_ID.metainfo.xml" "$DATA/metainfo/$APP_ID.metainfo.xml"

icons="$APPDIR/_internal/resources/icons/hicolor"
for icon in "$icons"/*/apps/"$APP_ID".*; do
  put "$icon" "$DATA/icons/hicolor/${icon#"$icons"/}"
done

printf '%s\n' "$APPDIR" "${installed[@]}" > "$MANIFEST"

# Refresh the desktop's caches where the tools exist; a missing tool is not an error.
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$DATA/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
  gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
fi

echo "ClearTerms $("$APPDIR/clearterms" --version | sed 's/^ClearTerms //') installed in $APPDIR"
echo "  command:    $BINDIR/clearterms   (make sure $BINDIR is on your PATH)"
echo "  menu entry: $DATA/applications/$APP_ID.desktop"
echo "  consent records are stored in ${XDG_DATA_HOME:-$HOME/.local/share}/ClearTerms/consent.sqlite3"
echo "  uninstall:  $APPDIR/uninstall.sh   (keeps your consent records)"
