# Shared helpers for scripts/run and scripts/test (sourced, not executed).
# Installs only what is missing; uses apt-get as root, or sudo when available.

APT_UPDATED=0

_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "clearterms: need root (or sudo) to run: $*" >&2; return 1
  fi
}

# ensure_apt PKG... : install the Debian packages that are not installed yet.
ensure_apt() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "clearterms: please install these system packages: ${missing[*]}" >&2
    return 1
  fi
  echo "==> installing system packages: ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then _as_root apt-get update -qq; APT_UPDATED=1; fi
  _as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Libraries Qt needs to import and draw offscreen on a bare Debian 12 (measured on a fresh install).
QT_RUNTIME_PACKAGES=(libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 fonts-dejavu-core libdbus-1-3)
# Extra libraries for a real X window (Xvfb or a desktop session).
QT_XCB_PACKAGES=(libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-util1 libxcb-randr0 libxcb-shm0 libxcb-sync1
  libxcb-xfixes0 libx11-xcb1)

# ensure_python_venv: python3 with the venv module (Debian splits it into python3-venv).
ensure_python_venv() {
  if ! command -v python3 >/dev/null 2>&1; then ensure_apt python3 python3-venv; fi
  if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then ensure_apt python3-venv; fi
  python3 - <<'PY' || { echo "clearterms: Python 3.11 or newer is required" >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
}

# ensure_venv DIR SPEC: create DIR and pip-install SPEC (e.g. ".[test]") when pyproject changed.
ensure_venv() {
  local venv="$1" spec="$2"
  local stamp="$venv/.clearterms-installed"
  local want
  want="$spec $(sha256sum pyproject.toml | cut -c1-16)"
  if [ ! -x "$venv/bin/python" ]; then
    echo "==> creating virtual environment $venv"
    python3 -m venv "$venv"
  fi
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "==> installing ClearTerms $spec into $venv"
    "$venv/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
    "$venv/bin/python" -m pip install -q -e "$spec" 2>&1 | grep -v "is ignored" || true
    "$venv/bin/python" -c "import terms, desktop, PySide6, sqlmodel" \
      || { echo "clearterms: installation into $venv failed" >&2; exit 1; }
    echo "$want" > "$stamp"
  fi
}
