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

# (the menu entry's Exec line cannot hold these as they are, and sed would read & and |)
case "$APPDIR$DATA" in
  *[\"\`\$\\\&\|%]*)
    echo "install: cannot install into a path containing \" \` \$ \\ & | or %: $APPDIR" >&2; exit 1 ;;
esac
if [ ! -x "$HERE/clearterms" ] || [ ! -d "$HERE/_internal" ]; then
  echo "install: run this script from the unpacked ClearTerms bundle folder" >&2
  exit 1
fi

if [ "$HERE" != "$APPDIR" ]; then
  if [ -e "$APPDIR" ] && [ ! -x "$APPDIR/clearterms" ]; then
    echo "install: $APPDIR exists and is not a ClearTerms installation; not replacing it" >&2
    exit 1
  fi
  # Copied beside the old installation first and swapped in whole: a copy that fails (a full
  # disk) leaves the old one working, and nothing half-copied behind.
  NEW="$APPDIR.new"
  rm -rf "$NEW"
  mkdir -p "$NEW"
  if ! cp -a "$HERE/." "$NEW/" 2>/dev/null; then
    rm -rf "$NEW"
    echo "install: could not copy the app to $NEW (is the disk full?); nothing was changed" >&2
    exit 1
  fi
  if [ -e "$APPDIR" ]; then
    echo "==> replacing the previous installation in $APPDIR"
    rm -rf "$APPDIR.old"
    mv "$APPDIR" "$APPDIR.old"
    mv "$NEW" "$APPDIR"
    rm -rf "$APPDIR.old"
  else
    mv "$NEW" "$APPDIR"
  fi
fi

# The manifest grows with every file put in place, so that uninstall.sh can also remove an
# installation that stopped half-way.
printf '%s\n' "$APPDIR" > "$MANIFEST"
record() { printf '%s\n' "$1" >> "$MANIFEST"; }
put() {  # put SOURCE TARGET: copy one file and remember it for uninstall.sh
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2"
  record "$2"
}

mkdir -p "$BINDIR"
if [ -e "$BINDIR/clearterms" ] && [ "$(readlink "$BINDIR/clearterms" || true)" != "$APPDIR/clearterms" ]; then
  # another install's command (pip install --user, a source checkout's link): not ours to replace
  echo "install: $BINDIR/clearterms already exists and is not this installation's; left as it is" >&2
  echo "  (run ClearTerms as $APPDIR/clearterms, or remove that file and run install.sh again)" >&2
else
  ln -sfn "$APPDIR/clearterms" "$BINDIR/clearterms"
  record "$BINDIR/clearterms"
fi

# The menu entry runs the installed executable by its full path: ~/.local/bin is not on
# the PATH of every desktop session.
mkdir -p "$DATA/applications"
sed -e "s|^Exec=clearterms |Exec=\"$APPDIR/clearterms\" |" -e "s|^TryExec=clearterms\$|TryExec=$APPDIR/clearterms|" \
  "$APPDIR/$APP_ID.desktop" > "$DATA/applications/$APP_ID.desktop"
record "$DATA/applications/$APP_ID.desktop"
put "$APPDIR/$APP_ID.metainfo.xml" "$DATA/metainfo/$APP_ID.metainfo.xml"

icons="$APPDIR/_internal/resources/icons/hicolor"
for icon in "$icons"/*/apps/"$APP_ID".*; do
  put "$icon" "$DATA/icons/hicolor/${icon#"$icons"/}"
done

# Refresh the icon cache where the tool exists; a missing tool is not an error. (The menu entry
# claims no file types, so the desktop's MIME cache has nothing of ours to list.)
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
  gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
fi

echo "ClearTerms $("$APPDIR/clearterms" --version | sed 's/^ClearTerms //') installed in $APPDIR"
echo "  command:    $BINDIR/clearterms   (make sure $BINDIR is on your PATH)"
echo "  menu entry: $DATA/applications/$APP_ID.desktop"
if [ "$PREFIX" = "$HOME/.local" ]; then
  echo "  consent records are stored in ${XDG_DATA_HOME:-$HOME/.local/share}/ClearTerms/consent.sqlite3"
else
  echo "  each user's consent records are stored in their own ~/.local/share/ClearTerms/consent.sqlite3"
fi
echo "  (or wherever CLEARTERMS_DB or --db points)"
echo "  uninstall:  $APPDIR/uninstall.sh   (keeps your consent records)"
