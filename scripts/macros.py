"""The mkdocs-macros module of the site (mkdocs.yml: `module_name: scripts/macros`).

Record text never enters a page source: pages only call these macros, which return
HTML rendered from templates/*.html by a Jinja2 environment with autoescape on, so a
title such as `{{ 7*7 }}` or `<script>alert(1)</script>` shows literally. Link URLs
are only emitted when they are http(s). The language is the page's (env.page.file.locale,
set by mkdocs-static-i18n).

Macros for any page:

    {{ practice_list(theme=None, country=None, type=None, organization=None, gcm=None) }}
    {{ practice_count() }}            number of practices
    {{ stats_charts() }}              bars of practices by theme, country and type
    {{ country_list("crm") }}         member countries of the CRM (or "csm"), linked
    {{ observer_list() }}             observer organisations (annex 1; the RROCM is not one)
    {{ practice_catalogue() }}        the "all practices" list with filters and sort
    {{ search_box() }}                Pagefind's search UI
    {{ link_health() }}               the link report: summary, then every link by practice,
                                      broken first (or "no check has run yet")

Macros for the generated page skeletons (generate_pages.py):

    {{ practice_shell() }}                     the practice-page shell (see below)
    {{ practice_page("capmir-guatemala") }}    one practice (what the shell stands for)
    {{ index_page("country", "gt") }}          also theme/type/organization/gcm
    {{ index_overview("country") }}

Records come from $BP_PRACTICES_DIR (default practices/) and link health from
$BP_LINKS_FILE (default data/links.json, else build/links/links.json, optional); both are
read once per build. Interface words, per language, are in templates/labels.yml
(`t` in templates; the link-health words are t.health).

Practice pages are not rendered by mkdocs one by one (that cost ~15 ms a page and language).
mkdocs renders ONE shell page per language, practicas/_shell/ (same URL depth as
practicas/<id>/), whose title, description and content are the SHELL_* markers; then
build_site.py calls practice_pages(site, config) below, which renders every record's
content with the same Renderer.practice_page as the macro (same template, same escaping),
and fills each record's copy of the shell with it.
"""

from __future__ import annotations

import functools
import html
import posixpath
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import jinja2  # noqa: E402
from markupsafe import Markup  # noqa: E402

from catalogue import LANGUAGES, ROOT  # noqa: E402
from check_links import WAYBACK  # noqa: E402
from linkclass import RESULTS  # noqa: E402
from sitedata import INDEX_KINDS, PROCESSES, Site, load_site, page_url, slug  # noqa: E402
from sitedata import sort_key as sort_label  # noqa: E402
from yamlsafe import load_yaml  # noqa: E402

TEMPLATES_DIR = ROOT / "templates"
# Sections of the link-health page, in order; a link is in the first that applies.
HEALTH_SECTIONS = ("broken", "redirected", "failing", "restricted", "ok")
EVENT = "iv-plenary-crm-csm-2023"
SECTION_TITLES = {
    "country": {"es": "Países", "en": "Countries"},
    "type": {"es": "Tipos de práctica", "en": "Types of practice"},
    "organization": {"es": "Organizaciones", "en": "Organisations"},
    "gcm": {
        "es": "Objetivos del Pacto Mundial para la Migración",
        "en": "Global Compact for Migration objectives",
    },
    "theme": {"es": "Temas", "en": "Themes"},
}


def templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one build: no stat() of the template file on every render
    )


def safe_url(url: str) -> str | None:
    """`url` when it is an absolute http(s) URL, else None (never emitted)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.netloc else None


@functools.lru_cache(maxsize=65536)
def relative(target: str, current: str) -> str:
    """Relative link from the page at site path `current` to site path `target`."""
    base = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    rel = posixpath.relpath("/" + target, "/" + base)
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel


def _when(value, date_only: bool = False) -> str | None:
    """An ISO 8601 time of the link report as "YYYY-MM-DD HH:MM UTC" (or the date only);
    None for null; anything else as it is (the template escapes it)."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d" if date_only else "%Y-%m-%d %H:%M UTC")


def _result_label(t: dict, result) -> str:
    """The words for a link result; restricted links are "could not verify", never broken."""
    label = t["link_results"].get(str(result), str(result))
    if result == "restricted":
        return f"{t['health']['could_not_verify']} ({label})"
    return label


# The practice-page shell: a URL segment no record id can take (ids are kebab-case a-z0-9),
# and markers that no template or label contains.
SHELL_ID = "_shell"
SHELL_TITLE = "bp-shell-title-7c1e4a"
SHELL_DESCRIPTION = "bp-shell-description-7c1e4a"
SHELL_CONTENT = "<!-- bp-shell-content-7c1e4a <h1> -->"  # "<h1": no Material title added


class StandalonePage:
    """What the macros read of a mkdocs page (url, file.locale, meta), for pages rendered
    outside mkdocs' per-page pipeline. (No dataclasses in this module: mkdocs-macros loads
    it without registering it in sys.modules.)"""

    def __init__(self, url: str, locale: str):
        self.url, self.locale, self.meta = url, locale, {}

    @property
    def file(self):
        return self


class RenderedPractice(NamedTuple):
    id: str
    lang: str
    url: str  # site path, e.g. "en/practicas/capmir-guatemala/"
    title: str  # HTML-escaped, as page.meta["title"]
    description: str  # HTML-escaped, as page.meta["description"]
    content: str  # the practice_page macro's HTML


def practice_pages(site: Site, config) -> Iterator[RenderedPractice]:
    """Every record's practice page content in every language (config: the mkdocs config)."""
    renderer = Renderer(site, config)
    for record in site.records:
        for lang in LANGUAGES:
            page = StandalonePage(url=site.url("practice", record["id"], lang), locale=lang)
            content = renderer.practice_page(page, record["id"])
            yield RenderedPractice(
                id=record["id"],
                lang=lang,
                url=page.url,
                title=page.meta["title"],
                description=page.meta.get("description", ""),
                content=str(content),
            )


class Renderer:
    """Renders the macros' HTML for one page at a time."""

    def __init__(self, site: Site, config: dict):
        self.site = site
        self.config = config
        self.jinja = templates()
        self.labels = load_yaml(TEMPLATES_DIR / "labels.yml")[0]

    def context(self, page) -> dict:
        lang = getattr(page.file, "locale", None) or LANGUAGES[0]
        current = page.url

        def u(path: str) -> str:
            return relative(path, current)

        t = self.labels[lang]
        return {
            "lang": lang,
            "t": t,
            "site": self.site,
            "u": u,
            "filter_names": {k: t[f"filter_{k}"] for k in ("theme", "country", "type")},
        }

    def render(self, template: str, page, **values) -> Markup:
        return Markup(self.jinja.get_template(template).render(**self.context(page), **values))

    def set_title(self, page, text: str, description: str | None = None) -> None:
        """Page <title> and header: Material prints page.meta values unescaped, so escape."""
        page.meta["title"] = html.escape(text, quote=True)
        if description:
            page.meta["description"] = html.escape(description, quote=True)

    # -- pages -------------------------------------------------------------------------
    def practice_shell(self, page) -> Markup:
        """The shell of every practice page: markers that build_site.py replaces."""
        self.set_title(page, SHELL_TITLE, SHELL_DESCRIPTION)
        return Markup(SHELL_CONTENT)

    def practice_page(self, page, practice_id: str) -> Markup:
        record = self.site.by_id[practice_id]
        lang = self.context(page)["lang"]
        self.set_title(page, record["title"][lang], record["summary"][lang])
        links = [
            self._link(link, url) for link in record["links"] if (url := safe_url(link["url"]))
        ]
        repo = self.config["repo_url"].rstrip("/")
        records_cfg = self.config["extra"]["records"]
        edit_url = self._edit_url(practice_id)
        issue_title = f"{records_cfg['issue_title'][lang]}: {practice_id}"
        issue_url = f"{repo}/issues/new?" + urlencode({"title": issue_title})
        return self.render(
            "practice.html",
            page,
            r=record,
            links=links,
            event=self.site.taxonomies["events"][record["source"]["event"]],
            edit_url=edit_url,
            issue_url=issue_url,
        )

    def _edit_url(self, practice_id: str) -> str:
        repo = self.config["repo_url"].rstrip("/")
        return f"{repo}/{self.config['extra']['records']['edit']}{quote(practice_id)}.yml"

    def _link(self, link: dict, url: str) -> dict:
        """A record's link with its state from the link report (None when not checked)."""
        state = self.site.link_state(url)
        state_id = "unchecked"
        final_url = None
        if state:
            state_id = "broken" if state.get("broken") else str(state.get("result", "unchecked"))
            final = state.get("final_url")
            if isinstance(final, str) and final != url:
                final_url = final
            if not isinstance(state.get("checked_at"), str):
                state = {**state, "checked_at": None}
        return {
            "url": url,
            "text": link.get("text"),
            "restricted": link.get("restricted", False),
            "state": state,
            "state_id": state_id,
            "final_url": final_url,
            "wayback": f"{WAYBACK}{url}" if state_id == "broken" else None,
        }

    def index_page(self, page, kind: str, key_slug: str) -> Markup:
        key = self._key(kind, key_slug)
        lang = self.context(page)["lang"]
        heading = self.site.label(kind, key, lang)
        if kind == "gcm":
            heading = f"{self.labels[lang]['gcm_short']} {key}: {heading}"
        self.set_title(page, heading)
        return self.render(
            "index_page.html",
            page,
            kind=kind,
            key=key,
            heading=heading,
            description=None,
            records=self.site.members(kind, key, lang),
        )

    def index_overview(self, page, kind: str) -> Markup:
        ctx = self.context(page)
        lang = ctx["lang"]
        heading = SECTION_TITLES[kind][lang]
        self.set_title(page, heading)
        entries = []
        for key in self.site.keys(kind):
            label = self.site.label(kind, key, lang)
            if kind == "gcm":
                label = f"{key}. {label}"
            entries.append(
                {
                    "url": ctx["u"](self.site.url(kind, key, lang)),
                    "label": label,
                    "count": len(self.site.members(kind, key, lang)),
                }
            )
        if kind == "country":
            entries.sort(key=lambda e: sort_label(e["label"]))
        return self.render("index_overview.html", page, heading=heading, entries=entries)

    # -- macros for any page -------------------------------------------------------------
    def practice_list(self, page, **criteria) -> Markup:
        lang = self.context(page)["lang"]
        if criteria.get("country"):
            criteria["country"] = criteria["country"].upper()
        return self.render("practice_list.html", page, records=self.site.select(lang, **criteria))

    def stats_charts(self, page) -> Markup:
        ctx = self.context(page)
        lang, t = ctx["lang"], ctx["t"]
        charts = []
        for kind, heading in (
            ("theme", t["by_theme"]),
            ("country", t["by_country"]),
            ("type", t["by_type"]),
        ):
            counts = self.site.counts(kind)
            top = max((n for _, n in counts), default=1)
            bars = [
                {
                    "label": self.site.label(kind, key, lang),
                    "url": ctx["u"](self.site.url(kind, key, lang)),
                    "count": n,
                    "percent": round(100 * n / top),
                }
                for key, n in counts
            ]
            charts.append({"id": kind, "heading": heading, "bars": bars})
        return self.render("stats_charts.html", page, charts=charts)

    def country_list(self, page, process: str) -> Markup:
        if process not in PROCESSES:
            raise ValueError(f"country_list({process!r}): expected one of {PROCESSES}")
        ctx = self.context(page)
        lang = ctx["lang"]
        have_page = set(self.site.keys("country"))
        members = self.site.taxonomies["organizations"][process].get("members", [])
        items = [
            {
                "label": self.site.label("country", cc, lang),
                "url": ctx["u"](self.site.url("country", cc, lang)) if cc in have_page else None,
            }
            for cc in members
        ]
        items.sort(key=lambda i: sort_label(i["label"]))
        return self.render("name_list.html", page, items=items)

    def observer_list(self, page) -> Markup:
        ctx = self.context(page)
        lang = ctx["lang"]
        orgs = self.site.taxonomies["organizations"]
        keys = [k for k, o in orgs.items() if o.get("kind") == "observer"]
        items = [
            {
                "label": self.site.label("organization", k, lang),
                "url": ctx["u"](self.site.url("organization", k, lang)),
            }
            for k in keys
            if k in orgs
        ]
        return self.render("name_list.html", page, items=items)

    def practice_catalogue(self, page) -> Markup:
        ctx = self.context(page)
        lang, u = ctx["lang"], ctx["u"]
        site = self.site
        records = site.sorted_records(site.records, lang)

        def options(kind, keys):
            opts = [{"key": k, "label": site.label(kind, k, lang)} for k in keys]
            return opts if kind == "theme" else sorted(opts, key=lambda o: sort_label(o["label"]))

        types = options("type", [k for k, _ in site.counts("type")])
        countries = options("country", [k for k, _ in site.counts("country")])
        type_rank = {o["key"]: i for i, o in enumerate(types)}
        by_country = sorted(
            records,
            key=lambda r: sort_label(
                site.label("country", r["countries"][0], lang) if r["countries"] else "~"
            ),
        )
        country_rank = {r["id"]: i for i, r in enumerate(by_country)}
        return self.render(
            "catalogue.html",
            page,
            records=records,
            themes=options("theme", [k for k in site.keys("theme")]),
            countries=countries,
            types=types,
            type_rank=type_rank,
            country_rank=country_rank,
            data_json=u("datos/practicas.json"),
            data_csv=u("datos/practicas.csv"),
            data_xlsx=u("datos/practicas.xlsx"),
            script=u("assets/catalogue.js"),
        )

    def search_box(self, page) -> Markup:
        ctx = self.context(page)
        u = ctx["u"]
        other_lang = next(lang for lang in LANGUAGES if lang != ctx["lang"])
        return self.render(
            "search.html",
            page,
            bundle=u("pagefind/"),
            script=u("assets/search.js"),
            catalogue=u(page_url("practicas/", ctx["lang"])),
            other=u(page_url("buscar/", other_lang)),
            other_lang=other_lang,
        )

    def link_health(self, page) -> Markup:
        """The link report (data/links.json or build/links/links.json): when it ran, counts
        per result, then every link grouped by practice in HEALTH_SECTIONS order (broken
        first), each group with the record file to edit; "no check yet" without a report."""
        ctx = self.context(page)
        t = ctx["t"]
        report = self.site.link_report
        if report is None:
            return self.render("link_health.html", page, report=None, sections=[])
        links = [link for link in report["links"] if isinstance(link, dict)]
        sections: dict[str, dict[str, list]] = {name: {} for name in HEALTH_SECTIONS}
        for link in links:
            section = self._health_section(link)
            practices = link.get("practices")
            for practice in practices if isinstance(practices, list) else []:
                sections[section].setdefault(str(practice), []).append(self._health_link(link, t))
        counts = {}
        for link in links:
            counts[str(link.get("result"))] = counts.get(str(link.get("result")), 0) + 1
        threshold = report.get("failure_threshold")
        summary = {
            "when": _when(report.get("generated_at")),
            "total": len(links),
            "counts": [
                {"label": _result_label(t, result), "count": counts.get(result, 0)}
                for result in [*RESULTS, *sorted(set(counts) - set(RESULTS))]
            ]
            + [
                {
                    "label": t["link_results"]["broken"],
                    "count": sum(link.get("broken") is True for link in links),
                }
            ],
            "threshold": (
                t["health"]["threshold"].format(n=threshold)
                if isinstance(threshold, int) and not isinstance(threshold, bool)
                else None
            ),
        }
        return self.render(
            "link_health.html",
            page,
            report=summary,
            sections=[
                {
                    "id": name,
                    "count": sum(map(len, groups.values())),
                    "groups": self._health_groups(groups, ctx),
                }
                for name, groups in sections.items()
            ],
        )

    @staticmethod
    def _health_section(link: dict) -> str:
        if link.get("broken") is True:
            return "broken"
        result = link.get("result")
        return result if result in ("redirected", "restricted", "ok") else "failing"

    def _health_link(self, link: dict, t: dict) -> dict:
        url = str(link.get("url"))
        href = safe_url(url)
        final = link.get("final_url")
        broken = link.get("broken") is True
        status = link.get("http_status")
        return {
            "url": url,
            "href": href,
            "state_id": "broken" if broken else str(link.get("result")),
            "label": _result_label(t, "broken" if broken else link.get("result")),
            "result_label": _result_label(t, link.get("result")),
            "http_status": status if isinstance(status, int) else None,
            "checked": _when(link.get("checked_at"), date_only=True),
            "first_failed": _when(link.get("first_failed"), date_only=True),
            "streak": link.get("consecutive_failures"),
            "last_ok": _when(link.get("last_ok"), date_only=True),
            "final_url": final if isinstance(final, str) and final != url else None,
            "wayback": f"{WAYBACK}{href}" if broken and href else None,
        }

    def _health_groups(self, groups: dict[str, list], ctx: dict) -> list[dict]:
        lang, u = ctx["lang"], ctx["u"]
        out = []
        for practice, items in groups.items():
            record = self.site.by_id.get(practice)
            out.append(
                {
                    "id": practice,
                    "title": record["title"][lang] if record else None,
                    "href": u(self.site.url("practice", practice, lang)) if record else None,
                    "file": f"practices/{practice}.yml",
                    "edit_url": self._edit_url(practice),
                    "links": sorted(items, key=lambda item: item["url"]),
                }
            )
        return sorted(out, key=lambda g: (g["title"] is None, sort_label(g["title"] or g["id"])))

    def practice_count(self, page) -> int:
        return len(self.site.records)

    def _key(self, kind: str, key_slug: str):
        if kind not in INDEX_KINDS:
            raise ValueError(f"unknown index kind {kind!r} (expected one of {INDEX_KINDS})")
        for key in self.site.keys(kind):
            if slug(kind, key) == key_slug:
                return key
        raise ValueError(f"no {kind} index page {key_slug!r}")


def define_env(env) -> None:
    """mkdocs-macros entry point: register the macros, bound to the page being rendered."""
    renderer = Renderer(load_site(), env.conf)

    def bind(method):
        def macro(*args, **kwargs):
            return method(env.page, *args, **kwargs)

        macro.__name__ = method.__name__
        macro.__doc__ = method.__doc__
        return macro

    for name in (
        "practice_shell",
        "practice_page",
        "index_page",
        "index_overview",
        "practice_list",
        "practice_count",
        "stats_charts",
        "country_list",
        "observer_list",
        "practice_catalogue",
        "search_box",
        "link_health",
    ):
        env.macro(bind(getattr(renderer, name)), name)
