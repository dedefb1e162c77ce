"""Index pages stay small however large the catalogue grows (views_index.bounded), and what
the views compute once per site gives what computing it every time gave.

Rendered without mkdocs (views.Renderer on stand-in pages) from bench/site_build.py's
synthetic records, at two sizes, with the bound lowered to 10 so that every list is past it
at both: no list of practices on any generated index page (country, type, organisation,
objective, concept, meeting) or theme list holds more than the bound; a longer list says how
many it shows of how many and links to the catalogue filtered on the page's key, with a
filter that the catalogue's form has; the largest index page at 3N is no larger than at N
(and, with the real bound, under 80 KB). Site.related() is checked against counting every
pair of records, and views_base.relative() against posixpath.relpath.
"""

from __future__ import annotations

import posixpath
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

import views_index
from catalogue import LANGUAGES, ROOT, load_taxonomies
from concepts import load as load_concepts
from conftest import load_bench
from site_helpers import resolve
from sitedata import INDEX_KINDS, RELATED_KINDS, Site, page_url, slug, values
from views import Renderer
from views_base import relative

SMALL, LARGE = 300, 900
BOUND = 10  # views_index.LISTED in these tests: past it at SMALL already (a country has ~1/20)


@pytest.fixture(scope="module")
def config():
    return load_config(str(ROOT / "mkdocs.yml"))


@pytest.fixture
def listed(monkeypatch) -> int:
    monkeypatch.setattr(views_index, "LISTED", BOUND)
    return BOUND


@pytest.fixture(scope="module")
def sites():
    records = load_bench().synthetic_records(LARGE)
    taxonomies = {**load_taxonomies(), "concepts": load_concepts()}
    return {n: Site(records[:n], taxonomies) for n in (SMALL, LARGE)}


def page(path: str, lang: str):
    return SimpleNamespace(
        url=page_url(path, lang), file=SimpleNamespace(locale=lang), meta={}, title=None
    )


def index_pages(site: Site, renderer: Renderer, lang: str):
    """(site path, HTML) of every generated index page and every theme's list, in `lang`."""
    for kind in INDEX_KINDS.values():
        for key in site.keys(kind.name):
            path = f"{kind.section}/{slug(kind.name, key)}/"
            if kind.generated:
                html = renderer.index_page(page(path, lang), kind.name, key)
            else:  # theme pages are hand-written around the practice_list macro
                html = renderer.practice_list(page(path, lang), **{kind.name: key})
            yield page_url(path, lang), str(html)


def largest_index_page(site: Site, config) -> int:
    renderer = Renderer(site, config)
    return max(
        len(html.encode()) for lang in LANGUAGES for _, html in index_pages(site, renderer, lang)
    )


def test_index_pages_do_not_grow_with_the_catalogue(sites, config, listed):
    small, large = (largest_index_page(sites[n], config) for n in (SMALL, LARGE))
    # 3x the records: every list is past the bound already, so the pages do not grow
    assert large < 1.05 * small, (small, large)


def test_index_pages_are_small_with_the_real_bound(sites, config):
    assert largest_index_page(sites[LARGE], config) < 80_000


def test_long_lists_show_the_first_ones_and_link_to_all_in_the_catalogue(sites, config, listed):
    site = sites[LARGE]
    renderer = Renderer(site, config)
    catalogue = BeautifulSoup(
        str(renderer.practice_catalogue(page("practicas/", "es"))), "html.parser"
    )
    facets = {s["name"] for s in catalogue.select("select[data-facet]")} | {"q"}
    by_id = site.by_id
    bounded = 0
    for lang in LANGUAGES:
        for path, html in index_pages(site, renderer, lang):
            soup = BeautifulSoup(html, "html.parser")
            for ul in soup.select("ul.bp-practice-list"):
                items = ul.find_all("li", recursive=False)
                assert 0 < len(items) <= listed, (path, len(items))
                more = ul.find_next_sibling()
                if more is None or "bp-more" not in more.get("class", []):
                    continue
                bounded += 1
                assert len(items) == listed, path
                assert f"{listed} " in more.get_text(), (path, more.get_text())
                target = resolve(path, more.a["href"])
                query = dict(parse_qsl(urlsplit(more.a["href"]).query))
                if target.endswith(".xlsx"):  # a country's proposals: its spreadsheet
                    continue
                assert target == page_url("practicas/", lang), (path, target)
                assert query and set(query) <= facets, (path, query)
            # the titles shown are the first ones by title (Site.members' order)
            for ul in soup.select("ul.bp-practice-list:not(.bp-regional-list)"):
                ids = [
                    resolve(path, li.a["href"]).rstrip("/").rsplit("/", 1)[1]
                    for li in ul.select(":scope > li")
                ]
                titles = [by_id[i]["title"][lang] for i in ids]
                assert titles == [
                    r["title"][lang] for r in site.sorted_records([by_id[i] for i in ids], lang)
                ]
    assert bounded, f"no list longer than {listed} at {LARGE} records: nothing was tested"


def test_a_country_page_counts_every_practice_it_does_not_list(sites, config, listed):
    site = sites[LARGE]
    renderer = Renderer(site, config)
    code = max(site.listed("country"), key=lambda c: site.count("country", c))
    own, regional, _ = site.country_practices(code, "es")
    assert len(own) > listed, "no country past the bound: nothing was tested"
    html = str(renderer.index_page(page(f"paises/{code.lower()}/", "es"), "country", code))
    count = BeautifulSoup(html, "html.parser").select_one("p.bp-count").get_text()
    assert str(len(own) + len(regional)) in count, count


def test_related_is_what_counting_every_pair_gives(sites):
    site = sites[SMALL]
    own = {r["id"]: {(k, v) for k in RELATED_KINDS for v in values(r, k)} for r in site.records}
    for record in site.records:
        mine = own[record["id"]]
        scored = [
            (-len(mine & theirs), other)
            for other, theirs in own.items()
            if other != record["id"] and mine & theirs
        ]
        want = [pid for _, pid in sorted(scored)[:5]]
        assert [other["id"] for other, _ in site.related(record)] == want, record["id"]


@pytest.mark.parametrize(
    "current",
    ["", "practicas/", "practicas/x/", "en/practicas/x/", "en/", "404.html", "a/b.html", "x/./y/"],
)
@pytest.mark.parametrize(
    "target",
    [
        "",
        "practicas/x/",
        "en/practicas/y/",
        "practicas/",
        "datos/practicas.json",
        "en/paises/gt/",
        "assets/search.js",
        "practicas/x/../y/",
        "en/",
    ],
)
def test_relative_is_posix_relpath(target, current):
    base = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    want = posixpath.relpath("/" + target, "/" + base)
    if target.endswith("/") or not target:
        want = "./" if want == "." else want + "/"
    assert relative(target, current) == want
