"""Benchmark of the site build: `python bench/site_build.py [--sizes 50,500,2000,10000]`.

Also `make bench`. For each N it writes N synthetic, valid records into a temporary practices
folder and measures, in the same run (the two builds one after the other, into empty
folders, before anything else runs; up to 2,000 records three times each, the fastest of
each counting: rounds()):

- our build: scripts/build_site.py (`mkdocs build --strict` of both languages with the hooks
  module: validation, practice and index pages, open data, Pagefind, then the atomic
  publish), wall-clock seconds of the whole command;
- a plain build: `mkdocs build` of a temporary project with N one-paragraph pages in BOTH
  languages (x.md with the records' Spanish title and summary, x.en.md with the English),
  theme Material with mkdocs-static-i18n (suffix structure) and Material's built-in search
  plugin ON as a plain site has it, the pages kept out of the navigation with not_in_nav (as
  ours are) so both builds pay the same per-page navigation cost; it prints the size of
  Material's search_index.json, which its search downloads whole before the first result;
- preview latency: `mkdocs serve --dirty` (as `make serve` runs it) of a copy of the project
  with the N records; once the first build is served and its background work (data files,
  search index) is done, seconds from saving an edited record (a word added to its Spanish
  title) to its page being served with the new title, the median of three saves. Also
  measured on the real catalogue. It includes MkDocs' polling of the files (every 0.5 s,
  so a single save varies by up to half a second);
- the median HTML size of our practice pages (both languages), raw and gzip-compressed;
- the bytes the FIRST search in each language transfers: headless Chromium (Debian's
  /usr/bin/chromium) opens the search page with a query (?q=migración, ?q=migration) in a
  fresh browser context, against the built site served by a local HTTP server that gzips
  text responses (html, js, css, json, svg, xml at level 6) as a static host does and sends
  Pagefind's own files (.pf_*, wasm.*.pagefind, already gzip-compressed by Pagefind) as they
  are. Counted: the response bodies, as sent, of every request the search makes under
  the language's bundle, /pagefind/ or /en/pagefind/ (pagefind.js, the worker, the
  language's wasm, entry, meta, filter and index chunks and the fragments of the first page
  of results) and our assets/search.js; the search page's own HTML and Material's CSS/JS
  are not counted.

Targets (issues 3, 10 and 19): our build time at most 1.5 x the plain build's at every N; the
first search at most 200 KB at N = 10,000; preview latency at most 1 s on the real catalogue
and 3 s at 2,000 records. Prints
one line per N as it goes, then a Markdown table for the README. Synthetic text: sentences
drawn (seeded, word frequencies kept) from the report's own Spanish (sources/) and the records'
English, of the lengths real records have.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import yaml

from catalogue import PRACTICES_DIR, ROOT, load_taxonomies, practice_files
from chromium import launch as launch_chromium
from livepreview import LivePreview, copy_project
from preview import BUILD_DONE

BUILD_SCRIPT = ROOT / "scripts" / "build_site.py"
REPORT = ROOT / "sources" / "iv-plenary-crm-csm-2023.txt"
DEFAULT_SIZES = (50, 500, 2000, 10000)
QUERIES = {"es": "migración", "en": "migration"}
GZIP_LEVEL = 6
GZIPPED_TYPES = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml", ".txt")
BUILD_RATIO_TARGET = 1.5
FIRST_SEARCH_TARGET = 200 * 1024
PREVIEW_TARGET = 1.0  # seconds, on the real catalogue
PREVIEW_TARGET_2000 = 3.0  # seconds, at 2,000 records
INDEX_SECTIONS = ("paises", "tipos", "organizaciones", "objetivos")
PLAIN_CONFIG = """\
site_name: Plain
theme:
  name: material
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - locale: es
          default: true
          name: Español
          build: true
        - locale: en
          name: English
          build: true
nav:
  - index.md
not_in_nav: |
  /p/*.md
"""
WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


# ---- synthetic records ---------------------------------------------------------------------


class Text:
    """Sentences of words drawn with the frequencies of a real corpus."""

    def __init__(self, corpus: str, rng: random.Random):
        counts = Counter(w.lower() for w in WORD.findall(corpus))
        self.words, self.weights = list(counts), list(counts.values())
        self.rng = rng

    def words_(self, n: int) -> list[str]:
        return self.rng.choices(self.words, self.weights, k=n)

    def sentence(self, low: int, high: int) -> str:
        words = self.words_(self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence(8, 22) for _ in range(sentences))


def corpora() -> tuple[str, str]:
    spanish = REPORT.read_text(encoding="utf-8")
    english = []
    for path in practice_files(PRACTICES_DIR):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        english += [record["title"]["en"], record["summary"]["en"]]
    return spanish, "\n".join(english)


def synthetic_records(n: int, seed: int = 2023) -> list[dict]:
    """N valid records: varied themes, types, countries, organisations, GCM objectives;
    titles of 3-9 words, summaries of 1-4 sentences, 1-3 report mentions, 0-3 links."""
    rng = random.Random(seed)
    spanish, english = corpora()
    es, en = Text(spanish, rng), Text(english, rng)
    tax = load_taxonomies()
    types = list(tax["types"])
    organizations = list(tax["organizations"])
    countries = sorted(
        set(tax["organizations"]["crm"]["members"]) | set(tax["organizations"]["csm"]["members"])
    )
    event_id, event = next(iter(tax["events"].items()))
    # sessions only (a section with a theme): a record's themes follow its mentions' sections,
    # as the validator requires (the report's placement)
    sections = [k for k, v in event["sections"].items() if v.get("theme")]
    records = []
    for i in range(n):
        codes = rng.sample(countries, rng.choice([0, 1, 1, 1, 2]))
        mentioned = [rng.choice(sections) for _ in range(rng.choice([1, 1, 2, 3]))]
        title_words = rng.randint(3, 9)
        records.append(
            {
                "id": f"practica-sintetica-{i:05d}",
                "title": {
                    "es": " ".join(es.words_(title_words)).capitalize() + f" {i}",
                    "en": " ".join(en.words_(title_words)).capitalize() + f" {i}",
                },
                "summary": {
                    "es": es.paragraph(rng.randint(1, 4)),
                    "en": en.paragraph(rng.randint(1, 4)),
                },
                "type": rng.choice(types),
                "themes": list(dict.fromkeys(event["sections"][m]["theme"] for m in mentioned)),
                "countries": codes,
                "scope": "national" if codes else rng.choice(["regional", "international"]),
                "organizations": rng.sample(organizations, rng.choice([0, 1, 1, 2])),
                "gcm_objectives": sorted(rng.sample(range(1, 24), rng.choice([0, 1, 2, 3]))),
                "links": [
                    {"url": f"https://example.org/practicas/{i}/{k}", "text": es.sentence(4, 12)}
                    for k in range(rng.choice([0, 1, 1, 2, 3]))
                ],
                "source": {
                    "event": event_id,
                    "mentions": [
                        {
                            "section": section,
                            "kind": rng.choice(["list", "narrative"]),
                            "text": es.paragraph(rng.randint(1, 2)),
                        }
                        for section in mentioned
                    ],
                    "countries": {code: {"basis": "stated"} for code in codes},
                },
            }
        )
    return records


def write_records(records: list[dict], folder: Path) -> None:
    folder.mkdir(parents=True)
    for record in records:
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)
        (folder / f"{record['id']}.yml").write_text(text, encoding="utf-8")


def write_plain_project(records: list[dict], folder: Path) -> Path:
    docs = folder / "docs"
    (docs / "p").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    for suffix in (".md", ".en.md"):
        (docs / f"index{suffix}").write_text("# Plain\n\nA plain site.\n", encoding="utf-8")
    for r in records:
        for lang, suffix in (("es", ".md"), ("en", ".en.md")):
            page = f"# {r['title'][lang]}\n\n{r['summary'][lang]}\n"
            (docs / "p" / f"{r['id']}{suffix}").write_text(page, encoding="utf-8")
    return folder / "mkdocs.yml"


# ---- measurements --------------------------------------------------------------------------


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of the command and its children). CPU time is what
    the command itself costs; the wall clock also shows the load of a shared machine. The
    files the last command wrote are flushed to disk first (os.sync), so that one build does
    not pay for writing out the other's hundreds of megabytes."""
    os.sync()
    cpu, start = _children_cpu(), time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    return elapsed, _children_cpu() - cpu


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def median_page(pages: list[Path]) -> tuple[int, int]:
    sizes = [(len(b), gz(b)) for b in (p.read_bytes() for p in pages)]
    return (
        int(statistics.median(s[0] for s in sizes)),
        int(statistics.median(s[1] for s in sizes)),
    )


class _GzipHandler(SimpleHTTPRequestHandler):
    """Serves the site like a static host: text types gzip-compressed, the rest as is;
    records (path, bytes of body sent) in server.sent."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        file = Path(self.directory) / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            self.send_error(404)
            return
        body = file.read_bytes()
        encoded = file.suffix in GZIPPED_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")
        if encoded:
            body = gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(body)))
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        self.server.sent.append((path, len(body)))


@dataclass
class SearchCost:
    total: int
    files: list[tuple[str, int]] = field(default_factory=list)
    results: int = 0

    def part(self, kind: str) -> int:
        index = ("/pagefind/index/", "/pagefind/fragment/", "/pagefind/filter/", ".pf_meta")
        index += ("pagefind-entry.json",)
        is_index = [any(m in p for m in index) for p, _ in self.files]
        want = kind == "index"
        return sum(n for (_, n), flag in zip(self.files, is_index, strict=True) if flag == want)


def first_searches(site: Path) -> dict[str, SearchCost]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_GzipHandler, directory=str(site)))
    server.sent = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    costs = {}
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            for lang, query in QUERIES.items():
                context = browser.new_context()
                page = context.new_page()
                prefix = "" if lang == "es" else f"{lang}/"
                page.goto(f"{base}{prefix}buscar/?q={quote(query)}")
                # our search UI (docs/assets/search.js) result links
                page.locator("#bp-search .bp-search__link").first.wait_for(timeout=120_000)
                page.wait_for_load_state("networkidle")
                results = page.locator("#bp-search li.bp-search__result").count()
                context.close()
                files = [
                    (p, n) for p, n in server.sent if "/pagefind/" in p or p == "/assets/search.js"
                ]
                costs[lang] = SearchCost(sum(n for _, n in files), files, results)
                server.sent.clear()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return costs


PREVIEW_EDITS = 3  # saves per preview measurement: MkDocs polls every 0.5 s, so one varies


def preview_latency(practices: Path, work: Path) -> float:
    """Seconds from saving an edited record to its page served with the new title, with
    `mkdocs serve` running on a copy of the project with `practices`: the median of
    PREVIEW_EDITS saves, each once the last one's page is served and its background work
    (data files, search index) done, as a reader saves, looks, and saves again."""
    project = copy_project(work / "preview", practices)
    file = sorted((project / "practices").glob("*.yml"))[0]
    record = yaml.safe_load(file.read_text(encoding="utf-8"))
    path = f"practicas/{record['id']}/"
    seconds, old = [], "\n  es: "
    with LivePreview(project) as preview:
        preview.wait_for(path, "<h1>", timeout=1800)
        for n in range(PREVIEW_EDITS):
            preview.wait_for_log(BUILD_DONE, n + 1, timeout=1800)
            word = "Editado " * (n + 1)
            seconds.append(preview.edit_and_wait(file, old, old + "Editado ", path, f"<h1>{word}"))
    return statistics.median(seconds)


@dataclass
class Row:
    n: int
    ours: float
    plain: float
    ours_cpu: float
    plain_cpu: float
    page_raw: int
    page_gzip: int
    plain_page_raw: int
    search: dict[str, SearchCost]
    material_index: int
    material_index_gzip: int
    preview: float
    largest_index: int

    @property
    def ratio(self) -> float:
        return self.ours / self.plain


def rounds(n: int) -> int:
    """How many times each build is timed at N records (the fastest counts): three up to
    2,000 records, where a second or two of noise on a shared machine would move the ratio,
    once above."""
    return 3 if n <= 2000 else 1


def measure(n: int, work: Path, python: str) -> Row:
    records = synthetic_records(n)
    practices, site = work / "practices", work / "site"
    write_records(records, practices)
    config = write_plain_project(records, work / "plain")
    ours_command = [python, str(BUILD_SCRIPT), "--practices", str(practices)]
    ours_command += ["--site-dir", str(site), "--links", str(work / "no-links.json")]
    plain_command = [python, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    plain_command += ["-d", str(work / "plain-site")]
    ours_runs, plain_runs = [], []
    for _ in range(rounds(n)):  # the plain build, then ours, each into an empty folder
        for folder in (site, work / "plain-site"):
            shutil.rmtree(folder, ignore_errors=True)
        plain_runs.append(timed(plain_command))
        ours_runs.append(timed(ours_command))
    (ours, ours_cpu), (plain, plain_cpu) = min(ours_runs), min(plain_runs)
    pages = sorted(site.glob("practicas/*/index.html")) + sorted(
        site.glob("en/practicas/*/index.html")
    )
    assert len(pages) == 2 * n, f"expected {2 * n} practice pages, found {len(pages)}"
    page_raw, page_gzip = median_page(pages)
    index_pages = [p for p in site.glob("*/*/index.html") if p.parts[-3] in INDEX_SECTIONS]
    largest_index = max(p.stat().st_size for p in index_pages)
    search = first_searches(site)
    plain_pages = sorted((work / "plain-site" / "p").glob("*/index.html"))
    plain_pages += sorted((work / "plain-site" / "en" / "p").glob("*/index.html"))
    assert len(plain_pages) == 2 * n, f"plain build: {len(plain_pages)} pages, expected {2 * n}"
    index = (work / "plain-site" / "search" / "search_index.json").read_bytes()
    preview = preview_latency(practices, work)
    return Row(
        n=n,
        ours=ours,
        plain=plain,
        ours_cpu=ours_cpu,
        plain_cpu=plain_cpu,
        page_raw=page_raw,
        page_gzip=page_gzip,
        plain_page_raw=median_page(plain_pages)[0],
        search=search,
        material_index=len(index),
        material_index_gzip=gz(index),
        preview=preview,
        largest_index=largest_index,
    )


# ---- report --------------------------------------------------------------------------------


def kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB"


def line(row: Row) -> str:
    es, en = row.search["es"], row.search["en"]
    return (
        f"N={row.n}: build {row.ours:.1f} s vs plain {row.plain:.1f} s "
        f"(x{row.ratio:.2f}, target <= {BUILD_RATIO_TARGET}); CPU {row.ours_cpu:.1f} s vs "
        f"{row.plain_cpu:.1f} s (x{row.ours_cpu / row.plain_cpu:.2f}); practice page median "
        f"{row.page_raw} B raw / {row.page_gzip} B gzip (plain page {row.plain_page_raw} B); "
        f"first search es {kb(es.total)} (code {kb(es.part('code'))}, index "
        f"{kb(es.part('index'))}, {len(es.files)} files), en {kb(en.total)} "
        f"(code {kb(en.part('code'))}, index {kb(en.part('index'))}, {len(en.files)} files); "
        f"Material search_index.json {kb(row.material_index)} "
        f"({kb(row.material_index_gzip)} gzip); preview latency {row.preview:.2f} s; "
        f"largest generated index page {kb(row.largest_index)}"
    )


def table(rows: list[Row]) -> str:
    head = (
        "| Records | Our build | Plain Material build | Ratio | CPU: ours / plain (ratio) "
        "| Practice page (raw / gzip) "
        "| First search, es | First search, en | Material search_index.json (raw / gzip) "
        "| Preview |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    body = [
        f"| {r.n:,} | {r.ours:.1f} s | {r.plain:.1f} s | {r.ratio:.2f} "
        f"| {r.ours_cpu:.1f} s / {r.plain_cpu:.1f} s ({r.ours_cpu / r.plain_cpu:.2f}) "
        f"| {kb(r.page_raw)} / {kb(r.page_gzip)} | {kb(r.search['es'].total)} "
        f"| {kb(r.search['en'].total)} | {kb(r.material_index)} / {kb(r.material_index_gzip)} "
        f"| {r.preview:.2f} s |"
        for r in rows
    ]
    return "\n".join([head, *body])


def verdict(rows: list[Row]) -> list[str]:
    misses = [
        f"build time x{r.ratio:.2f} > {BUILD_RATIO_TARGET} at N={r.n}"
        for r in rows
        if r.ratio > BUILD_RATIO_TARGET
    ]
    for r in rows:
        if r.n >= 10000:
            misses += [
                f"first search ({lang}) {kb(c.total)} > {kb(FIRST_SEARCH_TARGET)} at N={r.n}"
                for lang, c in r.search.items()
                if c.total > FIRST_SEARCH_TARGET
            ]
    return misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated numbers of records (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    command = f"python bench/site_build.py --sizes {','.join(map(str, sizes))}"
    print(f"$ {command}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as work:
        real_preview = preview_latency(PRACTICES_DIR, Path(work))
    print(f"Preview latency, real catalogue: {real_preview:.2f} s", flush=True)
    rows = []
    for n in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"bench-site-{n}-"))
        try:
            rows.append(measure(n, work, sys.executable))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(line(rows[-1]), flush=True)
    print(f"\nFirst search: bytes sent (gzip level {GZIP_LEVEL} for text types) for a first query")
    print(f"({', '.join(f'{k}: {v!r}' for k, v in QUERIES.items())}) in a fresh browser.\n")
    print(table(rows))
    print(f"\nCommand: {command}")
    print(f"Preview latency on the real catalogue: {real_preview:.2f} s")
    misses = verdict(rows)
    if real_preview > PREVIEW_TARGET:
        misses.append(f"preview latency {real_preview:.2f} s > {PREVIEW_TARGET} s (real catalogue)")
    misses += [
        f"preview latency {r.preview:.2f} s > {PREVIEW_TARGET_2000} s at N={r.n}"
        for r in rows
        if r.n == 2000 and r.preview > PREVIEW_TARGET_2000
    ]
    for miss in misses:
        print(f"TARGET MISSED: {miss}")
    if not misses:
        print("Targets met.")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
