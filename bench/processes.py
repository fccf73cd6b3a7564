"""What a gunicorn server's processes used, from /proc: CPU time and peak memory."""

import contextlib
import os
import re
from pathlib import Path

from servers import worker_pids


def stat_fields(pid):
    """/proc/<pid>/stat from its third field (state) on."""
    # The command name is in parentheses and may hold spaces: split after it.
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def server_cpu_seconds(master_pid):
    """CPU time used by a gunicorn master, its live workers and its exited ones."""
    # utime, stime, then cutime and cstime: the children the master has reaped.
    ticks = sum(int(field) for field in stat_fields(master_pid)[11:15])
    for pid in worker_pids(master_pid):
        with contextlib.suppress(OSError):
            ticks += sum(int(field) for field in stat_fields(pid)[11:13])
    return ticks / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid):
    """The process's peak resident memory (VmHWM) in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    kilobytes = int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1))
    return kilobytes / 1024
