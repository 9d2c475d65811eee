"""Throughput of one page under concurrent load: wrk (Debian package) if installed, else Python threads.

Either way the report is the same: requests, requests per second, latency percentiles, and
errors = answers other than 200 + connection errors + timeouts. wrk counts a 3xx as success,
so a small Lua script counts non-200 answers itself (a lapsed session would redirect to sign-in).
The per-request timeout is 30 s, gunicorn's default worker timeout.
"""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

TIMEOUT_S = 30
APT_HINT = "apt-get install -y --no-install-recommends wrk"

_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0 end
function response(status, headers, body) if status ~= 200 then non200 = non200 + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("non200") end
  io.write(string.format("BENCH non200=%d requests=%d p50=%f p90=%f p99=%f max=%f\\n", total, summary.requests,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def run(*, port: int, path: str, cookie: str, clients: int, seconds: int, tool: str = "auto") -> dict:
    use_wrk = tool == "wrk" or (tool == "auto" and shutil.which("wrk"))
    if tool == "wrk" and not shutil.which("wrk"):
        raise RuntimeError(f"wrk is not installed: {APT_HINT}")
    result = _wrk(port, path, cookie, clients, seconds) if use_wrk else _threads(port, path, cookie, clients, seconds)
    result.update({"path": path, "clients": clients, "seconds": seconds, "timeout_s": TIMEOUT_S})
    if not use_wrk:
        result["note"] = f"wrk not installed ({APT_HINT}); Python threads used"
    return result


def _found(pattern: str, output: str) -> str:
    """The first group of `pattern` in wrk's output; a clear error when wrk printed something else."""
    match = re.search(pattern, output)
    if match is None:
        raise RuntimeError(f"wrk's output has no {pattern!r}:\n{output}")
    return match.group(1)


def _wrk(port: int, path: str, cookie: str, clients: int, seconds: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_LUA)
    threads = max(1, min(clients, 2))
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{clients}",
        f"-d{seconds}s",
        f"--timeout={TIMEOUT_S}s",
        "-s",
        script.name,
        "-H",
        f"Cookie: {cookie}",
        f"http://127.0.0.1:{port}{path}",
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    Path(script.name).unlink(missing_ok=True)
    ours = dict(re.findall(r"(\w+)=([\d.]+)", _found(r"BENCH (.*)", output)))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    sockets = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    rps = float(_found(r"Requests/sec:\s+([\d.]+)", output))
    non200 = int(ours["non200"])
    return {
        "tool": f"wrk -t{threads} -c{clients}",
        "requests": int(ours["requests"]),
        "rps": rps,
        "errors": non200 + sockets,
        "non_200": non200,
        "socket_errors": sockets,
        "p50_ms": float(ours["p50"]),
        "p90_ms": float(ours["p90"]),
        "p99_ms": float(ours["p99"]),
        "max_ms": float(ours["max"]),
    }


def _threads(port: int, path: str, cookie: str, clients: int, seconds: int) -> dict:
    latencies: list[float] = []
    errors = {"non_200": 0, "socket_errors": 0}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker() -> None:
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
                connection.request("GET", path, headers={"Cookie": cookie})
                response = connection.getresponse()
                response.read()
                connection.close()
                failed = "non_200" if response.status != 200 else None
            except OSError:
                failed = "socket_errors"
            with lock:
                latencies.append(time.perf_counter() - started)
                if failed:
                    errors[failed] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else 0.0

    return {
        "tool": f"python threads x{clients}",
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "errors": errors["non_200"] + errors["socket_errors"],
        **errors,
        "p50_ms": statistics.median(ordered) * 1000 if ordered else 0.0,
        "p90_ms": pct(90),
        "p99_ms": pct(99),
        "max_ms": ordered[-1] * 1000 if ordered else 0.0,
    }
