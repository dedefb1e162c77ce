"""Where the build's time goes: `python bench/profile_build.py [--sizes 500,2000,10000]`.

For each N it writes N synthetic records (bench/site_build.py's, same seed), runs the whole
bilingual build in-process under cProfile (scripts/build_site.py's `mkdocs_build`, as `make
site` runs it) and prints, per step, the cumulative wall-clock seconds cProfile measured in
the functions that do it. Steps nest (a step's time includes what it calls); the table says
which rows are inside another. cProfile slows Python code down, so the total is longer than
an unprofiled build: compare rows with each other, and builds with bench/site_build.py.
Where the build writes the data files (open data, spreadsheets, citations, feeds) in a forked
child process beside the pages (hooks.py), cProfile sees only the wait for it; the child's own
steps are then profiled apart, in the same run (rows "in the child process").

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
    (
        "Waiting for the data files' child process (hooks._finish_outputs)",
        ("hooks.py", "_finish_outputs"),
        None,
    ),
    ("Open data (opendata.write)", ("opendata.py", "write"), None),
    ("Spreadsheets (spreadsheets.write)", ("spreadsheets.py", "write"), None),
    ("Citations (citation.write)", ("citation.py", "write"), None),
    ("Feeds (feeds.write)", ("feeds.py", "write"), None),
    ("Pagefind (hooks.pagefind)", ("hooks.py", "pagefind"), None),
]
NESTING = {"content": "Generated pages' content", "template": "Material's page template"}


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
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    mkdocs_build(work / "site", None, practices, work / "no-links.json")
    profiler.disable()
    total = time.perf_counter() - start
    stats = pstats.Stats(profiler)
    if stats_file:
        stats.dump_stats(stats_file)
    found = step_times(stats)
    if "Open data (opendata.write)" not in found:  # written by the child process: apart
        child = data_files(practices, work / "child")
        found.update({f"{label} {CHILD}": seconds for label, seconds in child.items()})
    return total, found


CHILD = "(in the child process, beside the pages)"
CHILD_STEPS = ("Open data", "Spreadsheets", "Citations", "Feeds")


def data_files(practices: Path, out: Path) -> dict[str, float]:
    """The data files' steps, profiled apart: what hooks.write_outputs does in the child."""
    from mkdocs.config import load_config

    import i18n_adapter
    from build_site import CONFIG
    from history import read as read_history
    from hooks import write_outputs
    from sitedata import load_site

    config = load_config(config_file=str(CONFIG))
    site = load_site(practices, None, CONFIG.parent / "taxonomies")
    site.history = read_history(practices)
    profiler = cProfile.Profile()
    profiler.enable()
    write_outputs(
        site, out, None, i18n_adapter.site_names(config), config.repo_name, config.repo_url
    )
    profiler.disable()
    return {
        label: seconds
        for label, seconds in step_times(pstats.Stats(profiler)).items()
        if label.startswith(CHILD_STEPS)
    }


def table(sizes: list[int], results: list[tuple[float, dict[str, float]]]) -> str:
    head = "| Step | " + " | ".join(f"{n:,} records" for n in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    rows = [head, rule]
    totals = [total for total, _ in results]
    rows.append(
        "| **Whole build, profiled** | " + " | ".join(f"**{t:.1f} s**" for t in totals) + " |"
    )
    labels = [(label, parent) for label, _matcher, parent in STEPS]
    labels += [
        (f"{label} {CHILD}", None) for label, _m, _p in STEPS if label.startswith(CHILD_STEPS)
    ]
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
