"""Run a command and write its wall seconds, exit code and rusage to a JSON file.

    python -S bench/rss_launcher.py RESULT.json COMMAND...

Why a launcher: a child's `ru_maxrss` (from wait4) also counts the memory of the process it
was spawned from — Linux keeps the larger of the old and the new image's high-water mark
across exec, and Python's subprocess spawns with vfork, so the "old image" is the whole
benchmark process (100+ MB). Spawned from this small process instead (stdlib only, run with
-S: about 10 MB), the figure is the command's own. The child's pid is written to
RESULT.json.pid as soon as it is forked, for the sampler of /proc/<pid>/status.
"""

import json
import os
import sys
import time


def main():
    result_path, command = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: a copy of this small process, replaced by the command
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    with open(result_path + ".pid", "w", encoding="ascii") as handle:
        handle.write(str(pid))
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(
            {
                "pid": pid,
                "seconds": seconds,
                "exit_code": code,
                "maxrss_kib": usage.ru_maxrss,  # Linux: KiB
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
            },
            handle,
        )
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
