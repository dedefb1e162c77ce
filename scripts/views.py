"""The HTML of every generated page and of every macro, from templates/*.html (autoescape).

    renderer = Renderer(site, config)          # site: sitedata.Site; config: the mkdocs config
    renderer.practice_page(page, "capmir-guatemala")
    renderer.index_page(page, "country", "gt") / renderer.index_overview(page, "country")
    renderer.report_page(page, "iv-plenary-crm-csm-2023")
    renderer.social(page, config)              # every page's head data and Pagefind kind
    renderer.practice_list(page, theme="observatory") ... (one method per macro, MACROS)

Renderer is one class (the one hooks.py imports) made of one part per kind of page, each its
own module, whose docstring is its manual:

    views_base.py       the page's context (language, words, relative links), rendering,
                        titles, download lines; relative() and script_json()
    views_practice.py   practice pages: sheet, links, citation, dates, related; social()
    views_index.py      index pages and overviews, bounded lists (LISTED), participants' lists
    views_events.py     meetings' pages and their reports' pages; a practice's quotes
    views_catalogue.py  the catalogue, search box, home figures and cards, what's new, the
                        region map, the link-health pages, download lines

`page` is what mkdocs gives (or anything with .url, .file.locale and .meta): the language is
page.file.locale (set by mkdocs-static-i18n, and by the hooks on generated pages), links are
relative to page.url. Methods that make a whole page set page.meta["title"] and
["description"], HTML-escaped (Material prints them unescaped). Record text only goes through
templates with autoescape, so a title such as `{{ 7*7 }}` or `<script>alert(1)</script>`
shows literally; link URLs are only emitted when they are http(s). Interface words, per
language, are in templates/labels.yml (`t` in templates; the link-health words are t.health;
the kinds of page, t.page_kinds).
"""

from __future__ import annotations

from views_base import BaseViews, relative, script_json
from views_catalogue import CatalogueViews
from views_events import EventViews
from views_index import IndexViews
from views_practice import PracticeViews

__all__ = ["MACROS", "Renderer", "relative", "script_json"]

# The macros page sources may call (mkdocs-macros; registered by hooks.py).
MACROS = (
    "practice_list",
    "practice_count",
    "stats_charts",
    "country_list",
    "observer_list",
    "practice_catalogue",
    "search_box",
    "link_health",
    "link_health_summary",
    "catalogue_counts",
    "theme_cards",
    "home_search",
    "meetings_list",
    "whats_new",
    "region_map",
    "practice_download",
)


class Renderer(PracticeViews, IndexViews, EventViews, CatalogueViews, BaseViews):
    """Renders the macros' and generated pages' HTML for one page at a time."""
