"""The MkDocs hooks module (mkdocs.yml `hooks:`): the one place where records become pages.

`mkdocs build --strict` (or `mkdocs serve`) alone builds the whole bilingual site:

    on_config      load and validate the catalogue (sitedata.load_site; reused while no record
                   or taxonomy file changes, so the per-language rebuild of mkdocs-static-i18n
                   and unchanged serve rebuilds do not validate again); register the macros of
                   views.MACROS with mkdocs-macros, bound to the page being rendered; read
                   the records' dates from the repository's history (history.read: once a
                   build, the second language reuses them). A macro
                   that returns HTML leaves a slot (SLOT) in the Markdown and its HTML is put
                   back in on_page_content: long lists never go through Markdown's HTML parser.
                   Under `mkdocs serve --dirty` (make serve) it also asks preview.py which
                   pages the change since the last build touches (the Plan)
    on_files       (after mkdocs-static-i18n's own on_files) add the language's generated pages:
                   practicas/<id>/, and the overview and key pages of every generated kind of
                   sitedata.INDEX_KINDS (paises/, paises/gt/, tipos/..., organizaciones/...,
                   objetivos/..., reuniones/<event>/ and its report, reuniones/<event>/informe/);
                   English ones under en/, each with what mkdocs-static-i18n gives its own
                   pages (i18n_adapter: every touch of that plugin's internals). With a Plan,
                   each page's File.is_modified is the Plan's answer. `make site`: the data
                   files (below) start in a forked child process beside the page build, and
                   the other languages in another (i18n_adapter.fork_other_languages); a
                   preview that changes no page of the other languages does not build them
                   (preview.Plan.untouched, i18n_adapter.skip_other_languages)
    on_env         Material's templates get the bytecode cache of ours (templating.BYTECODE:
                   for the process and, in build/cache/jinja/, for the next build); every
                   practice page's update_date is the day its record last changed
                   (history.py): the sitemap's <lastmod>
    on_page_content  a generated page's HTML: views.Renderer renders it from templates/*.html
                   with autoescape. Its Markdown source is only front matter
                   (`render_macros: false`): record text never enters a page source, so
                   mkdocs-macros never renders it as Jinja2
    on_page_context  every page: its Open Graph, Twitter and JSON-LD data (page.bp_social,
                   views.Renderer.social; printed by overrides/main.html). A practice page
                   marks its (first) theme's page active in the navigation, so the sidebar
                   shows where it belongs (undone in on_post_page)
    on_post_build  each language's Pagefind index as soon as its pages are written (one bundle
                   per language, pagefind/ and en/pagefind/: the section "search" below);
                   then, once, after the last language: wait for the other languages' child
                   (and join the sitemaps: on_post_template keeps this one's) and the data
                   files: the open data, datos/practicas.{json,csv} (opendata.py), the
                   reader's spreadsheets, datos/practicas-<lang>.xlsx and per country
                   and theme (spreadsheets.py),
                   every practice's citation files, datos/citas/<id>-<lang>.{bib,ris}
                   (citation.py), the Atom feeds of what is new, feed.xml and en/feed.xml
                   (feeds.py); without site_url, no sitemap (its URLs would be wrong; with
                   it, the sitemap is mkdocs-static-i18n's own). Under `mkdocs serve`, the
                   data files and Pagefind (of the languages this build built) follow in a
                   background thread, so an edited page is served at once ("data files and
                   search index written" in the log when done); the next rebuild
                   (on_pre_build) waits for them

Where the records, the taxonomies and the link report come from: mkdocs.yml
`extra.catalogue` (`practices`, `taxonomies`, `links`, relative to mkdocs.yml;
scripts/build_site.py sets them from its options). The link
report is optional: without one, the link-health page says that no check has run and
practice pages print nothing beside their links. Invalid records, an invalid
link report, a failing Pagefind or a page name clash abort the build with a clear message.
"""

from __future__ import annotations

import gc
import gzip
import logging
import multiprocessing
import os
import re
import subprocess
import threading
import traceback
from datetime import UTC, datetime
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import clean_directory, get_build_timestamp

import i18n_adapter as i18n
from catalogue import LANGUAGES, InvalidCatalogue
from citation import FOLDER as CITATION_FOLDER
from citation import write as write_citations
from feeds import write as write_feeds
from history import read as read_history
from opendata import write as write_open_data
from paths import ROOT
from preview import BUILD_DONE, Plan, Preview, frame
from reports import ReportError, report_parts
from rules import ID_PATTERN
from sitedata import (
    INDEX_KINDS,
    PRACTICE_SECTION,
    SEARCH_BUNDLE,
    InvalidLinksFile,
    load_site,
    page_url,
    slug,
)
from spreadsheets import write as write_spreadsheets
from templating import BYTECODE
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
    """What the build knows: the site, its renderer, its generated pages (this language)."""

    renderer: Renderer | None = None
    specs: list[tuple] = []  # (Spanish site path, in navigation?, view, arguments)
    pages: dict[str, tuple] = {}  # src_uri -> (view, *arguments)
    slots: dict[str, list[str]] = {}  # src_uri -> HTML of the page's macro calls, in order
    serving: bool = False  # `mkdocs serve`: Pagefind and the data files follow in the background
    dirty: bool = False  # `mkdocs serve --dirty`: only what a change touches is rebuilt
    preview: Preview = Preview()  # what the previous build of this `serve --dirty` read
    plan: Plan | None = None  # this build's File.is_modified answers (dirty serve only)
    macro_pages: set[str] = set()  # hand-written pages that called a macro, this build
    title_only: set[str] = set()  # dirty serve: pages read for their title only, not written
    background: threading.Thread | None = None  # serve: data files and Pagefind
    outputs: multiprocessing.process.BaseProcess | None = None  # build: the data files
    outputs_error = None  # the pipe the data files' process reports an error on
    others: i18n.SkippedLanguages | None = None  # the other languages: a child builds them
    # (make site: i18n_adapter.OtherLanguages), or no one (a preview that does not touch them)
    sitemap: str | None = None  # the parent's sitemap.xml, until the child's is written
    active = None  # the navigation page marked active for the page being rendered
    fragments: dict[tuple, str] = {}  # _nav_key -> the sidebars' HTML, this language's build
    unindexed: list[str] = []  # languages this process built and Pagefind has not indexed
    history = None  # history.History of this build, read by the first language's on_config
    site_names: dict[str, str] = {}  # language -> its site_name (feeds, spreadsheets, citations)


_build = _Build()


def _catalogue_paths(config) -> tuple[Path, Path | None, Path]:
    base = Path(config.config_file_path).resolve().parent
    options = config.extra.get("catalogue") or {}
    practices = base / options.get("practices", "practices")
    links = options.get("links")
    taxonomies = base / options.get("taxonomies", "taxonomies")
    return practices, (base / links if links else None), taxonomies


def _frame_paths(config) -> list[Path]:
    """What every page depends on besides the records (preview.frame)."""
    _practices, links, taxonomies = _catalogue_paths(config)
    paths = [Path(config.config_file_path), Path(config.docs_dir), taxonomies]
    paths += [ROOT / "templates", ROOT / "sources"]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    return paths + ([links] if links else [])


@event_priority(-50)  # after mkdocs-macros' on_config (0), before mkdocs-static-i18n's (-100)
def on_config(config):
    practices, links, taxonomies = _catalogue_paths(config)
    first = not i18n.inner_build(config)
    if first and SHORTCUTS:
        gc.unfreeze()  # what the last build of `mkdocs serve` froze is collectable again
    try:
        site = load_site(practices, links, taxonomies)
        for entry in site.taxonomies["events"].values():
            if entry.get("report_file"):
                report_parts(entry)  # every section's start is found, or the build stops here
    except InvalidCatalogue as exc:
        raise PluginError(f"invalid records in {practices}:\n{exc}") from exc
    except (InvalidLinksFile, ReportError) as exc:
        raise PluginError(str(exc)) from exc
    if first and SHORTCUTS:
        # What is loaded by now (modules, the records) lives to the end of the build, so
        # Python's cycle collector stops scanning it (gc.freeze, until the next build's
        # on_config or on_shutdown): about 5 % of a build at 2,000 records went to
        # rescanning it, in each process, and a few tenths of a second of each preview.
        gc.freeze()
    if _build.history is None or first:
        _build.history = read_history(practices)  # once a build: the next language reuses it
    site.history = _build.history
    renderer = Renderer(site, config)
    _build.renderer, _build.pages, _build.slots = renderer, {}, {}
    if first:  # the config as mkdocs.yml has it, before mkdocs-static-i18n reconfigures it
        _build.site_names = i18n.site_names(config)
        _build.specs = list(_specs(site))
        _build.macro_pages = set()
        if _build.dirty:
            keys = [(path, view, args) for path, _in_nav, view, args in _build.specs]
            plan = _build.preview.plan(site, frame(_frame_paths(config), site.history), keys)
            _build.plan = plan
            if not plan.everything:
                counts = {
                    lang: sum(plan.generated(k, lang) for k, _, _ in keys) for lang in LANGUAGES
                }
                each = ", ".join(f"{lang} {n}" for lang, n in counts.items())
                changed = set().union(*plan.changed.values())
                log.info(
                    f"preview: {sum(counts.values())} of {len(keys) * len(LANGUAGES)} generated "
                    f"pages to rebuild ({each}; {len(changed)} record(s) changed)"
                )
    macros = config.plugins.get("macros")
    if macros is not None:

        def bind(name):
            method = getattr(renderer, name)

            def macro(*args, **kwargs):
                page = macros.page
                _build.macro_pages.add(page.file.src_uri)
                if page.file.src_uri in _build.title_only:
                    return ""  # read for the navigation's title, not written: nothing to draw
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
    mkdocs-static-i18n gives its own files (i18n_adapter.localize)."""
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
    i18n.localize(file, lang, {other: page_url(path, other) for other in LANGUAGES})
    return file


class GeneratedPage(Page):
    """A generated page outside the navigation: its Markdown is only front matter (SOURCE), so
    render() sets what Python-Markdown gives for no text (no content, table of contents,
    title or anchors) without building a Markdown converter with every extension for each
    of thousands of pages (about 1 ms each); its HTML comes in on_page_content."""

    def render(self, config, files):
        if self.markdown.strip():
            return super().render(config, files)
        self.content, self.toc, self._title_from_render = "", get_toc([]), None
        self.present_anchor_ids, self.links_to_anchors = set(), {}
        return None


@event_priority(-100)  # after mkdocs-static-i18n's on_files: it rejects generated files
def on_files(files, config):
    lang = i18n.language(config)
    plan = _build.plan
    if plan is not None:
        plan.start_reading()
    for path, in_nav, view, args in _build.specs:
        file = _file(config, path, lang, in_nav)
        clash = files.get_file_from_path(file.src_uri)
        if clash is not None and clash.generated_by != "hooks":
            raise PluginError(
                f"docs/{clash.src_uri}: a generated page has this address ({file.url}); "
                "rename or remove the hand-written page"
            )
        if plan is not None:
            rebuilt = plan.generated(path, lang)
            file.is_modified = lambda rebuilt=rebuilt, in_nav=in_nav: plan.modified(rebuilt, in_nav)
        files.append(file)
        i18n.list_in_sitemap(config, lang, file)
        _build.pages[file.src_uri] = (view, *args)
    _build.title_only = set()
    if plan is not None:
        for file in files.documentation_pages():
            if file.generated_by is None:  # hand-written: in the navigation or not, read again
                rebuilt = plan.hand_written(file.src_uri in _build.preview.macro_pages, lang)
                file.is_modified = lambda rebuilt=rebuilt: plan.modified(rebuilt, True)
                if not rebuilt:
                    _build.title_only.add(file.src_uri)
    if not i18n.inner_build(config) and not _build.serving:
        _start_outputs(config)
        if SHORTCUTS and _single_thread():
            _build.others = i18n.fork_other_languages(config)
    elif plan is not None and not i18n.inner_build(config):
        if all(plan.untouched(other) for other in LANGUAGES if other != lang):
            _build.others = i18n.skip_other_languages(config)  # nothing there changes
    if SHORTCUTS:  # after the fork: a page built here is a page the child's sitemap skips
        for file in files.documentation_pages(inclusion=InclusionLevel.is_not_in_nav):
            if file.generated_by == "hooks":
                GeneratedPage(None, file, config)
    return files


def on_post_template(output, template_name, config):
    """The parent of the other languages' child keeps its sitemap.xml (its language's pages)
    until the child has written its own, then joins them (_join_sitemaps); a preview that
    leaves the other languages out keeps the last build's (on_post_build). An empty output
    is not written."""
    if template_name == "sitemap.xml" and _build.others is not None:
        _build.sitemap = output
        return ""
    return output


def _join_sitemaps(site_dir: Path) -> None:
    first, _build.sitemap = _build.sitemap, None
    target = site_dir / "sitemap.xml"
    if first is None or not target.is_file():
        return
    text = i18n.merge_sitemaps(first, target.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")
    with open(f"{target}.gz", "wb") as out:  # as MkDocs writes it (_build_theme_template)
        stamp = get_build_timestamp()
        with gzip.GzipFile(fileobj=out, filename=f"{target}.gz", mode="wb", mtime=stamp) as gz:
            gz.write(text.encode("utf-8"))


def on_env(env, config, files):
    env.bytecode_cache = BYTECODE  # Material's templates compiled once per process
    env.globals["bp_fragment"] = _fragment
    i18n.reset_language_switcher(config)  # the 404 page's links: the language homes
    _build.fragments = {}  # this language's navigation: a new one each build
    _build.unindexed.append(i18n.language(config))  # after the fork: this process indexes it
    if _build.plan is not None:
        _build.plan.start_writing()
    history = _build.renderer.site.history
    for file in files.documentation_pages():  # every practice page's date, read or not
        spec = _build.pages.get(file.src_uri)
        if spec is not None and spec[0] == "practice_page" and file.page is not None:
            dates = history.dates(spec[1])
            if dates is not None:  # the sitemap's <lastmod>; else MkDocs' own, the build date
                file.page.update_date = dates.modified.date().isoformat()
    return env


def on_page_content(html, page, config, files):
    spec = _build.pages.get(page.file.src_uri)
    _build.renderer.config = config  # this language's site_name (mkdocs-static-i18n)
    if spec is not None:
        view, *args = spec
        if view == "practice_page":
            page.bp_practice = args[0]
            if _build.plan is not None:
                site = _build.renderer.site
                _build.preview.rendered_practice(site, site.by_id[args[0]])
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
        lang = i18n.language(config)
        theme_url = renderer.site.url("theme", renderer.site.by_id[practice]["themes"][0], lang)
        for item in nav.pages:
            if item.url == theme_url:
                item.active = True  # also marks its section (Page.active sets the parents')
                _build.active = item
    page.bp_nav_key = _nav_key(page, config, nav) if SHORTCUTS else None
    return context


# The sidebars of a page outside the navigation (Material's block site_nav: the navigation,
# the table of contents) depend only on what _nav_key holds: rendered once per key and reused
# (overrides/main.html, bp_fragment), the largest part of Material's template for each of
# thousands of practice pages. BP_BUILD_SHORTCUTS=0 turns it off, and the other languages'
# child process (i18n_adapter): tests/test_site_build_cache.py builds both ways and finds
# every file identical.
SHORTCUTS = os.environ.get("BP_BUILD_SHORTCUTS", "1") != "0"


def _nav_key(page, config, nav) -> tuple | None:
    """The page's folder (links in the sidebars are relative to it), its language, the
    navigation pages marked active, its table of contents and what it hides; None for a page
    in the navigation (its own entry is drawn with its table of contents)."""
    if page in nav.pages:
        return None

    def toc(items):
        return tuple((i.title, i.url, i.level, toc(i.children)) for i in items)

    hide = page.meta.get("hide") if page.meta else None
    folder = page.url.rstrip("/").rpartition("/")[0]
    active = tuple(item.url for item in nav.pages if item.active)
    return (i18n.language(config), folder, active, toc(page.toc), repr(hide))


def _fragment(key, caller):
    """{% call bp_fragment(key) %}...{% endcall %}: the body rendered once per key and build
    (every time without SHORTCUTS)."""
    if not SHORTCUTS:
        return caller()
    if key not in _build.fragments:
        _build.fragments[key] = caller()
    return _build.fragments[key]


def on_post_page(output, page, config):
    if _build.active is not None:
        _build.active.active = False
        _build.active = None
    return output


def on_startup(command, dirty):
    _build.serving = command == "serve"
    _build.dirty = _build.serving and dirty and i18n.dirty_inner_builds()
    if _build.dirty:  # our File.is_modified answers make the dirty build exact (preview.py)
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())


class _DirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that its navigation may be inaccurate: not so here
    (every page in the navigation is read again), and under --strict a warning aborts."""

    def filter(self, record):
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_pre_build(config):
    _wait_for_background()  # a rebuild of `mkdocs serve` starts once the last one is done
    if not i18n.inner_build(config):
        _build.unindexed = []
    plan = _build.plan
    if plan is not None and plan.everything and not i18n.inner_build(config):
        clean_directory(config.site_dir)  # what a full build removes: pages no longer made


def on_shutdown():
    _wait_for_background()
    gc.unfreeze()


def on_build_error(error):
    _stop_outputs()
    if _build.others is not None:
        _build.others.stop()
        _build.others = None


def _wait_for_background() -> None:
    if _build.background is not None:
        _build.background.join()
        _build.background = None


# ---- the data files: open data, spreadsheets, citations, feeds ------------------------------
# They read the records only, not the pages: `make site` writes them in a child process
# (forked, so it shares the loaded site) while this one renders the pages, and waits for it
# in the last on_post_build; `mkdocs serve` writes them after the pages, in the background.


def write_outputs(site, site_dir: Path, site_url, site_names, repo_name, repo_url) -> None:
    generated = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    write_open_data(site, site_dir / "datos", generated)
    names = {"site_url": site_url, "site_names": site_names}
    write_spreadsheets(site, site_dir / "datos", **names, generated=generated)
    write_citations(
        site, site_dir / CITATION_FOLDER, **names, repo=repo_name, year=int(generated[:4])
    )
    write_feeds(site, site_dir, site_names, site_url, repo_url, datetime.fromisoformat(generated))


def _output_arguments(config) -> tuple:
    site_dir = Path(config.site_dir)
    return (_build.renderer.site, site_dir, config.site_url, _build.site_names)


def _outputs_child(arguments: tuple, repo: tuple, errors) -> None:
    try:
        write_outputs(*arguments, *repo)
    except BaseException:
        errors.send(traceback.format_exc())
        raise SystemExit(1) from None
    errors.send(None)


def _single_thread() -> bool:
    """A fork is safe: no other thread (a fork copies only the calling one), and fork exists."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def _start_outputs(config) -> None:
    """Start writing the data files beside the page build: in a forked child when this
    process runs no other thread (a fork copies only the calling thread), else inline at
    the end (_finish_outputs)."""
    _stop_outputs()
    if not _single_thread():
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    repo = (config.repo_name, config.repo_url)
    _build.outputs = context.Process(
        target=_outputs_child, args=(_output_arguments(config), repo, send), daemon=True
    )
    _build.outputs.start()
    send.close()
    _build.outputs_error = receive


def _finish_outputs(config) -> None:
    process, receive = _build.outputs, _build.outputs_error
    _build.outputs = _build.outputs_error = None
    if process is None:
        write_outputs(*_output_arguments(config), config.repo_name, config.repo_url)
        return
    try:
        error = receive.recv()
    except EOFError:
        error = "the process writing the data files ended without a word"
    process.join()
    receive.close()
    if error is not None or process.exitcode != 0:
        raise PluginError(f"writing the data files failed (exit {process.exitcode}):\n{error}")


def _stop_outputs() -> None:
    """End the data files' child of a build that failed (only the process this build started)."""
    if _build.outputs is not None and _build.outputs.is_alive():
        _build.outputs.terminate()
        _build.outputs.join()
    _build.outputs = _build.outputs_error = None


@event_priority(-100)  # after mkdocs-static-i18n's on_post_build, which builds the other languages
def on_post_build(config):
    site_dir = Path(config.site_dir)
    while _build.unindexed and not _build.serving:  # pages all written: their search index
        pagefind(site_dir, _build.unindexed.pop(0))
    others, _build.others = _build.others, None
    if others is not None:  # a child built the other languages (wait for it), or no one did
        error = others.wait()
        if error is not None:
            _stop_outputs()
            raise PluginError(f"the build of the other languages failed:\n{error}")
        if others.built:
            _join_sitemaps(site_dir)
        else:  # the other languages' pages were not rebuilt: the sitemap listing them stands
            _build.sitemap = None
    elif i18n.inner_build(config):
        return  # a language build inside mkdocs-static-i18n's loop: not the last one
    if not config.site_url:  # without the site's address, sitemap URLs would be wrong
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)
    if _build.plan is not None:
        if _build.plan.everything:
            _build.preview.macro_pages = set()
        _build.preview.macro_pages |= _build.macro_pages
        _build.plan = None
    if _build.serving:  # serve the new pages at once; the data files and search follow
        languages, _build.unindexed = _build.unindexed, []  # those built: a preview may skip
        arguments = (_output_arguments(config), config.repo_name, config.repo_url, languages)
        _build.background = threading.Thread(
            target=_background, args=(arguments, site_dir), daemon=True
        )
        _build.background.start()
    else:
        _finish_outputs(config)


def _background(arguments: tuple, site_dir: Path) -> None:
    try:
        (site, out, site_url, names), repo_name, repo_url, languages = arguments
        write_outputs(site, out, site_url, names, repo_name, repo_url)
        for lang in languages:  # a language the preview did not build keeps its index
            pagefind(site_dir, lang)
    except PluginError as exc:
        log.error(str(exc))
    else:
        log.info(BUILD_DONE)


# ---- search: Pagefind, one bundle per language -----------------------------------------------
# Each language's index is its own bundle (pagefind/, en/pagefind/: SEARCH_BUNDLE in the
# language's folder; the search page loads its language's), made from that language's pages
# only, as soon as they are written: `make site` indexes English in the other languages'
# child while this process indexes Spanish. Pagefind's results are the same as one bundle of
# both languages gives (a bundle keeps each language's index apart, by <html lang>).


def pagefind(site_dir: Path, lang: str) -> None:
    """Pagefind's index of `lang`'s pages of the built site, into its SEARCH_BUNDLE: filters
    from data-pagefind-filter attributes, only the content in data-pagefind-body."""
    from pagefind_bin import get_executable  # the pagefind package's own binary

    try:
        command = [str(get_executable()), "--site", str(site_dir), "--quiet"]
    except FileNotFoundError as exc:
        raise PluginError(f"pagefind is not installed (make installs it): {exc}") from exc
    command += ["--glob", pages_glob(lang), "--output-subdir", page_url(SEARCH_BUNDLE, lang)]
    result = subprocess.run(
        command + ["--exclude-selectors", PAGEFIND_EXCLUDE], capture_output=True, text=True
    )
    if result.returncode != 0:
        output = result.stderr or result.stdout
        raise PluginError(f"pagefind failed ({result.returncode}) for {lang}: {output}")


def pages_glob(lang: str) -> str:
    """Pagefind's --glob for the HTML files of `lang`: those in its folder ("en/**/*.html"),
    or for the default language, every one outside the other languages' folders."""
    folder = page_url("", lang)
    if folder:
        return f"{folder}**/*.html"
    others = [page_url("", other).rstrip("/") for other in LANGUAGES if other != lang]
    return "{" + ",".join(["*.html", *(f"{n}/**/*.html" for n in _names_but(others))]) + "}"


def _names_but(names: list[str], start: str = "") -> list[str]:
    """Glob patterns that together match every name but `names` (none empty), and the
    names that start with `start` followed by them: ["en"] -> [!e]*, e, e[!n]*, en?*."""
    firsts = sorted({name[0] for name in names})
    patterns = [f"{start}[!{''.join(firsts)}]*"]
    for first in firsts:
        rests = [name[1:] for name in names if name[0] == first]
        longer = [rest for rest in rests if rest]
        if "" not in rests:
            patterns.append(start + first)  # the shorter name itself
        if longer:
            patterns += _names_but(longer, start + first)
        else:
            patterns.append(f"{start}{first}?*")  # longer names
    return patterns
