"""Every index page (theme, country, type, organisation, GCM objective) links to exactly the
right practices, in both languages; the expected sets come straight from the records."""

from __future__ import annotations

import unicodedata

import pytest

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
        for code in record["countries"]:
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
    for (path, _kind), ids in expected.items():
        page = lang_prefix(lang) + path
        assert built_site.exists(page), f"missing index page {page}"
        found = linked_practices(built_site.html(page), page, "ul.bp-practice-list")
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
def test_overview_pages_link_every_index_page(built_site, lang):
    expected = expected_indexes(built_site.records, built_site.taxonomies)
    prefix = lang_prefix(lang)
    for section in ("paises/", "tipos/", "organizaciones/", "objetivos/"):
        overview = prefix + section
        soup = built_site.html(overview)
        linked = {resolve(overview, a["href"]) for a in soup.select("ul.bp-overview a[href]")}
        wanted = {prefix + path for path, _ in expected if path.startswith(section)}
        assert wanted <= linked, overview
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
            assert item["data-country"].split() == record["countries"]
            assert item["data-type"] == record["type"]
        options = {
            s["name"]: [o["value"] for o in s.select("option")] for s in soup.select("select")
        }
        assert set(options["theme"]) == {""} | set(built_site.taxonomies["themes"])
        assert set(options["country"]) == {""} | {
            c for r in built_site.records for c in r["countries"]
        }
        assert set(options["type"]) == {""} | {r["type"] for r in built_site.records}
        data = {resolve(page, a["href"]) for a in soup.select(".bp-open-data a")}
        assert data == {"datos/practicas.json", "datos/practicas.csv", "datos/practicas.xlsx"}
