"""Browser: the known answers of search (issue 18), on the real catalogue built once.

Each query of tests/fixtures/known_answers.yml is typed, in its language, into the search page
and into the catalogue's text box. On the search page its expected practices must be among the
first `top` practices listed; in the catalogue, among the practices the box keeps. Both pages
must read the query the same way (docs/assets/query.js: the concepts it names, its plain words,
and whether the practices shown are partial matches: the note's data-concepts, data-words and
data-partial) and, for a query made only of concepts, list exactly the same practices. A query
marked `partial: true` has no practice with all its words: both pages must say the practices
shown are the closest ones; every other query must be answered in full. Nothing is requested
off 127.0.0.1 and no script fails.

The catalogue's box and the search page each match plain words against their own text (the
entries' title, type, countries and summary; Pagefind's index of whole pages), so for a query
with plain words only the expected practices are compared, not the whole lists."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from catalogue import ROOT, practice_files
from paths import LANGUAGES
from site_helpers import PRACTICE_PATH, lang_prefix, resolve

KNOWN = yaml.safe_load((ROOT / "tests" / "fixtures" / "known_answers.yml").read_text("utf-8"))
TOP = KNOWN["top"]
MINIMUM = 30  # queries per language (issue 18)
SEARCH_RESULT_LINKS = "#bp-search .bp-search__results > li.bp-search__result a.bp-search__link"
CATALOGUE_SHOWN = "#bp-catalogue-list > li:not([hidden]) > a"
READING = """box => ({
  concepts: box.dataset.concepts || "",
  words: box.dataset.words || "",
  partial: box.dataset.partial === "true",
})"""  # the note's reading (assets/query.js note())


def queries(lang: str) -> list[dict]:
    return [q for q in KNOWN["queries"] if q["lang"] == lang]


def ids(hrefs: list[str], page_path: str) -> list[str]:
    out = []
    for href in hrefs:
        match = PRACTICE_PATH.match(resolve(page_path, href))
        if match:
            out.append(match.group(1))
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_known_answers_are_enough_and_name_real_practices(lang):
    known = queries(lang)
    assert len(known) >= MINIMUM, f"{lang}: {len(known)} known-answer queries, {MINIMUM} needed"
    repeated = [q for q, n in Counter(q["q"] for q in known).items() if n > 1]
    assert not repeated, f"{lang}: queries given twice: {repeated}"
    existing = {path.stem for path in practice_files()}
    for query in known:
        assert set(query) <= {"lang", "q", "expect", "partial"}, query
        assert query["q"] == query["q"].strip() and query["expect"], query
        assert len(query["expect"]) <= TOP, query
        assert set(query["expect"]) <= existing, query


def search_page(page, site_server, lang: str) -> dict[str, dict]:
    """Every query of `lang` typed on the search page: {query: {"practices": [ids in order],
    "reading": the note's reading}}."""
    page.goto(site_server.url(f"{lang_prefix(lang)}buscar/"))
    field = page.locator("#bp-search-input")
    more = page.locator("#bp-search button.bp-search__more")
    out = {}
    for query in queries(lang):
        field.fill(query["q"])
        page.wait_for_function(
            "q => document.getElementById('bp-search').dataset.query === q", arg=query["q"]
        )
        while more.is_visible():  # every result, not only the first page
            shown = page.locator(SEARCH_RESULT_LINKS).count()
            more.click()
            page.wait_for_function(
                "([selector, shown]) => document.querySelectorAll(selector).length > shown",
                arg=[SEARCH_RESULT_LINKS, shown],
            )
        hrefs = page.locator(SEARCH_RESULT_LINKS).evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        out[query["q"]] = {
            "practices": ids(hrefs, ""),
            "reading": page.locator("#bp-search .bp-query").evaluate(READING),
        }
    return out


def catalogue_box(page, site_server, lang: str) -> dict[str, dict]:
    """Every query of `lang` typed in the catalogue's text box: {query: {"practices": [ids
    shown], "reading": the note's reading}}."""
    page.goto(site_server.url(f"{lang_prefix(lang)}practicas/"))
    page.wait_for_function("() => document.getElementById('bp-filters').dataset.query === ''")
    field = page.locator("#bp-filters input[name=q]")
    out = {}
    for query in queries(lang):
        field.fill(query["q"])
        page.wait_for_function(
            "q => document.getElementById('bp-filters').dataset.query === q", arg=query["q"]
        )
        hrefs = page.locator(CATALOGUE_SHOWN).evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        out[query["q"]] = {
            "practices": ids(hrefs, f"{lang_prefix(lang)}practicas/"),
            "reading": page.locator(".bp-catalogue .bp-query").evaluate(READING),
        }
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_known_answers_on_the_search_page_and_in_the_catalogue(
    built_site, site_server, page, lang
):
    searched = search_page(page, site_server, lang)
    filtered = catalogue_box(page, site_server, lang)
    failures = []
    for query in queries(lang):
        q, expected = query["q"], set(query["expect"])
        found, kept = searched[q], filtered[q]
        top = found["practices"][:TOP]
        if not expected <= set(top):
            failures.append(
                f"«{q}» search page: {sorted(expected - set(top))} not in the first {TOP}: {top}"
            )
        if not expected <= set(kept["practices"]):
            failures.append(
                f"«{q}» catalogue: {sorted(expected - set(kept['practices']))} not kept: "
                f"{kept['practices']}"
            )
        if found["reading"] != kept["reading"]:
            failures.append(
                f"«{q}» read differently: search {found['reading']}, catalogue {kept['reading']}"
            )
            continue
        reading = found["reading"]
        if reading["partial"] != query.get("partial", False):
            failures.append(
                f"«{q}» partial: {reading['partial']}, expected {query.get('partial', False)}"
            )
        if reading["concepts"] and not reading["words"]:
            if set(found["practices"]) != set(kept["practices"]):
                failures.append(
                    f"«{q}» (concepts only) lists differ: search only "
                    f"{sorted(set(found['practices']) - set(kept['practices']))}, catalogue only "
                    f"{sorted(set(kept['practices']) - set(found['practices']))}"
                )
    assert not failures, "\n".join(failures)
    assert not page.watch.problems(), page.watch.problems()
