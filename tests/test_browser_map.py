"""Browser: the region map (issue 17) on the home and the countries page, in both languages,
in Debian's headless Chromium: every country that practices apply to is a link whose name
(as the browser computes it) says the country and its count, and leads to its page; Tab
reaches every map link in the table's order, with a visible focus outline, and Enter follows
it; at 390 px the map fills the width and nothing scrolls sideways; axe finds no violation at
1280 and 390 px; the page makes no request off 127.0.0.1 (no tiles, no scripts)."""

from __future__ import annotations

import pytest

from browser_fixtures import describe
from countries import country_name
from site_helpers import lang_prefix
from sitedata import load_site

PAGES = {"home": "", "countries": "paises/"}
WORDS = {"es": ("práctica", "prácticas"), "en": ("practice", "practices")}
MAP_LINKS = "svg.bp-map__svg a"
MAX_TABS = 300  # Tab presses to reach the map from the top of the page


@pytest.fixture(scope="module")
def counts(built_site) -> dict[str, int]:
    return dict(load_site(built_site.practices).counts("country"))


def name(code: str, n: int, lang: str) -> str:
    one, many = WORDS[lang]
    return f"{country_name(code, lang)}: {n} {one if n == 1 else many}"


def open_page(page, site_server, lang: str, which: str) -> str:
    url = site_server.url(lang_prefix(lang) + PAGES[which])
    page.goto(url)
    page.locator("figure.bp-map").wait_for()
    return url


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("which", list(PAGES))
def test_a_link_per_country_named_with_its_count(site_server, page, counts, lang, which):
    open_page(page, site_server, lang, which)
    svg = page.locator("svg.bp-map__svg")
    assert svg.locator("a").count() == len(counts)
    for code, n in counts.items():
        link = svg.get_by_role("link", name=name(code, n, lang), exact=True)
        assert link.count() == 1, f"{which} ({lang}): no link named {name(code, n, lang)!r}"
        assert link.get_attribute("data-country") == code
        box = link.bounding_box()
        assert box and box["width"] > 1 and box["height"] > 1, f"{code} is not drawn: {box}"
        href = link.evaluate("a => new URL(a.href.baseVal, document.baseURI).href")
        assert href.rstrip("/").endswith(f"paises/{code.lower()}"), (code, href)
    assert not page.watch.problems(), page.watch.problems()


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("which", list(PAGES))
def test_tab_reaches_every_country_and_enter_follows(site_server, page, counts, lang, which):
    url = open_page(page, site_server, lang, which)
    order = page.locator(MAP_LINKS).evaluate_all("links => links.map(a => a.dataset.country)")
    assert sorted(order) == sorted(counts)
    reached = []
    for _ in range(MAX_TABS + len(order)):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const a = document.activeElement;
                if (!a.closest('svg.bp-map__svg')) return null;
                const style = getComputedStyle(a), path = getComputedStyle(a.querySelector('path'));
                return {code: a.dataset.country, outline: style.outlineStyle,
                        width: parseFloat(style.outlineWidth), stroke: path.strokeWidth};
            }"""
        )
        if focused is None:
            if reached:
                break
            continue
        assert focused["outline"] == "solid" and focused["width"] >= 2, focused
        assert focused["stroke"] == "3px", focused
        reached.append(focused["code"])
    assert reached == order, f"Tab reached {reached}, the map has {order}"
    page.keyboard.press("Shift+Tab")  # back to the last country, and follow it
    last = order[-1]
    page.keyboard.press("Enter")
    page.wait_for_url(lambda u: u.rstrip("/").endswith(f"paises/{last.lower()}"))
    assert page.url != url


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("which", list(PAGES))
def test_the_map_fits_a_phone(site_server, page, lang, which):
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, site_server, lang, which)
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"the page is {scroll} px wide at {inner}"
    box = page.locator("svg.bp-map__svg").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert box["width"] >= 300, f"the map is only {box['width']} px wide on a phone"
    if which == "home":
        table = page.locator("details.bp-map__table table").bounding_box()
        assert table["x"] + table["width"] <= 390, table


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("which", list(PAGES))
def test_no_accessibility_violation(site_server, page, axe, lang, which, width):
    page.set_viewport_size({"width": width, "height": 900})
    url = open_page(page, site_server, lang, which)
    violations = axe.run(page).response["violations"]
    assert not violations, f"{url}:\n" + "\n".join(describe(v) for v in violations)
