#!/usr/bin/env bash
# Remove ClearTerms as installed by install.sh: the app folder, the command link, the menu
# entry, the icons and the AppStream metadata, exactly the files listed in its manifest.
#   ~/.local/lib/clearterms/uninstall.sh        (or PREFIX=/usr/local .../uninstall.sh)
# It never deletes your consent records or settings (~/.local/share/ClearTerms and
# ~/.config/ClearTerms): back them up or delete them yourself if you want them gone.
set -euo pipefail
APP_ID=org.clearterms.ClearTerms
HERE="$(cd "$(dirname "$0")" && pwd)"
if [ -f "$HERE/install-manifest.txt" ]; then
  MANIFEST="$HERE/install-manifest.txt"
else
  MANIFEST="${PREFIX:-$HOME/.local}/lib/clearterms/install-manifest.txt"
fi
if [ ! -f "$MANIFEST" ]; then
  echo "uninstall: no ClearTerms installation found (missing $MANIFEST)" >&2
  exit 1
fi

APPDIR="$(head -n 1 "$MANIFEST")"
ENTRIES="$(tail -n +2 "$MANIFEST")"
if [ "$(basename "$APPDIR")" != clearterms ] || [ ! -x "$APPDIR/clearterms" ]; then
  echo "uninstall: $MANIFEST names $APPDIR, which is not a ClearTerms app folder; stopping" >&2
  exit 1
fi

# Only files named after the app id, or the command link into the app folder, are removed.
# Folders install.sh made for them (icons/hicolor/48x48/apps …) go too once empty, up to and
# including the data folder's applications, icons and metainfo, never the data folder itself.
remove_empty_parents() {
  local dir name
  dir="$(dirname "$1")"
  while rmdir -- "$dir" 2>/dev/null; do
    name="$(basename "$dir")"
    case "$name" in applications|icons|metainfo) break ;; esac
    dir="$(dirname "$dir")"
  done
}
while IFS= read -r path; do
  [ -n "$path" ] || continue
  case "$path" in
    */"$APP_ID".*) rm -f -- "$path"; remove_empty_parents "$path" ;;
    */bin/clearterms)
      if [ -L "$path" ] && [ "$(readlink "$path")" = "$APPDIR/clearterms" ]; then rm -f -- "$path"; fi ;;
    *) echo "uninstall: skipping unexpected manifest entry $path" >&2 ;;
  esac
done <<< "$ENTRIES"
rm -rf -- "$APPDIR" "$APPDIR.new" "$APPDIR.old"   # (the last two left by a stopped install.sh)

# Drop the menu entry from a MIME cache where an earlier install.sh listed it.
desktop_entry="$(grep -m 1 "/applications/$APP_ID.desktop\$" <<< "$ENTRIES" || true)"
if [ -n "$desktop_entry" ] && [ -f "$(dirname "$desktop_entry")/mimeinfo.cache" ] \
    && command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$(dirname "$desktop_entry")" || true
fi

echo "ClearTerms removed from $APPDIR."
echo "Your consent records and settings were kept:"
echo "  ${XDG_DATA_HOME:-$HOME/.local/share}/ClearTerms/   (consent.sqlite3)"
echo "  ${XDG_CONFIG_HOME:-$HOME/.config}/ClearTerms/"
