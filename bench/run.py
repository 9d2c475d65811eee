"""The benchmark: every main page against Django's floor, the PDFs against WeasyPrint's, load and memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nt_bench .venv/bin/python bench/run.py [--compare old.json]

Prints a Markdown report and writes bench/results/<timestamp>.json. Needs the data set first
(`manage.py generate_benchmark_data --scale 1`). See README "Benchmark".
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import platform
import statistics
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the project, not bench/, so "bench" is the package
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notice_tracker.settings")
os.environ["BENCHMARK"] = "true"  # so this process can name the floor view's URL too
os.environ.setdefault("NOTICE_TRACKER_TODAY", "2015-02-27")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests per page first (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for the load test (default 8)")
    parser.add_argument("--duration", type=int, default=30, help="seconds of load (default 30; 0 skips it)")
    parser.add_argument("--load-tool", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument("--pdf-repeats", type=int, default=3, help="timed builds per PDF (default 3; 0 skips PDFs)")
    parser.add_argument("--compare", type=Path, help="an earlier run's JSON: print the differences")
    parser.add_argument("--out", type=Path, help="where to write the JSON (default bench/results/<timestamp>.json)")
    return parser.parse_args(argv)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def measure_pages(client, targets: list[dict], *, requests: int, warmup: int) -> None:
    """Warm-up, then rounds over all pages in turn, so drift in the machine's speed hits every page alike."""
    live = [t for t in targets if t["status"] == "measured"]
    for target in live:
        for _ in range(warmup):
            reply = client.get(target["path"])
            if reply.status != 200:
                target.update(status=f"HTTP {reply.status}{' → ' + reply.location if reply.location else ''}")
                break
    live = [t for t in live if t["status"] == "measured"]
    replies: dict[str, list] = {t["path"]: [] for t in live}
    for _ in range(requests):
        for target in live:
            replies[target["path"]].append(client.get(target["path"]))
    for target in live:
        rows = replies[target["path"]]
        seconds = [r.seconds * 1000 for r in rows]
        counts = {r.queries for r in rows}
        target.update(
            n=len(rows),
            median_ms=statistics.median(seconds),
            p95_ms=percentile(seconds, 95),
            mean_ms=statistics.mean(seconds),
            # The page's own count is the least seen: once a minute a request also saves the session's
            # last-seen time (SessionLifetimeMiddleware), one more query on whichever page gets it.
            queries=min((c for c in counts if c is not None), default=None),
            queries_seen=sorted(c for c in counts if c is not None),
            queries_constant=len(counts) == 1,
            errors=sum(r.status != 200 for r in rows),
            bytes=rows[-1].size,
        )
    floor = next((t for t in live if t["url_name"] == "bench:floor"), None)
    for target in live:
        target["ratio_to_floor"] = target["median_ms"] / floor["median_ms"] if floor else None


def page_targets() -> list[dict]:
    from bench.pages import PAGES, resolve, subject

    s = subject()
    targets = []
    for page in PAGES:
        path, why = resolve(page, s)
        targets.append(
            {
                "label": page.label,
                "url_name": page.url_name,
                "goal": page.goal,
                "path": path,
                "status": "measured" if path else why,
            }
        )
    return targets


def run_pdfs(repeats: int, env: dict[str, str]) -> list[dict]:
    from bench.pdfs import TARGETS, available, measure

    results = []
    for target in TARGETS:
        why = available(target)
        if why or repeats == 0:
            results.append({"label": target.label, "key": target.key, "status": why or "skipped"})
            continue
        print(f"… PDF: {target.label}", file=sys.stderr, flush=True)
        try:
            results.append(measure(target, repeats=repeats, env=env))
        except RuntimeError as error:
            results.append(
                {"label": target.label, "key": target.key, "status": f"failed: {str(error).splitlines()[0]}"}
            )
    return results


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = cursor.fetchone()[0]
        else:
            database = f"{connection.vendor} (the goals are for PostgreSQL)"
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "database": database,
        "load_average_before": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its INFO progress lines are noise here
    from bench import load, report, server
    from bench.generate import PASSWORD, existing_scale
    from bench.pages import MEASURED_USER

    scale = existing_scale()
    if scale is None:
        print(
            "No benchmark data in this database: run `.venv/bin/python manage.py generate_benchmark_data --scale 1`.",
            file=sys.stderr,
        )
        return 2
    results = {
        "when": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        "scale": scale,
        "machine": machine(),
        "requests": args.requests,
        "warmup": args.warmup,
    }
    targets = page_targets()
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    env = server.server_env(static_root)
    print("… collecting static files", file=sys.stderr, flush=True)
    server.collect_static(env)
    gunicorn = server.start(workers=args.workers, env=env)
    results["server"] = {
        "command": " ".join(["gunicorn", *gunicorn.command[3:]]),
        "env": f"DJANGO_ENV=development DEBUG=false BENCHMARK=true NOTICE_TRACKER_TODAY=2015-02-27 "
        f"CONN_MAX_AGE={env['CONN_MAX_AGE']} (persistent, health-checked connections, as in production), "
        "static files collected to a temporary STATIC_ROOT and served by WhiteNoise",
    }
    try:
        client = server.Client(gunicorn.port)
        client.sign_in(MEASURED_USER, PASSWORD)
        print(f"… {len(targets)} pages × {args.requests} requests", file=sys.stderr, flush=True)
        measure_pages(client, targets, requests=args.requests, warmup=args.warmup)
        results["pages"] = targets
        if args.duration:
            results["load"] = run_load(args, client, targets, gunicorn.port, load)
        results["memory"] = {
            "workers": [
                {"pid": pid, "vm_hwm_mib": m["VmHWM"] / 1024, "vm_rss_mib": m["VmRSS"] / 1024}
                for pid in gunicorn.worker_pids()
                for m in [server.memory_kib(pid)]
            ]
        }
    finally:
        gunicorn.stop()
    if any(str(t["status"]).startswith("HTTP 5") for t in targets):
        print(
            f"Server errors; the end of its log ({gunicorn.log}):\n{gunicorn.log.read_text()[-4000:]}", file=sys.stderr
        )
    results["pdfs"] = run_pdfs(args.pdf_repeats, env)
    text = report.markdown(results)
    if args.compare:
        text += "\n\n" + report.compare(results, json.loads(args.compare.read_text()))
    out = args.out or ROOT / "bench" / "results" / f"{datetime.now():%Y%m%d-%H%M%S}.json"
    report.write_json(results, out)
    print(text)
    print(f"\nJSON: {out}")
    return 0


def run_load(args, client, targets: list[dict], port: int, load) -> dict:
    """The dashboard under load; the notice overview stands in while the dashboard is not built."""
    chosen = next((t for t in targets if t["url_name"] == "dashboards:dashboard" and t["status"] == "measured"), None)
    chosen = chosen or next(t for t in targets if t["url_name"] == "dashboards:notice-detail")
    print(f"… load: {args.clients} clients for {args.duration} s on {chosen['label']}", file=sys.stderr, flush=True)
    result = load.run(
        port=port,
        path=chosen["path"],
        cookie=client.cookie_header,
        clients=args.clients,
        seconds=args.duration,
        tool=args.load_tool,
    )
    result["label"] = chosen["label"] + (
        "" if chosen["url_name"] == "dashboards:dashboard" else " (dashboard not built yet)"
    )
    return result


if __name__ == "__main__":
    sys.exit(main())
