"""How to cite a practice (scripts/citation.py, the practice page's "Cómo citar"): the plain
text in each language (publisher with its maintainers, year, address, access date, primary
source), BibTeX read back by bibtexparser and RIS by rispy (packages of the test group, not
our own parsing), hostile titles that stay one inert field in both, the files the build
writes for every practice, the page as built and, in Chromium, the page's script writing
today's date into all three, copying BibTeX and downloading RIS; axe-core with both formats
open."""

from __future__ import annotations

import datetime
import re

import bibtexparser
import pytest
import rispy
from axe_playwright_python.sync_playwright import Axe
from babel.dates import format_date
from bibtexparser.middlewares import LatexDecodingMiddleware

import citation
from catalogue import LANGUAGES
from history import Dates
from site_fixtures import HOSTILE_EN, fixture_record
from site_helpers import lang_prefix, resolve
from templating import labels

URL = "https://example.org/bp/practicas/fixture-practice/"
SITE = {"es": "Buenas prácticas CRM–CSM", "en": "Good practices RCM–SACM"}
REPO = "owner/name"
ACCESSED = datetime.date(2026, 12, 4)
# Everything with a meaning to BibTeX, (La)TeX or RIS, and line breaks that could start a tag.
HOSTILE = (
    "A}, author = {Evil},\n@misc{evil, title = {x} \\input{/etc/passwd} $x$ 50% & #1 a_b ~ "
    "{{ 7*7 }}\r\nER  - \nTY  - JOUR\n<script>alert(1)</script>"
)


def make(record, lang, taxonomies, **overrides):
    values = dict(
        taxonomies=taxonomies, url=URL, site_name=SITE[lang], repo=REPO, year=2025,
        t=labels()[lang],
    )  # fmt: skip
    return citation.cite(record, lang, **{**values, **overrides})


def parse_bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, library.failed_blocks
    (entry,) = library.entries
    raw = {f.key: f.value for f in bibtexparser.parse_string(text).entries[0].fields}
    return entry, {f.key: f.value for f in entry.fields}, raw


def primary(record, lang, taxonomies) -> str:
    event = taxonomies["events"][record["source"]["event"]]
    sections = [event["sections"][m["section"]][lang] for m in record["source"]["mentions"]]
    return f"{event['report'][lang]}, " + "; ".join(sections)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plain_text(taxonomies, lang):
    record = fixture_record()
    c = make(record, lang, taxonomies)
    when = format_date(ACCESSED, format="long", locale=lang)
    source = primary(record, lang, taxonomies)
    want = {
        "es": f"«Práctica de prueba». Buenas prácticas CRM–CSM (mantenido por las personas "
        f"responsables del repositorio de GitHub {REPO}). 2025. {URL} (consultado el {when}). "
        f"Fuente primaria: {source}.",
        "en": f"“Test practice”. Good practices RCM–SACM (maintained by the people responsible "
        f"for the GitHub repository {REPO}). 2025. {URL} (accessed {when}). "
        f"Primary source: {source}.",
    }[lang]
    assert citation.plain(c, labels()[lang], when) == want
    # without a date, the placeholder the page's script fills in
    assert f" {labels()[lang]['cite_date']})." in citation.plain(c, labels()[lang])


def test_year_is_the_last_change_s_else_the_build_s():
    moment = datetime.datetime(2024, 3, 1, tzinfo=datetime.UTC)
    later = datetime.datetime(2025, 7, 9, tzinfo=datetime.UTC)
    assert citation.year_of(Dates(moment, later, ()), 2031) == 2025
    assert citation.year_of(None, 2031) == 2031


def test_a_proposal_s_primary_source_is_who_proposed_it(taxonomies):
    record = fixture_record()
    record["source"] = {
        "proposal": {"institution": "Ministerio X", "date": "2026-01-02"},
        "countries": {},
    }
    c = make(record, "es", taxonomies)
    assert c.primary == "propuesta al catálogo por Ministerio X el 2026-01-02"
    assert "Fuente primaria: propuesta al catálogo por Ministerio X" in citation.plain(
        c, labels()["es"]
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bibtex_read_back_by_bibtexparser(taxonomies, lang):
    record = fixture_record()
    c = make(record, lang, taxonomies)
    entry, fields, raw = parse_bibtex(citation.bibtex(c, ACCESSED))
    assert entry.entry_type == "misc" and entry.key == f"crm-csm-fixture-practice-{lang}"
    assert fields["title"] == record["title"][lang]
    assert fields["publisher"] == c.publisher and SITE[lang] in c.publisher and REPO in c.publisher
    assert fields["year"] == "2025"
    assert raw["url"] == URL
    assert fields["urldate"] == "2026-12-04"
    assert fields["note"] == labels()[lang]["cite_primary"].format(
        source=primary(record, lang, taxonomies)
    )
    assert fields["langid"] == {"es": "spanish", "en": "english"}[lang]
    _, undated, _ = parse_bibtex(citation.bibtex(c))
    assert "urldate" not in undated  # no access date where the reader's is not known


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ris_read_back_by_rispy(taxonomies, lang):
    record = fixture_record()
    c = make(record, lang, taxonomies)
    text = citation.ris(c, ACCESSED)
    assert text.endswith("ER  - \r\n") and "\n" not in text.replace("\r\n", "")
    (entry,) = rispy.loads(text)
    assert entry == {
        "type_of_reference": "ELEC",
        "title": record["title"][lang],
        "secondary_title": SITE[lang],
        "publisher": c.publisher,
        "year": "2025",
        "urls": [URL],
        "notes": [c.note],
        "language": lang,
        "access_date": "2026/12/04",
    }
    (undated,) = rispy.loads(citation.ris(c))
    assert "access_date" not in undated


def test_hostile_titles_stay_one_inert_field(taxonomies):
    record = fixture_record()
    record["title"] = {"es": HOSTILE, "en": HOSTILE}
    c = make(record, "en", taxonomies, url="https://example.org/a{b}\\c")
    folded = " ".join(HOSTILE.split())
    assert c.title == folded
    entry, fields, raw = parse_bibtex(citation.bibtex(c, ACCESSED))
    assert entry.key == "crm-csm-fixture-practice-en"
    assert fields["title"] == folded  # one field, every character back as it was
    assert set(fields) == {"title", "publisher", "year", "url", "note", "langid", "urldate"}
    assert fields["year"] == "2025" and fields["urldate"] == "2026-12-04"
    assert raw["url"] == "https://example.org/a%7Bb%7D%5Cc"
    assert "\\input" not in raw["title"].replace("\\textbackslash{}input", "")
    caret = citation.bibtex(replace_title(c, "a^b"), ACCESSED)
    assert "a\\textasciicircum{}b" in caret and "a^b" not in caret
    (ris_entry,) = rispy.loads(citation.ris(c, ACCESSED))
    assert ris_entry["title"] == folded
    assert ris_entry["type_of_reference"] == "ELEC" and ris_entry["access_date"] == "2026/12/04"
    assert set(ris_entry) == {
        "type_of_reference", "title", "secondary_title", "publisher", "year", "urls", "notes",
        "language", "access_date",
    }  # fmt: skip


def replace_title(c, title):
    from dataclasses import replace

    return replace(c, title=title)


@pytest.mark.parametrize("fmt", citation.FORMATS)
def test_the_page_s_pieces_are_the_file_and_its_date_line(taxonomies, fmt):
    c = make(fixture_record(), "es", taxonomies)
    pieces = citation.page_segments(fmt, c)
    url = citation.bibtex_url(URL) if fmt == "bibtex" else URL

    def join(dated: bool) -> str:
        out = ""
        for kind, text in pieces:
            if kind == "url":
                out += url
            elif kind == "access":
                out += f"{text[0]}{citation._date(fmt, ACCESSED)}{text[1]}" if dated else ""
            else:
                out += text
        return out

    assert join(True) == citation.render(fmt, c, ACCESSED)
    assert join(False) == citation.render(fmt, c)
    assert [k for k, _ in pieces].count("access") == 1


# -- the built site ------------------------------------------------------------------------
def test_every_practice_has_its_files(built_site):
    for record in built_site.records:
        for lang in LANGUAGES:
            path = f"{lang_prefix(lang)}practicas/{record['id']}/"
            bib = built_site.root / citation.file_path(record["id"], lang, "bibtex")
            entry, fields, raw = parse_bibtex(bib.read_text("utf-8"))
            assert " ".join(record["title"][lang].split()) == fields["title"]
            assert raw["url"] == "/" + path  # no site_url in the tests' build: the site path
            assert "urldate" not in fields
            ris = built_site.root / citation.file_path(record["id"], lang, "ris")
            data = ris.read_bytes().decode("utf-8")
            assert data.endswith("ER  - \r\n")
            (entry,) = rispy.loads(data)
            assert entry["urls"] == ["/" + path] and "access_date" not in entry


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_as_built(built_site, lang):
    record = next(r for r in built_site.records if r["source"].get("mentions"))
    path = f"{lang_prefix(lang)}practicas/{record['id']}/"
    soup = built_site.html(path)
    text = " ".join(soup.select_one(".bp-cite__text").get_text().split())
    t = labels()[lang]
    assert text.startswith(t["cite_format"].split("{title}")[0] + record["title"][lang])
    assert f"/{path} " in text and t["cite_date"] in text
    assert t["cite_primary"].split("{source}")[0] in text
    for fmt in citation.FORMATS:
        pre = soup.select_one(f"details[data-format={fmt}] pre")
        for hidden in pre.select("[hidden]"):
            hidden.decompose()  # what a reader sees without JavaScript
        file = built_site.root / citation.file_path(record["id"], lang, fmt)
        assert pre.get_text() == file.read_bytes().decode("utf-8").replace("\r\n", "\n")
        link = soup.select_one(f"details[data-format={fmt}] a.bp-cite__file")
        assert resolve(path, link["href"]) == citation.file_path(record["id"], lang, fmt)


def test_a_hostile_title_in_the_page_s_bibtex(hostile_site):
    soup = hostile_site.html("en/practicas/hostile-record/")
    assert not soup.select(".bp-cite script")
    pre = soup.select_one("details[data-format=bibtex] pre")
    for hidden in pre.select("[hidden]"):
        hidden.decompose()
    _, fields, _ = parse_bibtex(pre.get_text())
    assert fields["title"] == HOSTILE_EN
    (entry,) = rispy.loads(soup.select_one("details[data-format=ris] pre").get_text())
    assert entry["title"] == HOSTILE_EN


# -- in the browser ------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_writes_today_copies_and_downloads(built_site, site_server, page, lang):
    record = next(r for r in built_site.records if r["source"].get("mentions"))
    path = f"{lang_prefix(lang)}practicas/{record['id']}/"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_server.base)
    page.goto(site_server.url(path))
    copy = page.locator("details[data-format=bibtex] .bp-cite__copy-format")
    page.locator("details[data-format=bibtex] summary").click()
    copy.wait_for(state="visible")
    today = datetime.date.today()
    address = site_server.url(path)
    plain = " ".join(page.locator(".bp-cite__text").inner_text().split())
    when = format_date(today, format="long", locale="es" if lang == "es" else "en_GB")
    assert f"{address} ({'consultado el' if lang == 'es' else 'accessed'} {when})." in plain
    bib = page.locator("details[data-format=bibtex] pre").inner_text()
    _, fields, raw = parse_bibtex(bib)
    assert fields["urldate"] == today.isoformat() and raw["url"] == address
    copy.click()
    page.locator(".bp-cite__status", has_text=labels()[lang]["cite_copied"]).wait_for()
    _, copied, _ = parse_bibtex(page.evaluate("navigator.clipboard.readText()"))
    assert copied == fields
    page.locator("details[data-format=ris] summary").click()
    link = page.locator("details[data-format=ris] a.bp-cite__file")
    link.wait_for(state="visible")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"{record['id']}-{lang}.ris"
    data = open(download.path(), "rb").read().decode("utf-8")
    assert data.endswith("ER  - \r\n") and not re.search(r"[^\r]\n", data)
    (entry,) = rispy.loads(data)
    assert entry["access_date"] == today.strftime("%Y/%m/%d") and entry["urls"] == [address]
    assert entry["title"] == record["title"][lang]
    assert not page.watch.problems(), "\n".join(page.watch.problems())


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_with_both_formats_open(built_site, site_server, page, width):
    record = next(r for r in built_site.records if r["countries"])
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_server.url(f"practicas/{record['id']}/"), wait_until="networkidle")
    for fmt in citation.FORMATS:
        page.locator(f"details[data-format={fmt}] summary").click()
        page.locator(f"details[data-format={fmt}] .bp-cite__copy-format").wait_for(state="visible")
    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations]
    wide = page.evaluate("document.documentElement.scrollWidth > innerWidth")
    assert not wide, "the page scrolls sideways"
