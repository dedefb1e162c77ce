"""Browser: issue 11, points 1, 3, 4 and 8, in both languages (and at phone width where it
applies). Every expected value comes from the records (built_site.records) and
membership.applies_to, the one definition of the countries a practice applies to.

- Country pages: the country's own practices, then the regional ones that apply to it, each
  marked "Regional" with the body it comes from, then the proposals for it; the practices of
  no country follow in their own group (test_country_views.py).
- The home as a portal: one sentence, the counts, a search field that opens the search page
  with results, the six themes as cards with their counts, the charts, then the meeting.
- Practice pages: a breadcrumb (Home › theme › practice), the theme active in the sidebar,
  up to five related practices in a stable order, "How to cite" with today's date and the
  page's address and a copy button that copies it; Open Graph, Twitter and JSON-LD on every
  kind of page; the facts table stacks at 390 px.
- Link health: the readers' part (when, how many work, which are down) above the
  maintainers' part.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.dates import format_date

from membership import applies_to, carrying, proposed_for
from site_helpers import PRACTICE_PATH, lang_prefix, resolve
from sitedata import events_of

LANGS = ("es", "en")
PHONE = {"width": 390, "height": 844}


def ids_in(page, selector: str, lang_path: str) -> list[str]:
    hrefs = page.locator(selector).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [PRACTICE_PATH.match(resolve(lang_path, h)).group(1) for h in hrefs]


def label(site, kind: str, key, lang: str) -> str:
    if kind == "country":
        from countries import country_name

        return country_name(key, lang)
    taxonomy = {"theme": "themes", "type": "types", "organization": "organizations"}[kind]
    entry = site.taxonomies[taxonomy][key]
    return entry["label"][lang] if "label" in entry else entry[lang]


# -- point 1: country pages ------------------------------------------------------------------


def countries_to_test(site) -> list[str]:
    """A country with only regional practices and one with both kinds."""
    tax = site.taxonomies
    own = Counter(c for r in site.records for c in r["countries"])
    applies = Counter(c for r in site.records for c in applies_to(r, tax))
    only_regional = sorted(c for c in applies if not own[c])
    both = sorted(c for c in applies if own[c] and applies[c] > own[c])
    assert only_regional and both, "the catalogue has no country of each kind"
    return [only_regional[0], both[0]]


@pytest.mark.parametrize("lang", LANGS)
def test_country_page_lists_own_then_regional_practices(built_site, site_server, page, lang):
    tax = built_site.taxonomies
    members = carrying(tax)
    for code in countries_to_test(built_site):
        path = f"{lang_prefix(lang)}paises/{code.lower()}/"
        page.goto(site_server.url(path))
        listed = ids_in(
            page, "div.bp-country ul.bp-practice-list:not(.bp-unplaced-list) > li > a", path
        )
        own = [r for r in built_site.records if code in r["countries"]]
        regional = [
            r
            for r in built_site.records
            if code in applies_to(r, tax) and code not in r["countries"]
        ]
        proposals = [r for r in built_site.records if code in proposed_for(r, tax)]
        assert set(listed[: len(own)]) == {r["id"] for r in own}, f"{path}: own first"
        after = listed[len(own) :]
        assert set(after[: len(regional)]) == {r["id"] for r in regional}, path
        assert set(after[len(regional) :]) == {r["id"] for r in proposals}, (
            f"{path}: then proposals"
        )
        assert len(listed) == len(own) + len(regional) + len(proposals), path
        for r in proposals:
            item = page.locator("h2#proposed ~ ul.bp-practice-list > li").filter(
                has=page.locator(f"a[href$='practicas/{r['id']}/']")
            )
            assert item.locator(".bp-badge--proposal").count() == 1, (path, r["id"])
        for r in regional:
            item = page.locator("ul.bp-regional-list > li").filter(
                has=page.locator(f"a[href$='practicas/{r['id']}/']")
            )
            text = item.inner_text()
            assert "Regional" in text, (path, r["id"])
            bodies = [o for o in r.get("organizations", []) if code in members.get(o, [])]
            assert bodies, (code, r["id"])
            for body in bodies:
                assert label(built_site, "organization", body, lang) in text, (path, body)
        assert not page.watch.problems(), "\n".join(page.watch.problems())


# -- point 3: the home as a portal --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_home_is_a_portal(built_site, site_server, page, lang):
    records = built_site.records
    tax = built_site.taxonomies
    page.goto(site_server.url(lang_prefix(lang)))
    content = page.locator("article.md-content__inner")
    # one sentence on what this is, right under the title
    first = content.locator("h1 + p").inner_text()
    assert first.count(". ") == 0 and first.endswith("."), first
    # the counts
    figures = {
        li.get_attribute("data-figure"): int(li.locator("strong").inner_text())
        for li in content.locator("ul.bp-figures > li").all()
    }
    assert figures == {
        "practices": len(records),
        "theme": len({t for r in records for t in r["themes"]}),
        "country": len({c for r in records for c in applies_to(r, tax)}),
        "type": len({r["type"] for r in records}),
        "organization": len({o for r in records for o in r.get("organizations", [])}),
        "event": len({e for r in records for e in events_of(r)}),
    }
    # the six themes as cards with their counts, in the taxonomy's order
    cards = content.locator("ul.bp-cards > li")
    assert cards.evaluate_all("cs => cs.map(c => c.dataset.theme)") == list(tax["themes"])
    for card in cards.all():
        theme = card.get_attribute("data-theme")
        n = sum(theme in r["themes"] for r in records)
        assert card.locator(".bp-card__count").inner_text().split()[0] == str(n), theme
        assert label(built_site, "theme", theme, lang) in card.inner_text()
    # the order: sentence, counts, search, cards, charts, then the meeting's context
    tops = page.evaluate(
        """() => ['ul.bp-figures', 'form.bp-home-search', 'ul.bp-cards', '.bp-charts']
             .map(s => document.querySelector(s).getBoundingClientRect().top + scrollY)"""
    )
    assert tops == sorted(tops), tops
    context_heading = {"es": "La CRM y la CSM", "en": "The RCM and the SACM"}[lang]
    meeting = content.locator("h2", has_text=context_heading).bounding_box()["y"]
    assert meeting > tops[-1]
    # the search field leads to results
    query = {"es": "migracion", "en": "migration"}[lang]
    field = content.get_by_role("searchbox")
    field.fill(query)
    with page.expect_navigation():
        field.press("Enter")
    assert urlsplit(page.url).path == f"/{lang_prefix(lang)}buscar/"
    assert parse_qs(urlsplit(page.url).query) == {"q": [query]}
    page.locator("#bp-search li.bp-search__result a").first.wait_for()
    assert not page.watch.problems(), "\n".join(page.watch.problems())


@pytest.mark.parametrize("lang", LANGS)
def test_home_cards_and_counts_fit_a_phone(built_site, site_server, page, lang):
    page.set_viewport_size(PHONE)
    page.goto(site_server.url(lang_prefix(lang)))
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, innerWidth, ...[...document"
        ".querySelectorAll('ul.bp-cards > li')].map(c => c.getBoundingClientRect().right)]"
    )
    scroll, inner, *rights = widths
    assert scroll <= inner and rights and max(rights) <= inner, widths
    assert page.locator("form.bp-home-search input").is_visible()


# -- point 4: practice pages ---------------------------------------------------------------------


def related(records: list[dict], record: dict) -> list[str]:
    """Up to five records sharing a theme, an own country or an organisation: most shared
    values first, then by id."""

    def shared(other):
        return (
            len(set(record["themes"]) & set(other["themes"]))
            + len(set(record["countries"]) & set(other["countries"]))
            + len(set(record.get("organizations", [])) & set(other.get("organizations", [])))
        )

    scored = [(-shared(o), o["id"]) for o in records if o["id"] != record["id"] and shared(o)]
    return [rid for _, rid in sorted(scored)[:5]]


def practices_to_test(site) -> list[dict]:
    """A national practice with organisations, a regional one, and the one with most
    related candidates."""
    national = next(r for r in site.records if r["countries"] and r.get("organizations"))
    regional = next(r for r in site.records if not r["countries"])
    return [national, regional]


@pytest.mark.parametrize("lang", LANGS)
def test_practice_page_breadcrumb_sidebar_and_related(built_site, site_server, page, lang):
    for record in practices_to_test(built_site):
        path = f"{lang_prefix(lang)}practicas/{record['id']}/"
        page.goto(site_server.url(path))
        theme = record["themes"][0]
        crumbs = page.locator("nav.bp-breadcrumb li")
        assert crumbs.all_inner_texts() == [
            {"es": "Inicio", "en": "Home"}[lang],
            label(built_site, "theme", theme, lang),
            record["title"][lang],
        ]
        hrefs = page.locator("nav.bp-breadcrumb a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        assert [resolve(path, h) for h in hrefs] == [
            lang_prefix(lang),
            f"{lang_prefix(lang)}temas/{theme}/",
        ]
        # the theme's page is the active item of the sidebar, its section open
        active = page.locator(
            ".md-sidebar--primary li.md-nav__item--active:not(.md-nav__item--nested) > a"
        )
        assert active.count() == 1, path
        assert resolve(path, active.get_attribute("href")) == f"{lang_prefix(lang)}temas/{theme}/"
        assert active.is_visible(), path
        # related practices: what they share, in a stable order
        want = related(built_site.records, record)
        assert ids_in(page, "ul.bp-related > li > a", path) == want, path
        assert 0 < len(want) <= 5
    assert not page.watch.problems(), "\n".join(page.watch.problems())


@pytest.mark.parametrize("lang", LANGS)
def test_how_to_cite_with_date_address_and_copy(built_site, site_server, page, lang):
    record = practices_to_test(built_site)[0]
    path = f"{lang_prefix(lang)}practicas/{record['id']}/"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.base)
    page.goto(site_server.url(path))
    heading = {"es": "Cómo citar", "en": "How to cite"}[lang]
    assert page.locator("h2#cite").inner_text().strip().rstrip("¶").strip() == heading
    citation = page.locator(".bp-cite__text")
    today = format_date(
        datetime.date.today(), format="long", locale="es" if lang == "es" else "en_GB"
    )
    accessed = {"es": "consultado el", "en": "accessed"}[lang]
    site_name = {"es": "Buenas prácticas CRM–CSM", "en": "Good practices RCM–SACM"}[lang]
    quoted = {"es": f"«{record['title'][lang]}»", "en": f"“{record['title'][lang]}”"}[lang]
    primary = {"es": "Fuente primaria:", "en": "Primary source:"}[lang]
    page.locator(".bp-cite__copy").first.wait_for(state="visible")
    shown = " ".join(citation.inner_text().split())
    assert shown.startswith(f"{quoted}. {site_name} ("), shown
    assert f"{site_server.url(path)} ({accessed} {today})." in shown, shown
    assert primary in shown, shown
    page.locator(".bp-cite__copy").first.click()
    status = {"es": "Cita copiada.", "en": "Citation copied."}[lang]
    page.locator(".bp-cite__status", has_text=status).first.wait_for()
    assert " ".join(page.evaluate("navigator.clipboard.readText()").split()) == shown
    assert not page.watch.problems(), "\n".join(page.watch.problems())


SOCIAL_PAGES = ["", "temas/{theme}/", "paises/{country}/", "practicas/", "practicas/{id}/",
                "buscar/", "enlaces/", "acerca/"]  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_social_meta_and_json_ld(built_site, site_server, page, lang):
    record = practices_to_test(built_site)[0]
    for template in [*SOCIAL_PAGES, "404.html"]:
        path = template.format(
            theme=record["themes"][0], country=record["countries"][0].lower(), id=record["id"]
        )
        path = path if path == "404.html" and lang == "es" else lang_prefix(lang) + path
        page.goto(site_server.url(path))
        meta = page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll(
                 'meta[property^="og:"], meta[name^="twitter:"]')]
               .map(m => [m.getAttribute('property') || m.getAttribute('name'), m.content]))"""
        )
        title = page.title().rsplit(" - ", 1)[0]
        for key in ("og:title", "og:type", "og:site_name", "og:locale", "twitter:card",
                    "twitter:title"):  # fmt: skip
            assert meta.get(key), f"{path}: no {key}"
        assert meta["og:title"] == meta["twitter:title"]
        assert meta["og:locale"].startswith(lang), path
        if template == "practicas/{id}/":
            assert meta["og:title"] == title == record["title"][lang]
            assert meta["og:type"] == "article"
            assert meta["og:description"] == record["summary"][lang].strip()
        scripts = page.locator("script[type='application/ld+json']").all_inner_texts()
        assert len(scripts) == 1, path
        data = json.loads(scripts[0])
        assert data["@context"] == "https://schema.org" and data["inLanguage"] == lang, path
        assert data.get("name"), path
        if template == "practicas/{id}/":
            assert data["@type"] == "WebPage" and data["name"] == record["title"][lang]
            assert data["mainEntity"]["@type"] == "Article"
            assert data["mainEntity"]["headline"] == record["title"][lang]
            names = [i["name"] for i in data["breadcrumb"]["itemListElement"]]
            assert names == page.locator("nav.bp-breadcrumb li").all_inner_texts()


@pytest.mark.parametrize("lang", LANGS)
def test_facts_table_stacks_on_a_phone(built_site, site_server, page, lang):
    record = max(built_site.records, key=lambda r: len(r["title"]["es"]))
    page.set_viewport_size(PHONE)
    page.goto(site_server.url(f"{lang_prefix(lang)}practicas/{record['id']}/"))
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('dl.bp-facts > dt')].map(dt => {
             const dd = dt.nextElementSibling, a = dt.getBoundingClientRect(),
                   b = dd.getBoundingClientRect();
             return [a.left, a.bottom, b.left, b.top, b.right];
           })"""
    )
    assert len(pairs) >= 4
    for dt_left, dt_bottom, dd_left, dd_top, dd_right in pairs:
        assert dd_top >= dt_bottom - 0.5 and abs(dd_left - dt_left) < 1, pairs
        assert dd_right <= PHONE["width"], pairs
    page.set_viewport_size({"width": 1280, "height": 900})  # side by side on a wide screen
    pairs = page.evaluate(
        """() => [...document.querySelectorAll('dl.bp-facts > dt')].map(dt => [
             dt.getBoundingClientRect().right,
             dt.nextElementSibling.getBoundingClientRect().left])"""
    )
    assert all(dd_left >= dt_right for dt_right, dd_left in pairs), pairs


# -- point 8: link health as served --------------------------------------------------------------


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", LANGS)
def test_link_health_page_speaks_to_readers_first(built_site, site_server, page, lang, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_server.url(f"{lang_prefix(lang)}enlaces/"))
    readers = page.locator(".bp-link-health-readers")
    assert readers.locator(".bp-health-when").is_visible()
    heading = {"es": "Para quienes mantienen el sitio", "en": "For the site's maintainers"}[lang]
    maintainers = page.locator("h2", has_text=heading)
    assert readers.bounding_box()["y"] < maintainers.bounding_box()["y"]
    assert maintainers.bounding_box()["y"] < page.locator(".bp-health-summary").bounding_box()["y"]
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll <= inner
