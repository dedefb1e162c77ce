"""The optional details of a record (period, lead institution, partners, results, lessons
learned, contact, further sources): the validator's rules, the practice page, the open data, and
datos/taxonomias.json (what the proposal form reads). Records from the report have none."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup

from catalogue import PRACTICES_DIR, load_practices, practice_files
from conftest import write_record
from opendata import COLUMNS
from rules import DETAILS, check, id_from_title
from site_fixtures import build

FULL = {
    "period": {"start": "2019-03", "end": "2022"},
    "lead_institution": {"es": "Municipio de Ejemplo", "en": "Municipality of Ejemplo"},
    "partners": {"es": "OIM y ACNUR", "en": "IOM and UNHCR"},
    "results": {"es": "Tres albergues abiertos.", "en": "Three shelters opened."},
    "lessons_learned": {"es": "Coordinar con los municipios.", "en": "Coordinate with towns."},
    "contact": {"name": "Oficina <b>Migrante</b>", "email": "info@example.gob.gt",
                "url": "https://www.example.gob.gt/contacto"},
    "further_sources": [{"url": "https://www.example.gob.gt/informe.pdf",
                         "text": "Informe {{ 7*7 }} <script>x</script>"}],
}  # fmt: skip


def problems(tmp_path, record, taxonomies) -> list[str]:
    path = write_record(tmp_path, record)
    return [f"{p.field}: {p.message}" for p in check([path], taxonomies)[1]]


def test_full_details_are_valid(tmp_path, example, taxonomies):
    assert problems(tmp_path, {**example, **FULL}, taxonomies) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"further_sources": None}, "period: detail without a source (got period, lead_"),
        ({"results": {"es": "Solo español"}}, "results.en: missing"),
        ({"period": {"start": "2022", "end": "2019-05"}}, "period.end: ends before it starts"),
        ({"period": {"start": "mayo 2019"}}, "period.start: invalid value (got \"mayo 2019\"; "
         "expected a year, year-month or date"),
        ({"period": {"end": "2020"}}, "period.start: missing"),
        ({"contact": {"name": "Oficina"}}, "contact: no address (got"),
        ({"contact": {"email": "not-an-email"}}, "contact.email: invalid value (got "
         "\"not-an-email\"; expected an e-mail address)"),
        ({"contact": {"url": "javascript:alert(1)"}}, "contact.url: invalid value"),
        ({"contact": {"url": "http://192.168.1.1/"}}, "contact.url: URL to a private"),
        ({"further_sources": [{"url": "https://example.org/x"}]},
         "further_sources[0].text: missing"),
        ({"further_sources": [{"url": "http://localhost/x", "text": "x"}]},
         "further_sources[0].url: URL to a loopback host"),
        ({"further_sources": []}, "further_sources: empty list"),
        ({"partners": {"es": "x" * 4001, "en": "x"}}, "partners.es: too long (got 4001"),
    ],
)  # fmt: skip
def test_bad_details_are_reported(tmp_path, example, taxonomies, change, expected):
    record = {**example, **FULL, **change}
    record = {k: v for k, v in record.items() if v is not None}
    found = problems(tmp_path, record, taxonomies)
    assert any(line.startswith(expected) for line in found), (expected, found)


def test_period_of_the_same_year_may_end_in_a_month(tmp_path, example, taxonomies):
    record = {**example, **FULL, "period": {"start": "2019", "end": "2019-05"}}
    assert problems(tmp_path, record, taxonomies) == []


def test_records_from_the_report_have_no_details():
    for record in load_practices():
        assert not (set(DETAILS) | {"further_sources"}) & set(record), record["id"]


def test_id_from_title():
    assert id_from_title("Ventanilla Única (Panamá)") == "ventanilla-unica-panama"
    assert id_from_title("  ¿Qué? — ¡Sí!  ") == "que-si"
    assert id_from_title("{{ 7*7 }} <script>") == "7-7-script"
    assert len(id_from_title("palabra " * 30)) <= 60
    assert id_from_title("日本語") == ""


@pytest.fixture(scope="module")
def detailed_site(tmp_path_factory):
    """The catalogue plus one record with every detail (hostile text in some), built."""
    folder = tmp_path_factory.mktemp("detail-practices")
    for file in practice_files(PRACTICES_DIR):
        shutil.copy2(file, folder / file.name)
    example = yaml.safe_load((PRACTICES_DIR / "capmir-guatemala.yml").read_text("utf-8"))
    example["links"] = []
    write_record(folder, {**example, "id": "con-detalles", **FULL})
    site = tmp_path_factory.mktemp("detail-site") / "site"
    result = build(folder, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.mark.parametrize("lang", ["es", "en"])
def test_practice_page_shows_the_details_escaped(detailed_site, lang):
    prefix = "en/" if lang == "en" else ""
    page = detailed_site / prefix / "practicas" / "con-detalles" / "index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    details = soup.select_one("dl.bp-details")
    assert details is not None
    text = details.get_text(" ")
    for name in ("lead_institution", "partners", "results", "lessons_learned"):
        assert FULL[name][lang] in text
    assert "2019-03 – 2022" in text
    assert "Oficina <b>Migrante</b>" in text and details.find("b") is None
    assert details.select_one("a[href='mailto:info@example.gob.gt']")
    source = details.select_one("ul.bp-sources a")
    assert source["href"] == FULL["further_sources"][0]["url"]
    assert source.get_text() == "Informe {{ 7*7 }} <script>x</script>"
    assert details.find("script") is None


def test_practice_page_without_details_has_no_section(detailed_site):
    page = detailed_site / "practicas" / "capmir-guatemala" / "index.html"
    assert 'id="details"' not in page.read_text("utf-8")


def test_open_data_has_the_details(detailed_site):
    data = json.loads((detailed_site / "datos" / "practicas.json").read_text("utf-8"))
    (record,) = [r for r in data["practices"] if r["id"] == "con-detalles"]
    assert {k: record[k] for k in FULL} == FULL
    rows = csv.DictReader(io.StringIO((detailed_site / "datos" / "practicas.csv").read_text(
        "utf-8-sig"), newline=""))  # fmt: skip
    (row,) = [r for r in rows if r["id"] == "con-detalles"]
    assert list(row) == list(COLUMNS)
    assert (row["period_start"], row["period_end"]) == ("2019-03", "2022")
    for name in ("lead_institution", "partners", "results", "lessons_learned"):
        assert (row[f"{name}_es"], row[f"{name}_en"]) == (FULL[name]["es"], FULL[name]["en"])
    assert row["contact_email"] == "info@example.gob.gt"
    assert row["contact_url"] == "https://www.example.gob.gt/contacto"
    assert row["further_sources"] == "https://www.example.gob.gt/informe.pdf"


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
