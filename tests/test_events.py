"""Meetings as first-class (taxonomies/events.yml): each has its page (/reuniones/<event>/, its
sessions in the report's order with the practices each shared) and its report's page (the
text cut at its sections, one anchor each); every quote on a practice page links to its
place there; the catalogue, the home's figures, the open data and the search filters count
and list meetings. Nothing names the IV Plenary: a second meeting that exists only in these
tests (a synthetic report with two sessions, three records, one of them also mentioned at
the IV Plenary) gets its pages, filters and counts, and the real catalogue is unchanged."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
import yaml

from catalogue import PRACTICES_DIR, TAXONOMIES_DIR, practice_files
from conftest import write_record
from reports import ReportError, report_parts
from site_fixtures import BuiltSite, build, fixture_record
from site_helpers import lang_prefix, linked_practices, resolve

IV = "iv-plenary-crm-csm-2023"
LANGS = ("es", "en")


def test_the_report_is_cut_at_every_section_in_order(taxonomies):
    event = taxonomies["events"][IV]
    parts = report_parts(event)
    first = [p.section for p in parts if p.section and not p.continued]
    assert first == [k for k, v in event["sections"].items() if v.get("start")]
    text = " ".join(" ".join(p.paragraphs) for p in parts)
    assert "Gilroy Middleton" not in text  # annex 1, the attendance list, is not reproduced
    assert [p.note["en"][:7] for p in parts if p.note] == ["Annex 1", "Annexes"]
    assert "Tecún Umán" in text and "Darién no es una ruta" in text


def test_a_missing_start_is_an_error(taxonomies):
    event = json.loads(json.dumps(taxonomies["events"][IV]))
    event["sections"]["session-3"]["start"] = "NO SUCH HEADING"
    with pytest.raises(ReportError, match="'NO SUCH HEADING' not found"):
        report_parts(event)


# -- the real catalogue's meeting ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_meeting_page_lists_its_sections_and_their_practices(built_site, lang):
    path = f"{lang_prefix(lang)}reuniones/{IV}/"
    soup = built_site.html(path)
    event = built_site.taxonomies["events"][IV]
    headings = [h["id"] for h in soup.select("div.bp-event h3")]
    order = list(event["sections"])
    assert headings == sorted(headings, key=order.index), "sections in the report's order"
    for record in built_site.records:
        for mention in record["source"].get("mentions", []):
            listed = soup.select_one(f"h3#{mention['section']}").find_next("ul")
            ids = linked_practices(listed, path, "li")
            assert record["id"] in ids, (record["id"], mention["section"])
    assert len(soup.select("h2#objetivos + ul > li")) == len(event["objectives"][lang])
    assert event["about"][lang][0] in soup.get_text()
    documents = {resolve(path, a["href"]) for a in soup.select(".bp-event__documents a")}
    assert f"{lang_prefix(lang)}reuniones/{IV}/informe/" in documents
    assert f"{lang_prefix(lang)}conclusiones/" in documents


@pytest.mark.parametrize("lang", LANGS)
def test_every_quote_links_to_its_place_in_the_report(built_site, lang):
    report = f"{lang_prefix(lang)}reuniones/{IV}/informe/"
    anchors = {s["id"] for s in built_site.html(report).select("section.bp-report__section[id]")}
    assert anchors, "the report's page has no section"
    checked = 0
    for record in built_site.records:
        page = f"{lang_prefix(lang)}practicas/{record['id']}/"
        for link in built_site.html(page).select("figure.bp-mention figcaption a"):
            target = resolve(page, link["href"].split("#")[0])
            assert target == report, (page, link["href"])
            assert link["href"].split("#")[1] in anchors, (page, link["href"])
            checked += 1
    mentions = sum(len(r["source"].get("mentions", [])) for r in built_site.records)
    assert checked == mentions


def test_meetings_are_counted_filtered_and_in_the_open_data(built_site):
    home = built_site.html("")
    assert home.select_one('[data-figure="event"] strong').get_text() == "1"
    catalogue = built_site.html("practicas/")
    options = [o["value"] for o in catalogue.select("select[name=event] option")]
    assert options == ["", IV]
    items = catalogue.select("#bp-catalogue-list > li")
    assert items and all(li["data-event"] == IV for li in items)
    page = built_site.html(f"practicas/{built_site.records[0]['id']}/")
    assert page.select_one("[data-pagefind-filter='Reunión']") is not None
    rows = list(csv.DictReader(io.StringIO(
        (built_site.root / "datos" / "practicas.csv").read_text("utf-8-sig"))))  # fmt: skip
    assert {row["events"] for row in rows} == {IV}


# -- a second meeting, in these tests only ------------------------------------------------

SECOND = "reunion-de-prueba-2099"
REPORT = """INFORME DE PRUEBA

PRIMERA SESIÓN DE PRUEBA

Los países presentaron el Programa de Prueba Alfa para la atención de personas migrantes.

SEGUNDA SESIÓN DE PRUEBA

• Red de Prueba Beta
• Práctica compartida de prueba
"""


def second_meeting(folder, report_path) -> dict:
    return {
        "label": {"es": "Reunión de prueba 2099", "en": "Test meeting 2099"},
        "place": {"es": "Ciudad de Prueba", "en": "Test City"},
        "start": "2099-05-10",
        "end": "2099-05-11",
        "report_file": str(report_path),
        "report": {"es": "Informe de la reunión de prueba", "en": "Report of the test meeting"},
        "sections": {
            "sesion-a": {"es": "Sesión A", "en": "Session A", "theme": "irregular-migration",
                         "start": "PRIMERA SESIÓN DE PRUEBA"},
            "sesion-b": {"es": "Sesión B", "en": "Session B", "theme": "local-governments",
                         "start": "SEGUNDA SESIÓN DE PRUEBA"},
        },
    }  # fmt: skip


@pytest.fixture(scope="module")
def two_meetings(tmp_path_factory) -> BuiltSite:
    base = tmp_path_factory.mktemp("two-meetings")
    taxonomies = base / "taxonomies"
    shutil.copytree(TAXONOMIES_DIR, taxonomies)
    report = base / "informe-de-prueba.txt"
    report.write_text(REPORT, encoding="utf-8")
    events = yaml.safe_load((taxonomies / "events.yml").read_text("utf-8"))
    events[SECOND] = second_meeting(base, report)
    (taxonomies / "events.yml").write_text(
        yaml.safe_dump(events, allow_unicode=True, sort_keys=False), "utf-8"
    )
    practices = base / "practices"
    practices.mkdir()
    for file in practice_files(PRACTICES_DIR):
        shutil.copy2(file, practices / file.name)
    example = fixture_record()
    example["links"] = []

    def record(rid, title, mentions, event=SECOND, themes=("irregular-migration",)):
        return {**example, "id": rid, "title": {"es": title, "en": title},
                "themes": list(themes),
                "source": {**example["source"], "event": event, "mentions": mentions}}  # fmt: skip

    write_record(
        practices,
        record(
            "programa-prueba-alfa",
            "Programa de Prueba Alfa",
            [{"section": "sesion-a", "kind": "narrative", "text": "el Programa de Prueba Alfa"}],
        ),
    )
    write_record(
        practices,
        record(
            "red-prueba-beta",
            "Red de Prueba Beta",
            [{"section": "sesion-b", "kind": "list", "text": "Red de Prueba Beta"}],
            themes=("local-governments",),
        ),
    )
    write_record(practices, record("compartida-prueba", "Práctica compartida de prueba", [
        {"section": "session-2", "kind": "list", "text": "Práctica de prueba"},
        {"event": SECOND, "section": "sesion-b", "kind": "list",
         "text": "Práctica compartida de prueba"}],
        event=IV, themes=("irregular-migration", "local-governments")))  # fmt: skip
    site_dir = base / "site"
    result = build(practices, site_dir, "--taxonomies", str(taxonomies))
    assert result.returncode == 0, result.stdout + result.stderr
    from catalogue import load_practices, load_taxonomies

    tax = load_taxonomies(taxonomies)
    return BuiltSite(site_dir, practices, load_practices(practices, tax), tax)


@pytest.mark.parametrize("lang", LANGS)
def test_a_second_meeting_gets_its_pages(two_meetings, lang):
    path = f"{lang_prefix(lang)}reuniones/{SECOND}/"
    soup = two_meetings.html(path)
    assert [h["id"] for h in soup.select("div.bp-event h3")] == ["sesion-a", "sesion-b"]
    a = linked_practices(soup.select_one("h3#sesion-a").find_next("ul"), path, "li")
    b = linked_practices(soup.select_one("h3#sesion-b").find_next("ul"), path, "li")
    assert (a, b) == ({"programa-prueba-alfa"}, {"red-prueba-beta", "compartida-prueba"})
    report = two_meetings.html(f"{path}informe/")
    ids = [s["id"] for s in report.select("section.bp-report__section[id]")]
    assert ids == ["sesion-a", "sesion-b"]
    overview = f"{lang_prefix(lang)}reuniones/"
    listed = [resolve(overview, li.a["href"]) for li in two_meetings.html(overview).select(
        "ul.bp-overview > li")]  # fmt: skip
    assert listed == [f"{path}", f"{lang_prefix(lang)}reuniones/{IV}/"]  # the latest first
    shared = two_meetings.html(f"{lang_prefix(lang)}practicas/compartida-prueba/")
    groups = shared.select("article h3")
    assert len(groups) == 2  # what each meeting said, its own meeting first
    quotes = [resolve(f"{lang_prefix(lang)}practicas/compartida-prueba/", a["href"])
              for a in shared.select("figure.bp-mention figcaption a")]  # fmt: skip
    assert quotes == [f"{lang_prefix(lang)}reuniones/{IV}/informe/",
                      f"{path}informe/"]  # fmt: skip


def test_a_second_meeting_gets_its_filters_and_counts(two_meetings, built_site):
    home = two_meetings.html("")
    assert home.select_one('[data-figure="event"] strong').get_text() == "2"
    listed = [resolve("", a["href"]) for a in home.select("ul.bp-meetings > li > a")]
    assert listed == [f"reuniones/{SECOND}/", f"reuniones/{IV}/"]  # the latest first
    assert "3 prácticas" in home.select_one("ul.bp-meetings > li").get_text()
    catalogue = two_meetings.html("practicas/")
    options = [o["value"] for o in catalogue.select("select[name=event] option")]
    assert options == ["", SECOND, IV]
    item = catalogue.select_one("#bp-catalogue-list a[href$='compartida-prueba/']").parent
    assert item["data-event"].split() == [IV, SECOND]
    data = json.loads((two_meetings.root / "datos" / "practicas.json").read_text("utf-8"))
    assert SECOND in data["source"]
    # the real catalogue is unchanged: the IV Plenary lists what it lists in the real build
    real = linked_practices(
        built_site.html(f"reuniones/{IV}/"), f"reuniones/{IV}/", "div.bp-event li"
    )
    both = linked_practices(
        two_meetings.html(f"reuniones/{IV}/"), f"reuniones/{IV}/", "div.bp-event li"
    )
    assert both == real | {"compartida-prueba"}
