#!/usr/bin/env bash
# Build the standalone Linux bundle and its release tarball:
#   bash packaging/build-bundle.sh
# Output: dist/ClearTerms/ (run dist/ClearTerms/clearterms) and
#         dist/ClearTerms-<version>-linux-<arch>.tar.gz (unpack, then ./install.sh).
# DIST=/some/folder puts both there instead of dist/.
# Uses the project's .venv (scripts/run or scripts/test create it) and installs
# PyInstaller into it when missing. Takes about 50 s on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if [ ! -x "$PY" ]; then
  echo "build-bundle: no .venv here; run 'bash scripts/run --version' first to create it" >&2
  exit 1
fi
PYINSTALLER=6.22.3   # pinned: another version builds another bundle
if ! "$PY" -c "import sys, PyInstaller; sys.exit(PyInstaller.__version__ != '$PYINSTALLER')" 2>/dev/null; then
  echo "==> installing PyInstaller $PYINSTALLER into .venv"
  "$PY" -m pip install -q "pyinstaller==$PYINSTALLER"
fi

VERSION="$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
APP_ID="$("$PY" -c 'from desktop.appinfo import APP_ID; print(APP_ID)')"
ARCH="$(uname -m)"
DIST="${DIST:-dist}"
mkdir -p "$DIST"
DIST="$(cd "$DIST" && pwd)"

# One time for every file the build writes: the last commit's, so that two builds of one commit
# give the same tarball (PyInstaller and tar read it).
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
export SOURCE_DATE_EPOCH

echo "==> PyInstaller: $DIST/ClearTerms/"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$DIST/.pyinstaller-work" packaging/clearterms.spec
rm -rf "$DIST/.pyinstaller-work"
# PyInstaller writes the standard library's archive in whatever order its threads finish: sort it
"$PY" - "$DIST/ClearTerms/_internal/base_library.zip" <<'PYTHON'
import sys, zipfile
path = sys.argv[1]
with zipfile.ZipFile(path) as old:
    entries = sorted(((info, old.read(info)) for info in old.infolist()), key=lambda e: e[0].filename)
with zipfile.ZipFile(path, "w") as new:
    for info, data in entries:
        new.writestr(info, data)
PYTHON

# Desktop integration files and the install/uninstall scripts sit next to the executable.
cp "packaging/$APP_ID.desktop" "packaging/$APP_ID.metainfo.xml" "$DIST/ClearTerms/"
install -m 0755 packaging/install.sh packaging/uninstall.sh "$DIST/ClearTerms/"
cp packaging/BUNDLE-README.txt "$DIST/ClearTerms/README.txt"
# the pages the command line's --help and messages point to (docs/json-format.md, …)
mkdir -p "$DIST/ClearTerms/docs"
cp docs/*.md "$DIST/ClearTerms/docs/"
"$PY" packaging/collect_licences.py "$DIST/ClearTerms"

built="$("$DIST/ClearTerms/clearterms" --version)"
if [ "$built" != "ClearTerms $VERSION" ]; then
  echo "build-bundle: the bundle reports '$built', expected 'ClearTerms $VERSION'" >&2
  exit 1
fi

TARBALL="$DIST/ClearTerms-$VERSION-linux-$ARCH.tar.gz"
echo "==> $TARBALL"
tar -C "$DIST" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  --mode="u+rwX,go+rX,go-w" -cf - ClearTerms | gzip -n > "$TARBALL"   # modes not the builder's umask
du -sh "$DIST/ClearTerms" "$TARBALL"
