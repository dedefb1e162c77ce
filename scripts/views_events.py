"""The pages of the meetings (taxonomies/events.yml), as views.Renderer renders them.

    renderer.index_page(page, "event", "iv-plenary-crm-csm-2023")   # -> event_page()
    renderer.report_page(page, "iv-plenary-crm-csm-2023")           # its report, by section
    renderer.event_mentions(record, lang, u)                        # a practice page's quotes

A meeting's page (/reuniones/<event>/, templates/event_page.html) gives its dates and place,
its report's page, the hand-written pages about it (`pages` of events.yml: conclusions,
joint communiqué...), then its sections in the report's order, each with the practices that
the report mentions there. The report's page (/reuniones/<event>/informe/,
templates/report_page.html) is the report's text cut at its sections (reports.report_parts),
each section an anchor (its id), so every quote on a practice page links to its place. Any
number of events: nothing here names one. Each section's list of practices is bounded as the
index pages' are (views_index.bounded: at most LISTED, then a link to the catalogue filtered
on the meeting).
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from markupsafe import Markup

from reports import report_parts
from sitedata import INDEX_KINDS, page_url


def event_dates(entry: dict, lang: str) -> str:
    """ "23–24 de agosto de 2023" style dates of an event, in `lang` (Babel's long format)."""
    start, end = (date.fromisoformat(str(entry[k])) for k in ("start", "end"))
    first, last = (format_date(d, format="long", locale=lang) for d in (start, end))
    return first if start == end else f"{first} – {last}"


class EventViews:
    """Mixed into views.Renderer (views_base.BaseViews: self.site, self.labels, self.context,
    self.render, self.set_title; views_index: bounded)."""

    def event_dates(self, event: str, lang: str) -> str:
        """event_dates() of an event of the taxonomies, computed once per language."""
        cache = self.__dict__.setdefault("_event_dates", {})
        if (event, lang) not in cache:
            cache[event, lang] = event_dates(self.site.taxonomies["events"][event], lang)
        return cache[event, lang]

    def report_url(self, event: str, lang: str) -> str:
        return page_url(f"{INDEX_KINDS['event'].section}/{event}/informe/", lang)

    def event_page(self, page, event: str, heading: str) -> Markup:
        ctx = self.context(page)
        lang = ctx["lang"]
        entry = self.site.taxonomies["events"][event]
        records = self.site.members("event", event, lang)
        by_section: dict[str, list[dict]] = {}  # section -> records mentioned there, by title
        for r in records:
            for m in r["source"].get("mentions", []):
                if m.get("event", r["source"].get("event")) == event:
                    listed = by_section.setdefault(m["section"], [])
                    if not listed or listed[-1] is not r:
                        listed.append(r)
        sections = []
        for section, labels in entry["sections"].items():
            listed = by_section.get(section)
            if listed:
                shown, more = self.bounded(page, listed, "event", event)
                sections.append(
                    {"id": section, "label": labels[lang], "records": shown, "more": more}
                )
        return self.render(
            "event_page.html",
            page,
            key=event,
            heading=heading,
            entry=entry,
            dates=self.event_dates(event, lang),
            records=records,
            sections=sections,
            report_url=ctx["u"](self.report_url(event, lang)) if entry.get("report_file") else None,
            pages=[
                {"url": ctx["u"](page_url(p["path"], lang)), "label": p["label"][lang]}
                for p in entry.get("pages", [])
            ],
        )

    def meetings_list(self, page) -> Markup:
        """Every meeting, the latest first: its page, place, dates and number of practices (the
        home's "Las reuniones"; the macro meetings_list())."""
        ctx = self.context(page)
        lang = ctx["lang"]
        counts = dict(self.site.counts("event"))
        meetings = [
            {
                "url": ctx["u"](self.site.url("event", key, lang)),
                "label": self.site.label("event", key, lang),
                "entry": self.site.taxonomies["events"][key],
                "dates": self.event_dates(key, lang),
                "count": counts.get(key, 0),
            }
            for key in self.site.keys("event")
        ]
        return self.render("meetings_list.html", page, meetings=meetings)

    def report_page(self, page, event: str) -> Markup:
        ctx = self.context(page)
        lang = ctx["lang"]
        entry = self.site.taxonomies["events"][event]
        heading = entry["report"][lang]
        self.set_title(page, heading)
        parts = report_parts(entry)
        return self.render(
            "report_page.html",
            page,
            heading=heading,
            entry=entry,
            dates=self.event_dates(event, lang),
            parts=parts,
            contents=[p.section for p in parts if p.section and not p.continued],
            event_url=ctx["u"](self.site.url("event", event, lang)),
        )

    def event_mentions(self, record: dict, lang: str, u) -> list[dict]:
        """A practice page's quotes grouped by event (its own first): [{id, entry, dates,
        mentions: [{section, label, kind, text, url (its place in the report)}]}]."""
        source = record["source"]
        groups: dict[str, dict] = {}
        for mention in source.get("mentions", []):
            event = mention.get("event", source.get("event"))
            entry = self.site.taxonomies["events"][event]
            group = groups.setdefault(
                event,
                {
                    "id": event,
                    "entry": entry,
                    "dates": self.event_dates(event, lang),
                    "mentions": [],
                },
            )
            report = self.report_url(event, lang) if entry.get("report_file") else None
            group["mentions"].append(
                {
                    **mention,
                    "label": entry["sections"][mention["section"]][lang],
                    "url": f"{u(report)}#{mention['section']}" if report else None,
                }
            )
        return list(groups.values())
