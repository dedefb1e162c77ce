"""Browser: axe-core (PyPI axe-playwright-python) finds no serious or critical accessibility
violation on the home page, a practice page, a theme index, the catalogue and the search page
(with results shown and its filter panel open), in both languages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from site_helpers import lang_prefix

BLOCKING = {"serious", "critical"}
PAGES = {
    "home": "",
    "practice": "practicas/{practice}/",
    "theme index": "temas/{theme}/",
    "catalogue": "practicas/",
    "search": "buscar/?q=migracion",
}


def describe(violation: dict) -> str:
    nodes = "; ".join(
        f"{node['target']}: {node['failureSummary'].splitlines()[-1].strip()}"
        for node in violation["nodes"][:5]
    )
    return f"{violation['id']} ({violation['impact']}): {violation['help']} -> {nodes}"


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violation(built_site, site_server, page, axe, name, lang):
    record = built_site.records[0]
    path = PAGES[name].format(practice=record["id"], theme=record["themes"][0])
    url = site_server.url(lang_prefix(lang) + path)
    page.goto(url, wait_until="networkidle")
    if name == "search":  # with results shown and the filter panel open
        page.locator("#bp-search li.bp-search__result a").first.wait_for()
        page.locator("#bp-search details summary").click()
        page.locator("#bp-search fieldset input[type=checkbox]").first.wait_for()
    results = axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert not blocking, f"{url}:\n" + "\n".join(describe(v) for v in blocking)
