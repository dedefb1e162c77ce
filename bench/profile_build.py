"""Where the build's time goes: `python bench/profile_build.py [--sizes 500,2000,10000]`.

For each N it writes N synthetic records (bench/site_build.py's, same seed), runs the whole
bilingual build in-process under cProfile (scripts/build_site.py's `mkdocs_build`, as `make
site` runs it) and prints, per step, the cumulative wall-clock seconds cProfile measured in
the functions that do it. Steps nest (a step's time includes what it calls); the table says
which rows are inside another. cProfile slows Python code down, so the total is longer than
an unprofiled build: compare rows with each other, and builds with bench/site_build.py.
`make site` forks two child processes (hooks.py: the data files, and the other languages,
i18n_adapter.py), whose work cProfile would not see; here a thread is kept running during
the build, so that the hooks do not fork (a fork copies only the calling thread) and build
everything in this process, one step after the other, with every other shortcut on.

    --sizes       comma-separated numbers of records (default 500,2000,10000)
    --stats FILE  also save the raw profile of the last size (pstats format; open it with
                  `python -m pstats FILE` or snakeviz)
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import tempfile
import threading
import time
from pathlib import Path

from build_site import mkdocs_build
from site_build import synthetic_records, write_records

# (label, matcher, nested-in label or None). A matcher is (file suffix, function name): the
# step's time is the largest cumulative time among the functions it matches (for one function,
# its cumulative time; cProfile counts a recursive function's time once).
STEPS: list[tuple[str, tuple[str, str], str | None]] = [
    ("Load and validate the records (sitedata.load_site)", ("sitedata.py", "load_site"), None),
    ("Records' dates from git (history.read)", ("history.py", "read"), None),
    ("Generated pages' content (hooks.on_page_content)", ("hooks.py", "on_page_content"), None),
    ("practice pages", ("views_practice.py", "practice_page"), "content"),
    (
        "index pages (country, type, organisation, objective, concept)",
        ("views_index.py", "index_page"),
        "content",
    ),
    ("index overview pages", ("views_index.py", "index_overview"), "content"),
    ("meeting report page", ("views_events.py", "report_page"), "content"),
    ("Hand-written pages: Markdown and macros (mkdocs Page.render)", ("pages.py", "render"), None),
    ("Material's page template, per page (mkdocs _build_page)", ("build.py", "_build_page"), None),
    ("navigation (Material partials/nav.html)", ("partials/nav.html", "root"), "template"),
    ("Open Graph and JSON-LD (hooks.on_page_context)", ("hooks.py", "on_page_context"), "template"),
    (
        "writing the pages (mkdocs utils.write_file)",
        ("utils/__init__.py", "write_file"),
        "template",
    ),
    (
        "Jinja template compilation (Environment.compile)",
        ("jinja2/environment.py", "compile"),
        None,
    ),
    (
        "Second language (mkdocs-static-i18n's build of en)",
        ("mkdocs_static_i18n/plugin.py", "on_post_build"),
        None,
    ),
    ("The data files (hooks.write_outputs)", ("hooks.py", "write_outputs"), None),
    ("open data (opendata.write)", ("opendata.py", "write"), "data"),
    ("spreadsheets (spreadsheets.write)", ("spreadsheets.py", "write"), "data"),
    ("citations (citation.write)", ("citation.py", "write"), "data"),
    ("feeds (feeds.write)", ("feeds.py", "write"), "data"),
    ("Pagefind, both languages (hooks.pagefind)", ("hooks.py", "pagefind"), None),
]
NESTING = {
    "content": "Generated pages' content",
    "template": "Material's page template",
    "data": "The data files",
}


def step_times(stats: pstats.Stats) -> dict[str, float]:
    found: dict[str, float] = {}
    for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        for label, (suffix, name), _parent in STEPS:
            if function == name and filename.replace("\\", "/").endswith(suffix):
                found[label] = max(found.get(label, 0.0), cumulative)
    return found


def profile(n: int, work: Path, stats_file: Path | None) -> tuple[float, dict[str, float]]:
    practices = work / "practices"
    write_records(synthetic_records(n), practices)
    stop = threading.Event()
    keeper = threading.Thread(target=stop.wait, daemon=True)  # no fork: one process to see
    keeper.start()
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    try:
        mkdocs_build(work / "site", None, practices, work / "no-links.json")
    finally:
        profiler.disable()
        stop.set()
    total = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    if stats_file:
        stats.dump_stats(stats_file)
    return total, step_times(stats)


def table(sizes: list[int], results: list[tuple[float, dict[str, float]]]) -> str:
    head = "| Step | " + " | ".join(f"{n:,} records" for n in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    rows = [head, rule]
    totals = [total for total, _ in results]
    rows.append(
        "| **Whole build, profiled** | " + " | ".join(f"**{t:.1f} s**" for t in totals) + " |"
    )
    labels = [(label, parent) for label, _matcher, parent in STEPS]
    for label, parent in labels:
        if not any(label in found for _total, found in results):
            continue
        name = f"↳ {label} (in {NESTING[parent]})" if parent else label
        cells = []
        for total, found in results:
            seconds = found.get(label)
            cells.append(
                "–" if seconds is None else f"{seconds:.1f} s ({100 * seconds / total:.0f} %)"
            )
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,10000")
    parser.add_argument("--stats", type=Path, default=None)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"$ python bench/profile_build.py --sizes {','.join(map(str, sizes))}", flush=True)
    results = []
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"bench-profile-{n}-"))
        try:
            results.append(profile(n, work, args.stats if n == sizes[-1] else None))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(f"N={n}: {results[-1][0]:.1f} s profiled", flush=True)
    print()
    print(table(sizes, results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
