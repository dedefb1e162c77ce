"""Dates and what is new in a built site (issue 17): the site built from a temporary git
repository holding records committed on known dates (added, changed, renamed; one not
committed), with the site's address (BP_SITE_URL). Each practice page says when it was
published and updated in the reader's language; the JSON-LD, the sitemap's <lastmod> and the
open data carry the dates; the Atom feeds (read back with feedparser) and the "what's new"
pages list the changes newest first, linking the pages of their own language. A build outside
any git checkout has no dates, says so once, and its feeds are valid and empty."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from catalogue import load_taxonomies
from conftest import write_record
from feeds import feed
from history import Change, Dates, History
from site_fixtures import build, fixture_record
from site_helpers import lang_prefix, resolve
from sitedata import Site
from test_history import Repo

BASE = "https://example.org/bp/"
LANGS = ("es", "en")
SITE_NAMES = {"es": "Buenas prácticas CRM–CSM", "en": "Good practices RCM–SACM"}
# (record, commit subject, commit date), oldest first; "second-practice" starts as old-second
ADDED_FIXTURE = ("fixture-practice", "Add the test practice", "2024-03-01T10:00:00+00:00")
ADDED_SECOND = ("second-practice", "Add the second practice", "2024-04-02T09:30:00+02:00")
RENAMED = ("second-practice", "Rename the second practice", "2024-05-03T12:00:00+00:00")
CHANGED = ("fixture-practice", "Test practice: a sharper summary", "2024-06-04T08:00:00+00:00")
NEWEST_FIRST = [CHANGED, RENAMED, ADDED_SECOND, ADDED_FIXTURE]
DATES = {  # record -> (published, modified): ISO 8601 UTC
    "fixture-practice": ("2024-03-01T10:00:00Z", "2024-06-04T08:00:00Z"),
    "second-practice": ("2024-04-02T07:30:00Z", "2024-05-03T12:00:00Z"),
}
SHOWN = {  # what the page says, per language
    "es": {
        "fixture-practice": "Publicada el 1 de marzo de 2024 · Actualizada el 4 de junio de 2024",
        "second-practice": "Publicada el 2 de abril de 2024 · Actualizada el 3 de mayo de 2024",
    },
    "en": {
        "fixture-practice": "Published on March 1, 2024 · Updated on June 4, 2024",
        "second-practice": "Published on April 2, 2024 · Updated on May 3, 2024",
    },
}


@dataclass
class DatedSite:
    root: Path
    records: dict[str, dict]

    def html(self, path: str) -> BeautifulSoup:
        file = self.root / path
        if path.endswith("/") or not path:
            file = file / "index.html"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def second_record(record_id: str) -> dict:
    return {
        **fixture_record(),
        "id": record_id,
        "title": {"es": "Segunda práctica", "en": "Second practice"},
        "summary": {"es": "La segunda ficha de prueba.", "en": "The second test record."},
        "links": [],
    }


@pytest.fixture(scope="module")
def dated_site(tmp_path_factory) -> DatedSite:
    repo = Repo(tmp_path_factory.mktemp("dated") / "repo")
    fixture = fixture_record()
    write_record(repo.practices, fixture)
    repo.commit(*ADDED_FIXTURE[1:])
    write_record(repo.practices, second_record("old-second"))
    repo.commit(*ADDED_SECOND[1:])
    repo.git("mv", "practices/old-second.yml", "practices/second-practice.yml")
    write_record(repo.practices, second_record("second-practice"))
    repo.commit(*RENAMED[1:])
    fixture["summary"] = {"es": "Una ficha de prueba, más precisa.", "en": "A sharper test record."}
    write_record(repo.practices, fixture)
    repo.commit(*CHANGED[1:])
    draft = {**second_record("draft-practice"), "title": {"es": "Borrador", "en": "Draft"}}
    write_record(repo.practices, draft)  # in the working tree only: not published yet
    site_dir = repo.root.parent / "site"
    result = build(repo.practices, site_dir, env={"BP_SITE_URL": BASE})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no publication dates" not in result.stderr
    records = {r["id"]: r for r in (fixture, second_record("second-practice"), draft)}
    return DatedSite(site_dir, records)


def practice(record_id: str, lang: str) -> str:
    return f"{lang_prefix(lang)}practicas/{record_id}/"


def iso(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(UTC).isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_says_when_it_was_published_and_updated(dated_site, lang):
    for record_id, (published, modified) in DATES.items():
        line = dated_site.html(practice(record_id, lang)).select_one("article .bp-dates")
        assert " ".join(line.get_text().split()) == SHOWN[lang][record_id]
        assert [t["datetime"] for t in line.select("time")] == [published, modified]
        # right under the summary
        assert line.find_previous_sibling("p")["class"] == ["bp-summary"]
    assert dated_site.html(practice("draft-practice", lang)).select_one(".bp-dates") is None


@pytest.mark.parametrize("lang", LANGS)
def test_json_ld_has_date_published_and_modified(dated_site, lang):
    for record_id in dated_site.records:
        soup = dated_site.html(practice(record_id, lang))
        article = json.loads(soup.select_one("script[type='application/ld+json']").string)[
            "mainEntity"
        ]
        dates = (article.get("datePublished"), article.get("dateModified"))
        assert dates == DATES.get(record_id, (None, None)), record_id


def test_sitemap_lastmod_is_the_last_change_of_practice_pages(dated_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(dated_site.root / "sitemap.xml").getroot()
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
               for u in root.findall("s:url", ns)}  # fmt: skip
    for lang in LANGS:
        for record_id, (_, modified) in DATES.items():
            assert lastmod[BASE + practice(record_id, lang)] == modified[:10], (lang, record_id)
        # not committed: MkDocs' own lastmod (the build date), as every other page
        assert not lastmod[BASE + practice("draft-practice", lang)].startswith("2024-")


def test_open_data_carries_the_dates(dated_site):
    data = json.loads((dated_site.root / "datos" / "practicas.json").read_text("utf-8"))
    got = {p["id"]: (p["published"], p["modified"]) for p in data["practices"]}
    assert got == {**DATES, "draft-practice": (None, None)}
    text = (dated_site.root / "datos" / "practicas.csv").read_text(encoding="utf-8-sig")
    rows = {r["id"]: (r["published"], r["modified"]) for r in csv.DictReader(io.StringIO(text))}
    assert rows == {**DATES, "draft-practice": ("", "")}
    sheet = load_workbook(dated_site.root / "datos" / "practicas.xlsx").worksheets[0]
    header, *lines = [[c.value for c in row] for row in sheet.iter_rows()]
    cells = {line[header.index("id")]: line for line in lines}
    for record_id, (published, modified) in DATES.items():
        line = cells[record_id]
        assert (line[header.index("published")], line[header.index("modified")]) == (
            published,
            modified,
        )


def parse_feed(root: Path, lang: str):
    parsed = feedparser.parse((root / lang_prefix(lang) / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def when(entry_or_feed) -> str:
    moment = datetime(*entry_or_feed.updated_parsed[:6], tzinfo=UTC)
    return moment.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("lang", LANGS)
def test_the_feed_lists_the_changes_newest_first_in_its_language(dated_site, lang):
    parsed = parse_feed(dated_site.root, lang)
    prefix = lang_prefix(lang)
    title = {"es": "novedades", "en": "what's new"}[lang]
    assert parsed.feed.title == f"{SITE_NAMES[lang]}: {title}"
    assert parsed.feed.language == lang
    assert parsed.feed.id.startswith("tag:example.org,")
    assert when(parsed.feed) == iso(CHANGED[2])
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"alternate": f"{BASE}{prefix}novedades/", "self": f"{BASE}{prefix}feed.xml"}
    entries = parsed.entries
    assert [(e.link, when(e)) for e in entries] == [
        (BASE + practice(record_id, lang), iso(date)) for record_id, _, date in NEWEST_FIRST
    ]
    added = {"es": "Nueva práctica: ", "en": "New practice: "}[lang]
    changed = {"es": "Práctica actualizada: ", "en": "Updated practice: "}[lang]

    def text(record_id: str, name: str) -> str:
        return dated_site.records[record_id][name][lang]

    # an addition says what the practice is (its summary as it is now), a change what changed
    assert [(e.title, e.summary) for e in entries] == [
        (changed + text("fixture-practice", "title"), CHANGED[1]),
        (changed + text("second-practice", "title"), RENAMED[1]),
        (added + text("second-practice", "title"), text("second-practice", "summary")),
        (added + text("fixture-practice", "title"), text("fixture-practice", "summary")),
    ]
    ids = [e.id for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:example.org,2024-") for i in ids)


def test_the_two_feeds_have_their_own_entry_ids(dated_site):
    ids = [{e.id for e in parse_feed(dated_site.root, lang).entries} for lang in LANGS]
    assert not ids[0] & ids[1]


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_its_language_feed_in_its_head(dated_site, lang):
    for path in ("", "practicas/", "novedades/", "paises/gt/", "practicas/fixture-practice/"):
        page = lang_prefix(lang) + path
        links = dated_site.html(page).head.select("link[type='application/atom+xml']")
        assert len(links) == 1, page
        assert "alternate" in links[0]["rel"], page  # feed autodiscovery
        assert resolve(page, links[0]["href"]) == f"{lang_prefix(lang)}feed.xml", page


@pytest.mark.parametrize("lang", LANGS)
def test_whats_new_page_lists_additions_and_changes(dated_site, lang):
    path = f"{lang_prefix(lang)}novedades/"
    soup = dated_site.html(path)
    added = soup.select(".bp-whats-new__added li")
    changed = soup.select(".bp-whats-new__changed li")
    assert [li["data-id"] for li in added] == ["second-practice", "fixture-practice"]
    assert [li["data-id"] for li in changed] == ["fixture-practice", "second-practice"]
    assert [li.select_one(".bp-meta").get_text() for li in changed] == [CHANGED[1], RENAMED[1]]
    june = {"es": "4 de junio de 2024", "en": "June 4, 2024"}[lang]
    assert changed[0].time.get_text() == june and changed[0].time["datetime"] == iso(CHANGED[2])
    for li in added + changed:
        assert resolve(path, li.a["href"]) == practice(li["data-id"], lang)
    feed_link = soup.select_one(".bp-feed a")
    assert resolve(path, feed_link["href"]) == f"{lang_prefix(lang)}feed.xml"
    home = dated_site.html(lang_prefix(lang))
    nav = {resolve(lang_prefix(lang), a["href"]) for a in home.select("nav a[href]")}
    assert path in nav, "the page is in the navigation"


def test_outside_a_git_checkout_no_dates_one_warning_and_empty_feeds(tmp_path):
    practices = tmp_path / "practices"
    write_record(practices, fixture_record())
    site_dir = tmp_path / "site"
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}  # no checkout above the copy
    result = build(practices, site_dir, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.count("no publication dates") == 1, result.stderr
    for lang in LANGS:
        parsed = parse_feed(site_dir, lang)
        assert parsed.entries == [] and parsed.feed.id and parsed.feed.title
        soup = BeautifulSoup(
            (site_dir / practice("fixture-practice", lang) / "index.html").read_text("utf-8"),
            "html.parser",
        )
        assert soup.select_one(".bp-dates") is None
        article = json.loads(soup.select_one("script[type='application/ld+json']").string)
        assert "datePublished" not in article["mainEntity"]
        page = site_dir / lang_prefix(lang) / "novedades" / "index.html"
        assert 'data-state="no-history"' in page.read_text("utf-8")
    data = json.loads((site_dir / "datos" / "practicas.json").read_text("utf-8"))
    assert [(p["published"], p["modified"]) for p in data["practices"]] == [(None, None)]


def test_without_the_site_address_entry_links_are_relative_to_the_feed():
    record = fixture_record()
    site = Site([record], load_taxonomies())
    moment = datetime(2024, 3, 1, 10, tzinfo=UTC)
    added = Change(record["id"], moment, "Add it", "0123456789abcdef", True)
    site.history = History({record["id"]: Dates(moment, moment, (added,))}, unavailable=None)
    for lang in LANGS:
        xml = feed(site, lang, "Name", None, "https://github.com/o/r", moment).atom_str()
        parsed = feedparser.parse(xml)
        assert not parsed.bozo
        # the Spanish feed is feed.xml, the English one en/feed.xml: the same relative link
        assert [e.link for e in parsed.entries] == ["practicas/fixture-practice/"]
        assert parsed.entries[0].id == (
            f"tag:github.com,2024-03-01:/o/r/{lang_prefix(lang)}practicas/fixture-practice/"
            "0123456789ab"
        )
        assert [link.rel for link in parsed.feed.links] == ["alternate"]  # no self: no address
