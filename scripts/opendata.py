"""Open data: every record, both languages, as JSON and CSV.

    write(site, folder, generated="2024-01-01T00:00:00Z")   # folder/practicas.{json,csv}

practicas.json is an object:

    {"licence": {"id": "CC-BY-4.0", "url": ...}, "generated": ISO 8601 UTC time,
     "source": {event id: {es, en}}, "pages": {"es": "practicas/{id}/", "en": ...},
     "taxonomies": {"themes"|"types"|"organizations"|"gcm_objectives": {id: {es, en}}},
     "memberships": {organisation id: {"members": [ISO codes], "source": {url, title, note?}}},
     "count": N, "practices": [record, ...]}

where each record is exactly as in practices/<id>.yml (sorted by id), plus one derived
key, "applies_to": the countries the practice applies to (membership.applies_to: its own
countries and the members of the regional bodies in its organizations), so that without
"applies_to" the file round-trips to the catalogue. practicas.csv has one row per record
and the columns of COLUMNS (applies_to too); lists are joined with " | "; licence and
generation date are repeated on every row so that the file stands alone. A cell that a
spreadsheet would read as a formula (starting with = + - @ or a tab or carriage return)
gets a leading apostrophe (OWASP advice against CSV injection); csv_value() undoes it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from catalogue import LANGUAGES
from membership import applies_to
from sitedata import Site

LICENCE = {"id": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
SEPARATOR = " | "
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "id",
    "title_es",
    "title_en",
    "summary_es",
    "summary_en",
    "type",
    "type_es",
    "type_en",
    "themes",
    "themes_es",
    "themes_en",
    "countries",
    "countries_es",
    "countries_en",
    "applies_to",
    "scope",
    "organizations",
    "gcm_objectives",
    "links",
    "restricted_links",
    "mentions",
    "page_es",
    "page_en",
    "licence",
    "generated",
)


def csv_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_value(cell: str) -> str:
    """The value of a cell written by csv_cell()."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def _join(items) -> str:
    return SEPARATOR.join(str(i) for i in items)


def as_json(site: Site, generated: str) -> dict:
    tax = site.taxonomies
    return {
        "licence": LICENCE,
        "generated": generated,
        "source": {k: v["label"] for k, v in tax["events"].items()},
        "pages": {lang: site.url("practice", "{id}", lang) for lang in LANGUAGES},
        "taxonomies": {
            "themes": {k: v["label"] for k, v in tax["themes"].items()},
            "types": {k: v["label"] for k, v in tax["types"].items()},
            "organizations": {k: v["label"] for k, v in tax["organizations"].items()},
            "gcm_objectives": {str(k): v for k, v in tax["gcm_objectives"].items()},
        },
        "memberships": {
            k: {"members": v["members"], "source": v["members_source"]}
            for k, v in tax["organizations"].items()
            if v.get("members")
        },
        "count": len(site.records),
        "practices": [{**r, "applies_to": applies_to(r, tax)} for r in site.records],
    }


def row(site: Site, record: dict, generated: str) -> dict:
    def labels(kind, keys, lang):
        return _join(site.label(kind, k, lang) for k in keys)

    out = {"id": record["id"]}
    for lang in LANGUAGES:
        out[f"title_{lang}"] = record["title"][lang]
        out[f"summary_{lang}"] = record["summary"][lang]
        out[f"type_{lang}"] = site.label("type", record["type"], lang)
        out[f"themes_{lang}"] = labels("theme", record["themes"], lang)
        out[f"countries_{lang}"] = labels("country", record["countries"], lang)
        out[f"page_{lang}"] = site.url("practice", record["id"], lang)
    out.update(
        type=record["type"],
        themes=_join(record["themes"]),
        countries=_join(record["countries"]),
        applies_to=_join(applies_to(record, site.taxonomies)),
        scope=record["scope"],
        organizations=_join(record.get("organizations", [])),
        gcm_objectives=_join(record.get("gcm_objectives", [])),
        links=_join(link["url"] for link in record["links"]),
        restricted_links=_join(link["url"] for link in record["links"] if link.get("restricted")),
        mentions=_join(m["section"] for m in record["source"]["mentions"]),
        licence=LICENCE["id"],
        generated=generated,
    )
    return {k: csv_cell(out[k]) for k in COLUMNS}


def as_csv(site: Site, generated: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in site.records:
        writer.writerow(row(site, record, generated))
    return buffer.getvalue()


def write(site: Site, folder: str | Path, generated: str) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = folder / "practicas.json", folder / "practicas.csv"
    json_path.write_text(
        json.dumps(as_json(site, generated), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    csv_path.write_text(as_csv(site, generated), encoding="utf-8-sig", newline="")
    return [json_path, csv_path]
