"""Browser: search from anywhere (issue 11, point 2).

- Every kind of page, in both languages and at phone width, has a search field in its header,
  visible without opening the menu; Enter opens the search page of the page's language with
  the query, which runs there.
- "/" and Ctrl-K put the cursor in that field (not while the reader types in another field).
- Results show their kind (práctica, tema, país, tipo, organización, objetivo) and practices
  come before the other pages. Checked on queries whose answers come from the catalogue: the
  label of the commonest type and the name of the country with most practices (their practices
  show that label, and the type or country page has it as its title) and "trata" (the issue's
  example: the practices on trafficking before the type page "Acuerdo o tratado").
- No result: the same query in the other language, and the catalogue, are offered.
- The language switcher keeps the search query.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from countries import country_name, country_slug
from site_helpers import PRACTICE_PATH, lang_prefix, resolve
from sitedata import sort_key
from test_browser_language import switch_language
from test_browser_search import RESULT, practice_ids, search_results

HEADER_FIELD = "header form[role=search] input[type=search]"
SEARCH_LABEL = {"es": "Buscar", "en": "Search"}
# The kinds the issue names, as the results show them (templates/labels.yml page_kinds).
KIND_LABELS = {
    "es": {
        "practicas": "práctica",
        "temas": "tema",
        "paises": "país",
        "tipos": "tipo",
        "organizaciones": "organización",
        "objetivos": "objetivo",
    },
    "en": {
        "practicas": "practice",
        "temas": "theme",
        "paises": "country",
        "tipos": "type",
        "organizaciones": "organisation",
        "objetivos": "objective",
    },
}
# No page has it, and Pagefind's typo tolerance finds no near word either.
NONSENSE = "qzxjvw"
PAGE_KINDS = {
    "home": "",
    "practice": "practicas/{practice}/",
    "theme": "temas/{theme}/",
    "country": "paises/{country}/",
    "catalogue": "practicas/",
    "about": "acerca/",
}


def page_paths(built_site) -> dict[str, str]:
    record = next(r for r in built_site.records if r["countries"])
    return {
        name: path.format(
            practice=record["id"], theme=record["themes"][0], country=record["countries"][0].lower()
        )
        for name, path in PAGE_KINDS.items()
    }


def kinds_and_paths(page) -> list[tuple[str, str]]:
    """(kind label, site path) of every result shown, in order."""
    rows = page.locator(RESULT).evaluate_all(
        """items => items.map(li => [
             (li.querySelector('.bp-search__kind') || {}).textContent || '',
             li.querySelector('a.bp-search__link').getAttribute('href')])"""
    )
    return [(kind.strip(), resolve("", href)) for kind, href in rows]


def section(path: str) -> str:
    parts = path.removeprefix("en/").split("/")
    return parts[0] if len(parts) == 3 and parts[1] else "page"


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_page_has_a_header_search_that_opens_the_search_page(
    built_site, site_server, page, lang, width
):
    page.set_viewport_size({"width": width, "height": 800})
    record = built_site.records[0]
    for name, path in page_paths(built_site).items():
        page.goto(site_server.url(lang_prefix(lang) + path))
        field = page.locator(HEADER_FIELD)
        assert field.count() == 1, f"{name}: {field.count()} header search fields"
        assert field.is_visible(), f"{name} at {width}px: the header search field is hidden"
        box = field.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (name, width, box)
        label = page.get_by_role("searchbox", name=SEARCH_LABEL[lang], exact=True)
        assert label.count() == 1, f"{name}: header field not labelled {SEARCH_LABEL[lang]!r}"
    # from the last page: a practice's title, Enter, the search page of the language
    page.wait_for_load_state("networkidle")
    page.watch.clear()
    field.fill(record["title"][lang])
    with page.expect_navigation():
        field.press("Enter")
    assert urlsplit(page.url).path == "/" + lang_prefix(lang) + "buscar/", page.url
    assert parse_qs(urlsplit(page.url).query) == {"q": [record["title"][lang]]}
    page.locator(f"{RESULT} a.bp-search__link").first.wait_for()
    assert record["id"] in practice_ids([p for _, p in kinds_and_paths(page)])
    assert page.locator(HEADER_FIELD).input_value() == record["title"][lang]
    assert not page.watch.problems(), "\n".join(page.watch.problems())


@pytest.mark.parametrize("lang", ["es", "en"])
def test_slash_and_ctrl_k_focus_the_header_search(built_site, site_server, page, lang):
    record = built_site.records[0]
    page.goto(site_server.url(f"{lang_prefix(lang)}practicas/{record['id']}/"))
    focused = "() => document.activeElement && document.activeElement.id"
    assert page.evaluate(focused) != "bp-header-q"
    page.keyboard.press("/")
    assert page.evaluate(focused) == "bp-header-q"
    assert page.locator(HEADER_FIELD).input_value() == "", "the / was typed into the field"
    page.keyboard.press("Escape")
    assert page.evaluate(focused) != "bp-header-q"
    page.keyboard.press("Control+k")
    assert page.evaluate(focused) == "bp-header-q"
    # typing "/" in another field types it there
    page.goto(site_server.url(f"{lang_prefix(lang)}practicas/"))
    text = page.locator("#bp-filters input[name=q]")
    text.wait_for()
    text.focus()
    page.keyboard.type("a/b")
    assert text.input_value() == "a/b"
    assert page.evaluate(focused) != "bp-header-q"


def ranking_queries(built_site, lang: str) -> list[tuple[str, set[str], str]]:
    """(query, practices that must be found, the index page that must come after them)."""
    records, tax = built_site.records, built_site.taxonomies
    prefix = lang_prefix(lang)
    counts: dict = {}
    for r in records:
        counts[r["type"]] = counts.get(r["type"], 0) + 1
    kind = max(sorted(counts), key=lambda k: counts[k])
    by_country: dict = {}
    for r in records:
        for c in r["countries"]:
            by_country[c] = by_country.get(c, 0) + 1
    country = max(sorted(by_country), key=lambda c: by_country[c])
    queries = [
        (
            tax["types"][kind]["label"][lang],
            {r["id"] for r in records if r["type"] == kind},
            f"{prefix}tipos/{kind}/",
        ),
        (
            country_name(country, lang),
            {r["id"] for r in records if country in r["countries"]},
            f"{prefix}paises/{country_slug(country)}/",
        ),
    ]
    if lang == "es":
        # the example: "trata" also matches the type "Acuerdo o tratado"
        treaty = next(k for k, t in tax["types"].items() if "tratado" in t["label"]["es"].lower())
        word = re.compile(r"\btrata\b")
        titled = {r["id"] for r in records if word.search(sort_key(r["title"]["es"]))}
        assert titled, "no practice has «trata» in its Spanish title"
        queries.append(("trata", titled, f"tipos/{treaty}/"))
    return queries


@pytest.mark.parametrize("lang", ["es", "en"])
def test_practices_rank_before_index_pages_and_results_show_their_kind(
    built_site, site_server, page, lang
):
    for query, must_find, index_page in ranking_queries(built_site, lang):
        page.goto(site_server.url(f"{lang_prefix(lang)}buscar/"))
        page.locator("#bp-search-input").fill(query)
        count, paths, message = search_results(page)
        shown = kinds_and_paths(page)
        assert [p for _, p in shown] == paths
        is_practice = [bool(PRACTICE_PATH.match(p)) for p in paths]
        assert index_page in paths, f"{query!r}: {index_page} not found; {message}"
        assert False in is_practice and True in is_practice, f"{query!r}: {paths}"
        last_practice = max(i for i, flag in enumerate(is_practice) if flag)
        first_other = is_practice.index(False)
        assert last_practice < first_other, (
            f"{query!r}: {paths[first_other]} (not a practice) ranked before {paths[last_practice]}"
        )
        missing = must_find - practice_ids(paths)
        assert not missing, f"{query!r} did not find {sorted(missing)}"
        for kind, path in shown:
            expected = KIND_LABELS[lang].get(section(path))
            if expected:
                assert kind == expected, f"{query!r}: {path} labelled {kind!r}, not {expected!r}"
            else:
                assert kind, f"{query!r}: {path} has no kind label"
    assert not page.watch.problems(), "\n".join(page.watch.problems())


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_result_offers_the_other_language_and_the_catalogue(site_server, page, lang):
    other = "en" if lang == "es" else "es"
    query = NONSENSE
    page.goto(site_server.url(f"{lang_prefix(lang)}buscar/?q={query}"))
    status = page.locator("#bp-search [role=status]")
    status.filter(has_text=query).wait_for()
    assert not page.locator(RESULT).count()
    offer = page.locator(".bp-search__none")
    assert offer.is_visible()
    to_other = offer.locator("a.bp-search__other")
    assert query in to_other.inner_text()
    href = offer.locator("a.bp-search__catalogue").get_attribute("href")
    catalogue = resolve(lang_prefix(lang) + "buscar/", href)
    assert catalogue == lang_prefix(lang) + "practicas/"
    with page.expect_navigation():
        to_other.click()
    assert urlsplit(page.url).path == "/" + lang_prefix(other) + "buscar/"
    assert page.get_attribute("html", "lang") == other
    assert page.locator("#bp-search-input").input_value() == query
    page.locator("#bp-search [role=status]").filter(has_text=query).wait_for()
    assert page.locator(".bp-search__none a.bp-search__other").get_attribute("hreflang") == lang
    assert not page.watch.problems(), "\n".join(page.watch.problems())


def test_language_switcher_keeps_the_search_query(site_server, page):
    page.goto(site_server.url("buscar/?q=trata"))
    page.locator(f"{RESULT} a").first.wait_for()
    switch_language(page, "en")
    assert urlsplit(page.url).path == "/en/buscar/"
    assert parse_qs(urlsplit(page.url).query) == {"q": ["trata"]}, page.url
    assert page.locator("#bp-search-input").input_value() == "trata"
    page.locator("#bp-search [role=status]").filter(has_text="trata").wait_for()
    switch_language(page, "es")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["trata"]}, page.url
    assert not page.watch.problems(), "\n".join(page.watch.problems())
