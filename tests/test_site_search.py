"""Search: Pagefind's per-language indexes, queried with the site's own pagefind.js in Node
(tests/support/pagefind_query.mjs) against the built site served on 127.0.0.1 — no browser.
Spanish queries match regardless of accents and plural forms; filters narrow the results; the
page-kind filter holds every page but the practices."""

from __future__ import annotations

import json
import shutil
import subprocess

from bs4 import BeautifulSoup

from catalogue import ROOT

QUERY_SCRIPT = ROOT / "tests" / "support" / "pagefind_query.mjs"


def search(site, server, lang: str, query: str, filters: dict | None = None) -> dict:
    node = shutil.which("node")
    assert node, "these tests need Node.js (Debian package nodejs) to run Pagefind's search code"
    result = subprocess.run(
        [node, str(QUERY_SCRIPT), str(site.root), server.url(), lang, query]
        + [json.dumps(filters or {})],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def urls(found: dict) -> list[str]:
    return [r["url"] for r in found["results"]]


def test_index_has_one_language_per_html_lang(built_site):
    entry = json.loads((built_site.root / "pagefind" / "pagefind-entry.json").read_text())
    languages = entry["languages"]
    assert set(languages) == {"es", "en"}
    assert languages["es"]["page_count"] == languages["en"]["page_count"] > len(built_site.records)


def test_spanish_query_finds_spanish_pages_only(built_site, site_server):
    record = built_site.records[0]
    found = urls(search(built_site, site_server, "es", record["title"]["es"]))
    assert f"/practicas/{record['id']}/" in found
    assert not any(u.startswith("/en/") for u in found)


def test_english_query_finds_english_pages_only(built_site, site_server):
    record = built_site.records[0]
    found = urls(search(built_site, site_server, "en", record["title"]["en"]))
    assert f"/en/practicas/{record['id']}/" in found
    assert all(u.startswith("/en/") for u in found)


def test_spanish_search_ignores_accents_and_plurals(built_site, site_server):
    with_accent = urls(search(built_site, site_server, "es", "migración"))
    without = urls(search(built_site, site_server, "es", "migracion"))
    assert with_accent and sorted(with_accent) == sorted(without)
    plural = urls(search(built_site, site_server, "es", "prácticas"))
    singular = urls(search(built_site, site_server, "es", "practica"))
    assert plural and sorted(plural) == sorted(singular)
    # a page whose text has "prácticas" but not "practica" is found by "practica"
    assert "/practicas/" in singular


def test_theme_filter_narrows_results_to_that_theme(built_site, site_server):
    tax = built_site.taxonomies
    theme = built_site.records[0]["themes"][0]
    label = tax["themes"][theme]["label"]["es"]
    everything = search(built_site, site_server, "es", "migración")
    narrowed = search(built_site, site_server, "es", "migración", {"Tema": label})
    expected = {f"/practicas/{r['id']}/" for r in built_site.records if theme in r["themes"]}
    assert narrowed["results"] and len(narrowed["results"]) < len(everything["results"])
    assert set(urls(narrowed)) <= expected
    assert all(label in r["filters"]["Tema"] for r in narrowed["results"])
    # the index's filters are exactly those the Spanish pages declare (data-pagefind-filter)
    declared = {
        element["data-pagefind-filter"].split(":")[0]
        for path in built_site.root.glob("**/index.html")
        if not path.relative_to(built_site.root).parts[0] == "en"
        for element in BeautifulSoup(path.read_text("utf-8"), "html.parser").select(
            "[data-pagefind-filter]"
        )
    }
    assert {"Tema", "País", "Tipo", "Reunión", "kind"} <= declared
    assert set(everything["filters"]) == declared


def test_kind_filter_holds_every_page_but_practices(built_site, site_server):
    """search.js lists practices first: the pages that the `kind` filter (any kind but
    practice, overrides/main.html) does not return are exactly the practice pages."""
    kinds = {"any": ["theme", "country", "type", "organization", "gcm", "event", "concept", "page"]}
    # a type's label: on its type page and on its practices' pages
    kind = built_site.records[0]["type"]
    for lang, prefix in (("es", "/"), ("en", "/en/")):
        query = built_site.taxonomies["types"][kind]["label"][lang]
        everything = set(urls(search(built_site, site_server, lang, query)))
        others = set(urls(search(built_site, site_server, lang, query, {"kind": kinds})))
        practices = {u for u in everything if u.startswith(prefix + "practicas/")} - {
            prefix + "practicas/"
        }
        assert practices and others, (lang, sorted(everything))
        assert everything - others == practices, lang
