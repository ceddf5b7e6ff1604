#!/usr/bin/env bash
# Build the standalone Linux bundle and its release tarball:
#   bash packaging/build-bundle.sh
# Output: dist/ClearTerms/ (run dist/ClearTerms/clearterms) and
#         dist/ClearTerms-<version>-linux-<arch>.tar.gz (unpack, then ./install.sh).
# DIST=/some/folder puts both there instead of dist/.
# Uses the project's .venv (scripts/run or scripts/test create it) and installs
# PyInstaller into it when missing. Takes about 15 s on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if [ ! -x "$PY" ]; then
  echo "build-bundle: no .venv here; run 'bash scripts/run --version' first to create it" >&2
  exit 1
fi
if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
  echo "==> installing PyInstaller into .venv"
  "$PY" -m pip install -q "pyinstaller>=6.0"
fi

VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
APP_ID="$("$PY" -c 'from desktop.appinfo import APP_ID; print(APP_ID)')"
ARCH="$(uname -m)"
DIST="${DIST:-dist}"
mkdir -p "$DIST"
DIST="$(cd "$DIST" && pwd)"

echo "==> PyInstaller: $DIST/ClearTerms/"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$DIST/.pyinstaller-work" packaging/clearterms.spec
rm -rf "$DIST/.pyinstaller-work"

# Desktop integration files and the install/uninstall scripts sit next to the executable.
cp "packaging/$APP_ID.desktop" "packaging/$APP_ID.metainfo.xml" "$DIST/ClearTerms/"
install -m 0755 packaging/install.sh packaging/uninstall.sh "$DIST/ClearTerms/"
cp packaging/BUNDLE-README.txt "$DIST/ClearTerms/README.txt"

built="$("$DIST/ClearTerms/clearterms" --version)"
if [ "$built" != "ClearTerms $VERSION" ]; then
  echo "build-bundle: the bundle reports '$built', expected 'ClearTerms $VERSION'" >&2
  exit 1
fi

TARBALL="$DIST/ClearTerms-$VERSION-linux-$ARCH.tar.gz"
echo "==> $TARBALL"
tar -C "$DIST" -czf "$TARBALL" ClearTerms
du -sh "$DIST/ClearTerms" "$TARBALL"
