"""Search: Pagefind's per-language indexes, queried with the site's own pagefind.js in Node
(tests/support/pagefind_query.mjs) against the built site served on 127.0.0.1 — no browser.
Spanish queries match regardless of accents and plural forms; filters narrow the results; the
page-kind filter holds every page but the practices."""

from __future__ import annotations

import json
import shutil
import subprocess

from bs4 import BeautifulSoup

from catalogue import LANGUAGES, ROOT
from sitedata import SEARCH_BUNDLE, page_url

QUERY_SCRIPT = ROOT / "tests" / "support" / "pagefind_query.mjs"


def search(site, server, lang: str, query: str, filters: dict | None = None) -> dict:
    node = shutil.which("node")
    assert node, "these tests need Node.js (Debian package nodejs) to run Pagefind's search code"
    result = subprocess.run(
        [node, str(QUERY_SCRIPT), str(site.root), server.url(), page_url(SEARCH_BUNDLE, lang)]
        + [lang, query]
        + [json.dumps(filters or {})],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def urls(found: dict) -> list[str]:
    return [r["url"] for r in found["results"]]


def test_each_language_has_a_bundle_of_its_own_pages(built_site):
    counts = {}
    for lang in LANGUAGES:
        bundle = built_site.root / page_url(SEARCH_BUNDLE, lang)
        languages = json.loads((bundle / "pagefind-entry.json").read_text())["languages"]
        assert list(languages) == [lang]  # <html lang> of every page indexed there
        counts[lang] = languages[lang]["page_count"]
    assert counts["es"] == counts["en"] > len(built_site.records)


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
    practice, overrides/main.html) does not return are exactly the practice pages. The kinds
    are those the search page gives its script (data-kinds)."""
    box = built_site.html("buscar/").select_one("#bp-search")
    listed = json.loads(box["data-kinds"])
    assert sorted(listed) == sorted(
        ["theme", "country", "type", "organization", "gcm", "event", "concept", "page"]
    )
    kinds = {"any": listed}
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


# The Pagefind kind of each kind of page: its filter `kind` (none on practices: search.js ranks
# them first by leaving them out of it) and its meta `kind`, the word shown beside a result.
# These are the words mkdocs.yml extra.ui.kinds used to give; they now come from
# sitedata.page_kind and templates/labels.yml page_kinds, and must not change.
KIND_PAGES = {
    # page (Spanish path; "{x}" a key of the kind) -> (filter or None, meta es, meta en)
    "practicas/{practice}/": (None, "práctica", "practice"),
    "temas/{theme}/": ("theme", "tema", "theme"),
    "paises/{country}/": ("country", "país", "country"),
    "tipos/{type}/": ("type", "tipo", "type"),
    "organizaciones/{organization}/": ("organization", "organización", "organisation"),
    "objetivos/{gcm}/": ("gcm", "objetivo", "objective"),
    "reuniones/{event}/": ("event", "reunión", "meeting"),
    "conceptos/children/": ("concept", "concepto", "concept"),
    "reuniones/{event}/informe/": ("page", "página", "page"),
    "practicas/": ("page", "página", "page"),
    "paises/": ("page", "página", "page"),
    "buscar/": ("page", "página", "page"),
    "": ("page", "página", "page"),
}


def test_every_kind_of_page_gives_pagefind_its_kind(built_site):
    record = built_site.records[0]
    keys = {
        "practice": record["id"],
        "theme": record["themes"][0],
        "country": next(r["countries"][0] for r in built_site.records if r["countries"]).lower(),
        "type": record["type"],
        "organization": next(
            r["organizations"][0] for r in built_site.records if r.get("organizations")
        ),
        "gcm": next(r["gcm_objectives"][0] for r in built_site.records if r.get("gcm_objectives")),
        "event": next(r["source"]["event"] for r in built_site.records if r["source"].get("event")),
    }
    for pattern, (kind, es, en) in KIND_PAGES.items():
        path = pattern.format(**keys)
        for lang, word in (("es", es), ("en", en)):
            page = path if lang == "es" else f"en/{path}"
            body = built_site.html(page).select("[data-pagefind-body]")
            assert len(body) == 1, page
            assert body[0].get("data-pagefind-meta") == f"kind:{word}", page
            assert body[0].get("data-pagefind-filter") == (f"kind:{kind}" if kind else None), page


def test_the_default_language_bundle_takes_every_page_outside_the_others_folders():
    """hooks.pages_glob's patterns (fnmatch reads [!x], * and ? as Pagefind's globs do)."""
    from fnmatch import fnmatchcase

    from hooks import _names_but, pages_glob

    names = ["en", "e", "es", "eng", "ne", "n", "paises", "x", "enlaces", "buscar"]
    for others in (["en"], ["en", "fr"], ["en", "es", "eng"], ["pt", "p"]):
        patterns = _names_but(others)
        matched = {name for name in names + others if any(fnmatchcase(name, p) for p in patterns)}
        assert matched == set(names + others) - set(others), (others, patterns)
    assert pages_glob("en") == "en/**/*.html"
    assert (
        pages_glob("es") == "{*.html,[!e]*/**/*.html,e/**/*.html,e[!n]*/**/*.html,en?*/**/*.html}"
    )
