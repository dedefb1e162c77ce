"""The practice sheet of a record (description, status, lead institution, partners, period,
results, lessons learned, contact) and its further sources: the validator's rules (every detail
named in a source's `supports`, a proposal's evidence, a research note only without sources),
the practice page (each field with its numbered source, "not known" for the rest, in both
languages), the applies-to rule (only bodies whose membership carries their practices; a
proposal is proposed for, not applied to), the open data, and datos/taxonomias.json."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from catalogue import PRACTICES_DIR, load_practices, practice_files
from conftest import write_record
from membership import applies_to, membership_problems, proposed_for
from opendata import COLUMNS
from rules import DETAILS, check, id_from_title
from site_fixtures import build

OFFICIAL = {
    "url": "https://www.example.gob.gt/informe.pdf",
    "title": "Informe {{ 7*7 }} <script>x</script>",
    "publisher": "Ministerio de Ejemplo",
    "published": "2023-02",
    "accessed": "2026-12-04",
    "kind": "official",
    "language": "es",
    "supports": ["description", "lead_institution", "period", "status", "results"],
}
NEWS = {
    "url": "https://news.example.org/nota",
    "title": "A news story",
    "publisher": "Diario Ejemplo",
    "accessed": "2026-12-04",
    "kind": "news",
    "language": "en",
    "supports": ["partners", "lessons_learned", "contact", "results"],
}
FULL = {
    "description": {"es": "Un centro que atiende a personas migrantes.",
                    "en": "A centre that assists migrants."},
    "status": "in-force",
    "period": {"start": "2019-03", "end": "2022"},
    "lead_institution": {"es": "Municipio de Ejemplo", "en": "Municipality of Ejemplo"},
    "partners": {"es": "OIM y ACNUR", "en": "IOM and UNHCR"},
    "results": {"es": "Tres albergues abiertos en 2021.", "en": "Three shelters opened in 2021."},
    "lessons_learned": {"es": "Coordinar con los municipios.", "en": "Coordinate with towns."},
    "contact": {"name": "Oficina <b>Migrante</b>", "email": "info@example.gob.gt",
                "url": "https://www.example.gob.gt/contacto"},
    "further_sources": [OFFICIAL, NEWS],
}  # fmt: skip
NOTE = {"es": "Se buscó en diciembre de 2026; no se halló nada.", "en": "Searched; none found."}


def problems(tmp_path, record, taxonomies) -> list[str]:
    path = write_record(tmp_path, record)
    return [f"{p.field}: {p.message}" for p in check([path], taxonomies)[1]]


def with_sources(*changes) -> list[dict]:
    """FULL's two sources, the first changed by `changes` (key, value or None to drop)."""
    first = dict(OFFICIAL)
    for key, value in changes:
        if value is None:
            first.pop(key)
        else:
            first[key] = value
    return [first, NEWS]


def test_full_sheet_is_valid(tmp_path, example, taxonomies):
    assert problems(tmp_path, {**example, **FULL}, taxonomies) == []


def test_a_proposal_may_rest_on_the_reports_words(tmp_path, example, taxonomies):
    sources = with_sources(("supports", ["description", "lead_institution", "period", "results"]))
    record = {**example, **FULL, "status": "proposed", "further_sources": sources}
    record["source"] = {**record["source"], "status_text": "en caso de  implementarse"}
    assert problems(tmp_path, record, taxonomies) == []


def test_a_record_without_sources_has_its_research_note(tmp_path, example, taxonomies):
    record = {**example, "source": {**example["source"], "research_note": NOTE}}
    assert problems(tmp_path, record, taxonomies) == []


def test_unknown_status_needs_no_source(tmp_path, example, taxonomies):
    assert problems(tmp_path, {**example, "status": "unknown"}, taxonomies) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"further_sources": None}, "description: detail without a supporting source (got "
         "description; expected a further_sources item naming description in its supports)"),
        ({"further_sources": with_sources(("supports", ["lead_institution", "period", "status"]))},
         "description: detail without a supporting source"),
        ({"further_sources": with_sources(("supports", None))},
         "further_sources[0].supports: missing (expected supports)"),
        ({"further_sources": with_sources(("supports", []))},
         "further_sources[0].supports: empty list"),
        ({"further_sources": with_sources(("supports", ["description", "budget"]))},
         "further_sources[0].supports[1]: invalid value (got \"budget\"; expected one of: "
         "description, status"),
        ({"results": None}, "further_sources[0].supports[4]: supports a detail the record does "
         "not have (got \"results\""),
        ({"status": "proposed", "further_sources": with_sources(
            ("supports", ["description", "lead_institution", "period", "results"]))},
         "status: detail without a supporting source (got status; expected a further_sources "
         "item naming status in its supports or the report's words in source.status_text)"),
        ({"source": "status_text=no está en el informe"},
         "source.status_text: not in the report (got \"no está en el informe\""),
        ({"source": "research_note"}, "source.research_note: research note beside further "
         "sources (got 2 further source(s)"),
        ({"further_sources": with_sources(("url", "http://localhost/x"))},
         "further_sources[0].url: URL to a loopback host"),
        ({"further_sources": with_sources(("url", NEWS["url"] + "#part"))},
         "further_sources[1].url: source listed twice"),
        ({"further_sources": with_sources(("kind", "blog"))},
         "further_sources[0].kind: invalid value (got \"blog\"; expected one of: official, "
         "organisation, news, academic)"),
        ({"further_sources": with_sources(("accessed", None))},
         "further_sources[0].accessed: missing"),
        ({"further_sources": with_sources(("text", "old field"))},
         "further_sources[0].text: unknown field"),
        ({"status": "vigente"}, "status: invalid value (got \"vigente\"; expected one of: "
         "in-force, ended, proposed, unknown)"),
        ({"description": {"es": "Solo español"}}, "description.en: missing"),
        ({"period": {"start": "2022", "end": "2019-05"}}, "period.end: ends before it starts"),
        ({"period": {"start": "mayo 2019"}}, "period.start: invalid value (got \"mayo 2019\"; "
         "expected a year, year-month or date"),
        ({"contact": {"name": "Oficina"}}, "contact: no address (got"),
        ({"contact": {"url": "http://192.168.1.1/"}}, "contact.url: URL to a private"),
        ({"further_sources": []}, "further_sources: empty list"),
    ],
)  # fmt: skip
def test_bad_sheets_are_reported(tmp_path, example, taxonomies, change, expected):
    record = copy.deepcopy({**example, **FULL})
    source = change.pop("source", None) if isinstance(change.get("source"), str) else None
    change = {k: v for k, v in change.items() if k != "source"}
    record.update(change)
    record = {k: v for k, v in record.items() if v is not None}
    if source == "research_note":
        record["source"]["research_note"] = NOTE
    elif source:
        record["source"]["status_text"] = source.split("=", 1)[1]
        record["status"] = "proposed"
    found = problems(tmp_path, record, taxonomies)
    assert any(line.startswith(expected) for line in found), (expected, found)


PROPOSAL = {"institution": "Ministerio <b>de</b> Ejemplo", "date": "2026-11-30", "issue": 42}


def outside(example) -> dict:
    """`example` as a practice proposed outside any report, with its sheet."""
    source = {k: v for k, v in example["source"].items() if k not in ("event", "mentions")}
    return {**example, **FULL, "source": {**source, "proposal": PROPOSAL}}


def test_a_practice_outside_any_report_rests_on_its_proposal_and_sources(
    tmp_path, example, taxonomies
):
    assert problems(tmp_path, outside(example), taxonomies) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.pop("further_sources") and [r.pop(d) for d in DETAILS],
         "further_sources: missing (expected at least one published page"),
        (lambda r: r["source"].update(event="iv-plenary-crm-csm-2023"),
         "source.proposal: a proposal beside a report's event"),
        (lambda r: r["source"].update(status_text="en caso de implementarse"),
         "source.status_text: the report's words without a report"),
        (lambda r: r["source"].pop("proposal"), "source.event: missing (expected the report's "
         "event, or source.proposal"),
        (lambda r: r["source"]["proposal"].pop("date"), "source.proposal.date: missing"),
    ],
)  # fmt: skip
def test_bad_origins_are_reported(tmp_path, example, taxonomies, change, expected):
    record = copy.deepcopy(outside(example))
    change(record)
    found = problems(tmp_path, record, taxonomies)
    assert any(line.startswith(expected) for line in found), (expected, found)


@pytest.mark.parametrize(
    ("institution", "refused"),
    [("Organización Internacional para las Migraciones (OIM)", False), ("Ministerio", True)],
)
def test_a_proposing_organisation_may_host_its_own_links(
    tmp_path, example, taxonomies, institution, refused
):
    """The host-domain rule reads the proposing institution where a report's mentions would
    be: IOM proposing a practice on iom.int is an organisation of it, not only its host."""
    record = copy.deepcopy(outside(example))
    record["source"]["proposal"]["institution"] = institution
    record["links"] = [{"url": "https://www.iom.int/una-practica"}]
    record["organizations"] = ["iom"]
    found = problems(tmp_path, record, taxonomies)
    assert any(p.startswith("organizations[0]: organisation only hosts") for p in found) is refused


def test_reports_words_need_a_status(tmp_path, example, taxonomies):
    record = {**example, "source": {**example["source"], "status_text": "en caso de implementarse"}}
    found = problems(tmp_path, record, taxonomies)
    assert found == [
        "source.status_text: the report's words for a status the record does not give (got "
        "null; expected status: in-force, ended or proposed)"
    ]


def test_period_of_the_same_year_may_end_in_a_month(tmp_path, example, taxonomies):
    record = {**example, **FULL, "period": {"start": "2019", "end": "2019-05"}}
    assert problems(tmp_path, record, taxonomies) == []


def test_every_record_has_been_researched():
    """Each record of the catalogue has further sources or says why not (source.research_note),
    and at least 40 carry a description, their lead institution and a further source."""
    records = load_practices()
    unresearched = [
        r["id"] for r in records if not r.get("further_sources") and not r["source"].get(
            "research_note")
    ]  # fmt: skip
    assert unresearched == []
    sheets = [
        r["id"] for r in records
        if r.get("description") and r.get("lead_institution") and r.get("further_sources")
    ]  # fmt: skip
    assert len(sheets) >= 40, len(sheets)


def test_summaries_say_what_the_practice_is_not_where_the_report_lists_it():
    """The report's placement lives in source.mentions, and what is not known in the sheet's
    "not stated" cells: a summary says what the practice is."""
    placement = re.compile(
        r"\bsesi[oó]n \d|\bsession \d|\bla incluye\b|\bincludes it\b|lista de buenas|"
        r"list of good|El informe no\b|The report (gives no|does not)\b"
    )
    for record in load_practices():
        for lang in ("es", "en"):
            text = " ".join(record["summary"][lang].split())
            assert not placement.search(text), (record["id"], lang, text)


# -- the applies-to rule (membership.py) ----------------------------------------------------


def test_only_bodies_whose_membership_carries_apply(taxonomies, example):
    tax = copy.deepcopy(taxonomies)
    tax["organizations"]["club"] = {
        "kind": "regional", "label": {"es": "Club", "en": "Club"}, "members": ["BS", "HT"],
        "applies_to_members": False, "applies_to_members_why": "a study tool, not adopted",
        "members_source": {"url": "https://club.example.org/miembros", "title": "Miembros"},
    }  # fmt: skip
    record = {**example, "countries": [], "scope": "regional", "organizations": ["club", "ca4"]}
    assert applies_to(record, tax) == ["GT", "HN", "NI", "SV"]
    tax["organizations"]["club"]["applies_to_members"] = True
    assert applies_to(record, tax) == ["BS", "GT", "HN", "HT", "NI", "SV"]
    assert membership_problems(tax) == []
    del tax["organizations"]["club"]["applies_to_members"]
    assert membership_problems(tax) == [
        "taxonomies/organizations.yml: club.applies_to_members: missing (got None; expected "
        "true when the body's practices are its own instruments, adopted by its members, else "
        "false)"
    ]


def test_a_proposal_is_proposed_for_not_applied_to(taxonomies, example):
    record = {**example, "countries": [], "scope": "regional", "organizations": ["crm"]}
    members = sorted(taxonomies["organizations"]["crm"]["members"])
    assert (applies_to(record, taxonomies), proposed_for(record, taxonomies)) == (members, [])
    record["status"] = "proposed"
    assert (applies_to(record, taxonomies), proposed_for(record, taxonomies)) == ([], members)


def test_sela_membership_alone_gives_no_country_page(taxonomies):
    """Bahamas, Barbados, Cuba, Haiti and Trinidad and Tobago had pages whose only entry was
    SELA's observatory: SELA's membership does not carry its practices."""
    assert taxonomies["organizations"]["sela"]["applies_to_members"] is False
    reached = {c for r in load_practices() for c in applies_to(r, taxonomies)}
    assert not {"BS", "BB", "CU", "HT", "TT"} & reached


def test_id_from_title():
    assert id_from_title("Ventanilla Única (Panamá)") == "ventanilla-unica-panama"
    assert id_from_title("  ¿Qué? — ¡Sí!  ") == "que-si"
    assert id_from_title("{{ 7*7 }} <script>") == "7-7-script"
    assert len(id_from_title("palabra " * 30)) <= 60
    assert id_from_title("日本語") == ""


@pytest.fixture(scope="module")
def detailed_site(tmp_path_factory):
    """The catalogue plus three records: one with the whole sheet (hostile text in some), one
    proposal resting on the report's words for CRM members, one with only a research note."""
    folder = tmp_path_factory.mktemp("detail-practices")
    for file in practice_files(PRACTICES_DIR):
        shutil.copy2(file, folder / file.name)
    example = yaml.safe_load((PRACTICES_DIR / "capmir-guatemala.yml").read_text("utf-8"))
    example = {k: v for k, v in example.items() if k not in DETAILS and k != "further_sources"}
    example["links"] = []
    example["source"] = {k: v for k, v in example["source"].items() if k != "research_note"}
    write_record(folder, {**example, "id": "con-detalles", **FULL})
    proposal = {**example, "id": "propuesta", "countries": [], "scope": "regional",
                "organizations": ["crm"], "status": "proposed"}  # fmt: skip
    proposal["source"] = {**example["source"], "countries": {}, "research_note": NOTE,
                          "status_text": "en caso de implementarse"}  # fmt: skip
    write_record(folder, proposal)
    source = {k: v for k, v in example["source"].items() if k not in ("event", "mentions")}
    write_record(folder, {**example, "id": "fuera-de-informe", **FULL,
                          "source": {**source, "proposal": PROPOSAL}})  # fmt: skip
    site = tmp_path_factory.mktemp("detail-site") / "site"
    result = build(folder, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def page(site, lang, practice) -> BeautifulSoup:
    prefix = "en/" if lang == "en" else ""
    path = site / prefix / "practicas" / practice / "index.html"
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


LABELS = {
    "es": {"sheet": "Ficha de la práctica", "description": "Qué es", "not_known": "No consta",
           "proposal": "Propuesta", "proposed_for": "Propuesta para", "sources": "Fuentes",
           "mentions": "En la IV Reunión Plenaria CRM–CSM", "in-force": "Vigente"},
    "en": {"sheet": "Practice sheet", "description": "What it is", "not_known": "Not stated",
           "proposal": "Proposal", "proposed_for": "Proposed for", "sources": "Sources",
           "mentions": "At the IV RCM–SACM Plenary Meeting", "in-force": "In force"},
}  # fmt: skip


@pytest.mark.parametrize("lang", ["es", "en"])
def test_practice_page_shows_each_field_with_its_source(detailed_site, lang):
    soup = page(detailed_site, lang, "con-detalles")
    sheet = soup.select_one("dl.bp-sheet")
    assert soup.select_one("h2#ficha").get_text() == LABELS[lang]["sheet"]
    sources = soup.select("ol.bp-sources > li")
    assert [li["id"] for li in sources] == ["fuente-1", "fuente-2"]
    for name in DETAILS:
        dd = sheet.select_one(f"dd[data-field='{name}']")
        assert dd is not None, name
        value = FULL[name][lang] if name in FULL and isinstance(FULL[name], dict) and lang in FULL[
            name] else None  # fmt: skip
        if value:
            assert value in dd.get_text()
        refs = [a["href"] for a in dd.select("sup.bp-ref a")]
        expected = [f"#fuente-{n}" for n, s in enumerate(FULL["further_sources"], 1)
                    if name in s["supports"]]  # fmt: skip
        assert refs == expected, (name, refs)
    assert sheet.select_one("dd[data-field='description']").find_previous("dt").get_text() == (
        LABELS[lang]["description"])  # fmt: skip
    assert LABELS[lang]["in-force"] in sheet.select_one("dd[data-field='status']").get_text()
    assert "2019-03 – 2022" in sheet.get_text()
    contact = sheet.select_one("dd[data-field='contact']")
    assert "Oficina <b>Migrante</b>" in contact.get_text() and contact.find("b") is None
    assert contact.select_one("a[href='mailto:info@example.gob.gt']")
    first = sources[0]
    link = first.select_one("a")
    assert link["href"] == OFFICIAL["url"] and link["hreflang"] == "es"
    assert link.get_text() == "Informe {{ 7*7 }} <script>x</script>"
    assert "Ministerio de Ejemplo, 2023-02" in first.get_text()
    assert "2026-12-04" in first.get_text()
    assert soup.select_one("article").find("script") is None
    assert soup.select_one("h2#mentions").get_text().startswith(LABELS[lang]["mentions"])
    headings = [h["id"] for h in soup.select("article h2")]
    assert headings.index("ficha") < headings.index("mentions") < headings.index("fuentes")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_page_says_what_is_not_known_and_labels_a_proposal(detailed_site, lang):
    soup = page(detailed_site, lang, "propuesta")
    sheet = soup.select_one("dl.bp-sheet")
    unknown = sheet.select("dd .bp-unknown")
    assert len(unknown) == len(DETAILS) - 1  # all but the status
    assert all(u.get_text().startswith(LABELS[lang]["not_known"]) for u in unknown)
    status = sheet.select_one("dd[data-field='status']")
    assert status["data-status"] == "proposed"
    assert status.select_one("q[lang=es]").get_text() == "en caso de implementarse"
    assert soup.select_one(".bp-research-note").get_text().endswith(NOTE[lang])
    assert soup.select_one(".bp-proposal .bp-badge").get_text() == LABELS[lang]["proposal"]
    row = soup.select_one("dd[data-field='proposed_for']")
    assert row.find_previous("dt").get_text() == LABELS[lang]["proposed_for"]
    assert len(row.select("li")) == 11  # the CRM's members
    assert soup.select_one("dd[data-field='applies_to']") is None


@pytest.mark.parametrize(
    ("lang", "words"),
    [("es", "Propuesta por Ministerio <b>de</b> Ejemplo el 2026-11-30"),
     ("en", "Proposed by Ministerio <b>de</b> Ejemplo on 2026-11-30")],
)  # fmt: skip
def test_page_of_a_practice_outside_any_report_says_who_proposed_it(detailed_site, lang, words):
    soup = page(detailed_site, lang, "fuera-de-informe")
    said = soup.select_one("p.bp-proposed-by")
    assert said.get_text().startswith(words) and said.find("b") is None
    assert said.select_one("a")["href"].endswith("/issues/42")
    assert not soup.select("figure.bp-mention")
    assert len(soup.select("ol.bp-sources > li")) == 2
    headings = [h["id"] for h in soup.select("article h2")]
    assert headings.index("ficha") < headings.index("mentions") < headings.index("fuentes")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_proposals_are_labelled_where_they_are_listed(detailed_site, lang):
    prefix = "en/" if lang == "en" else ""
    catalogue = BeautifulSoup(
        (detailed_site / prefix / "practicas" / "index.html").read_text("utf-8"), "html.parser"
    )
    item = catalogue.select_one("#bp-catalogue-list a[href$='propuesta/']").parent
    assert item.select_one(".bp-badge--proposal").get_text() == LABELS[lang]["proposal"]
    country = BeautifulSoup(
        (detailed_site / prefix / "paises" / "hn" / "index.html").read_text("utf-8"), "html.parser"
    )
    assert country.select_one("h2#proposed") is not None
    listed = country.select_one("h2#proposed").find_next("ul")
    assert listed.select_one("a[href$='propuesta/']") is not None
    regional = country.select_one("h2#regional").find_next(["ul", "p"])
    assert regional.select_one("a[href$='propuesta/']") is None


def test_open_data_has_the_sheet(detailed_site):
    data = json.loads((detailed_site / "datos" / "practicas.json").read_text("utf-8"))
    by_id = {r["id"]: r for r in data["practices"]}
    assert {k: by_id["con-detalles"][k] for k in FULL} == FULL
    assert by_id["propuesta"]["applies_to"] == [] and len(by_id["propuesta"]["proposed_for"]) == 11
    rows = csv.DictReader(io.StringIO((detailed_site / "datos" / "practicas.csv").read_text(
        "utf-8-sig"), newline=""))  # fmt: skip
    rows = {r["id"]: r for r in rows}
    row = rows["con-detalles"]
    assert list(row) == list(COLUMNS)
    assert (row["period_start"], row["period_end"]) == ("2019-03", "2022")
    for name in ("description", "lead_institution", "partners", "results", "lessons_learned"):
        assert (row[f"{name}_es"], row[f"{name}_en"]) == (FULL[name]["es"], FULL[name]["en"])
    assert row["status"] == "in-force"
    assert row["contact_email"] == "info@example.gob.gt"
    assert row["contact_url"] == "https://www.example.gob.gt/contacto"
    assert row["further_sources"] == f"{OFFICIAL['url']} | {NEWS['url']}"
    assert rows["propuesta"]["research_note_en"] == NOTE["en"]
    outside_row = rows["fuera-de-informe"]
    assert (outside_row["proposed_by"], outside_row["proposed_on"]) == (
        PROPOSAL["institution"],
        PROPOSAL["date"],
    )
    assert outside_row["mentions"] == ""
    assert rows["propuesta"]["status"] == "proposed" and rows["propuesta"]["applies_to"] == ""
    sheet = load_workbook(detailed_site / "datos" / "practicas.xlsx", read_only=True).active
    table = [[c.value for c in r] for r in sheet.iter_rows()]
    header = table[0]
    (xrow,) = [r for r in table if r[0] == "con-detalles"]
    assert xrow[header.index("description_en")] == FULL["description"]["en"]
    assert xrow[header.index("status")] == "in-force"


def test_taxonomies_json_is_what_the_form_needs(detailed_site, taxonomies):
    data = json.loads((detailed_site / "datos" / "taxonomias.json").read_text("utf-8"))
    records = json.loads((detailed_site / "datos" / "practicas.json").read_text("utf-8"))
    assert data["ids"] == [r["id"] for r in records["practices"]]
    assert "con-detalles" in data["ids"]
    for name in ("themes", "types", "organizations"):
        assert data[name] == {k: v["label"] for k, v in taxonomies[name].items()}
    assert list(data["gcm_objectives"]) == [str(n) for n in range(1, 24)]
    assert list(data["scopes"]) == ["local", "national", "regional", "international", "unspecified"]
    assert data["scopes"]["national"] == {"es": "Nacional", "en": "National"}
    assert data["countries"]["PA"] == {"es": "Panamá", "en": "Panama"}
    assert len(data["countries"]) >= 249
    event = data["events"]["iv-plenary-crm-csm-2023"]
    assert event["sections"] == taxonomies["events"]["iv-plenary-crm-csm-2023"]["sections"]
    assert event["sections"]["session-6"]["theme"] == "local-governments"  # placement rule
    assert "theme" not in event["sections"]["conclusions"]
    assert data["organization_domains"]["unhcr"] == ["unhcr.org", "acnur.org"]
    assert data["no_country_scopes"] == ["regional", "international"]
    assert data["id_pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert data["text_max"] == 4000 and data["url_max"] == 2000
    urls = {link["url"].split("#")[0] for r in records["practices"] for link in r["links"]}
    assert len(data["urls"]) == len(urls)
