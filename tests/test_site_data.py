"""Open data: /datos/practicas.json, .csv and .xlsx round-trip to the records; neither the CSV
nor the XLSX holds a cell that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

from openpyxl import load_workbook

from countries import country_name
from membership import applies_to, proposed_for
from opendata import COLUMNS, FORMULA_START, SEPARATOR, csv_value


def load_json(site) -> dict:
    return json.loads((site.root / "datos" / "practicas.json").read_text(encoding="utf-8"))


def load_csv(site) -> list[dict]:
    text = (site.root / "datos" / "practicas.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def split(cell: str) -> list[str]:
    return cell.split(SEPARATOR) if cell else []


def test_json_round_trips_to_the_records(built_site):
    data = load_json(built_site)
    taxonomies = built_site.taxonomies
    # each record as in its file, plus the derived countries it applies to or is proposed for
    # and its dates (history.py: none here, the snapshot is in no git checkout; with them,
    # tests/test_feeds.py)
    derived = ("applies_to", "proposed_for", "published", "modified")
    assert [{k: v for k, v in p.items() if k not in derived} for p in data["practices"]] == (
        built_site.records
    )
    assert [(p["applies_to"], p["proposed_for"]) for p in data["practices"]] == [
        (applies_to(r, taxonomies), proposed_for(r, taxonomies)) for r in built_site.records
    ]
    assert {(p["published"], p["modified"]) for p in data["practices"]} == {(None, None)}
    for body, entry in data["memberships"].items():
        assert entry["members"] == taxonomies["organizations"][body]["members"]
        assert entry["source"]["url"].startswith("https://")
    assert data["count"] == len(built_site.records)
    assert data["licence"]["id"] == "CC-BY-4.0"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["generated"])
    assert data["pages"] == {"es": "practicas/{id}/", "en": "en/practicas/{id}/"}
    for record in built_site.records:
        for lang, pattern in data["pages"].items():
            assert built_site.exists(pattern.format(id=record["id"])), (lang, record["id"])


def test_csv_round_trips_to_the_records(built_site):
    rows = load_csv(built_site)
    generated = load_json(built_site)["generated"]
    assert [row["id"] for row in rows] == [r["id"] for r in built_site.records]
    assert list(rows[0]) == list(COLUMNS)
    for row, record in zip(rows, built_site.records, strict=True):
        row = {k: csv_value(v) for k, v in row.items()}
        for lang in ("es", "en"):
            assert row[f"title_{lang}"] == record["title"][lang]
            assert row[f"summary_{lang}"] == record["summary"][lang]
            assert split(row[f"countries_{lang}"]) == [
                country_name(c, lang) for c in record["countries"]
            ]
        assert row["type"] == record["type"]
        assert split(row["themes"]) == record["themes"]
        assert split(row["countries"]) == record["countries"]
        assert split(row["applies_to"]) == applies_to(record, built_site.taxonomies)
        assert split(row["proposed_for"]) == proposed_for(record, built_site.taxonomies)
        assert row["status"] == record.get("status", "")
        for lang in ("es", "en"):
            assert row[f"description_{lang}"] == record.get("description", {}).get(lang, "")
        assert row["scope"] == record["scope"]
        assert split(row["organizations"]) == record.get("organizations", [])
        assert [int(n) for n in split(row["gcm_objectives"])] == record.get("gcm_objectives", [])
        assert split(row["links"]) == [link["url"] for link in record["links"]]
        assert split(row["restricted_links"]) == [
            link["url"] for link in record["links"] if link.get("restricted")
        ]
        assert split(row["mentions"]) == [m["section"] for m in record["source"]["mentions"]]
        assert row["licence"] == "CC-BY-4.0" and row["generated"] == generated
        assert row["published"] == row["modified"] == ""  # no dates without the git history
        assert row["page_en"] == f"en/practicas/{record['id']}/"


def test_csv_cells_cannot_run_as_spreadsheet_formulas(hostile_site):
    rows = {row["id"]: row for row in load_csv(hostile_site)}
    by_id = {r["id"]: r for r in hostile_site.records}
    cell = rows["formula-record"]["title_es"]
    assert cell.startswith("'=") and csv_value(cell) == by_id["formula-record"]["title"]["es"]
    assert rows["formula-record"]["title_en"].startswith("'-")
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "@")), value


def load_xlsx(site) -> tuple[list[str], list[dict], list]:
    """(header, rows as dicts, the openpyxl cells of every row) of practicas.xlsx."""
    book = load_workbook(site.root / "datos" / "practicas.xlsx")
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return header, [dict(zip(header, (c.value for c in r), strict=True)) for r in rows[1:]], rows


def test_xlsx_has_the_csv_rows_and_columns(built_site):
    header, rows, _ = load_xlsx(built_site)
    assert header == list(COLUMNS)
    expected = [{k: csv_value(v) for k, v in row.items()} for row in load_csv(built_site)]
    # openpyxl reads an empty text cell as None
    assert [{k: v or "" for k, v in row.items()} for row in rows] == expected
    assert [row["id"] for row in rows] == [r["id"] for r in built_site.records]


def test_xlsx_cells_are_text_never_formulas(hostile_site):
    _, rows, cells = load_xlsx(hostile_site)
    by_id = {r["id"]: r for r in hostile_site.records}
    row = next(r for r in rows if r["id"] == "formula-record")
    # the value itself, no apostrophe: the cell type keeps it text
    assert row["title_es"] == by_id["formula-record"]["title"]["es"]
    assert row["title_en"] == "-1+1"
    guarded = 0
    for line in cells:
        for cell in line:
            where = (cell.coordinate, cell.data_type, cell.value)
            assert cell.data_type in ("s", "inlineStr"), where
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                assert cell.quotePrefix, (cell.coordinate, cell.value)
                guarded += 1
    assert guarded >= 2
    with zipfile.ZipFile(hostile_site.root / "datos" / "practicas.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(archive.read(n).decode("utf-8") for n in sheets)
    assert "<f>" not in xml and "<f " not in xml, "a formula element in the sheet"
