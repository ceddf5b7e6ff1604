"""Put the licence texts of everything the bundle ships into its ``licenses/`` folder.

    python packaging/collect_licences.py dist/ClearTerms

ClearTerms' own licence; the licence files of every Python distribution it depends on, as their
wheels ship them; Python's own; the LGPL and GPL texts that Qt and PySide6 are offered under (their
wheels carry none, so they come from Debian's ``/usr/share/common-licenses``); and the Debian
copyright file of every system library PyInstaller copied into the bundle. Run on the Debian
machine that built the bundle, from the project's virtual environment.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMON_LICENSES = Path("/usr/share/common-licenses")
#: Qt 6 and PySide6 are offered under LGPL-3.0 (ClearTerms links them dynamically, unmodified)
QT_TEXTS = ("LGPL-3", "GPL-3")
_LICENCE_FILE = re.compile(r"(?:^|/)(?:LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)
_REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_EXTRA_MARKER = re.compile(r"""extra\s*==\s*['"]([^'"]+)['"]""")


def main(bundle: Path) -> None:
    out = bundle / "licenses"
    shutil.rmtree(out, ignore_errors=True)
    (out / "python-packages").mkdir(parents=True)
    shutil.copy(REPO / "LICENSE", out / "ClearTerms-LICENSE.txt")
    python_licence = Path(sysconfig.get_path("stdlib")) / "LICENSE.txt"
    shutil.copy(python_licence, out / "Python-LICENSE.txt")
    for name in QT_TEXTS:
        source = COMMON_LICENSES / name
        if not source.is_file():
            sys.exit(f"collect_licences: {source} is missing: build on Debian (package base-files)")
        shutil.copy(source, out / f"Qt-PySide6-{name}.txt")
    for dist_name in sorted(_runtime_distributions("clearterms")):
        _copy_distribution_licences(dist_name, out / "python-packages")
    _copy_system_copyrights(bundle, out / "system-libraries")
    print(f"collect_licences: {sum(1 for p in out.rglob('*') if p.is_file())} files in {out}")


def _runtime_distributions(root: str) -> set[str]:
    """Every distribution ``root`` needs at run time, by name: its requirements and theirs, with the
    extras a requirement asks for ("pypdf[crypto]" brings cryptography) and no others."""
    seen: set[tuple[str, frozenset[str]]] = set()
    names: set[str] = set()
    todo: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    while todo:
        name, extras = todo.pop()
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue   # a requirement for another platform or Python
        key = dist.metadata["Name"].lower()
        if (key, extras) in seen:
            continue
        seen.add((key, extras))
        names.add(key)
        for requirement in dist.requires or ():
            wanted = _EXTRA_MARKER.search(requirement)
            if wanted and wanted.group(1) not in extras:
                continue
            if match := _REQUIREMENT.match(requirement):
                asked = frozenset(e.strip() for e in (match.group(2) or "").split(",") if e.strip())
                todo.append((match.group(1), asked))
    names.discard(root)
    return names


def _copy_distribution_licences(name: str, out: Path) -> None:
    dist = distribution(name)
    files = [f for f in dist.files or () if _LICENCE_FILE.search(str(f))]
    target = out / f"{dist.metadata['Name']}-{dist.version}"
    target.mkdir()
    stated = dist.metadata.get("License-Expression") or dist.metadata.get("License") or "see the files here"
    classifiers = [c for c in dist.metadata.get_all("Classifier") or () if c.startswith("License")]
    (target / "METADATA-licence.txt").write_text(
        "".join(f"{line}\n" for line in (f"{dist.metadata['Name']} {dist.version}", f"License: {stated}",
                                          *classifiers)), encoding="utf-8")
    for file in files:
        source = Path(dist.locate_file(file))
        if source.is_file():
            shutil.copy(source, target / str(file).replace("/", "__"))


def _copy_system_copyrights(bundle: Path, out: Path) -> None:
    """The Debian copyright file of each package whose shared libraries the bundle holds."""
    libraries = {p.name for p in (bundle / "_internal").rglob("*.so*") if p.is_file()}
    found = subprocess.run(["dpkg", "-S", *sorted(libraries)], capture_output=True, text=True, check=False)
    packages = {line.split(":", 1)[0] for line in found.stdout.splitlines()
                if ": " in line and Path(line.split(": ", 1)[1]).name in libraries}
    out.mkdir()
    for package in sorted(packages):
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        if copyright_file.is_file():
            shutil.copy(copyright_file, out / f"{package}.copyright")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
