"""Load a server with wrk, and read wrk's report."""

import re
import subprocess
import sys

from bench.pages import REQUEST_HEADERS
from bench.processes import server_cpu_seconds

LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_duration_ms(text):
    """wrk's '1.23ms', '456.00us' or '2.01s' in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * LATENCY_UNITS[match.group(2)]


def parse_wrk(output):
    """Requests/s, p50 and p99 latency (ms), requests and errors: `wrk --latency`."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s*(\d+) requests in ", output, re.MULTILINE)
    if rps is None or total is None:
        raise ValueError(f"no wrk summary in:\n{output}")
    percentiles = dict(
        re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", output, re.MULTILINE)
    )
    if set(percentiles) != {"50", "99"}:
        raise ValueError(f"no latency distribution (run wrk --latency):\n{output}")
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    bad_status = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(rps.group(1)),
        "p50_ms": parse_duration_ms(percentiles["50"]),
        "p99_ms": parse_duration_ms(percentiles["99"]),
        "requests": int(total.group(1)),
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
        "bad_status": int(bad_status.group(1)) if bad_status else 0,
    }


def load(wrk, port, path, options, server_pid, connections, headers=None):
    """Warm the server up on path, then measure it with wrk at this many connections.

    headers are sent besides a browser's (a session cookie, say).

    Besides wrk's figures, the server's CPU time per request: unlike requests/s, it
    hardly changes when other programs compete for the CPU, so it compares settings
    fairly on a busy machine.
    """
    command = [
        wrk,
        f"--threads={options.threads}",
        f"--connections={connections}",
        "--latency",
        *(
            arg
            for name, value in {**REQUEST_HEADERS, **(headers or {})}.items()
            for arg in ("-H", f"{name}: {value}")
        ),
        f"http://127.0.0.1:{port}{path}",
    ]
    if options.warmup:
        subprocess.run(
            [*command[:1], f"--duration={options.warmup}s", *command[1:]],
            capture_output=True,
            check=True,
        )
    cpu_before = server_cpu_seconds(server_pid)
    result = subprocess.run(
        [*command[:1], f"--duration={options.duration}s", *command[1:]],
        capture_output=True,
        text=True,
        check=True,
    )
    cpu = server_cpu_seconds(server_pid) - cpu_before
    figures = parse_wrk(result.stdout)
    if figures["bad_status"]:
        sys.exit(f"{path}: {figures['bad_status']} responses were errors")
    figures["cpu_ms_per_request"] = 1000 * cpu / figures["requests"]
    return figures


def version(wrk):
    """wrk's version number, for the report."""
    return subprocess.run(
        [wrk, "--version"], capture_output=True, text=True, check=False
    ).stdout.split()[1]
