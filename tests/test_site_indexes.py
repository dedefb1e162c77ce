"""Every index page (theme, country, type, organisation, GCM objective) links to exactly the
right practices, in both languages; the expected sets come straight from the records. A
country page lists every practice that applies to the country (membership.applies_to: its
own countries plus the members of its regional bodies whose membership carries their
practices): its own first, then the regional ones, each naming the body it comes from, then
the proposals made for it (membership.proposed_for), then, apart, the regional and
international practices of no country (membership.unplaced; test_country_views.py); the
overview's counts and the catalogue's country facet count what applies, the same way. An
overview page links the index pages that have practices and names the others, unlinked
(test_filters.py checks both against the open data)."""

from __future__ import annotations

import unicodedata

import pytest

from membership import applies_to, carrying, proposed_for
from site_helpers import lang_prefix, linked_practices, resolve

LANGS = ("es", "en")


def expected_indexes(records, taxonomies) -> dict[tuple[str, str], set[str]]:
    """(site path without language prefix, kind) -> ids of the practices it must list."""
    out: dict[tuple[str, str], set[str]] = {}

    def add(path, kind, practice_id=None):
        out.setdefault((path, kind), set())
        if practice_id:
            out[(path, kind)].add(practice_id)

    for theme in taxonomies["themes"]:
        add(f"temas/{theme}/", "theme")
    for key in taxonomies["types"]:
        add(f"tipos/{key}/", "type")
    for key in taxonomies["organizations"]:
        add(f"organizaciones/{key}/", "organization")
    for n in range(1, 24):
        add(f"objetivos/{n}/", "gcm")
    for record in records:
        for theme in record["themes"]:
            add(f"temas/{theme}/", "theme", record["id"])
        for code in applies_to(record, taxonomies) + proposed_for(record, taxonomies):
            add(f"paises/{code.lower()}/", "country", record["id"])
        add(f"tipos/{record['type']}/", "type", record["id"])
        for org in record.get("organizations", []):
            add(f"organizaciones/{org}/", "organization", record["id"])
        for n in record.get("gcm_objectives", []):
            add(f"objetivos/{n}/", "gcm", record["id"])
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_every_index_lists_exactly_its_practices(built_site, lang):
    expected = expected_indexes(built_site.records, built_site.taxonomies)
    assert any(ids for ids in expected.values()), "no index has any practice"
    for (path, kind), ids in expected.items():
        page = lang_prefix(lang) + path
        assert built_site.exists(page), f"missing index page {page}"
        # a country page's group of practices of no country is not the country's
        lists = (
            "ul.bp-practice-list:not(.bp-unplaced-list)"
            if kind == "country"
            else ("ul.bp-practice-list")
        )
        found = linked_practices(built_site.html(page), page, lists)
        assert found == ids, page


@pytest.mark.parametrize("lang", LANGS)
def test_index_lists_are_sorted_by_title_in_the_page_language(built_site, lang):
    by_id = {r["id"]: r for r in built_site.records}
    page = lang_prefix(lang) + f"tipos/{built_site.records[0]['type']}/"
    links = built_site.html(page).select("ul.bp-practice-list > li > a")
    ids = [resolve(page, a["href"]).rstrip("/").rsplit("/", 1)[1] for a in links]
    assert [a.get_text() for a in links] == [by_id[i]["title"][lang] for i in ids]

    def key(text):
        text = unicodedata.normalize("NFKD", text)
        return "".join(c for c in text if not unicodedata.combining(c)).casefold()

    assert [key(a.get_text()) for a in links] == sorted(key(a.get_text()) for a in links)


@pytest.mark.parametrize("lang", LANGS)
def test_overview_pages_link_every_index_page_with_practices(built_site, lang):
    tax = built_site.taxonomies
    expected = expected_indexes(built_site.records, tax)
    prefix = lang_prefix(lang)
    for section in ("paises/", "tipos/", "organizaciones/", "objetivos/"):
        overview = prefix + section
        soup = built_site.html(overview)
        linked = {resolve(overview, a["href"]) for a in soup.select("ul.bp-overview a[href]")}
        # a country page counts what applies (its proposals are listed, not counted)
        applying = {f"paises/{c.lower()}/" for r in built_site.records for c in applies_to(r, tax)}
        wanted = {
            prefix + path
            for (path, kind), ids in expected.items()
            if path.startswith(section) and (path in applying if kind == "country" else ids)
        }
        assert wanted == linked, overview
        for target in linked:
            assert built_site.exists(target), target


def test_catalogue_lists_every_practice_with_its_facets(built_site):
    for lang in LANGS:
        page = lang_prefix(lang) + "practicas/"
        soup = built_site.html(page)
        assert linked_practices(soup, page, "#bp-catalogue-list") == {
            r["id"] for r in built_site.records
        }
        by_id = {r["id"]: r for r in built_site.records}
        for item in soup.select("#bp-catalogue-list > li"):
            pid = resolve(page, item.a["href"]).rstrip("/").rsplit("/", 1)[1]
            record = by_id[pid]
            assert item["data-theme"].split() == record["themes"]
            assert item["data-country"].split() == applies_to(record, built_site.taxonomies)
            assert item["data-type"] == record["type"]
        options = {
            s["name"]: [o["value"] for o in s.select("option")] for s in soup.select("select")
        }
        assert set(options["theme"]) == {""} | set(built_site.taxonomies["themes"])
        assert set(options["country"]) == {""} | {
            c for r in built_site.records for c in applies_to(r, built_site.taxonomies)
        }
        assert set(options["type"]) == {""} | {r["type"] for r in built_site.records}
        data = {resolve(page, a["href"]) for a in soup.select(".bp-open-data a")}
        assert data == {"datos/practicas.json", "datos/practicas.csv", "datos/practicas.xlsx"}


def _ids(page: str, items) -> list[str]:
    return [resolve(page, li.a["href"]).rstrip("/").rsplit("/", 1)[1] for li in items]


@pytest.mark.parametrize("lang", LANGS)
def test_country_pages_list_own_practices_then_regional_ones_with_their_body(built_site, lang):
    tax = built_site.taxonomies
    members = carrying(tax)
    codes = {c for r in built_site.records for c in applies_to(r, tax)}
    regional_somewhere = 0
    for code in sorted(codes):
        page = f"{lang_prefix(lang)}paises/{code.lower()}/"
        soup = built_site.html(page)
        own = {r["id"] for r in built_site.records if code in r["countries"]}
        regional = {
            r["id"]: [o for o in r.get("organizations", []) if code in members.get(o, [])]
            for r in built_site.records
            if code in applies_to(r, tax) and code not in r["countries"]
        }
        lists = soup.select("div.bp-country ul.bp-practice-list")
        own_list = soup.select("h2#own + ul.bp-practice-list > li")
        regional_items = soup.select("ul.bp-regional-list > li")
        assert set(_ids(page, own_list)) == own, page
        assert (
            _ids(page, regional_items) and set(_ids(page, regional_items)) == set(regional)
            if regional
            else not regional_items
        ), page
        # own first: the regional list comes after the own list
        if own and regional:
            assert lists.index(regional_items[0].parent) > lists.index(own_list[0].parent), page
        for item, rid in zip(regional_items, _ids(page, regional_items), strict=True):
            assert item["data-bodies"].split() == regional[rid], (page, rid)
            assert item.select_one(".bp-badge"), (page, rid)
            named = {resolve(page, a["href"]) for a in item.select(".bp-meta a")}
            assert named == {f"{lang_prefix(lang)}organizaciones/{b}/" for b in regional[rid]}, (
                page,
                rid,
            )
        regional_somewhere += bool(regional and not own)
        count = soup.select_one("p.bp-count").get_text()
        assert str(len(own) + len(regional)) in count, (page, count)
    assert regional_somewhere, "no country has only regional practices: nothing was tested"


@pytest.mark.parametrize("lang", LANGS)
def test_country_counts_count_what_applies(built_site, lang):
    """The countries overview and the home chart give each country the number of practices
    that apply to it."""
    tax = built_site.taxonomies
    want = {}
    for r in built_site.records:
        for code in applies_to(r, tax):
            want[f"paises/{code.lower()}/"] = want.get(f"paises/{code.lower()}/", 0) + 1
    overview = lang_prefix(lang) + "paises/"
    got = {
        resolve(overview, li.a["href"]).removeprefix(lang_prefix(lang)): int(
            li.select_one(".bp-meta").get_text().strip("()")
        )
        for li in built_site.html(overview).select("ul.bp-overview > li")
    }
    assert {k: v for k, v in got.items() if v} == want
    home = lang_prefix(lang)
    bars = {
        resolve(home, li.a["href"]).removeprefix(lang_prefix(lang)): int(
            li.select_one(".bp-bar-value").get_text()
        )
        for li in built_site.html(home).select("#bp-chart-country + ul > li")
    }
    assert bars == want
