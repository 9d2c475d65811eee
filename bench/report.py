"""The harness's output: a Markdown report for people, JSON for the next run to compare against."""

from __future__ import annotations

import json
from pathlib import Path

GOAL_DASHBOARD, GOAL_PAGE, GOAL_BUILD, GOAL_TAGGED = 5.0, 10.0, 1.15, 1.6


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def markdown(results: dict) -> str:
    machine = results["machine"]
    lines = [
        f"## Benchmark {results['when']} — scale {results['scale']:g}, {machine['cores']} cores, "
        f"PostgreSQL {machine['database']}",
        "",
        f"Server: `{results['server']['command']}` ({results['server']['env']}). "
        f"{results['requests']} requests per page after {results['warmup']} warm-up, pages interleaved.",
        "",
        "| page | median ms | p95 ms | × floor | goal | queries¹ | KiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for page in results["pages"]:
        if page["status"] != "measured":
            lines.append(f"| {page['label']} | {page['status']} | | | | | |")
            continue
        ratio = page["ratio_to_floor"]
        verdict = "" if page["url_name"] == "bench:floor" else (" ✓" if ratio <= page["goal"] else " ✗")
        seen = page.get("queries_seen") or [page["queries"]]
        queries = str(page["queries"]) if page["queries_constant"] else f"{seen[0]} (up to {seen[-1]})"
        lines.append(
            f"| {page['label']} | {_ms(page['median_ms'])} | {_ms(page['p95_ms'])} | {ratio:.1f}{verdict} | "
            f"≤ {page['goal']:g} | {queries} | {page['bytes'] / 1024:.0f} |"
        )
    lines += [
        "",
        "¹ The page's own count: the least seen. Once a minute one request also saves the session's "
        'last-seen time (one more query), hence "up to".',
    ]
    lines += [
        "",
        "| PDF | build s | WeasyPrint s (tagged) | build ÷ WeasyPrint | untagged s | tagged ÷ untagged | pages | peak RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for pdf in results["pdfs"]:
        if pdf["status"] != "measured":
            lines.append(f"| {pdf['label']} | {pdf['status']} | | | | | | |")
            continue
        lines.append(
            f"| {pdf['label']} | {pdf['build_s']:.2f} | {pdf['weasyprint_tagged_s']:.2f} | {pdf['build_ratio']:.2f}"
            f"{' ✓' if pdf['build_ratio'] <= GOAL_BUILD else ' ✗'} | {pdf['weasyprint_untagged_s']:.2f} | "
            f"{pdf['tagged_ratio']:.2f}{' ✓' if pdf['tagged_ratio'] <= GOAL_TAGGED else ' ✗'} | {pdf['pages']} | "
            f"{pdf['peak_rss_mib']:.0f} |"
        )
    load = results.get("load")
    if load:
        lines += [
            "",
            f"Load on {load['label']} (`{load['path']}`): {load['tool']}, {load['clients']} clients for "
            f"{load['seconds']} s: **{load['rps']:.1f} requests/s**, {load['requests']} requests, "
            f"**{load['errors']} errors** ({load['non_200']} non-200, {load['socket_errors']} socket), "
            f"latency p50 {load['p50_ms']:.0f} ms, p99 {load['p99_ms']:.0f} ms, max {load['max_ms']:.0f} ms."
            + (f" {load['note']}." if load.get("note") else ""),
        ]
    memory = results.get("memory")
    if memory:
        workers = ", ".join(f"{w['vm_hwm_mib']:.0f}" for w in memory["workers"])
        lines += [f"Peak RSS (VmHWM) of the gunicorn workers after the load: {workers} MiB."]
    lines += ["", "Goals:", *[f"- {goal}" for goal in goals(results)]]
    return "\n".join(lines)


def goals(results: dict) -> list[str]:
    said = []
    pages = [p for p in results["pages"] if p["status"] == "measured" and p["url_name"] != "bench:floor"]
    over = [f"{p['label']} {p['ratio_to_floor']:.1f}×" for p in pages if p["ratio_to_floor"] > p["goal"]]
    goal_text = ", ".join(f"{goal:g}×" for goal in sorted({p["goal"] for p in pages}))
    said.append(
        f"median within the goal × floor ({goal_text}): "
        + ("all measured pages" if not over else "missed by " + ", ".join(over))
    )
    missing = [p["label"] for p in results["pages"] if p["status"] != "measured"]
    if missing:
        said.append("not measured: " + ", ".join(missing))
    for pdf in results["pdfs"]:
        if pdf["status"] == "measured":
            said.append(
                f"{pdf['label']}: build {pdf['build_ratio']:.2f}× WeasyPrint (goal ≤ {GOAL_BUILD}), "
                f"tagged {pdf['tagged_ratio']:.2f}× untagged (goal ≤ {GOAL_TAGGED})"
            )
    if results.get("load"):
        said.append(f"errors under load: {results['load']['errors']} (goal 0)")
    said.append("query counts equal at two scales: run again at another scale with --compare (see the comparison)")
    return said


def _ratio(page: dict) -> str:
    return f"{page['ratio_to_floor']:.2f}" if page.get("ratio_to_floor") else "–"


def _both(old: dict, new: dict) -> bool:
    return bool(old.get("ratio_to_floor") and new.get("ratio_to_floor"))


def compare(results: dict, previous: dict) -> str:
    """Each page against an earlier run. On a shared machine the median in milliseconds moves with
    the machine; the ratio to the floor measured in the same run moves far less."""
    lines = [
        f"## Compared with {previous['when']} (scale {previous['scale']:g} → {results['scale']:g})",
        "",
        "| page | median ms | Δ median | × floor | Δ × floor | p95 ms | Δ p95 | queries |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    before = {p["url_name"]: p for p in previous["pages"] if p["status"] == "measured"}
    differing = []
    for page in results["pages"]:
        old = before.get(page["url_name"])
        if page["status"] != "measured" or old is None:
            continue
        same = old["queries"] == page["queries"]
        if not same:
            differing.append(page["label"])
        lines.append(
            f"| {page['label']} | {old['median_ms']:.1f} → {page['median_ms']:.1f} | "
            f"{_delta(old['median_ms'], page['median_ms'])} | {_ratio(old)} → {_ratio(page)} | "
            f"{_delta(old['ratio_to_floor'], page['ratio_to_floor']) if _both(old, page) else ''} | "
            f"{old['p95_ms']:.1f} → {page['p95_ms']:.1f} | "
            f"{_delta(old['p95_ms'], page['p95_ms'])} | {old['queries']} → {page['queries']}{'' if same else ' ✗'} |"
        )
    old_pdfs = {p["key"]: p for p in previous.get("pdfs", []) if p["status"] == "measured"}
    for pdf in results["pdfs"]:
        old = old_pdfs.get(pdf["key"])
        if pdf["status"] == "measured" and old:
            lines.append(
                f"| PDF: {pdf['label']} | {old['build_s']:.2f} s → {pdf['build_s']:.2f} s | "
                f"{_delta(old['build_s'], pdf['build_s'])} | | | | | |"
            )
    if previous.get("load") and results.get("load"):
        lines += [
            "",
            f"Load: {previous['load']['rps']:.1f} → {results['load']['rps']:.1f} requests/s "
            f"({_delta(previous['load']['rps'], results['load']['rps'])}), errors {previous['load']['errors']} → "
            f"{results['load']['errors']}.",
        ]
    lines += [
        "",
        "Query counts identical on every page measured in both runs."
        if not differing
        else "Query counts differ on: " + ", ".join(differing) + ".",
    ]
    return "\n".join(lines)


def _delta(old: float, new: float) -> str:
    return "—" if not old else f"{(new - old) / old * 100:+.0f} %"


def write_json(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
