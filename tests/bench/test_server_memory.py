"""The workers' peak memory of a page's run: reset before the page, read after it."""

import os
import signal
import subprocess
import sys
import time

import pytest

from bench.server_memory import peak_mb, reset_peaks, worker_pids

# a "master" whose one "worker" takes 80 MB, lets it go and waits
WORKER = "import time; held = b'x' * (80 << 20); del held; open(0).read()"
MASTER = (
    "import subprocess, sys; "
    f"subprocess.Popen([sys.executable, '-c', {WORKER!r}], stdin=subprocess.PIPE).wait()"
)


@pytest.fixture
def master():
    process = subprocess.Popen([sys.executable, "-c", MASTER], start_new_session=True)
    yield process.pid
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def test_a_workers_peak_is_read_and_reset(master):
    deadline = time.monotonic() + 20
    while (peak_mb(master) or 0) < 80 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(worker_pids(master)) == 1
    assert peak_mb(master) >= 80  # the 80 MB it let go still count, until the reset
    reset_peaks(master)
    assert peak_mb(master) < 40


def test_no_workers_no_figure():
    assert peak_mb(2**22 + 12345) is None
