"""Safe file writing: never leave a half-written file where a good one was."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from terms.errors import ExportError


def atomic_write_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` to ``path`` via a temporary file in the same folder and an atomic rename.

    The chunks may come from a generator, so a long output is streamed rather than held in
    memory; if producing them fails, the temporary file is removed and ``path`` is untouched.
    A symbolic link is written through (the file it points to is replaced, the link stays),
    and a device or pipe (``/dev/stdout``, a FIFO) is written to directly: renaming a file over
    it would replace the device with an ordinary file.
    """
    path = Path(path)
    try:
        kind = path.stat().st_mode  # of what a link points to
    except OSError:
        kind = None
    if kind is not None and stat.S_ISDIR(kind):
        raise ExportError(f"{path}: is a folder, not a file", hint="Give a file name inside it.")
    if kind is not None and not stat.S_ISREG(kind):
        _write_through(path, chunks)
        return
    if path.is_symlink():
        path = path.resolve()
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise ExportError(f"{path}: cannot create a file in {directory} ({exc.strerror or exc})",
                          hint="Choose a folder you can write to.") from exc
    try:
        os.fchmod(fd, _new_file_mode(path))
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})",
                          hint=f"{_WRITE_HINT} The file was left as it was.") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_through(path: Path, chunks: Iterable[bytes]) -> None:
    """Stream into a device or pipe as it is (there is nothing to replace atomically)."""
    try:
        with path.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})", hint=_WRITE_HINT) from exc


_WRITE_HINT = "Check that the disk has room and that you may write there."


def _new_file_mode(path: Path) -> int:
    """The mode ``path`` would get if opened normally: its current mode, else 0666 less the umask.

    The temporary file is created 0600; without this an export would come out unreadable for
    the colleague it is meant for. The umask is read from /proc (``os.umask`` would change it
    for a moment under other threads' feet); elsewhere the common 022 is assumed.
    """
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        pass
    umask = 0o022
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                umask = int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o666 & ~umask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    atomic_write_chunks(path, (data,))


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_lines(path: Path, lines: Iterable[str]) -> None:
    """Stream UTF-8 ``lines`` (each with its own line ending) into ``path`` atomically."""
    atomic_write_chunks(path, (line.encode("utf-8") for line in lines))


def is_folder(path: Path) -> bool:
    """``path.is_dir()``, False where the path cannot even be looked up (a name longer than the
    file system allows raises instead of answering); opening it then says what is wrong."""
    try:
        return path.is_dir()
    except OSError:
        return False


def exists(path: Path) -> bool:
    """``path.exists()``, False where the path cannot even be looked up (see :func:`is_folder`)."""
    try:
        return path.exists()
    except OSError:
        return False
