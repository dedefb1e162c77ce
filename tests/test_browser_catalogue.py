"""Browser: the "all practices" page (docs/assets/catalogue.js). Choosing a theme, a country or
a type shows exactly the practices that have it, as computed from the records
(catalogue.load_practices via the built_site fixture); the choices combine and are mirrored
in the address; each sort orders the visible list by its key, then by title."""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from countries import country_name
from site_helpers import PRACTICE_PATH, lang_prefix, resolve
from sitedata import sort_key

ITEMS = "#bp-catalogue-list > li"


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
    "country": lambda r: r["countries"],
    "type": lambda r: [r["type"]],
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
