"""Standard output left unbuffered (``python -u``, ``PYTHONUNBUFFERED``, as containers and CI set it):
every byte arrives, or the command fails saying so. A raw standard output took part of a write and
dropped the rest, and an export reported success with a sixteenth of its bytes written."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys

from tests.conftest import REPO

SAMPLE = REPO / "resources" / "samples" / "physician-community-terms.md"
RUN = "import sys; from desktop.cli import run_cli; sys.exit(run_cli(sys.argv[1:]))"
COMMAND = [sys.executable, "-c", RUN, "analyze", "--format", "json", str(SAMPLE)]
ENV = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(REPO)}


def test_unbuffered_output_to_a_pipe_arrives_whole() -> None:
    unbuffered = subprocess.run(COMMAND, capture_output=True, env=ENV, cwd=REPO, check=True)
    buffered = subprocess.run(COMMAND, capture_output=True, env={**ENV, "PYTHONUNBUFFERED": ""},
                              cwd=REPO, check=True)
    assert len(unbuffered.stdout) > 1 << 16   # more than a pipe holds
    assert unbuffered.stdout == buffered.stdout


def test_a_full_non_blocking_pipe_is_an_error_not_a_success() -> None:
    read_end, write_end = os.pipe()
    flags = fcntl.fcntl(write_end, fcntl.F_GETFL)
    fcntl.fcntl(write_end, fcntl.F_SETFL, flags | os.O_NONBLOCK)
    filled = 0
    try:   # full before the command writes a byte, whatever the machine's speed
        while True:
            filled += os.write(write_end, b"x" * 4096)
    except BlockingIOError:
        pass
    process = subprocess.Popen(COMMAND, stdout=write_end, stderr=subprocess.PIPE, env=ENV, cwd=REPO)
    os.close(write_end)
    err = process.stderr.read().decode()   # the command ends (it must not wait for the reader)
    received = b""
    while chunk := os.read(read_end, 1 << 16):
        received += chunk
    os.close(read_end)
    assert process.wait() == 2
    assert err.startswith("clearterms: standard output: cannot write")
    assert len(received) == filled   # nothing of the analysis got through
