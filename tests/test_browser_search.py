"""Browser: the search page (our UI on Pagefind's JS API, docs/assets/search.js) as a reader
uses it.

Typing a Spanish title on /buscar/ finds that practice's Spanish page and no English page, and
the reverse on /en/buscar/; an unaccented Spanish query finds the accented word; ticking a
theme in the filter panel narrows the results to practices of that theme; the first search
does not load the filter index, opening the filter panel does; the address follows the query.
Issue 18: the panel offers theme, country, scope, organisation, type, objective and meeting;
ticking a country lists the practices of no country (membership.unplaced) apart, under their
own heading, and says how many; a query with nothing under its filters offers to clear them.
The Node tests of the index itself are in test_site_search.py and test_filters.py."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from countries import country_name
from membership import applies_to, unplaced
from site_helpers import PRACTICE_PATH, lang_prefix, resolve
from test_browser_catalogue import empty_country_view

RESULT = "#bp-search .bp-search__results > li.bp-search__result"
STATUS = "#bp-search [role=status]"
FILTER_INDEX = "/pagefind/filter/"
# The result count is announced in the live region ("80 resultados para «migracion»",
# "12 results for ...", "Ningún resultado para ...", then what is listed apart after a ";")
# and differs from the previous message (a new search or a filter has finished).
COUNT_SHOWN = """previous => {
  const m = document.querySelector('#bp-search [role=status][aria-live=polite]');
  return m !== null && m.textContent !== '' && m.textContent !== previous;
}"""


def search_results(page, previous_message: str = "") -> tuple[int, list[str], str]:
    """Wait for a search to finish, load every page of results ("more") and return
    (count announced, site paths of the results in order, message)."""
    count, message = wait_for_count(page, previous_message)
    results = page.locator(RESULT)
    more = page.locator("#bp-search button.bp-search__more")
    while results.count() < count and more.is_visible():
        shown = results.count()
        more.click()
        page.wait_for_function(
            "([selector, shown]) => document.querySelectorAll(selector).length > shown",
            arg=[RESULT, shown],
        )
    assert not more.is_visible(), f"'more' still offered with all {count} results shown"
    hrefs = page.locator(f"{RESULT} a.bp-search__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return count, [resolve("", href) for href in hrefs], message


def wait_for_count(page, previous_message: str = "") -> tuple[int, str]:
    page.wait_for_function(COUNT_SHOWN, arg=previous_message)
    message = page.locator(STATUS).inner_text()
    found = re.search(r"\d+", message.split(";")[0])  # none in "Ningún resultado para «x»"
    return int(found.group()) if found else 0, message


def type_query(page, query: str, label: str) -> None:
    page.get_by_role("searchbox", name=label).fill(query)


def practice_ids(paths: list[str]) -> set[str]:
    return {m.group(1) for m in map(PRACTICE_PATH.match, paths) if m}


def a_translated_record(records: list[dict]) -> dict:
    translated = [r for r in records if r["title"]["es"] != r["title"]["en"]]
    assert translated, "no record has different Spanish and English titles"
    return translated[-1]


def test_spanish_title_finds_the_spanish_page_and_no_english_page(built_site, site_server, page):
    record = a_translated_record(built_site.records)
    page.goto(site_server.url("buscar/"))
    type_query(page, record["title"]["es"], "Buscar en el sitio")
    count, paths, message = search_results(page)
    assert f"practicas/{record['id']}/" in paths, f"{message}: {paths}"
    english = [p for p in paths if p.startswith("en/")]
    assert not english, f"English pages in Spanish results: {english}"
    assert len(paths) == count
    assert not page.watch.problems(), "\n".join(page.watch.problems())


def test_english_title_finds_the_english_page_and_no_spanish_page(built_site, site_server, page):
    record = a_translated_record(built_site.records)
    page.goto(site_server.url("en/buscar/"))
    type_query(page, record["title"]["en"], "Search the site")
    count, paths, message = search_results(page)
    assert f"en/practicas/{record['id']}/" in paths, f"{message}: {paths}"
    spanish = [p for p in paths if not p.startswith("en/")]
    assert not spanish, f"Spanish pages in English results: {spanish}"
    assert not page.watch.problems(), "\n".join(page.watch.problems())


def test_unaccented_spanish_query_finds_accented_words(built_site, site_server, page):
    # Practices whose Spanish title or summary has the word "migración" (not "inmigración":
    # Pagefind matches words by their start): their pages must be found.
    word = re.compile(r"\bmigración\b")
    expected = {
        r["id"]
        for r in built_site.records
        if word.search((r["title"]["es"] + " " + r["summary"]["es"]).casefold())
    }
    assert expected, "no record mentions «migración» in its Spanish title or summary"
    page.goto(site_server.url("buscar/?q=migracion"))
    count, paths, message = search_results(page)
    missing = expected - practice_ids(paths)
    assert not missing, f"«migracion» did not find {sorted(missing)}; {message}"
    assert not [p for p in paths if p.startswith("en/")]
    highlighted = {m.casefold() for m in page.locator(f"{RESULT} mark").all_inner_texts()}
    assert any(m.startswith("migración") for m in highlighted), sorted(highlighted)


def test_theme_filter_narrows_the_results_to_that_theme(built_site, site_server, page):
    records, themes = built_site.records, built_site.taxonomies["themes"]
    # the theme with the fewest practices (at least one): filtering must visibly narrow
    counts = {t: sum(t in r["themes"] for r in records) for t in themes}
    theme = min((t for t in counts if counts[t]), key=lambda t: (counts[t], t))
    label = themes[theme]["label"]["es"]
    of_theme = {r["id"] for r in records if theme in r["themes"]}

    page.goto(site_server.url("buscar/?q=migracion"))
    before, paths_before, message = search_results(page)
    page.locator("#bp-search summary").click()  # opens the filter panel
    themes_group = page.get_by_role("group", name="Tema")
    themes_group.get_by_label(re.compile(rf"^{re.escape(label)} \(\d+\)$")).check()
    after, paths, message_after = search_results(page, message)

    assert 0 < after < before, f"before: {message!r}, after ticking {label!r}: {message_after!r}"
    assert len(paths) == after
    others = practice_ids(paths) - of_theme
    not_practices = [p for p in paths if not PRACTICE_PATH.match(p)]
    assert not others and not not_practices, (
        f"results outside theme {theme!r}: {sorted(others)} {not_practices}"
    )
    assert set(paths) < set(paths_before)
    assert not page.watch.problems(), "\n".join(page.watch.problems())


def test_search_page_language_matches_its_index(site_server, page):
    """The English search page loads only the English index (<html lang="en">)."""
    page.goto(site_server.url(lang_prefix("en") + "buscar/?q=migration"))
    count, message = wait_for_count(page)
    assert count > 0, message
    loaded = [u for u in page.watch.requests if "/pagefind/" in u]
    assert any("/pagefind/index/en_" in u for u in loaded), loaded
    assert not any("/pagefind/index/es_" in u or "wasm.es." in u for u in loaded), loaded


GROUPS = ["Tema", "País", "Alcance", "Organización", "Tipo", "Objetivo del Pacto Mundial",
          "Reunión"]  # fmt: skip


def test_first_search_skips_the_filter_index_until_the_panel_opens(site_server, page):
    """A first search loads the page list, the words' chunks and one filter chunk (the page
    kind, which puts practices first), not the other filters: those load when the reader
    opens the filter panel, which then offers its groups in data-groups' order (and not the
    page kind)."""
    page.goto(site_server.url("buscar/?q=migracion"))
    count, message = wait_for_count(page)
    assert count > 0, message
    page.wait_for_load_state("networkidle")
    loaded = [u for u in page.watch.requests if "/pagefind/" in u]
    assert any("/pagefind/index/es_" in u for u in loaded), loaded
    first = {u for u in loaded if FILTER_INDEX in u}
    assert len(first) <= 1, sorted(first)
    assert not page.locator("#bp-search input[type=checkbox]").count()

    page.locator("#bp-search summary").click()
    for group in GROUPS:
        boxes = page.get_by_role("group", name=group).get_by_role("checkbox")
        boxes.first.wait_for()
        assert boxes.count() > 0, group
    legends = page.locator("#bp-search fieldset legend").all_inner_texts()
    assert legends == GROUPS, f"the groups, in order, and not the page kind: {legends}"
    page.wait_for_load_state("networkidle")
    after = {u for u in page.watch.requests if FILTER_INDEX in u}
    assert len(after - first) >= 3, sorted(after)
    assert not page.watch.problems(), "\n".join(page.watch.problems())


def test_address_follows_the_query(site_server, page):
    page.goto(site_server.url("en/buscar/?q=migration"))
    assert page.get_by_role("searchbox", name="Search the site").input_value() == "migration"
    count, message = wait_for_count(page)
    assert count > 0, message
    type_query(page, "trafficking", "Search the site")
    wait_for_count(page, message)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["trafficking"]}, page.url
    assert not page.watch.problems(), "\n".join(page.watch.problems())


def test_a_proposal_is_labelled_in_the_results(built_site, site_server, page):
    """A practice with status: proposed carries its "Propuesta / Proposal" badge into the
    results (the page's data-pagefind-meta), and a practice in force does not."""
    proposals = [r for r in built_site.records if r.get("status") == "proposed"]
    assert proposals, "the catalogue has no proposal: nothing to test"
    for lang, label, word in (("es", "Buscar en el sitio", "Propuesta"),
                              ("en", "Search the site", "Proposal")):  # fmt: skip
        page.goto(site_server.url(f"{lang_prefix(lang)}buscar/"))
        type_query(page, proposals[0]["title"][lang], label)
        _, paths, message = search_results(page)
        target = f"{lang_prefix(lang)}practicas/{proposals[0]['id']}/"
        assert target in paths, f"{message}: {paths}"
        items = page.locator(RESULT)
        badges = {}
        for i in range(items.count()):
            href = items.nth(i).locator("a.bp-search__link").get_attribute("href")
            badge = items.nth(i).locator(".bp-badge--proposal")
            badges[resolve("", href)] = badge.inner_text() if badge.count() else None
        assert badges[target] == word, badges
        in_force = [
            p for p in paths
            if (m := PRACTICE_PATH.match(p)) and not any(r["id"] == m.group(1) for r in proposals)
        ]  # fmt: skip
        assert all(badges[p] is None for p in in_force), badges
    assert not page.watch.problems(), "\n".join(page.watch.problems())


# -- issue 18: a country's search includes what applies to it, and says so ------------------------


def open_filters(page, path: str) -> None:
    page.goto(path)
    page.locator("#bp-search summary").click()
    page.get_by_role("group", name="País").get_by_role("checkbox").first.wait_for()


def apart_ids(box) -> set[str]:
    hrefs = box.locator("a.bp-search__link").evaluate_all(
        "ls => ls.map(a => a.getAttribute('href'))"
    )
    return practice_ids([resolve("", h) for h in hrefs])


def tick(page, group: str, value: str) -> None:
    page.get_by_role("group", name=group).get_by_label(
        re.compile(rf"^{re.escape(value)} \(\d+\)$")
    ).check()


def test_a_country_ticked_lists_the_practices_of_no_country_apart(built_site, site_server, page):
    records, tax = built_site.records, built_site.taxonomies
    theme, country = empty_country_view(records)
    apart = {r["id"] for r in records if theme in r["themes"] and unplaced(r, tax)}
    open_filters(page, site_server.url("buscar/"))
    tick(page, "Tema", tax["themes"][theme]["label"]["es"])
    count, _, message = search_results(page)
    tick(page, "País", country_name(country, "es"))
    count, paths, message = search_results(page, message)
    assert count == 0 and paths == [], message  # the country has none of that theme
    box = page.locator("#bp-search .bp-search__apart")
    assert box.is_visible()
    assert apart_ids(box) == apart
    assert f"({len(apart)})" in box.locator("h2").inner_text()
    assert country_name(country, "es") in box.locator(".bp-search__apart-intro").inner_text()
    assert message.endswith(f"sin país asignado: {len(apart)}, más abajo"), message
    # the country alone: what applies to it, and the practices of no country apart
    page.get_by_role("group", name="Tema").get_by_role("checkbox", checked=True).uncheck()
    count, paths, message = search_results(page, message)
    assert practice_ids(paths) == {r["id"] for r in records if country in applies_to(r, tax)}
    assert apart_ids(box) == {r["id"] for r in records if unplaced(r, tax)}
    assert not page.watch.problems(), "\n".join(page.watch.problems())


def test_a_query_with_nothing_under_its_filters_offers_to_clear_them(built_site, site_server, page):
    records, tax = built_site.records, built_site.taxonomies
    theme, country = empty_country_view(records)  # the country has no practice of the theme
    open_filters(page, site_server.url("buscar/?q=migracion"))
    count, _, message = search_results(page)
    assert count > 0, message
    tick(page, "País", country_name(country, "es"))
    count, _, message = search_results(page, message)
    tick(page, "Tema", tax["themes"][theme]["label"]["es"])
    count, _, message = search_results(page, message)
    assert count == 0, message
    clear = page.locator("#bp-search button.bp-search__unfiltered")
    assert clear.is_visible()
    whole = int(re.search(r"\d+", clear.inner_text()).group())
    clear.click()
    count, _, message = search_results(page, message)
    assert count == whole > 0, message
    assert not page.locator("#bp-search .bp-search__groups input:checked").count()
    assert not [r for r in records if theme in r["themes"] and country in applies_to(r, tax)]
    assert not page.watch.problems(), "\n".join(page.watch.problems())
