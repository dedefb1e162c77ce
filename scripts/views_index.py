"""The index pages and overviews (countries, types, organisations, objectives, concepts), as
views.Renderer renders them, and the macros that list practices or names.

    renderer.index_page(page, "country", "gt")     # a key's page (a meeting's: views_events)
    renderer.index_overview(page, "country")       # the kind's overview: every key, its count
    renderer.practice_list(page, theme="observatory")   # the macro of the theme pages
    renderer.country_list(page, "crm") / renderer.observer_list(page)   # participants

Every list of practices on these pages is bounded, so that a page stays small on a phone on a
slow connection however large the catalogue grows: a list shows at most LISTED practices,
each as its title (a link to its page) and one line of what a reader scans (type, countries;
themes on a country page: templates/practice_meta.html), sorted by title. A longer list shows
its first LISTED and says so ("50 of 1,234, by title"), with a link to all of them in the
catalogue filtered on the page's key (docs/practicas/?country=GT: assets/catalogue.js reads
its filters from the address; a concept's page asks the catalogue's text filter for the
concept's first term, which names the concept) or, for a country's proposals, which the
catalogue does not file under the country, to the country's spreadsheet. The counts on the
page are always of every practice. (bounded() is the one rule; tests/test_views_bounds.py
checks that no index page grows with the catalogue.)

A country's page (templates/country_page.html) gives its own practices, the regional ones
that apply to it (with the regional body), the proposals made for it, the practices of no
country (shown on every country's page, counted on none) and what it did at the meetings
(Site.at_meetings).
"""

from __future__ import annotations

from urllib.parse import urlencode

from markupsafe import Markup

from sitedata import INDEX_KINDS, PRACTICE_SECTION, PROCESSES, page_url
from sitedata import sort_key as sort_label

LISTED = 50  # practices listed on an index page, per list; the others are one link away


class IndexViews:
    """Mixed into views.Renderer (views_base.BaseViews: self.site, self.labels, self.context,
    self.render, self.set_title, self.download; views_events: event_page, report_url;
    views_catalogue: region_map)."""

    def bounded(
        self,
        page,
        records: list[dict],
        kind: str | None = None,
        key=None,
        *,
        query: dict | None = None,
        sheet: dict | None = None,
    ) -> tuple[list[dict], dict | None]:
        """The one bound of every list of practices on index pages (the module docstring):
        (the first LISTED records, None) or, for a longer list, (its first LISTED, {"text":
        "50 of 1,234...", "url", "link"}), the link to all of them in the catalogue filtered
        on `kind` and `key` (or on `query`, the catalogue's address parameters), or without
        either to `sheet` (a download(): the spreadsheet that has them)."""
        if len(records) <= LISTED:
            return records, None
        ctx = self.context(page)
        t, total = ctx["t"], str(len(records))
        if kind is not None or query is not None:
            query = query if query is not None else self.catalogue_query(kind, key, ctx["lang"])
            catalogue = ctx["u"](page_url(f"{PRACTICE_SECTION}/", ctx["lang"]))
            url, link = f"{catalogue}?{urlencode(query)}", t["list_more_catalogue"]
        elif sheet is not None:
            url, link = sheet["url"], t["list_more_sheet"]
        else:
            raise ValueError("bounded(): a long list needs kind and key, a query or a sheet")
        return records[:LISTED], {
            "text": t["list_more"].replace("{shown}", str(LISTED)).replace("{total}", total),
            "url": url,
            "link": link,
        }

    def catalogue_query(self, kind: str, key, lang: str) -> dict[str, str]:
        """The catalogue's address parameters (assets/catalogue.js: its filters are named as
        the kinds, a country by its code) that list the practices of one index page; for a
        concept, its text filter with the concept's first term in `lang`, which names it."""
        if kind == "concept":
            return {"q": self.site.taxonomies["concepts"][key]["terms"][lang][0]}
        if kind not in INDEX_KINDS:
            raise KeyError(f"catalogue_query: unknown kind {kind!r}")
        return {kind: str(key).upper() if kind == "country" else str(key)}

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
            unplaced = self.site.unplaced_records(lang)
            totals = {"own": len(own), "regional": len(regional), "unplaced": len(unplaced)}
            download = self.download(page, "country", key)
            own, own_more = self.bounded(page, own, kind, key)
            regional, regional_more = self.bounded(page, regional, kind, key)
            unplaced, unplaced_more = self.bounded(page, unplaced, kind, key)  # listed apart
            proposed, proposed_more = self.bounded(page, proposed, sheet=download)
            orgs = self.site.taxonomies["organizations"]
            return self.render(
                "country_page.html",
                page,
                key=key,
                heading=heading,
                totals=totals,
                more={
                    "own": own_more,
                    "regional": regional_more,
                    "proposed": proposed_more,
                    "unplaced": unplaced_more,
                },
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
                unplaced=unplaced,
                meetings=self._at_meetings(key, lang, self.context(page)["u"]),
                download=download,
            )
        records, more = self.bounded(page, self.site.members(kind, key, lang), kind, key)
        return self.render(
            "index_page.html",
            page,
            kind=kind,
            key=key,
            heading=heading,
            description=None,
            records=records,
            total=self.site.count(kind, key),
            more=more,
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
                    "count": self.site.count(kind, key),
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

    def practice_list(self, page, **criteria) -> Markup:
        """The practices that match every criterion (Site.select: theme=, country=, ...),
        bounded (bounded(): beyond LISTED, a link to the catalogue with the same filters)."""
        lang = self.context(page)["lang"]
        if criteria.get("country"):
            criteria["country"] = criteria["country"].upper()
        records = self.site.select(lang, **criteria)
        query: dict[str, str] = {}
        for kind, key in criteria.items():
            if key is not None:
                query.update(self.catalogue_query(kind, key, lang))
        records, more = self.bounded(page, records, query=query)
        return self.render("practice_list.html", page, records=records, more=more)

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
