"""Browser: the search page (Pagefind's default UI, docs/assets/search.js) as a reader uses it.

Typing a Spanish title on /buscar/ finds that practice's Spanish page and no English page, and
the reverse on /en/buscar/; an unaccented Spanish query finds the accented word; ticking a
theme in the filter panel narrows the results to practices of that theme. The Node tests of
the index itself are in test_site_search.py."""

from __future__ import annotations

import re

from site_helpers import PRACTICE_PATH, lang_prefix, resolve

RESULT = "#bp-search li.pagefind-ui__result"
MESSAGE = "#bp-search .pagefind-ui__message"
# The result count is shown ("80 resultados encontrados para ...", "12 results for ...") and
# differs from the previous message (a new search or a filter has finished).
COUNT_SHOWN = """previous => {
  const m = document.querySelector('#bp-search .pagefind-ui__message');
  return m !== null && /\\d/.test(m.textContent) && m.textContent !== previous;
}"""


def search_results(page, previous_message: str = "") -> tuple[int, list[str], str]:
    """Wait for a search to finish, load every page of results ("load more") and return
    (count announced, site paths of the results in order, message)."""
    count, message = wait_for_count(page, previous_message)
    results = page.locator(RESULT)
    more = page.locator("#bp-search button.pagefind-ui__button")
    while results.count() < count and more.count():
        shown = results.count()
        more.click()
        page.wait_for_function(
            "([selector, shown]) => document.querySelectorAll(selector).length > shown",
            arg=[RESULT, shown],
        )
    links = page.locator(f"{RESULT} > .pagefind-ui__result-inner > p > a.pagefind-ui__result-link")
    links.nth(results.count() - 1).wait_for()  # every result's fragment has loaded
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return count, [resolve("", href) for href in hrefs], message


def wait_for_count(page, previous_message: str = "") -> tuple[int, str]:
    page.wait_for_function(COUNT_SHOWN, arg=previous_message)
    message = page.locator(MESSAGE).inner_text()
    return int(re.search(r"\d+", message).group()), message


def type_query(page, query: str) -> None:
    box = page.get_by_role("textbox")
    box.fill(query)


def practice_ids(paths: list[str]) -> set[str]:
    return {m.group(1) for m in map(PRACTICE_PATH.match, paths) if m}


def a_translated_record(records: list[dict]) -> dict:
    translated = [r for r in records if r["title"]["es"] != r["title"]["en"]]
    assert translated, "no record has different Spanish and English titles"
    return translated[-1]


def test_spanish_title_finds_the_spanish_page_and_no_english_page(built_site, site_server, page):
    record = a_translated_record(built_site.records)
    page.goto(site_server.url("buscar/"))
    type_query(page, record["title"]["es"])
    count, paths, message = search_results(page)
    assert f"practicas/{record['id']}/" in paths, f"{message}: {paths}"
    english = [p for p in paths if p.startswith("en/")]
    assert not english, f"English pages in Spanish results: {english}"
    assert len(paths) == count
    assert not page.watch.problems(), "\n".join(page.watch.problems())


def test_english_title_finds_the_english_page_and_no_spanish_page(built_site, site_server, page):
    record = a_translated_record(built_site.records)
    page.goto(site_server.url("en/buscar/"))
    type_query(page, record["title"]["en"])
    count, paths, message = search_results(page)
    assert f"en/practicas/{record['id']}/" in paths, f"{message}: {paths}"
    spanish = [p for p in paths if not p.startswith("en/")]
    assert not spanish, f"Spanish pages in English results: {spanish}"
    assert not page.watch.problems(), "\n".join(page.watch.problems())


def test_unaccented_spanish_query_finds_accented_words(built_site, site_server, page):
    # Practices whose Spanish title or summary has "migración": their pages must be found.
    expected = {
        r["id"]
        for r in built_site.records
        if "migración" in (r["title"]["es"] + " " + r["summary"]["es"]).casefold()
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
    filter_name = page.locator("summary.pagefind-ui__filter-name", has_text="Tema")
    filter_name.click()  # opens the theme block of the filter panel
    page.get_by_label(re.compile(rf"^{re.escape(label)} \(\d+\)$")).check()
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
