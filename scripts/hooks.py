"""The MkDocs hooks module (mkdocs.yml `hooks:`): the one place where records become pages.

`mkdocs build --strict` (or `mkdocs serve`) alone builds the whole bilingual site:

    on_config      load and validate the catalogue (sitedata.load_site; reused while no record
                   or taxonomy file changes, so the per-language rebuild of mkdocs-static-i18n
                   and unchanged serve rebuilds do not validate again); register the macros of
                   views.MACROS with mkdocs-macros, bound to the page being rendered; read
                   the records' dates from the repository's history (history.read: once a
                   build, the second language reuses them). A macro
                   that returns HTML leaves a slot (SLOT) in the Markdown and its HTML is put
                   back in on_page_content: long lists never go through Markdown's HTML parser
    on_files       (after mkdocs-static-i18n's own on_files) add the language's generated pages:
                   practicas/<id>/, and the overview and key pages of every generated kind of
                   sitedata.INDEX_KINDS (paises/, paises/gt/, tipos/..., organizaciones/...,
                   objetivos/..., reuniones/<event>/ and its report, reuniones/<event>/informe/);
                   English ones under en/, each with the locale, alternates and
                   sitemap entry mkdocs-static-i18n gives its own pages
    on_page_content  a generated page's HTML: views.Renderer renders it from templates/*.html
                   with autoescape. Its Markdown source is only front matter
                   (`render_macros: false`): record text never enters a page source, so
                   mkdocs-macros never renders it as Jinja2. A practice page's update_date
                   is the day its record last changed (history.py): the sitemap's <lastmod>
    on_page_context  every page: its Open Graph, Twitter and JSON-LD data (page.bp_social,
                   views.Renderer.social; printed by overrides/main.html). A practice page
                   marks its (first) theme's page active in the navigation, so the sidebar
                   shows where it belongs (undone in on_post_page)
    on_post_build  (once, after the last language) the open data, datos/practicas.{json,csv}
                   (opendata.py), the reader's spreadsheets, datos/practicas-<lang>.xlsx and
                   per country and theme (spreadsheets.py), every practice's citation files,
                   datos/citas/<id>-<lang>.{bib,ris} (citation.py), the Atom feeds of what
                   is new, feed.xml and en/feed.xml (feeds.py), then Pagefind's
                   per-language search index, pagefind/; without site_url, no sitemap (its
                   URLs would be wrong; with it, the sitemap is mkdocs-static-i18n's own).
                   Under `mkdocs serve`, Pagefind runs in a background thread, so an edited
                   page is served at once and search follows; the next rebuild
                   (on_pre_build) waits for it

Where the records, the taxonomies and the link report come from: mkdocs.yml
`extra.catalogue` (`practices`, `taxonomies`, `links`, relative to mkdocs.yml;
scripts/build_site.py sets them from its options). The link
report is optional: without one, the link-health page says that no check has run and
practice pages print nothing beside their links. Invalid records, an invalid
link report, a failing Pagefind or a page name clash abort the build with a clear message.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel

from catalogue import LANGUAGES, InvalidCatalogue
from citation import FOLDER as CITATION_FOLDER
from citation import write as write_citations
from feeds import write as write_feeds
from history import read as read_history
from opendata import write as write_open_data
from reports import ReportError, report_parts
from rules import ID_PATTERN
from sitedata import INDEX_KINDS, PRACTICE_SECTION, InvalidLinksFile, load_site, page_url, slug
from spreadsheets import write as write_spreadsheets
from views import MACROS, Renderer

log = logging.getLogger("mkdocs.hooks.buenas_practicas")
# A generated page's whole Markdown source.
SOURCE = "---\nrender_macros: false\n---\n"
# What a macro's HTML stands as in the Markdown, until on_page_content puts it back.
SLOT = '<div data-bp-slot="{}"></div>'
SLOT_PATTERN = re.compile(r'<div data-bp-slot="(\d+)"></div>')
# Not indexed: the heading permalinks' "¶" (Python-Markdown toc) would end up in result titles.
PAGEFIND_EXCLUDE = ".headerlink"


class _Build:
    """What one build (one language) knows: the site, its renderer, its generated pages."""

    renderer: Renderer | None = None
    pages: dict[str, tuple] = {}  # src_uri -> (view, *arguments)
    slots: dict[str, list[str]] = {}  # src_uri -> HTML of the page's macro calls, in order
    serving: bool = False  # `mkdocs serve`: Pagefind runs in the background after each build
    indexing: threading.Thread | None = None
    active = None  # the navigation page marked active for the page being rendered
    history = None  # history.History of this build, read by the first language's on_config
    site_names: dict[str, str] = {}  # language -> its site_name (the feeds' titles)


_build = _Build()


def _catalogue_paths(config) -> tuple[Path, Path | None, Path]:
    base = Path(config.config_file_path).resolve().parent
    options = config.extra.get("catalogue") or {}
    practices = base / options.get("practices", "practices")
    links = options.get("links")
    taxonomies = base / options.get("taxonomies", "taxonomies")
    return practices, (base / links if links else None), taxonomies


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or LANGUAGES[0]


@event_priority(-50)  # after mkdocs-macros' on_config (0), before mkdocs-static-i18n's (-100)
def on_config(config):
    practices, links, taxonomies = _catalogue_paths(config)
    try:
        site = load_site(practices, links, taxonomies)
        for entry in site.taxonomies["events"].values():
            if entry.get("report_file"):
                report_parts(entry)  # every section's start is found, or the build stops here
    except InvalidCatalogue as exc:
        raise PluginError(f"invalid records in {practices}:\n{exc}") from exc
    except (InvalidLinksFile, ReportError) as exc:
        raise PluginError(str(exc)) from exc
    if _build.history is None or not getattr(config.plugins.get("i18n"), "building", False):
        _build.history = read_history(practices)  # once a build: the next language reuses it
    site.history = _build.history
    renderer = Renderer(site, config)
    _build.renderer, _build.pages, _build.slots = renderer, {}, {}
    macros = config.plugins.get("macros")
    if macros is not None:

        def bind(name):
            method = getattr(renderer, name)

            def macro(*args, **kwargs):
                page = macros.page
                result = method(page, *args, **kwargs)
                if not isinstance(result, Markup):
                    return result
                slots = _build.slots.setdefault(page.file.src_uri, [])
                slots.append(str(result))
                return SLOT.format(len(slots) - 1)

            macro.__name__, macro.__doc__ = name, method.__doc__
            return macro

        macros.register_macros({name: bind(name) for name in MACROS})
    return config


def _page_name(value: str) -> str:
    if not ID_PATTERN.match(value) or value == "index":
        raise PluginError(f"unusable page name {value!r} (expected kebab-case a-z, 0-9, not index)")
    return value


def _specs(site):
    """(Spanish site path, in navigation?, view, arguments) of every generated page."""
    for record in site.records:
        yield (
            f"{PRACTICE_SECTION}/{_page_name(record['id'])}/",
            False,
            "practice_page",
            (record["id"],),
        )
    for kind in INDEX_KINDS.values():
        if not kind.generated:
            continue
        yield f"{kind.section}/", True, "index_overview", (kind.name,)
        for key in site.keys(kind.name):
            path = f"{kind.section}/{_page_name(slug(kind.name, key))}/"
            yield path, False, "index_page", (kind.name, key)
    for event, entry in site.taxonomies["events"].items():
        if entry.get("report_file"):  # the report's text, one anchor a section
            section = INDEX_KINDS["event"].section
            yield f"{section}/{_page_name(event)}/informe/", False, "report_page", (event,)


def _file(config, path: str, lang: str, in_nav: bool) -> File:
    """A generated page at Spanish site path `path` ("paises/gt/") in `lang`, with what
    mkdocs-static-i18n gives its own files (locale, alternates...)."""
    stem = path.rstrip("/") if path.count("/") > 1 else path + "index"
    suffix = ".md" if lang == LANGUAGES[0] else f".{lang}.md"
    url = page_url(path, lang)
    file = File(
        stem + suffix,
        src_dir=None,
        dest_dir=config.site_dir,
        use_directory_urls=True,
        dest_uri=url + "index.html",
        inclusion=InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV,
    )
    file.generated_by = "hooks"
    file._content = SOURCE
    file.locale = file.locale_alternate_of = lang
    file.localization = None if lang == LANGUAGES[0] else lang
    file.norm_src_uri = stem + ".md"
    file.alternates = {
        other: file if other == lang else SimpleNamespace(url=page_url(path, other), page=None)
        for other in LANGUAGES
    }
    return file


@event_priority(-100)  # after mkdocs-static-i18n's on_files: it rejects generated files
def on_files(files, config):
    lang = _language(config)
    _build.site_names[lang] = config.site_name  # mkdocs-static-i18n's, for this language
    i18n = config.plugins.get("i18n")
    listed = getattr(i18n, "i18n_files_per_language", {}).get(lang)  # its sitemap's pages
    for path, in_nav, view, args in _specs(_build.renderer.site):
        file = _file(config, path, lang, in_nav)
        clash = files.get_file_from_path(file.src_uri)
        if clash is not None and clash.generated_by != "hooks":
            raise PluginError(
                f"docs/{clash.src_uri}: a generated page has this address ({file.url}); "
                "rename or remove the hand-written page"
            )
        files.append(file)
        if listed is not None:
            listed.append(file)
        _build.pages[file.src_uri] = (view, *args)
    return files


def on_page_content(html, page, config, files):
    spec = _build.pages.get(page.file.src_uri)
    _build.renderer.config = config  # this language's site_name (mkdocs-static-i18n)
    if spec is not None:
        view, *args = spec
        if view == "practice_page":
            page.bp_practice = args[0]
            dates = _build.renderer.site.history.dates(args[0])
            if dates is not None:  # the sitemap's <lastmod>; else MkDocs' own, the build date
                page.update_date = dates.modified.date().isoformat()
        return str(getattr(_build.renderer, view)(page, *args))
    slots = _build.slots.pop(page.file.src_uri, None)
    if not slots:
        return html
    html, filled = SLOT_PATTERN.subn(lambda m: slots[int(m[1])], html)
    if filled != len(slots):
        raise PluginError(
            f"docs/{page.file.src_uri}: {len(slots)} macro call(s) but {filled} in place "
            "(put each macro call on a line of its own, outside code)"
        )
    return html


def on_page_context(context, page, config, nav):
    renderer = _build.renderer
    page.bp_social = renderer.social(page, config)
    practice = getattr(page, "bp_practice", None)
    if practice is not None:
        lang = _language(config)
        theme_url = renderer.site.url("theme", renderer.site.by_id[practice]["themes"][0], lang)
        for item in nav.pages:
            if item.url == theme_url:
                item.active = True  # also marks its section (Page.active sets the parents')
                _build.active = item
    return context


def on_post_page(output, page, config):
    if _build.active is not None:
        _build.active.active = False
        _build.active = None
    return output


def on_startup(command, dirty):
    _build.serving = command == "serve"


def on_pre_build(config):
    _wait_for_search_index()  # a rebuild of `mkdocs serve` starts once the last index is written


def on_shutdown():
    _wait_for_search_index()


def _wait_for_search_index() -> None:
    if _build.indexing is not None:
        _build.indexing.join()
        _build.indexing = None


@event_priority(-100)  # after mkdocs-static-i18n's on_post_build, which builds the other languages
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if getattr(i18n, "building", False):
        return  # a language build inside mkdocs-static-i18n's loop: not the last one
    site_dir = Path(config.site_dir)
    if not config.site_url:  # without the site's address, sitemap URLs would be wrong
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)
    generated = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    write_open_data(_build.renderer.site, site_dir / "datos", generated)
    names = {"site_url": config.site_url, "site_names": _build.site_names}
    write_spreadsheets(_build.renderer.site, site_dir / "datos", **names, generated=generated)
    write_citations(
        _build.renderer.site,
        site_dir / CITATION_FOLDER,
        **names,
        repo=config.repo_name,
        year=int(generated[:4]),
    )
    write_feeds(
        _build.renderer.site,
        site_dir,
        _build.site_names,
        config.site_url,
        config.repo_url,
        datetime.fromisoformat(generated),
    )
    if _build.serving:  # serve the new pages at once; their search index follows in a moment
        _build.indexing = threading.Thread(target=_pagefind_logged, args=(site_dir,), daemon=True)
        _build.indexing.start()
    else:
        pagefind(site_dir)


def _pagefind_logged(site_dir: Path) -> None:
    try:
        pagefind(site_dir)
    except PluginError as exc:
        log.error(str(exc))


def pagefind(site_dir: Path) -> None:
    """Pagefind's index of the built site: one per <html lang>, filters from
    data-pagefind-filter attributes, only the content in data-pagefind-body."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"]
        + ["--exclude-selectors", PAGEFIND_EXCLUDE],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        output = result.stderr or result.stdout
        raise PluginError(f"pagefind failed ({result.returncode}): {output}")
