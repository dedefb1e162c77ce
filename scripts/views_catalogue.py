"""The catalogue page and the home's and other hand-written pages' macros, as views.Renderer
renders them.

    renderer.practice_catalogue(page)     # docs/practicas/: every practice, filters, sort
    renderer.search_box(page)             # docs/buscar/: the search page (assets/search.js)
    renderer.home_search(page) / catalogue_counts(page) / theme_cards(page) / stats_charts(page)
    renderer.whats_new(page)              # docs/novedades.md: latest additions and changes
    renderer.region_map(page, table=True) # the map of the region (regionmap.py)
    renderer.link_health(page) / link_health_summary(page)   # the link report (linkreport.py)
    renderer.practice_download(page, theme=None)             # a spreadsheet's download line
    renderer.practice_count(page)         # a number, not HTML

The catalogue lists every practice with its facets as data attributes (filters, counts and
sort run in the browser: assets/catalogue.js); the search page's script reads the kinds of
page from data-kinds (sitedata.PAGE_KINDS, every kind but practices: the Pagefind filter
`kind` that ranks practices first). Each kind's figures and filters count its keys with
practices (Site.listed).
"""

from __future__ import annotations

from datetime import UTC, datetime

from babel.dates import format_date
from markupsafe import Markup

import linkreport
import regionmap
from catalogue import LANGUAGES
from feeds import FEED_FILE
from feeds import whats_new as latest_changes
from history import iso
from linkclass import RESULTS
from linklabels import safe_url
from rules import schema
from sitedata import PAGE_KINDS, PRACTICE_KIND, PRACTICE_SECTION, SEARCH_BUNDLE, page_url
from sitedata import sort_key as sort_label


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


class CatalogueViews:
    """Mixed into views.Renderer (views_base.BaseViews: self.site, self.context, self.render,
    self.download, self._edit_url)."""

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
            bundle=u(page_url(SEARCH_BUNDLE, ctx["lang"])),
            root=u(""),
            script=u("assets/search.js"),
            catalogue=u(page_url("practicas/", ctx["lang"])),
            other=u(page_url("buscar/", other_lang)),
            other_lang=other_lang,
            other_kinds=[kind for kind in PAGE_KINDS if kind != PRACTICE_KIND],
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

    def practice_count(self, page) -> int:
        return len(self.site.records)

    def practice_download(self, page, theme: str | None = None) -> Markup:
        """A theme page's download line: its practices as a spreadsheet in the page's
        language (spreadsheets.py); nothing for a theme with no practice."""
        kind, key = ("theme", theme) if theme else (None, None)
        if theme is not None and theme not in self.site.keys("theme"):
            raise KeyError(f"practice_download: unknown theme {theme!r}")
        download = self.download(page, kind, key)
        return self.render("spreadsheet_download.html", page, download=download)

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
