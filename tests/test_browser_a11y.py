"""Browser: axe-core (PyPI axe-playwright-python) finds no accessibility violation of any
impact (minor, moderate, serious or critical) on the home page, a practice page, a theme
page, a country page (also one with only regional practices), the link-health page, the
catalogue (filtered), the search page (with results shown and its filter panel open, and
with no result) and the 404 page, in both languages; and on the home, a practice page and
both country pages at phone width (390 px)."""

from __future__ import annotations

import pytest

from browser_fixtures import describe
from membership import applies_to
from site_helpers import lang_prefix

PAGES = {
    "home": "",
    "practice": "practicas/{practice}/",
    "theme index": "temas/{theme}/",
    "country index": "paises/{country}/",
    "country index, regional practices only": "paises/{regional_country}/",
    "link health": "enlaces/",
    "catalogue": "practicas/?q=a&sort=country",
    "search": "buscar/?q=migracion",
    "search, no result": "buscar/?q=qzxjvw",
    "not found": "404.html",
}
PHONE = ("home", "practice", "country index", "country index, regional practices only")


def run_axe(built_site, site_server, page, axe, name: str, lang: str) -> None:
    record = next(r for r in built_site.records if r["countries"])
    own = {c for r in built_site.records for c in r["countries"]}
    regional_only = sorted(
        {c for r in built_site.records for c in applies_to(r, built_site.taxonomies)} - own
    )[0]
    path = PAGES[name].format(
        practice=record["id"],
        theme=record["themes"][0],
        country=record["countries"][0].lower(),
        regional_country=regional_only.lower(),
    )
    url = site_server.url(lang_prefix(lang) + path)
    page.goto(url, wait_until="networkidle")
    if name == "search":  # with results shown and the filter panel open
        page.locator("#bp-search li.bp-search__result a").first.wait_for()
        page.locator("#bp-search details summary").click()
        page.locator("#bp-search fieldset input[type=checkbox]").first.wait_for()
    if name == "search, no result":
        page.locator("#bp-search .bp-search__none a.bp-search__other").wait_for()
    results = axe.run(page)
    violations = results.response["violations"]
    assert not violations, f"{url}:\n" + "\n".join(describe(v) for v in violations)


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_violation(built_site, site_server, page, axe, name, lang):
    run_axe(built_site, site_server, page, axe, name, lang)


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("name", PHONE)
def test_no_accessibility_violation_on_a_phone(built_site, site_server, page, axe, name, lang):
    page.set_viewport_size({"width": 390, "height": 844})
    run_axe(built_site, site_server, page, axe, name, lang)
