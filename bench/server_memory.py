"""The gunicorn workers' peak resident memory during one page's run of `make bench`: each
worker's high-water mark (VmHWM in /proc/<pid>/status) is reset before the page (writing 5
to /proc/<pid>/clear_refs, Linux 4.0+) and read after it. A streamed page (the open data CSV)
shows here whether it streams in bounded memory or builds its body first. None where /proc
is not there or not ours to write.
"""

import contextlib
from pathlib import Path


def worker_pids(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text(encoding="ascii")
    except OSError:
        return []
    return [int(pid) for pid in children.split()]


def reset_peaks(master: int) -> None:
    for pid in worker_pids(master):
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5", encoding="ascii")


def peak_mb(master: int) -> float | None:
    """The largest worker's high-water mark since the last reset, in MB."""
    peaks = []
    for pid in worker_pids(master):
        with contextlib.suppress(OSError, ValueError):
            for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]))
    return round(max(peaks) / 1024, 1) if peaks else None
