"""Browser: the "all practices" page (docs/assets/catalogue.js). Choosing a theme, a country or
a type shows exactly the practices that have it, as computed from the records
(catalogue.load_practices via the built_site fixture); the choices combine and are mirrored
in the address; each sort orders the visible list by its key, then by title. Each entry shows
its summary; the text filter keeps the entries with every word typed (accents and case
ignored); each option shows how many entries it would list; the reset clears everything; a
filtered list opened from its address is the same list, also across the language switcher;
the open data is offered as JSON, CSV and XLSX.

Issue 18: the filters also cover scope, organisation and Global Compact objective; a country
chosen lists the regional and international practices of no country (membership.unplaced)
apart, under their own heading, and says how many, never counting them as the country's; a
combination with nothing offers to remove each filter, with the number it would then list."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from catalogue import load_taxonomies
from countries import country_name
from membership import applies_to, unplaced
from site_helpers import PRACTICE_PATH, lang_prefix, resolve
from sitedata import sort_key

ITEMS = "#bp-catalogue-list > li"
TAXONOMIES = load_taxonomies()


def shown(page, lang: str) -> list[str]:
    """Ids of the visible practices, in the order shown."""
    hrefs = page.locator(f"{ITEMS}:not([hidden]) > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    path = lang_prefix(lang) + "practicas/"
    return [PRACTICE_PATH.match(resolve(path, h)).group(1) for h in hrefs]


def choose(page, name: str, value: str) -> None:
    page.select_option(f"#bp-filters select[name={name}]", value)


def narrowing(records: list[dict], facet) -> str:
    """The most common value of a facet that does not cover every record."""
    counts = Counter(v for r in records for v in facet(r))
    candidates = [(-n, v) for v, n in counts.items() if n < len(records)]
    assert candidates, "every record has the same value: the filter cannot be tested"
    return min(candidates)[1]


FACETS = {
    "theme": lambda r: r["themes"],
    # a country's practices are those that apply to it (its own and its regional bodies')
    "country": lambda r: applies_to(r, TAXONOMIES),
    "type": lambda r: [r["type"]],
    "scope": lambda r: [r["scope"]],
    "organization": lambda r: r.get("organizations", []),
    "gcm": lambda r: [str(n) for n in r.get("gcm_objectives", [])],
}


def open_catalogue(page, site_server, lang: str, query: str = "") -> None:
    page.goto(site_server.url(f"{lang_prefix(lang)}practicas/{query}"))
    page.locator("#bp-filters").wait_for(state="visible")  # the script has run


@pytest.mark.parametrize("facet", list(FACETS))
def test_each_filter_shows_exactly_the_matching_practices(built_site, site_server, page, facet):
    records = built_site.records
    value = narrowing(records, FACETS[facet])
    expected = {r["id"] for r in records if value in FACETS[facet](r)}
    open_catalogue(page, site_server, "es")
    assert set(shown(page, "es")) == {r["id"] for r in records}, "not every practice at first"

    choose(page, facet, value)
    visible = shown(page, "es")
    assert set(visible) == expected, (
        f"{facet}={value}: shown but not expected {sorted(set(visible) - expected)}, "
        f"expected but hidden {sorted(expected - set(visible))}"
    )
    count = page.locator("#bp-count").inner_text()
    assert str(len(expected)) in count and str(len(records)) in count, count
    assert parse_qs(urlsplit(page.url).query) == {facet: [value]}, page.url

    choose(page, facet, "")
    assert len(shown(page, "es")) == len(records)
    assert not page.watch.problems(), "\n".join(page.watch.problems())


def test_filters_combine_and_are_read_from_the_address(built_site, site_server, page):
    records = built_site.records
    theme = narrowing(records, FACETS["theme"])
    of_theme = [r for r in records if theme in r["themes"]]
    kind = narrowing(of_theme, FACETS["type"])
    expected = {r["id"] for r in of_theme if r["type"] == kind}
    open_catalogue(page, site_server, "en", f"?theme={theme}&type={kind}")
    assert page.locator("#bp-filters select[name=theme]").input_value() == theme
    assert set(shown(page, "en")) == expected, f"theme={theme} type={kind}"
    assert 0 < len(expected) < len(of_theme) < len(records)


def sort_keys(site, lang: str):
    """What each sort orders by: the key of a record, then its title."""
    return {
        "title": lambda r: sort_key(r["title"][lang]),
        "type": lambda r: sort_key(site.taxonomies["types"][r["type"]]["label"][lang]),
        # practices of no country (regional) last
        "country": lambda r: (
            (0, sort_key(country_name(r["countries"][0], lang))) if r["countries"] else (1, "")
        ),
    }


@pytest.mark.parametrize("lang", ["es", "en"])
def test_sorts_order_the_visible_practices(built_site, site_server, page, lang):
    by_id = {r["id"]: r for r in built_site.records}
    open_catalogue(page, site_server, lang)
    orders = {}
    for sort, key in sort_keys(built_site, lang).items():
        choose(page, "sort", sort)
        order = shown(page, lang)
        assert sorted(order) == sorted(by_id), f"sort={sort} lost or repeated practices"
        ranks = [key(by_id[i]) for i in order]
        wrong = [
            (a, b)
            for a, b, ka, kb in zip(order, order[1:], ranks, ranks[1:], strict=False)
            if ka > kb
        ]
        assert not wrong, f"sort={sort} ({lang}): out of order {wrong[:5]}"
        orders[sort] = order
    assert orders["type"] != orders["title"] and orders["country"] != orders["title"]
    # a filter keeps the sort: only the theme's practices, still in country order
    theme = narrowing(built_site.records, FACETS["theme"])
    choose(page, "theme", theme)
    visible = shown(page, lang)
    assert visible == [i for i in orders["country"] if theme in by_id[i]["themes"]]


# -- issue 11, point 5: summaries, text filter, counts, reset, the state in the address --------


def fold(text: str) -> str:
    return sort_key(" ".join(text.split()))


def entry_text(site, record: dict, lang: str) -> str:
    """What the text filter searches in an entry: title, type, countries, summary."""
    t = site.taxonomies
    countries = [country_name(c, lang) for c in record["countries"]] or ["regional"]
    return fold(
        " ".join(
            [record["title"][lang], t["types"][record["type"]]["label"][lang], *countries]
            + [record["summary"][lang]]
        )
    )


def option_counts(page, name: str) -> dict[str, int]:
    """value -> the count shown beside the option ("Argentina (5)")."""
    rows = page.locator(f"#bp-filters select[name={name}] option").evaluate_all(
        "options => options.map(o => [o.value, o.textContent])"
    )
    counts = {}
    for value, label in rows:
        match = re.search(r"\((\d+)\)$", label)
        assert match, f"{name} option {label!r} has no count"
        counts[value] = int(match.group(1))
    return counts


@pytest.mark.parametrize("lang", ["es", "en"])
def test_each_entry_shows_its_summary(built_site, site_server, page, lang):
    by_id = {r["id"]: r for r in built_site.records}
    open_catalogue(page, site_server, lang)
    ids = shown(page, lang)
    summaries = page.locator(f"{ITEMS} .bp-entry-summary").all_inner_texts()
    assert len(summaries) == len(ids) == len(by_id)
    for pid, summary in zip(ids, summaries, strict=True):
        assert " ".join(summary.split()) == " ".join(by_id[pid]["summary"][lang].split()), pid


def a_text_query(site, lang: str) -> tuple[str, set[str]]:
    """An unaccented word whose accented form is in some entries but not all, and the
    practices whose text has it."""
    records = site.records
    words = Counter(
        w
        for r in records
        for w in set(re.findall(r"\w{6,}", " ".join([r["title"][lang], r["summary"][lang]])))
        if fold(w) != w.casefold()  # has an accent
    )
    word = next(w for w, n in words.most_common() if n < len(records))
    query = fold(word)
    return query, {r["id"] for r in records if query in entry_text(site, r, lang)}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_text_filter_keeps_entries_with_every_word(built_site, site_server, page, lang):
    query, expected = a_text_query(built_site, lang)
    open_catalogue(page, site_server, lang)
    page.locator("#bp-filters input[name=q]").fill(query.upper())
    assert set(shown(page, lang)) == expected, query
    assert 0 < len(expected) < len(built_site.records)
    assert parse_qs(urlsplit(page.url).query) == {"q": [query.upper()]}
    # two words: both must be there
    theme = narrowing(built_site.records, FACETS["theme"])
    label = fold(built_site.taxonomies["types"][built_site.records[0]["type"]]["label"][lang])
    page.locator("#bp-filters input[name=q]").fill(f"{query} {label.split()[0]}")
    both = {
        r["id"]
        for r in built_site.records
        if query in entry_text(built_site, r, lang)
        and label.split()[0] in entry_text(built_site, r, lang)
    }
    assert set(shown(page, lang)) == both
    choose(page, "theme", theme)
    assert set(shown(page, lang)) == {
        i for i in both if theme in next(r for r in built_site.records if r["id"] == i)["themes"]
    }


@pytest.mark.parametrize("lang", ["es", "en"])
def test_each_option_shows_how_many_it_would_list(built_site, site_server, page, lang):
    records = built_site.records
    open_catalogue(page, site_server, lang)
    for facet, values in FACETS.items():
        counts = option_counts(page, facet)
        assert counts[""] == len(records), facet
        for value, n in counts.items():
            if value:
                assert n == sum(value in values(r) for r in records), (facet, value)
    # with a theme chosen, the country and type options count within that theme
    theme = narrowing(records, FACETS["theme"])
    of_theme = [r for r in records if theme in r["themes"]]
    choose(page, "theme", theme)
    for facet in ("country", "type"):
        counts = option_counts(page, facet)
        assert counts[""] == len(of_theme), facet
        for value, n in counts.items():
            if value:
                assert n == sum(value in FACETS[facet](r) for r in of_theme), (facet, value)
    # the theme options count as if no theme were chosen
    assert option_counts(page, "theme")[theme] == len(of_theme)
    assert option_counts(page, "theme")[""] == len(records)


def test_reset_clears_text_filters_and_sort(built_site, site_server, page):
    records = built_site.records
    theme = narrowing(records, FACETS["theme"])
    open_catalogue(page, site_server, "es", f"?q=a&theme={theme}&sort=type")
    assert len(shown(page, "es")) < len(records)
    page.get_by_role("button", name="Quitar los filtros").click()
    assert len(shown(page, "es")) == len(records)
    assert page.locator("#bp-filters input[name=q]").input_value() == ""
    for name, default in [*((facet, "") for facet in FACETS), ("sort", "title")]:
        assert page.locator(f"#bp-filters select[name={name}]").input_value() == default, name
    assert urlsplit(page.url).query == "", page.url


def test_a_filtered_list_can_be_shared_by_its_address(built_site, site_server, page, browser):
    query, expected = a_text_query(built_site, "en")
    records = [r for r in built_site.records if r["id"] in expected]
    kind = narrowing(built_site.records, FACETS["type"])
    open_catalogue(page, site_server, "en")
    page.locator("#bp-filters input[name=q]").fill(query)
    choose(page, "sort", "country")
    if any(r["type"] == kind for r in records):
        choose(page, "type", kind)
    listed = shown(page, "en")
    assert listed, "the shared list would be empty"
    other = browser.new_page()
    try:
        other.goto(page.url)
        other.locator("#bp-filters").wait_for(state="visible")
        assert shown(other, "en") == listed, page.url
        assert other.locator("#bp-filters input[name=q]").input_value() == query
        assert other.locator("#bp-filters select[name=sort]").input_value() == "country"
    finally:
        other.close()


def test_language_switcher_keeps_the_filters(built_site, site_server, page):
    from test_browser_language import switch_language

    records = built_site.records
    theme = narrowing(records, FACETS["theme"])
    of_theme = [r for r in records if theme in r["themes"]]
    kind = narrowing(of_theme, FACETS["type"])
    expected = {r["id"] for r in of_theme if r["type"] == kind}
    open_catalogue(page, site_server, "es", f"?theme={theme}")
    choose(page, "type", kind)
    switch_language(page, "en")
    page.locator("#bp-filters").wait_for(state="visible")
    assert urlsplit(page.url).path == "/en/practicas/"
    assert parse_qs(urlsplit(page.url).query) == {"theme": [theme], "type": [kind]}
    assert set(shown(page, "en")) == expected
    switch_language(page, "es")
    page.locator("#bp-filters").wait_for(state="visible")
    assert set(shown(page, "es")) == expected
    assert not page.watch.problems(), "\n".join(page.watch.problems())


@pytest.mark.parametrize("lang", ["es", "en"])
def test_open_data_links_include_a_spreadsheet(built_site, site_server, page, lang):
    open_catalogue(page, site_server, lang)
    links = page.locator(".bp-open-data a")
    hrefs = [
        resolve(lang_prefix(lang) + "practicas/", h)
        for h in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]
    assert hrefs == ["datos/practicas.json", "datos/practicas.csv", "datos/practicas.xlsx"]
    response = page.request.get(site_server.url(hrefs[2]))
    assert response.status == 200
    assert response.body()[:2] == b"PK", "not a zip (XLSX) file"
    assert "spreadsheetml" in response.headers["content-type"], response.headers


# -- issue 18: what applies to a country, and the nearest useful view ---------------------------


APART = "#bp-catalogue-apart"


def apart_ids(page, lang: str) -> list[str]:
    hrefs = page.locator(f"{APART} li:not([hidden]) > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    path = lang_prefix(lang) + "practicas/"
    return [PRACTICE_PATH.match(resolve(path, h)).group(1) for h in hrefs]


def empty_country_view(records: list[dict]) -> tuple[str, str]:
    """A (theme, country) whose country has no practice of that theme while practices of no
    country have it (issue 18: "trata" + Honduras listed nothing)."""
    for theme in sorted({t for r in records for t in r["themes"]}):
        if not any(theme in r["themes"] and unplaced(r, TAXONOMIES) for r in records):
            continue
        for country in sorted({c for r in records for c in applies_to(r, TAXONOMIES)}):
            if not any(theme in r["themes"] and country in applies_to(r, TAXONOMIES)
                       for r in records):  # fmt: skip
                return theme, country
    raise AssertionError("no theme and country combination lists nothing: untested")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_country_view_lists_the_practices_of_no_country_apart(
    built_site, site_server, page, lang
):
    records = built_site.records
    country = narrowing(records, FACETS["country"])
    own = {r["id"] for r in records if country in applies_to(r, TAXONOMIES)}
    apart = {r["id"] for r in records if unplaced(r, TAXONOMIES)}
    assert apart, "no practice of no country: nothing to list apart"
    open_catalogue(page, site_server, lang)
    assert not page.locator(APART).is_visible()
    assert set(shown(page, lang)) == {r["id"] for r in records}  # all in the one list at first
    choose(page, "country", country)
    assert set(shown(page, lang)) == own
    assert set(apart_ids(page, lang)) == apart
    box = page.locator(APART)
    assert box.is_visible()
    heading = {"es": "Regionales e internacionales sin país asignado",
               "en": "Regional and international, with no country named"}[lang]  # fmt: skip
    assert heading in box.locator("h2").inner_text()
    assert f"({len(apart)})" in box.locator("h2").inner_text()
    assert country_name(country, lang) in box.locator(".bp-apart__intro").inner_text()
    count = page.locator("#bp-count").inner_text()
    assert re.search(rf"\b{len(own)}\b.*\b{len(records)}\b.*\b{len(apart)}\b", count), count
    # never counted as the country's: its option counts what applies to it
    assert option_counts(page, "country")[country] == len(own)
    choose(page, "country", "")
    assert not box.is_visible() and len(shown(page, lang)) == len(records)
    assert not page.watch.problems(), "\n".join(page.watch.problems())


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_empty_combination_offers_the_nearest_views(built_site, site_server, page, lang):
    records = built_site.records
    theme, country = empty_country_view(records)
    of_theme = [r for r in records if theme in r["themes"]]
    of_country = [r for r in records if country in applies_to(r, TAXONOMIES)]
    apart = {r["id"] for r in of_theme if unplaced(r, TAXONOMIES)}
    open_catalogue(page, site_server, lang, f"?theme={theme}&country={country}")
    assert shown(page, lang) == []
    # what applies is said: the practices of no country of that theme, apart
    assert set(apart_ids(page, lang)) == apart
    nearest = page.locator("#bp-nearest")
    assert nearest.is_visible()
    buttons = nearest.get_by_role("button")
    texts = buttons.all_inner_texts()
    theme_label = built_site.taxonomies["themes"][theme]["label"][lang]
    country_label = country_name(country, lang)
    by_theme = next(b for b in texts if theme_label in b)
    by_country = next(b for b in texts if country_label in b)
    assert f"({len(of_country)} " in by_theme, by_theme  # without the theme: the country's
    assert f"({len(of_theme)} " in by_country, by_country  # without the country: the theme's
    # removing the theme leads to the country's list
    buttons.filter(has_text=theme_label).click()
    assert set(shown(page, lang)) == {r["id"] for r in of_country}
    assert not nearest.is_visible()
    assert parse_qs(urlsplit(page.url).query) == {"country": [country]}
    assert not page.watch.problems(), "\n".join(page.watch.problems())
