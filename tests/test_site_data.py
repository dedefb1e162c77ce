"""Open data: /datos/practicas.json and /datos/practicas.csv round-trip to the records."""

from __future__ import annotations

import csv
import io
import json
import re

from countries import country_name
from membership import applies_to
from opendata import COLUMNS, SEPARATOR, csv_value


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
    # each record as in its file, plus the derived countries it applies to
    assert [{k: v for k, v in p.items() if k != "applies_to"} for p in data["practices"]] == (
        built_site.records
    )
    assert [p["applies_to"] for p in data["practices"]] == [
        applies_to(r, taxonomies) for r in built_site.records
    ]
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
        assert row["scope"] == record["scope"]
        assert split(row["organizations"]) == record.get("organizations", [])
        assert [int(n) for n in split(row["gcm_objectives"])] == record.get("gcm_objectives", [])
        assert split(row["links"]) == [link["url"] for link in record["links"]]
        assert split(row["restricted_links"]) == [
            link["url"] for link in record["links"] if link.get("restricted")
        ]
        assert split(row["mentions"]) == [m["section"] for m in record["source"]["mentions"]]
        assert row["licence"] == "CC-BY-4.0" and row["generated"] == generated
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
