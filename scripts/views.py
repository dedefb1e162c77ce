"""The HTML of every generated page and of every macro, from templates/*.html (autoescape).

    renderer = Renderer(site, config)          # site: sitedata.Site; config: the mkdocs config
    renderer.practice_page(page, "capmir-guatemala")
    renderer.index_page(page, "country", "gt") / renderer.index_overview(page, "country")
    renderer.practice_list(page, theme="observatory") ... (one method per macro, MACROS)

`page` is what mkdocs gives (or anything with .url, .file.locale and .meta): the language is
page.file.locale (set by mkdocs-static-i18n, and by the hooks on generated pages), links are
relative to page.url. Methods that make a whole page set page.meta["title"] and
["description"], HTML-escaped (Material prints them unescaped). Record text only goes through
templates with autoescape, so a title such as `{{ 7*7 }}` or `<script>alert(1)</script>`
shows literally; link URLs are only emitted when they are http(s). Interface words, per
language, are in templates/labels.yml (`t` in templates; the link-health words are t.health).
"""

from __future__ import annotations

import functools
import html
import posixpath
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from babel.dates import format_date
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

import citation
import linkreport
import regionmap
import spreadsheets
from catalogue import LANGUAGES
from feeds import FEED_FILE
from feeds import whats_new as latest_changes
from history import iso
from linkclass import RESULTS
from linklabels import link_label, link_labels, safe_url, site_names
from rules import schema, url_key
from sitedata import INDEX_KINDS, PRACTICE_SECTION, PROCESSES, Site, page_url
from sitedata import sort_key as sort_label
from templating import environment, labels
from views_events import EventViews

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


@functools.lru_cache(maxsize=65536)
def relative(target: str, current: str) -> str:
    """Relative link from the page at site path `current` to site path `target`."""
    base = current if current.endswith("/") or not current else posixpath.dirname(current) + "/"
    rel = posixpath.relpath("/" + target, "/" + base)
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel


def script_json(data) -> Markup:
    """`data` as JSON that is safe inside <script> (JSON-LD): "<", ">", "&" and "'" are
    written as \\u003c... (jinja2's htmlsafe_json_dumps), so a title such as
    `</script><script>alert(1)</script>` cannot end the script element."""
    return htmlsafe_json_dumps(data, ensure_ascii=False)


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


class Renderer(EventViews):
    """Renders the macros' HTML for one page at a time (the meetings' pages: views_events)."""

    def __init__(self, site: Site, config):
        self.site = site
        self.config = config
        self.jinja = environment()
        self.labels = labels()

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
            "filter_names": {k: t[f"filter_{k}"] for k in ("theme", "country", "type", "event")},
        }

    def render(self, template: str, page, **values) -> Markup:
        return Markup(self.jinja.get_template(template).render(**self.context(page), **values))

    def set_title(self, page, text: str, description: str | None = None) -> None:
        """Page <title> and header: Material prints page.meta values unescaped, so escape."""
        page.meta["title"] = html.escape(text, quote=True)
        page.bp_title = text  # raw, for the social meta and JSON-LD (social())
        if description:
            page.meta["description"] = html.escape(description, quote=True)
            page.bp_description = description

    # -- pages ------------------------------------------------------------------------
    def practice_page(self, page, practice_id: str) -> Markup:
        record = self.site.by_id[practice_id]
        lang = self.context(page)["lang"]
        self.set_title(page, record["title"][lang], record["summary"][lang])
        links = [
            self._link(link, url) for link in record["links"] if (url := safe_url(link["url"]))
        ]
        self._label_links(record, links, lang)
        sheet = self.sheet(record)
        source_labels = [
            link_label(s["url"], {}, s["title"], s.get("language")) for s in sheet["sources"]
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
            sheet=sheet,
            source_labels=source_labels,
            links=links,
            events=self.event_mentions(record, lang, self.context(page)["u"]),
            proposal_url=self._proposal_url(record),
            edit_url=edit_url,
            issue_url=issue_url,
            breadcrumb=self.breadcrumb(page),
            related=self.site.related(record),
            site_name=self.config["site_name"],
            permalink=self.permalink(page),
            page_path="/" + page.url,
            dates=self.dates(record["id"], lang),
            cite=self.citation(page, record, lang),
        )

    def _label_links(self, record: dict, links: list[dict], lang: str) -> None:
        """Each link's `label` (linklabels.link_labels): its text in the report, else its
        site's name or host; the language of what it opens when a further source with the
        same address says it."""
        languages = {
            url_key(s["url"]): s["language"]
            for s in record.get("further_sources", [])
            if s.get("language")
        }
        names = self._site_names(lang)
        items = [(link["url"], link["text"], languages.get(url_key(link["url"]))) for link in links]
        for link, label in zip(links, link_labels(items, names), strict=True):
            link["label"] = label

    def _site_names(self, lang: str) -> dict[str, str]:
        """linklabels.site_names of the taxonomies in `lang`, computed once per language."""
        cache = self.__dict__.setdefault("_names", {})
        if lang not in cache:
            cache[lang] = site_names(self.site.taxonomies, lang)
        return cache[lang]

    def citation(self, page, record: dict, lang: str) -> dict:
        """The practice page's "How to cite" (citation.py): the plain text's pieces, BibTeX and
        RIS as the page prints them (their access-date line left for the page's script) with
        links to their files, and whether the address is absolute (else the script writes
        the address the page was opened at)."""
        c = citation.site_citation(
            self.site,
            record,
            lang,
            site_url=self.config.get("site_url"),
            site_name=self.config["site_name"],
            repo=self.config["repo_name"],
            year=datetime.now(UTC).year,
            t=self.labels[lang],
        )
        u = self.context(page)["u"]
        formats = []
        for fmt in citation.FORMATS:
            path = citation.file_path(record["id"], lang, fmt)
            formats.append(
                {
                    "id": fmt,
                    "name": citation.FORMAT_NAMES[fmt],
                    "ext": citation.EXTENSIONS[fmt],
                    "type": citation.MEDIA_TYPES[fmt],
                    "date_format": citation.DATE_FORMATS[fmt],
                    "crlf": citation.NEWLINES[fmt] == "\r\n",
                    "segments": citation.page_segments(fmt, c),
                    "file": u(path),
                    "file_name": posixpath.basename(path),
                }
            )
        return {
            "segments": citation.segments(c, self.labels[lang]),
            "absolute": c.absolute,
            "formats": formats,
        }

    def download(self, page, kind: str | None = None, key=None) -> dict | None:
        """The spreadsheet of a selection (spreadsheets.py) for its download line: its link
        and number of practices; None when it has none (no file is written)."""
        lang = self.context(page)["lang"]
        records = spreadsheets.sheet_records(self.site, kind, key, lang)
        if not records:
            return None
        path = spreadsheets.sheet_path(lang, kind, key)
        return {"url": self.context(page)["u"](path), "count": len(records), "all": kind is None}

    def dates(self, record_id: str, lang: str) -> dict | None:
        """When a practice was published and last changed (history.py), for its page: the
        dates in `lang` (Babel, long format: "4 de diciembre de 2026", "December 4, 2026")
        and ISO 8601 (<time datetime>); `modified` only when it is another day. None without
        dates (the page then says nothing about them)."""
        found = self.site.history.dates(record_id)
        if found is None:
            return None

        def when(moment) -> dict:
            return {"text": format_date(moment, format="long", locale=lang), "iso": iso(moment)}

        changed = found.modified.date() != found.published.date()
        return {
            "published": when(found.published),
            "modified": when(found.modified) if changed else None,
        }

    def sheet(self, record: dict) -> dict:
        """What the practice page's sheet needs beyond the record: its further sources numbered
        from 1 (only http(s) ones), whether any title is ours ("[...]": the copy consulted
        showed none), refs {detail: [numbers of the sources that support it]},
        the countries it applies to, and those it is proposed for (None unless a proposal)."""
        sources = [s for s in record.get("further_sources", []) if safe_url(s["url"])]
        refs: dict[str, list[int]] = {}
        for number, source in enumerate(sources, 1):
            for name in source["supports"]:
                refs.setdefault(name, []).append(number)
        proposal = record.get("status") == "proposed"
        return {
            "sources": sources,
            "bracketed": any(s["title"].startswith("[") for s in sources),  # titles of ours
            "refs": refs,
            "applies_to": self.site.applies_to(record),
            "proposed_for": self.site.proposed_for(record) if proposal else None,
        }

    def permalink(self, page) -> str | None:
        """The page's absolute address when the site's address is known (site_url), else None
        (assets/site.js then writes the address the page was opened at)."""
        base = self.config.get("site_url")
        return base.rstrip("/") + "/" + page.url if base else None

    def breadcrumb(self, page) -> list[dict]:
        """Home › theme › practice of a practice page as [{name, url}] (site paths), for the
        page's breadcrumb and its JSON-LD; [] on other pages."""
        spec = getattr(page, "bp_practice", None)
        if spec is None:
            return []
        lang = self.context(page)["lang"]
        record = self.site.by_id[spec]
        theme = record["themes"][0]
        return [
            {"name": self.labels[lang]["home"], "url": page_url("", lang)},
            {
                "name": self.site.label("theme", theme, lang),
                "url": self.site.url("theme", theme, lang),
            },
            {"name": record["title"][lang], "url": page.url},
        ]

    def social(self, page, config) -> dict:
        """Open Graph, Twitter and schema.org (JSON-LD) data of any page (overrides/main.html
        prints them, escaping the text; jsonld is already safe inside <script>)."""
        lang = self.context(page)["lang"]
        site_name = config["site_name"]
        home = page.url in ("", page_url("", lang))
        title = site_name if home else getattr(page, "bp_title", None) or page.title or site_name
        description = (
            getattr(page, "bp_description", None)
            or (page.meta or {}).get("description")
            or config.get("site_description")
            or ""
        ).strip()
        url = self.permalink(page)
        base = (config.get("site_url") or "").rstrip("/")
        practice = getattr(page, "bp_practice", None) is not None
        data = {
            "@context": "https://schema.org",
            "@type": "WebSite" if home else "WebPage",
            "name": title,
            "description": description,
            "inLanguage": lang,
        }
        if practice:  # the page (with its breadcrumb) is about the practice, an article
            data["mainEntity"] = {
                "@type": "Article",
                "headline": title,
                "description": description,
                "inLanguage": lang,
            }
            dates = self.site.history.dates(page.bp_practice)
            if dates:  # history.py: none outside a full git checkout, or before the first commit
                data["mainEntity"]["datePublished"] = iso(dates.published)
                data["mainEntity"]["dateModified"] = iso(dates.modified)
        if url:
            data["url"] = url
        if not home:
            data["isPartOf"] = {"@type": "WebSite", "name": site_name}
            if base:
                data["isPartOf"]["url"] = f"{base}/{page_url('', lang)}"
        crumbs = self.breadcrumb(page)
        if crumbs:
            data["breadcrumb"] = {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": i,
                        "name": crumb["name"],
                        **({"item": f"{base}/{crumb['url']}"} if base else {}),
                    }
                    for i, crumb in enumerate(crumbs, 1)
                ],
            }
        locales = config["extra"]["ui"]["og_locale"]
        return {
            "title": title,
            "description": description,
            "type": "article" if practice else "website",
            "url": url,
            "site_name": site_name,
            "locale": locales[lang],
            "alternates": [locales[other] for other in LANGUAGES if other != lang],
            "jsonld": script_json(data),
        }

    def _proposal_url(self, record: dict) -> str | None:
        """The repository issue that proposed a practice from outside any report, if known."""
        issue = record["source"].get("proposal", {}).get("issue")
        return f"{self.config['repo_url'].rstrip('/')}/issues/{issue}" if issue else None

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
            "wayback": f"{linkreport.WAYBACK}{url}" if state_id == "broken" else None,
        }

    def index_page(self, page, kind: str, key) -> Markup:
        lang = self.context(page)["lang"]
        heading = self.site.label(kind, key, lang)
        if kind == "gcm":
            heading = f"{self.labels[lang]['gcm_short']} {key}: {heading}"
        self.set_title(page, heading)
        if kind == "event":
            return self.event_page(page, key, heading)
        if kind == "country":
            own, regional, proposed = self.site.country_practices(key, lang)
            orgs = self.site.taxonomies["organizations"]
            return self.render(
                "country_page.html",
                page,
                key=key,
                heading=heading,
                own=own,
                regional=[
                    {
                        "r": r,
                        "bodies": [
                            {"id": b, "label": self.site.label("organization", b, lang)}
                            for b in self.site.bodies(r, key)
                            if b in orgs
                        ],
                    }
                    for r in regional
                ],
                proposed=proposed,
                unplaced=self.site.unplaced_records(lang),
                meetings=self._at_meetings(key, lang, self.context(page)["u"]),
                download=self.download(page, "country", key),
            )
        return self.render(
            "index_page.html",
            page,
            kind=kind,
            key=key,
            heading=heading,
            description=None,
            records=self.site.members(kind, key, lang),
        )

    def _at_meetings(self, code: str, lang: str, u) -> list[dict]:
        """A country page's "at the meetings" (Site.at_meetings), with labels and links: each
        led section's name and its place in the report, each role's practice."""
        out = []
        for item in self.site.at_meetings(code):
            event = item["event"]
            entry = self.site.taxonomies["events"][event]
            report = self.report_url(event, lang) if entry.get("report_file") else None
            out.append(
                {
                    "id": event,
                    "label": self.site.label("event", event, lang),
                    "url": u(self.site.url("event", event, lang)),
                    "led": [
                        {
                            **led,
                            "label": entry["sections"][led["section"]][lang],
                            "url": f"{u(report)}#{led['section']}" if report else None,
                            "with": [self.site.label("country", c, lang) for c in led["with"]],
                        }
                        for led in item["led"]
                    ],
                    "roles": [{"r": record, **role} for record, role in item["roles"]],
                }
            )
        return out

    def index_overview(self, page, kind: str) -> Markup:
        """The overview page of a kind of index: the keys with practices (Site.listed, the
        home's count), each a link with its number; then the keys with no practice yet, named
        but not linked."""
        ctx = self.context(page)
        lang = ctx["lang"]
        heading = INDEX_KINDS[kind].title[lang]
        self.set_title(page, heading)
        listed = set(self.site.listed(kind))
        entries, empty = [], []
        for key in self.site.keys(kind):
            label = self.site.label(kind, key, lang)
            if kind == "gcm":
                label = f"{key}. {label}"
            if key not in listed:
                empty.append({"label": label})
                continue
            entries.append(
                {
                    "url": ctx["u"](self.site.url(kind, key, lang)),
                    "label": label,
                    "count": len(self.site.members(kind, key, lang)),
                }
            )
        region = None
        if kind == "country":
            entries.sort(key=lambda e: sort_label(e["label"]))
            empty.sort(key=lambda e: sort_label(e["label"]))
            region = self.region_map(page, table=False)  # the list below gives its figures
        return self.render(
            "index_overview.html",
            page,
            heading=heading,
            entries=entries,
            empty=empty,
            region_map=region,
        )

    # -- macros for any page -------------------------------------------------------------
    def practice_list(self, page, **criteria) -> Markup:
        lang = self.context(page)["lang"]
        if criteria.get("country"):
            criteria["country"] = criteria["country"].upper()
        return self.render("practice_list.html", page, records=self.site.select(lang, **criteria))

    def practice_download(self, page, theme: str | None = None) -> Markup:
        """A theme page's download line: its practices as a spreadsheet in the page's
        language (spreadsheets.py); nothing for a theme with no practice."""
        kind, key = ("theme", theme) if theme else (None, None)
        if theme is not None and theme not in self.site.keys("theme"):
            raise KeyError(f"practice_download: unknown theme {theme!r}")
        download = self.download(page, kind, key)
        return self.render("spreadsheet_download.html", page, download=download)

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
                # a link only where the organisation's page lists a practice
                "url": ctx["u"](self.site.url("organization", k, lang))
                if self.site.members("organization", k)
                else None,
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

        def options(kind):
            """The filter's options: the keys with practices (Site.listed, the home's count);
            themes, objectives and meetings in their own order, the others by label."""
            opts = [{"key": k, "label": site.label(kind, k, lang)} for k in site.listed(kind)]
            if kind == "gcm":
                return [{**o, "label": f"{o['key']}. {o['label']}"} for o in opts]
            if kind in ("theme", "event"):
                return opts
            return sorted(opts, key=lambda o: sort_label(o["label"]))

        types = options("type")
        countries = options("country")
        used_scopes = {r["scope"] for r in records}
        scopes = [
            {"key": s, "label": ctx["t"][f"scope_{s}"]}
            for s in schema()["properties"]["scope"]["enum"]
            if s in used_scopes
        ]
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
            themes=options("theme"),
            countries=countries,
            types=types,
            events=options("event"),
            scopes=scopes,
            organizations=options("organization"),
            gcm=options("gcm"),
            type_rank=type_rank,
            country_rank=country_rank,
            applies={r["id"]: site.applies_to(r) for r in records},
            unplaced={r["id"] for r in site.unplaced_records(lang)},
            data_json=u("datos/practicas.json"),
            data_csv=u("datos/practicas.csv"),
            data_xlsx=u("datos/practicas.xlsx"),
            download=self.download(page),
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
        """The link report (linkreport.view): when it ran, counts per result, then every link
        grouped by practice in linkreport.SECTIONS order (broken first), each group with the
        record file to edit; "no check yet" without a report."""
        ctx = self.context(page)
        t = ctx["t"]
        if self.site.link_report is None:
            return self.render("link_health.html", page, report=None, sections=[])
        model = linkreport.view(self.site.link_report)
        threshold = model.threshold
        summary = {
            "when": _when(model.generated_at),
            "total": model.total,
            "counts": [
                {"label": _result_label(t, result), "count": model.counts.get(result, 0)}
                for result in [*RESULTS, *sorted(set(model.counts) - set(RESULTS))]
            ]
            + [{"label": t["link_results"]["broken"], "count": model.broken}],
            "threshold": (
                t["health"]["threshold"].format(n=threshold)
                if isinstance(threshold, int) and not isinstance(threshold, bool)
                else None
            ),
        }
        sections = []
        for name in linkreport.SECTIONS:
            groups = model.groups(name)
            sections.append(
                {
                    "id": name,
                    "count": sum(map(len, groups.values())),
                    "groups": self._health_groups(groups, ctx),
                }
            )
        return self.render("link_health.html", page, report=summary, sections=sections)

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
            "wayback": f"{linkreport.WAYBACK}{href}" if broken and href else None,
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
                    "links": [self._health_link(link, ctx["t"]) for link in items],
                }
            )
        return sorted(out, key=lambda g: (g["title"] is None, sort_label(g["title"] or g["id"])))

    def practice_count(self, page) -> int:
        return len(self.site.records)

    def catalogue_counts(self, page) -> Markup:
        """The home's figures: practices, themes, countries (those practices apply to),
        types, organisations and meetings, each linked to its overview page; each kind counts
        its keys with practices (Site.listed: the overview pages link those, the filters offer
        those)."""
        ctx = self.context(page)
        lang, u = ctx["lang"], ctx["u"]
        site = self.site
        figures = [
            ("practices", len(site.records), page_url(f"{PRACTICE_SECTION}/", lang)),
            *(
                (kind, len(site.listed(kind)), site.url(kind, None, lang))
                for kind in ("theme", "country", "type", "organization", "event")
            ),
        ]
        items = [{"id": k, "count": n, "url": u(url)} for k, n, url in figures]
        return self.render("catalogue_counts.html", page, figures=items)

    def theme_cards(self, page) -> Markup:
        """The six themes as cards: label, number of practices, link to the theme page."""
        ctx = self.context(page)
        lang, u = ctx["lang"], ctx["u"]
        counts = dict(self.site.counts("theme"))
        cards = [
            {
                "id": key,
                "label": self.site.label("theme", key, lang),
                "count": counts.get(key, 0),
                "url": u(self.site.url("theme", key, lang)),
            }
            for key in self.site.keys("theme")
        ]
        return self.render("theme_cards.html", page, cards=cards)

    def whats_new(self, page, limit: int = 20) -> Markup:
        """The "what's new" page (docs/novedades.md): the latest `limit` practices added and
        the latest `limit` changes to practices, newest first, each with its date in the
        page's language and, for a change, its commit's subject line (history.py); a link to
        the language's Atom feed (feeds.py). Without dates, one sentence saying why none."""
        ctx = self.context(page)
        lang, u = ctx["lang"], ctx["u"]

        def item(change) -> dict:
            record = self.site.by_id[change.record]
            return {
                "id": change.record,
                "title": record["title"][lang],
                "url": u(self.site.url("practice", change.record, lang)),
                "date": format_date(change.date, format="long", locale=lang),
                "iso": iso(change.date),
                "subject": change.subject,
                "summary": record["summary"][lang],
            }

        changes = latest_changes(self.site)
        return self.render(
            "whats_new.html",
            page,
            added=[item(c) for c in [c for c in changes if c.added][:limit]],
            changed=[item(c) for c in [c for c in changes if not c.added][:limit]],
            dated=self.site.history.unavailable is None,
            feed=u(page_url(FEED_FILE, lang)),
        )

    def home_search(self, page) -> Markup:
        """A search field in the page (the home's): a plain form to the search page."""
        ctx = self.context(page)
        return self.render(
            "home_search.html",
            page,
            action=ctx["u"](page_url("buscar/", ctx["lang"])),
            catalogue=ctx["u"](page_url(f"{PRACTICE_SECTION}/", ctx["lang"])),
        )

    def region_map(self, page, table: bool = True) -> Markup:
        """The map of the region (regionmap.py): every country shaded by the number of
        practices that apply to it (Site.counts("country")), each one with practices a link
        to its page named "Colombia: 12 prácticas", a legend that says the shading classes
        in words and, below, the same figures as a table (table=False where the page lists
        the countries with their counts itself, as the countries page does)."""
        ctx = self.context(page)
        lang, t, u = ctx["lang"], ctx["t"], ctx["u"]
        drawing = regionmap.load()
        counts = dict(self.site.counts("country"))
        ranges = regionmap.classes(list(counts.values()))

        def practices(n: int) -> str:
            return f"{n} {t['practices_count_one'] if n == 1 else t['practices_count_many']}"

        countries = []
        for code, n in counts.items():
            label = self.site.label("country", code, lang)
            countries.append(
                {
                    "code": code,
                    "label": label,
                    "count": n,
                    "name": f"{label}: {practices(n)}",
                    "url": u(self.site.url("country", code, lang)),
                    "step": regionmap.step(n, ranges),
                    "d": drawing.shapes.get(code, "") + drawing.marks.get(code, "") or None,
                }
            )
        countries.sort(key=lambda c: sort_label(c["label"]))
        unshaded = [d for code, d in drawing.shapes.items() if code not in counts]
        legend = [
            {
                "step": number,
                "text": practices(low) if low == high else f"{low}–{practices(high)}",
            }
            for number, (low, high) in enumerate(ranges, 1)
        ] + [{"step": 0, "text": t["map_none"]}]
        return self.render(
            "region_map.html",
            page,
            width=drawing.width,
            height=drawing.height,
            background="".join(unshaded + drawing.others),
            countries=countries,
            legend=legend,
            table=table,
        )

    def link_health_summary(self, page) -> Markup:
        """The link-health page for readers: when the links were last checked, how many work,
        and which are down (by practice, with the Wayback Machine's copy); one sentence when
        no check has run."""
        ctx = self.context(page)
        if self.site.link_report is None:
            return self.render("link_health_summary.html", page, report=None, groups=[])
        model = linkreport.view(self.site.link_report)
        report = {
            "when": _when(model.generated_at),
            "total": model.total,
            "ok": len(model.sections["ok"]) + len(model.sections["redirected"]),
            "broken": model.broken,
            "unverified": len(model.sections["restricted"]),
            "failing": len(model.sections["failing"]),
        }
        groups = self._health_groups(model.groups("broken"), ctx)
        return self.render("link_health_summary.html", page, report=report, groups=groups)
