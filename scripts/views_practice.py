"""The practice pages (practicas/<id>/) and every page's social data, as views.Renderer
renders them.

    renderer.practice_page(page, "capmir-guatemala")   # the page's HTML; sets its title
    renderer.social(page, config)                      # Open Graph, Twitter, JSON-LD, kind

A practice page (templates/practice.html) reads as a sheet: its details with the numbers of
the further sources that support them (sheet()), its classification (each a link to its
index page), the report's links labelled by linklabels.py with their state in the link
report (_link), what the meetings said (views_events.event_mentions), its sources, up to
five related practices (Site.related), how to cite it (citation(), citation.py: plain text,
BibTeX, RIS and their files) and how to correct it (edit and issue links). Its dates come
from the repository's history (dates(), history.py); its breadcrumb is home › first theme ›
practice (breadcrumb(), also in its JSON-LD).

social() gives every page (hooks.on_page_context stores it as page.bp_social) what
overrides/main.html prints in its head, and the page's kind (sitedata.page_kind: practice,
theme, country... or page) with its word in the page's language (labels.yml page_kinds),
which main.html gives Pagefind as the meta and filter `kind`.
"""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime
from urllib.parse import urlencode

from babel.dates import format_date
from markupsafe import Markup

import citation
import linkreport
from catalogue import LANGUAGES
from history import iso
from linklabels import link_label, link_labels, safe_url, site_names
from rules import url_key
from sitedata import page_kind, page_url
from views_base import script_json


class PracticeViews:
    """Mixed into views.Renderer (views_base.BaseViews: self.site, self.config, self.labels,
    self.context, self.render, self.set_title, self.permalink, self._edit_url)."""

    def practice_page(self, page, practice_id: str) -> Markup:
        record = self.site.by_id[practice_id]
        ctx = self.context(page)
        lang = ctx["lang"]
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
            events=self.event_mentions(record, lang, ctx["u"]),
            proposal_url=self._proposal_url(record),
            edit_url=edit_url,
            issue_url=issue_url,
            breadcrumb=self.breadcrumb(page),
            related=self.related(record, ctx["names"]),
            site_name=self.config["site_name"],
            permalink=self.permalink(page),
            page_path="/" + page.url,
            dates=self.dates(record["id"], lang),
            cite=self.citation(page, record, lang),
        )

    def related(self, record: dict, names: dict) -> list[tuple[dict, str]]:
        """The related practices (Site.related) as (record, what it shares): the labels
        (`names`, the context's) of the values it shares, ", " within a kind, " · " between
        kinds (joined here once, not by the template: five items on every page)."""
        return [
            (
                other,
                " · ".join(
                    ", ".join(names[kind][k] for k in keys) for kind, keys in shared.items() if keys
                ),
            )
            for other, shared in self.site.related(record)
        ]

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
        prints them, escaping the text; jsonld is already safe inside <script>), and its kind
        ({"id", "name"}: sitedata.page_kind and its word in labels.yml page_kinds), which
        main.html gives Pagefind."""
        ctx = self.context(page)
        lang = ctx["lang"]
        kind = page_kind(page.url, lang)
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
            "kind": {"id": kind, "name": ctx["page_kinds"][kind]},
        }

    def _proposal_url(self, record: dict) -> str | None:
        """The repository issue that proposed a practice from outside any report, if known."""
        issue = record["source"].get("proposal", {}).get("issue")
        return f"{self.config['repo_url'].rstrip('/')}/issues/{issue}" if issue else None

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
