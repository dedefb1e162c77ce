"""Issue 18, point 3: the filters readers expect, and one counting rule, checked against the
open data the site publishes (datos/practicas.json, its labels in datos/taxonomias.json).

- The catalogue's filters (theme, country, scope, organisation, type, Global Compact
  objective, meeting) offer exactly the values the open data's practices have, labelled as
  the open data labels them; each entry carries its record's values; the build marks the
  regional and international practices of no country (data-unplaced) exactly where the open
  data says so (a no-country scope, no applies_to, no proposed_for).
- The home's figures count, for each kind, the values the filters offer (the keys with
  practices); each overview page links exactly those, each with its number of practices, and
  names the others as having no practice yet, without a link.
- The search (Pagefind's index, queried in Node) has the same filters, each value counting the
  practices the open data counts; the country filter counts what applies to a country, plus
  one value for the practices of no country.
The catalogue's counts beside each option are tested in the browser (test_browser_catalogue.py).
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from site_helpers import lang_prefix, resolve
from templating import labels
from test_site_search import search

LANGS = ("es", "en")
FACETS = ("theme", "country", "scope", "organization", "type", "gcm", "event")
FIGURES = ("theme", "country", "type", "organization", "event")
OVERVIEWS = {"country": "paises", "type": "tipos", "organization": "organizaciones",
             "gcm": "objetivos", "event": "reuniones"}  # fmt: skip


@pytest.fixture(scope="module")
def open_data(built_site) -> tuple[list[dict], dict]:
    data = json.loads((built_site.root / "datos" / "practicas.json").read_text("utf-8"))
    tax = json.loads((built_site.root / "datos" / "taxonomias.json").read_text("utf-8"))
    return data["practices"], tax


def values(record: dict, facet: str) -> list[str]:
    """A record's values for one filter, from the open data."""
    source = record["source"]
    if facet == "event":
        events = [source["event"]] if source.get("event") else []
        for mention in source.get("mentions", []):
            event = mention.get("event", source.get("event"))
            if event not in events:
                events.append(event)
        return events
    return [str(v) for v in {
        "theme": record["themes"],
        "country": record["applies_to"],
        "scope": [record["scope"]],
        "organization": record.get("organizations", []),
        "type": [record["type"]],
        "gcm": record.get("gcm_objectives", []),
    }[facet]]  # fmt: skip


def unplaced(record: dict, tax: dict) -> bool:
    return (
        record["scope"] in tax["no_country_scopes"]
        and not record["applies_to"]
        and not record["proposed_for"]
    )


def label(tax: dict, facet: str, key: str, lang: str) -> str:
    """A value's label as the open data gives it (taxonomias.json)."""
    if facet == "gcm":
        return f"{key}. {tax['gcm_objectives'][key][lang]}"
    if facet == "event":
        return tax["events"][key]["label"][lang]
    table = {"theme": "themes", "country": "countries", "scope": "scopes",
             "organization": "organizations", "type": "types"}[facet]  # fmt: skip
    return tax[table][key][lang]


def counted(records: list[dict], facet: str) -> Counter:
    return Counter(v for r in records for v in values(r, facet))


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_filters_offer_the_open_data_s_values(built_site, open_data, lang):
    records, tax = open_data
    page = lang_prefix(lang) + "practicas/"
    soup = built_site.html(page)
    selects = {s["name"]: s for s in soup.select("#bp-filters select[data-facet]")}
    assert set(selects) == set(FACETS), sorted(selects)
    for facet in FACETS:
        options = [(o["value"], o.get_text()) for o in selects[facet].select("option")]
        assert options[0][0] == "", facet  # "All"
        assert {v for v, _ in options[1:]} == set(counted(records, facet)), facet
        for value, text in options[1:]:
            assert text == label(tax, facet, value, lang), (facet, value, text)
    by_id = {r["id"]: r for r in records}
    items = soup.select("#bp-catalogue-list > li")
    assert len(items) == len(records)
    for item in items:
        rid = resolve(page, item.a["href"]).rstrip("/").rsplit("/", 1)[1]
        for facet in FACETS:
            assert item[f"data-{facet}"].split() == values(by_id[rid], facet), (rid, facet)
        assert item.has_attr("data-unplaced") == unplaced(by_id[rid], tax), rid
    assert any(unplaced(r, tax) for r in records), "no practice of no country: untested"


@pytest.mark.parametrize("lang", LANGS)
def test_home_figures_count_what_the_filters_offer(built_site, open_data, lang):
    records, _ = open_data
    home = built_site.html(lang_prefix(lang))
    figures = {
        li["data-figure"]: int(li.strong.get_text()) for li in home.select("ul.bp-figures > li")
    }
    catalogue = built_site.html(lang_prefix(lang) + "practicas/")
    assert figures["practices"] == len(records)
    for kind in FIGURES:
        offered = catalogue.select(f"#bp-filters select[name={kind}] option[value!='']")
        assert figures[kind] == len(counted(records, kind)) == len(offered), kind


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", list(OVERVIEWS))
def test_overview_pages_link_only_the_keys_with_practices(built_site, open_data, kind, lang):
    records, tax = open_data
    counts = counted(records, kind)
    page = f"{lang_prefix(lang)}{OVERVIEWS[kind]}/"
    soup = built_site.html(page)
    linked = {}
    for li in soup.select("div.bp-index > ul.bp-overview:not(.bp-overview--empty) > li"):
        target = resolve(page, li.a["href"])
        assert built_site.exists(target), target
        key = target.rstrip("/").rsplit("/", 1)[1]
        linked[key.upper() if kind == "country" else key] = int(
            li.select_one(".bp-meta").get_text().strip("()")
        )
    assert linked == dict(counts), page
    empty = soup.select("ul.bp-overview--empty > li")
    assert not any(li.a for li in empty), f"{page}: a key with no practice is linked"
    if kind in ("organization", "gcm", "type"):
        table = {"organization": "organizations", "gcm": "gcm_objectives", "type": "types"}
        keys = set(tax[table[kind]]) - set(counts)
        names = {li.get_text().strip() for li in empty}
        wanted = {
            f"{k}. {tax[table[kind]][k][lang]}" if kind == "gcm" else tax[table[kind]][k][lang]
            for k in keys
        }
        assert names == wanted, page
        heading = soup.select_one("h2#sin-practicas")
        assert (heading is not None) == bool(keys), page


def test_the_catalogue_has_keys_with_no_practice(open_data):
    """The overview test above needs organisations and objectives with no practice."""
    records, tax = open_data
    assert set(tax["organizations"]) - set(counted(records, "organization"))
    assert set(tax["gcm_objectives"]) - set(counted(records, "gcm"))


@pytest.mark.parametrize("lang", LANGS)
def test_search_filters_count_what_the_open_data_counts(built_site, site_server, open_data, lang):
    records, tax = open_data
    t = labels()[lang]
    found = search(built_site, site_server, lang, "")["filters"]
    names = {f"filter_{facet}": facet for facet in FACETS}
    for key, facet in names.items():
        name = t[key]
        assert name in found, (lang, name, sorted(found))
        want = Counter()
        for value, n in counted(records, facet).items():
            text = label(tax, facet, value, lang)
            if facet == "gcm":  # the practice page's words: "Objetivo 10: ..."
                text = f"{t['gcm_short']} {value}: {tax['gcm_objectives'][value][lang]}"
            want[text] = n
        if facet == "country":
            want[t["unplaced_value"]] = sum(unplaced(r, tax) for r in records)
        assert found[name] == dict(want), (lang, name)
