"""Build the bilingual site: `python scripts/build_site.py [--practices DIR] [--site-dir DIR]`.

Also `make site`. Steps, each timed on standard error:

1. load and validate the records (catalogue.load_practices; link health from the
   optional data/links.json);
2. copy docs/ to a staging folder and write the page skeletons of practices and
   indexes into it (generate_pages.py: macro calls with validated ids, no record text);
3. `mkdocs build --strict` of mkdocs.yml with the staging folder as docs_dir, into a
   temporary site folder (the macros module reads the same records through the
   BP_PRACTICES_DIR and BP_LINKS_FILE environment variables);
3b. the practice pages: mkdocs renders only one shell practice page per language
   (practicas/_shell/, markers for title, description and content); every record's
   page is that shell with the markers replaced by macros.practice_pages() output
   (the practice_page macro's own rendering) and `_shell` in its links by the id;
   the shell pages are then removed, and in sitemap.xml replaced by the records';
4. write the open data, datos/practicas.json, .csv and .xlsx (opendata.py);
5. index the site with Pagefind (per-language indexes from <html lang>, filters from
   data-pagefind-filter attributes) into pagefind/;
6. replace the site folder (default site/) with the new build in one rename.

Any failure exits with status 1 and a message saying which step failed; the previous
site folder is then left untouched and no temporary folder remains. Options:

    --practices DIR   records to build from (default practices/)
    --site-dir DIR    where the site goes (default site/)
    --docs-dir DIR    hand-written pages (default docs/)
    --links FILE      link report (default data/links.json, else build/links/links.json;
                      optional: without one, links show as not checked yet)
"""

from __future__ import annotations

import argparse
import gzip
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue import LANGUAGES, PRACTICES_DIR, ROOT, InvalidCatalogue  # noqa: E402
from generate_pages import generate  # noqa: E402
from macros import (  # noqa: E402
    SHELL_CONTENT,
    SHELL_DESCRIPTION,
    SHELL_ID,
    SHELL_TITLE,
    practice_pages,
)
from opendata import write as write_open_data  # noqa: E402
from sitedata import (  # noqa: E402
    ENV_LINKS,
    ENV_PRACTICES,
    SECTIONS,
    InvalidLinksFile,
    Site,
    load_site,
)

CONFIG = ROOT / "mkdocs.yml"
# Not indexed: the heading permalinks' "¶" (Python-Markdown toc) would end up in result titles.
PAGEFIND_EXCLUDE = ".headerlink"
# The practice shell page's URL path (in its language-switcher, canonical and sitemap links).
SHELL_PATH = f"{SECTIONS['practice']}/{SHELL_ID}/"
SHELL_MARKERS = (SHELL_TITLE, SHELL_DESCRIPTION, SHELL_CONTENT, SHELL_PATH)
SHELL_PATTERN = re.compile("(" + "|".join(re.escape(m) for m in SHELL_MARKERS) + ")")


class BuildError(Exception):
    """A step failed; the message says which and why."""


@contextmanager
def step(name: str):
    start = time.perf_counter()
    try:
        yield
    except BuildError:
        raise
    except Exception as exc:  # any failure of a step becomes one clear message
        raise BuildError(f"{name} failed: {type(exc).__name__}: {exc}") from exc
    print(f"  {name}: {time.perf_counter() - start:.2f} s", file=sys.stderr)


def mkdocs_build(docs_dir: Path, site_dir: Path):
    """`mkdocs build --strict`; without a site_url, drop the sitemap (its URLs would be wrong)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.WARNING)
    config = load_config(
        config_file=str(CONFIG), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=True
    )
    try:
        build(config)
    except Abort as exc:
        raise BuildError(f"mkdocs build --strict failed: {exc}") from exc
    except SystemExit as exc:  # mkdocs-macros exits on a macro error (on_error_fail)
        raise BuildError(
            f"mkdocs build --strict failed: a macro failed (exit status {exc.code}; "
            "its error is printed above)"
        ) from None
    if not config.site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)
    return config


def _shell_parts(shell: str, lang: str) -> list[str]:
    """The shell page split around its markers; markers are odd items, text even items."""
    for marker in SHELL_MARKERS:
        if marker not in shell:
            raise BuildError(f"the {lang} practice shell page has no {marker!r}")
    if shell.count(SHELL_CONTENT) != 1:
        raise BuildError(f"the {lang} practice shell page has its content marker twice")
    return SHELL_PATTERN.split(shell)


def write_practice_pages(site: Site, config, site_dir: Path) -> int:
    """Every record's page in every language: a copy of the language's shell page with its
    markers replaced in one pass (so record text is never searched for markers), then the
    shell pages removed (and their sitemap entries replaced by one per record)."""
    shells = {}
    for lang in LANGUAGES:
        folder = site_dir / site.url("practice", SHELL_ID, lang)
        shells[lang] = (folder, _shell_parts((folder / "index.html").read_text("utf-8"), lang))
    written = 0
    for page in practice_pages(site, config):
        values = {
            SHELL_TITLE: page.title,
            SHELL_DESCRIPTION: page.description,
            SHELL_CONTENT: page.content,
            SHELL_PATH: f"{SECTIONS['practice']}/{page.id}/",
        }
        parts = shells[page.lang][1]
        html = "".join(values[part] if i % 2 else part for i, part in enumerate(parts))
        folder = site_dir / page.url
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(html, encoding="utf-8")
        written += 1
    for folder, _ in shells.values():
        shutil.rmtree(folder)
    _sitemap(site, site_dir)
    return written


def _sitemap(site: Site, site_dir: Path) -> None:
    """sitemap.xml (written when site_url is set): the shell's <url> entry becomes one
    entry per record; sitemap.xml.gz is rewritten to match."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    text = sitemap.read_text(encoding="utf-8")
    entries = re.findall(r"[ \t]*<url>.*?</url>\s*", text, flags=re.S)
    shell_entries = [e for e in entries if SHELL_PATH in e]
    if not shell_entries:
        raise BuildError("sitemap.xml has no entry for the practice shell page")
    copies = "".join(
        entry.replace(SHELL_PATH, f"{SECTIONS['practice']}/{xml_escape(record['id'])}/")
        for entry in shell_entries
        for record in site.records
    )
    for entry in shell_entries:
        text = text.replace(entry, "")
    text = text.replace("</urlset>", copies + "</urlset>")
    sitemap.write_text(text, encoding="utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def pagefind(site_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"]
        + ["--exclude-selectors", PAGEFIND_EXCLUDE],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BuildError(f"pagefind failed ({result.returncode}): {result.stderr or result.stdout}")


def replace_dir(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def build_site(practices: Path, site_dir: Path, docs_dir: Path, links: Path | None) -> None:
    os.environ[ENV_PRACTICES] = str(practices)
    if links:
        os.environ[ENV_LINKS] = str(links)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="bp-docs-") as staging,
        tempfile.TemporaryDirectory(prefix=f".{site_dir.name}-", dir=site_dir.parent) as work,
    ):
        staged_docs, built = Path(staging) / "docs", Path(work) / "site"
        with step("load records"):
            try:
                site = load_site(practices, links)
            except InvalidCatalogue as exc:
                raise BuildError(f"invalid records in {practices}:\n{exc}") from exc
            except InvalidLinksFile as exc:
                raise BuildError(str(exc)) from exc
        with step(f"generate pages ({len(site.records)} practices)"):
            shutil.copytree(docs_dir, staged_docs)
            generate(site, staged_docs)
        with step("mkdocs build --strict"):
            config = mkdocs_build(staged_docs, built)
        with step(f"practice pages ({len(site.records)} x {len(LANGUAGES)})"):
            write_practice_pages(site, config, built)
        with step("open data"):
            generated = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            write_open_data(site, built / "datos", generated)
        with step("pagefind"):
            pagefind(built)
        with step(f"publish to {site_dir}"):
            replace_dir(built, site_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=Path, default=PRACTICES_DIR)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--docs-dir", type=Path, default=ROOT / "docs")
    parser.add_argument("--links", type=Path, default=None)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        build_site(args.practices, args.site_dir, args.docs_dir, args.links)
    except BuildError as exc:
        print(f"build_site: error: {exc}", file=sys.stderr)
        return 1
    print(
        f"build_site: built {args.site_dir} in {time.perf_counter() - start:.1f} s", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
