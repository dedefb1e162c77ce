"""Links that say what they are (scripts/linklabels.py and the practice page's links and
sources): a link reads as its title where the record has one, else its site's name (the
organisation whose domains hold its host, taxonomies/organizations.yml), else its bare host;
"PDF" beside a link to a .pdf, the language of what it opens where the record says it; two
links of a list never read the same; no page shows an address as a link's text, and on a
phone no address makes the page scroll sideways."""

from __future__ import annotations

import pytest

from catalogue import LANGUAGES
from linklabels import link_label, link_labels, safe_url, site_names
from site_fixtures import HOSTILE_LINK_TEXT
from site_helpers import lang_prefix
from templating import labels

IOM = {"es": "Organización Internacional para las Migraciones (OIM)",
       "en": "International Organization for Migration (IOM)"}  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_title_else_site_name_else_host(taxonomies, lang):
    names = site_names(taxonomies, lang)
    titled = link_label("https://colombia.iom.int/es/x", names, text="  Centro\n Intégrate ")
    assert (titled.text, titled.titled, titled.host) == (
        "Centro Intégrate",
        True,
        "colombia.iom.int",
    )
    by_site = link_label("https://colombia.iom.int/es/news/x", names)  # a subdomain of iom.int
    assert (by_site.text, by_site.titled) == (IOM[lang], False)
    assert link_label("https://www.iom.int/", names).text == IOM[lang]
    assert link_label("https://notiom.int/x", names).text == "notiom.int"  # not on iom.int
    bare = link_label("https://www.serviciomigraciones.cl/a/b?c=d", names)
    assert (bare.text, bare.host) == ("serviciomigraciones.cl", "serviciomigraciones.cl")
    assert link_label("https://xn--migracin-13a.example/x", names).text == "migración.example"


def test_pdf_and_language():
    pdf = link_label("https://e.org/docs/Informe%202022.PDF?download=1#page=3", {})
    assert pdf.pdf and pdf.language is None
    assert not link_label("https://e.org/pdf/informe", {}).pdf
    assert not link_label("https://e.org/x?file=a.pdf", {}).pdf  # a page that serves it
    assert link_label("https://e.org/a.pdf", {}, language="en").language == "en"


def test_a_list_never_reads_the_same_twice():
    items = [
        ("https://mppre.gob.ve/a", None, None),
        ("https://mppre.gob.ve/b", None, None),
        ("https://other.org/", "Otra", None),
        ("https://mppre.gob.ve/c", None, None),
    ]
    got = [label.text for label in link_labels(items, {})]
    assert got == ["mppre.gob.ve (1)", "mppre.gob.ve (2)", "Otra", "mppre.gob.ve (3)"]


def test_only_http_addresses_are_emitted():
    assert safe_url("https://e.org/x") == "https://e.org/x"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//e.org/x", "/practicas/", "ftp://e"):
        assert safe_url(bad) is None, bad


@pytest.mark.parametrize("lang", LANGUAGES)
def test_practice_pages_show_no_address_as_link_text(built_site, taxonomies, lang):
    t = labels()[lang]
    names = site_names(taxonomies, lang)
    pdfs = named = 0
    for record in built_site.records:
        soup = built_site.html(f"{lang_prefix(lang)}practicas/{record['id']}/")
        items = soup.select("ul.bp-links > li")
        assert len(items) == len(record["links"]), record["id"]
        for item, link in zip(items, record["links"], strict=True):
            a = item.find("a", recursive=False)
            text = a.get_text()
            assert a["href"] == link["url"]
            assert "://" not in text and not text.startswith("www."), (record["id"], text)
            want = link_label(link["url"], names, link.get("text"))
            assert text.startswith(want.text), (record["id"], text, want.text)
            about = item.select_one(".bp-link-about")
            about = about.get_text() if about else ""
            assert (t["link_pdf"] in about) == want.pdf, (record["id"], about)
            pdfs += want.pdf
            named += not link.get("text") and text != want.host
            if link.get("text"):
                assert a["lang"] == "es"  # the report's words
        for item, source in zip(
            soup.select("ol.bp-sources > li"), record.get("further_sources", []), strict=True
        ):
            a = item.find("a")
            assert a.get_text() == source["title"] and "://" not in a.get_text()
            pdf = f"({t['link_pdf']})" in item.get_text()
            assert pdf == link_label(source["url"], {}).pdf, (record["id"], source["url"])
            pdfs += pdf
    assert pdfs and named, "no PDF or no link named by its site: nothing tested"


def test_hostile_link_text_stays_text(hostile_site):
    soup = hostile_site.html("en/practicas/hostile-record/")
    first, second = soup.select("ul.bp-links > li > a")
    assert first.get_text() == HOSTILE_LINK_TEXT and not first.find("img")
    assert second.get_text() == "example.org"  # no title: the host, not the address


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_address_runs_off_a_phone(built_site, site_server, page, lang):
    """The practice with the longest addresses, at 390 px: nothing scrolls sideways."""
    record = max(
        built_site.records,
        key=lambda r: max(
            [len(x["url"]) for x in r["links"] + r.get("further_sources", [])], default=0
        ),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_server.url(f"{lang_prefix(lang)}practicas/{record['id']}/"))
    page.locator("ul.bp-links, ol.bp-sources").first.wait_for()
    wide = page.evaluate(
        """() => [...document.querySelectorAll('.md-content *')]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
    )
    assert not wide, wide
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.watch.problems(), "\n".join(page.watch.problems())
