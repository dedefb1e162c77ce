"""The build's shortcuts change no file: the sidebars of pages outside the navigation are
rendered once per key (hooks._nav_key, overrides/main.html bp_fragment), the other languages
are built by a forked child beside the default one (i18n_adapter.fork_other_languages), and
the data files are written by another child (hooks._start_outputs). The catalogue is built
with them and without (BP_BUILD_SHORTCUTS=0), with a site address (so sitemap.xml is
written): every file is the same, but those stamped with the build's time and Pagefind's
bundles (some chunk names differ from run to run; the search tests use them), of which the
languages, page counts and pages' fragments are compared."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from catalogue import LANGUAGES
from site_fixtures import FIXTURES, build
from sitedata import SEARCH_BUNDLE, page_url

SITE_URL = "https://example.org/buenas-practicas/"
STAMPED = {"feed.xml", "en/feed.xml", "datos/practicas.json", "datos/practicas.csv"}
STAMPED |= {"datos/taxonomias.json", "datos/conceptos.json"}


BUNDLES = tuple(page_url(SEARCH_BUNDLE, lang) for lang in LANGUAGES)


def files(root):
    every = {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    return {path: file for path, file in every.items() if not path.startswith(BUNDLES)}


def search_bundles(root):
    """Per bundle: its entry's languages and page counts, the names of its pages' fragments."""
    out = {}
    for bundle in BUNDLES:
        entry = json.loads((root / bundle / "pagefind-entry.json").read_text("utf-8"))
        counts = {lang: value["page_count"] for lang, value in entry["languages"].items()}
        out[bundle] = counts, sorted(p.name for p in (root / bundle / "fragment").iterdir())
    return out


@pytest.fixture(scope="module")
def both_ways(built_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("shortcuts")
    links = ("--links", str(FIXTURES / "links.json"))
    sites = {}
    for name, value in (("with", "1"), ("without", "0")):
        env = {"BP_BUILD_SHORTCUTS": value, "BP_SITE_URL": SITE_URL}
        result = build(built_site.practices, out / name, *links, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        sites[name] = files(out / name)
        sites[f"{name} search"] = search_bundles(out / name)
    return sites


def test_every_file_equals_a_build_without_shortcuts(both_ways, built_site):
    with_, without = both_ways["with"], both_ways["without"]
    assert sorted(with_) == sorted(without)
    practice_pages = [p for p in with_ if p.startswith("practicas/") and p.count("/") == 2]
    assert len(practice_pages) == len(built_site.records)
    assert "sitemap.xml" in with_ and "en/404.html" in with_
    compared = [p for p in with_ if p not in STAMPED]
    compared = [p for p in compared if not p.endswith((".xlsx", ".gz"))]
    differing = [p for p in compared if with_[p].read_bytes() != without[p].read_bytes()]
    assert not differing, f"{len(differing)} file(s) differ: {differing[:8]}"
    assert both_ways["with search"] == both_ways["without search"]


def test_the_sitemap_lists_both_languages_and_the_root_404_is_spanish(both_ways):
    sitemap = both_ways["with"]["sitemap.xml"].read_text("utf-8")
    assert f"{SITE_URL}practicas/" in sitemap and f"{SITE_URL}en/practicas/" in sitemap
    assert '<html lang="es"' in both_ways["with"]["404.html"].read_text("utf-8")
    english = both_ways["with"]["en/404.html"].read_text("utf-8")
    assert '<html lang="en"' in english
    # its language switcher: the homes (not the last page built, mkdocs-static-i18n's state)
    assert 'href="/buenas-practicas/" hreflang="es"' in english
    assert 'href="/buenas-practicas/en/" hreflang="en"' in english


def test_the_data_files_come_from_the_child_process(built_site):
    """The forked child's files are all there, complete: open data, spreadsheets, citations,
    feeds (a child that fails fails the build: test_a_failing_child_fails_the_build)."""
    root = built_site.root
    for path in ("datos/practicas.json", "datos/practicas.csv", "datos/practicas-es.xlsx"):
        assert (root / path).stat().st_size > 0, path
    for record in built_site.records:
        for name in (f"{record['id']}-es.bib", f"{record['id']}-en.ris"):
            assert (root / "datos" / "citas" / name).is_file(), name
    assert (root / "feed.xml").read_text("utf-8").rstrip().endswith("</feed>")


CHILD_FAILS = """
import sys
from types import SimpleNamespace
import hooks
from mkdocs.exceptions import PluginError

def broken(*args):
    raise OSError("disk full (test)")

hooks.write_outputs = broken
hooks._build.renderer = SimpleNamespace(site=None)
config = SimpleNamespace(site_dir=sys.argv[1], site_url=None, repo_name="r", repo_url="u")
hooks._start_outputs(config)
print("forked" if hooks._build.outputs is not None else "inline")
try:
    hooks._finish_outputs(config)
except PluginError as exc:
    print("PluginError:", exc)
"""


def test_a_failing_child_fails_the_build(tmp_path):
    """A data file that cannot be written is an error of the build, with the child's own
    message, never a site without it (in a process of its own: with other threads running,
    as in this test session, the files are written inline instead of forking)."""
    result = subprocess.run(
        [sys.executable, "-c", CHILD_FAILS, str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[0] == "forked"
    assert lines[1].startswith("PluginError: writing the data files failed (exit 1)")
    assert "disk full (test)" in result.stdout
