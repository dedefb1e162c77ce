"""Browser: phones (issue 11, point 6). At 320, 390 and 430 px, in both languages, no page
scrolls sideways (document.documentElement.scrollWidth <= innerWidth): every kind of page,
the search page with results, the 404 page, and also with the language list open (hidden, it
used to stick out 19 px past the right edge at 390 px)."""

from __future__ import annotations

import pytest

from membership import applies_to
from site_helpers import lang_prefix

WIDTHS = (320, 390, 430)
PAGES = {
    "home": "",
    "practice": "practicas/{practice}/",
    "catalogue": "practicas/",
    "theme": "temas/{theme}/",
    "country": "paises/{country}/",
    "country, regional practices only": "paises/{regional_country}/",
    "type": "tipos/{type}/",
    "countries": "paises/",
    "search": "buscar/?q=migracion",
    "participants": "participantes/",
    "links": "enlaces/",
    "not found": "404.html",
}
OVERFLOW = """() => [document.documentElement.scrollWidth, window.innerWidth,
  Array.from(document.querySelectorAll('body *'))
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)]"""

# The language list has opened: fully opaque, its opening transitions (opacity, transform)
# finished, so the link's box is where it stays.
OPENED = """() => {
  const list = document.querySelector('header .md-select .md-select__inner');
  return getComputedStyle(list).opacity === '1' && list.getAnimations().length === 0;
}"""


def paths(built_site) -> dict[str, str]:
    # the longest title: the hardest practice page to fit
    record = max(built_site.records, key=lambda r: len(r["title"]["es"]))
    country = next(c for r in built_site.records for c in r["countries"])
    own = {c for r in built_site.records for c in r["countries"]}
    regional_country = sorted(
        {c for r in built_site.records for c in applies_to(r, built_site.taxonomies)} - own
    )[0]
    return {
        name: path.format(
            practice=record["id"],
            theme=record["themes"][0],
            country=country.lower(),
            type=record["type"],
            regional_country=regional_country.lower(),
        )
        for name, path in PAGES.items()
    }


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(built_site, site_server, page, width, lang):
    page.set_viewport_size({"width": width, "height": 800})
    wide = []
    for name, path in paths(built_site).items():
        page.goto(site_server.url(lang_prefix(lang) + path))
        if name == "search":
            page.locator("#bp-search li.bp-search__result a").first.wait_for()
        scroll, inner, culprits = page.evaluate(OVERFLOW)
        if scroll > inner:
            wide.append(f"{name} ({path}): {scroll} px wide at {inner}: {culprits}")
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("width", WIDTHS)
def test_open_language_list_stays_on_screen(site_server, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site_server.url("practicas/"))
    page.locator("header .md-select").hover()
    link = page.locator("header a.md-select__link[hreflang=en]")
    link.wait_for(state="visible")
    page.wait_for_function(OPENED)  # the list's opening transition is over
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    scroll, inner, culprits = page.evaluate(OVERFLOW)
    assert scroll <= inner, culprits
