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
  # disk) leaves the old one working, and nothing half-copied behind. (.new and .old are this
  # script's own; an earlier run that was stopped may have left them.)
  NEW="$APPDIR.new" OLD="$APPDIR.old"
  rm -rf "$NEW" "$OLD"
  mkdir -p "$NEW"
  if ! copy_error="$(cp -a "$HERE/." "$NEW/" 2>&1)"; then
    rm -rf "$NEW"
    echo "install: could not copy the app to $NEW; nothing was changed" >&2
    echo "  $(head -n 1 <<< "$copy_error")" >&2
    exit 1
  fi
  if [ -e "$APPDIR" ]; then
    echo "==> replacing the previous installation in $APPDIR"
    mv "$APPDIR" "$OLD"
    if ! mv "$NEW" "$APPDIR"; then
      mv "$OLD" "$APPDIR"   # the previous installation, put back as it was
      rm -rf "$NEW"
      echo "install: could not move the new version into $APPDIR; the previous one is kept" >&2
      exit 1
    fi
    rm -rf "$OLD"
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
COMMAND="$BINDIR/clearterms"
if [ -e "$COMMAND" ] && [ "$(readlink "$COMMAND" || true)" != "$APPDIR/clearterms" ]; then
  # another install's command (pip install --user, a source checkout's link): not ours to replace
  echo "install: $COMMAND already exists and is not this installation's; left as it is" >&2
  echo "  (run ClearTerms as $APPDIR/clearterms, or remove that file and run install.sh again)" >&2
  COMMAND="$APPDIR/clearterms"
else
  ln -sfn "$APPDIR/clearterms" "$COMMAND"
  record "$COMMAND"
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

# Refresh the desktop's caches where the tools exist; a missing tool is not an error. The menu
# entry claims no file types: the MIME cache is only rebuilt where it is (an earlier version of
# the entry claimed PDFs, web pages and text, and the cache would go on listing it for them).
if [ -f "$DATA/applications/mimeinfo.cache" ] && command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$DATA/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
  gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
fi

echo "ClearTerms $("$APPDIR/clearterms" --version | sed 's/^ClearTerms //') installed in $APPDIR"
if [ "$COMMAND" = "$BINDIR/clearterms" ]; then
  echo "  command:    $COMMAND   (make sure $BINDIR is on your PATH)"
else
  echo "  command:    $COMMAND"
fi
echo "  menu entry: $DATA/applications/$APP_ID.desktop"
if [ "$PREFIX" = "$HOME/.local" ]; then
  echo "  consent records are stored in ${XDG_DATA_HOME:-$HOME/.local/share}/ClearTerms/consent.sqlite3"
else
  echo "  each user's consent records are stored in their own ~/.local/share/ClearTerms/consent.sqlite3"
fi
echo "  (or wherever CLEARTERMS_DB or --db points)"
echo "  uninstall:  $APPDIR/uninstall.sh   (keeps your consent records)"
