"""The workers' peak memory of a page's run: reset before the page, read after it."""

import os
import signal
import subprocess
import sys

import pytest

from bench.server_memory import peak_mb, reset_peaks, worker_pids

# a "master" whose one "worker" takes 80 MB, lets it go, says so and waits
WORKER = "held = b'x' * (80 << 20); del held; print('ready', flush=True); open(0).read()"
MASTER = (
    "import subprocess, sys; "
    f"subprocess.Popen([sys.executable, '-c', {WORKER!r}], stdin=subprocess.PIPE).wait()"
)


@pytest.fixture
def master():
    process = subprocess.Popen(
        [sys.executable, "-c", MASTER], start_new_session=True, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline() == "ready\n"  # the worker has let its 80 MB go
    yield process.pid
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_a_workers_peak_is_read_and_reset(master):
    assert len(worker_pids(master)) == 1
    assert peak_mb(master) >= 80  # the 80 MB it let go still count, until the reset
    reset_peaks(master)
    assert peak_mb(master) < 40


def test_no_workers_no_figure():
    assert peak_mb(2**22 + 12345) is None
