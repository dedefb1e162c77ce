"""What is new in the catalogue, as an Atom feed per language: feed.xml and en/feed.xml.

    write(site, site_dir, names={"es": ..., "en": ...}, site_url=..., repo_url=..., generated=t)
    whats_new(site)           # the changes of the catalogue's records, newest first (the page's
                              # macro, views.Renderer.whats_new, lists them too)

Written by the hooks after the build (scripts/hooks.py on_post_build, beside the open data)
with feedgen. Each entry is one change of one practice (history.Change: one commit that
touched practices/<id>.yml), newest first, at most FEED_LENGTH:

    id        tag:<host>,<date of the change>:<path of the page>/<commit> (RFC 4151; host and
              path from site_url, else the repository's host and path: a local build)
    title     "Nueva práctica: <title>" / "Práctica actualizada: <title>" (templates/labels.yml
              feed_added / feed_changed), in the feed's language
    link      the practice page in the feed's language: absolute with site_url, else relative
              to the feed (which readers resolve against the feed's address)
    updated   the commit date (and published, for the addition)
    summary   for an addition, the practice's summary (as the record has it now: what the
              practice is); for a change, the commit's subject line (what changed)

The feed's own id is a tag URI of the same host, dated by the oldest change it could list
(the build date when there is none), and its updated is its newest entry's date (the build
date for an empty feed); rel=alternate links the "what's new" page (docs/novedades.md), and
rel=self the feed itself when the site's address is known. Without dates (history.py: no git
checkout, a shallow clone) the feeds are valid and empty, so that every page's head link
(overrides/main.html) leads to a feed.
"""

from __future__ import annotations

import posixpath
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from catalogue import LANGUAGES
from history import Change
from sitedata import Site, page_url
from templating import labels

if TYPE_CHECKING:  # feedgen is imported where a feed is written (the data files' process)
    from feedgen.feed import FeedGenerator

FEED_LENGTH = 50
FEED_FILE = "feed.xml"
WHATS_NEW_PAGE = "novedades/"


def whats_new(site: Site) -> list[Change]:
    """The changes of the records in the catalogue (not of records since deleted), newest
    first."""
    return [c for c in site.history.events() if c.record in site.by_id]


def _tag(base: str, date: datetime, path: str) -> str:
    parts = urlsplit(base)
    site_path = parts.path.rstrip("/")
    return f"tag:{parts.hostname},{date.date().isoformat()}:{site_path}/{path}"


def feed(
    site: Site, lang: str, name: str, site_url: str | None, repo_url: str, generated: datetime
) -> FeedGenerator:
    """The FeedGenerator of one language's feed."""
    t = labels()[lang]
    feed_path = page_url(FEED_FILE, lang)
    base = site_url.rstrip("/") + "/" if site_url else None
    tag_base = base or repo_url.rstrip("/") + "/"
    folder = posixpath.dirname(feed_path)

    def href(path: str) -> str:
        if base:
            return base + path
        rel = posixpath.relpath(path, folder or ".")
        return rel + "/" if path.endswith("/") and rel != "." else rel

    changes = whats_new(site)
    oldest = min((c.date for c in changes), default=generated)
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(_tag(tag_base, oldest, feed_path))
    fg.title(f"{name}: {t['feed_title']}")
    fg.subtitle(t["feed_subtitle"])
    fg.author({"name": name})
    fg.language(lang)
    fg.link(href=href(page_url(WHATS_NEW_PAGE, lang)), rel="alternate", type="text/html")
    if base:
        fg.link(href=base + feed_path, rel="self", type="application/atom+xml")
    fg.updated(changes[0].date if changes else generated)
    for change in changes[:FEED_LENGTH]:
        record = site.by_id[change.record]
        path = site.url("practice", change.record, lang)
        entry = fg.add_entry(order="append")
        entry.id(_tag(tag_base, change.date, f"{path}{change.commit[:12]}"))
        label = t["feed_added"] if change.added else t["feed_changed"]
        entry.title(label.replace("{title}", record["title"][lang]))
        entry.link(href=href(path), rel="alternate", type="text/html")
        entry.updated(change.date)
        if change.added:
            entry.published(change.date)
        entry.summary(record["summary"][lang] if change.added else change.subject)
    return fg


def write(
    site: Site,
    site_dir: str | Path,
    names: dict[str, str],
    site_url: str | None,
    repo_url: str,
    generated: datetime,
) -> list[Path]:
    """feed.xml (Spanish) and en/feed.xml (English) in `site_dir`; `names` are the site's
    names per language (the feed's title and author)."""
    written = []
    for lang in LANGUAGES:
        path = Path(site_dir) / page_url(FEED_FILE, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        feed(site, lang, names[lang], site_url, repo_url, generated).atom_file(
            str(path), pretty=True
        )
        written.append(path)
    return written
