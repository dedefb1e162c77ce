"""Open data: every record, both languages, as JSON, CSV and XLSX; the taxonomies as JSON.

    write(site, folder, generated="2024-01-01T00:00:00Z")   # folder/practicas.{json,csv,xlsx}
                                                            # and folder/taxonomias.json
                                                            # and folder/conceptos.json

practicas.json is an object:

    {"licence": {"id": "CC-BY-4.0", "url": ...}, "generated": ISO 8601 UTC time,
     "source": {event id: {es, en}}, "pages": {"es": "practicas/{id}/", "en": ...},
     "taxonomies": {"themes"|"types"|"organizations"|"gcm_objectives": {id: {es, en}}},
     "memberships": {organisation id: {"members": [ISO codes], "source": {url, title, note?}}},
     "count": N, "practices": [record, ...]}

where each record is exactly as in practices/<id>.yml (sorted by id), plus derived
keys, "applies_to" and "proposed_for": the countries the practice applies to, or, for a
proposal (status: proposed), is proposed for (membership.applies_to / proposed_for: its own
countries and the members of the regional bodies in its organizations whose membership
carries their practices), and "published" and "modified": when the practice was first
committed and last changed (history.py; ISO 8601 UTC, "2026-12-04T00:25:06Z"; null when the
site was built without the repository's history or the record is not committed yet), so
that without them the file round-trips to the catalogue.
practicas.csv has one row per record and the columns of COLUMNS (applies_to, published and
modified too, the dates empty where the JSON has null); lists
are joined with " | "; licence and generation date are repeated on every row so that the
file stands alone. A cell that a
spreadsheet would read as a formula (starting with = + - @ or a tab or carriage return)
gets a leading apostrophe (OWASP advice against CSV injection); csv_value() undoes it.
The practice sheet (description, status, lead institution, partners, period, results,
lessons learned, contact), its further sources (their URLs; the JSON has every field of them)
and the research note have their own columns, empty when the record has none.

practicas.xlsx (openpyxl) has the same columns and rows as the CSV, for spreadsheets that
read a comma CSV as one column (Excel set to Spanish uses ";"). Its cells hold the values
themselves, with no apostrophe: every cell is written as a text cell (never a formula, even
when it starts with "="), and a cell that starts like a formula is also marked
"quotePrefix", so that editing it in Excel keeps it text. Header row in bold and frozen.
The reader's spreadsheets (one language each, headers in words, a "read me" sheet; the whole
catalogue, each country and each theme) are spreadsheets.py's; they use xlsx_cell() too.

taxonomias.json is what a record may refer to, with labels in both languages, and what the
catalogue already holds; the site's proposal form (docs/proponer.md, docs/assets/propose.js)
takes its options and checks from it:

    {"licence", "generated", "themes"|"types"|"organizations"|"gcm_objectives": {id: {es, en}},
     "scopes": {id: {es, en}}, "countries": {ISO code: {es, en}} (every ISO 3166-1 country),
     "organization_domains": {id: [domain, ...]},
     "events": {id: {"label": {es, en}, "sections": {id: {es, en, "theme"?}}}} (a section's
     theme: what a record mentioned there carries), "no_country_scopes": ["regional", ...],
     "id_pattern": the id rule (a regular expression), "text_max": longest text, "url_max",
     "ids": [every record id], "urls": [every link URL, as rules.url_key() compares them]}

conceptos.json is the search's concept vocabulary (taxonomies/concepts.yml, concepts.py
Vocabulary.as_json()), which docs/assets/query.js reads to widen a query: {"licence",
"generated", "stopwords": {es, en}, "concepts": {id: {"label", "terms", "source"}}}.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from catalogue import LANGUAGES
from countries import country_codes, country_name
from history import iso
from issueform import prefill
from rules import BILINGUAL_DETAILS, NO_COUNTRY_SCOPES, schema, url_key
from sitedata import Site
from templating import labels

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
    "proposed_for",
    "scope",
    "organizations",
    "gcm_objectives",
    "links",
    "restricted_links",
    "events",
    "mentions",
    "proposed_by",
    "proposed_on",
    "description_es",
    "description_en",
    "status",
    "period_start",
    "period_end",
    "lead_institution_es",
    "lead_institution_en",
    "partners_es",
    "partners_en",
    "results_es",
    "results_en",
    "lessons_learned_es",
    "lessons_learned_en",
    "contact_name",
    "contact_email",
    "contact_url",
    "further_sources",
    "research_note_es",
    "research_note_en",
    "page_es",
    "page_en",
    "published",
    "modified",
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
        "practices": [
            {
                **r,
                "applies_to": site.applies_to(r),
                "proposed_for": site.proposed_for(r),
                **_dates(site, r),
            }
            for r in site.records
        ],
    }


def _dates(site: Site, record: dict) -> dict:
    """{"published", "modified"}: ISO 8601 UTC times from the repository's history
    (history.py), or None (no history, or the record is not committed yet)."""
    dates = site.history.dates(record["id"])
    if dates is None:
        return {"published": None, "modified": None}
    return {"published": iso(dates.published), "modified": iso(dates.modified)}


def fields(site: Site, record: dict, generated: str) -> dict:
    """One row of the export: COLUMNS -> text, as is (the CSV guards it with csv_cell)."""

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
        for detail in BILINGUAL_DETAILS:
            out[f"{detail}_{lang}"] = record.get(detail, {}).get(lang, "")
        out[f"research_note_{lang}"] = record["source"].get("research_note", {}).get(lang, "")
    out.update(
        type=record["type"],
        themes=_join(record["themes"]),
        countries=_join(record["countries"]),
        applies_to=_join(site.applies_to(record)),
        proposed_for=_join(site.proposed_for(record)),
        status=record.get("status", ""),
        scope=record["scope"],
        organizations=_join(record.get("organizations", [])),
        gcm_objectives=_join(record.get("gcm_objectives", [])),
        links=_join(link["url"] for link in record["links"]),
        restricted_links=_join(link["url"] for link in record["links"] if link.get("restricted")),
        events=_join(site.events_of(record)),
        mentions=_join(m["section"] for m in record["source"].get("mentions", [])),
        proposed_by=record["source"].get("proposal", {}).get("institution", ""),
        proposed_on=record["source"].get("proposal", {}).get("date", ""),
        period_start=record.get("period", {}).get("start", ""),
        period_end=record.get("period", {}).get("end", ""),
        contact_name=record.get("contact", {}).get("name", ""),
        contact_email=record.get("contact", {}).get("email", ""),
        contact_url=record.get("contact", {}).get("url", ""),
        further_sources=_join(s["url"] for s in record.get("further_sources", [])),
        **{k: v or "" for k, v in _dates(site, record).items()},
        licence=LICENCE["id"],
        generated=generated,
    )
    return {k: out[k] for k in COLUMNS}


def row(site: Site, record: dict, generated: str) -> dict:
    """One CSV row: fields() with every cell guarded against formula injection."""
    return {k: csv_cell(v) for k, v in fields(site, record, generated).items()}


def xlsx_cell(sheet, value: str, font: Font | None = None) -> WriteOnlyCell:
    """A text cell that a spreadsheet never evaluates (see the module docstring)."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store a value starting with "=" as a formula
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
    if font:
        cell.font = font
    return cell


def as_xlsx(site: Site, generated: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("practicas")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([xlsx_cell(sheet, name, bold) for name in COLUMNS])
    for record in site.records:
        cells = fields(site, record, generated)
        sheet.append([xlsx_cell(sheet, cells[name]) for name in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_csv(site: Site, generated: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for record in site.records:
        writer.writerow(row(site, record, generated))
    return buffer.getvalue()


def taxonomies_json(site: Site, generated: str) -> dict:
    """taxonomias.json (above), and for the site's proposal form, which fills in the issue
    form with plain words that scripts/issue_to_record.py reads: "statuses" and
    "mention_kinds" ({id: {es, en}}, the words of templates/labels.yml) and "issue_form"
    (scripts/issueform.py prefill(): the form's file name, its title and the ids of the fields
    a link can fill)."""

    tax = site.taxonomies
    record_schema = schema()
    interface = labels()
    return {
        "licence": LICENCE,
        "generated": generated,
        "themes": {k: v["label"] for k, v in tax["themes"].items()},
        "types": {k: v["label"] for k, v in tax["types"].items()},
        "organizations": {k: v["label"] for k, v in tax["organizations"].items()},
        # the host-domain rule (scripts/rules.py only_hosting) in the proposal form
        "organization_domains": {k: v.get("domains", []) for k, v in tax["organizations"].items()},
        "gcm_objectives": {str(k): v for k, v in tax["gcm_objectives"].items()},
        "scopes": {
            scope: {lang: interface[lang][f"scope_{scope}"] for lang in LANGUAGES}
            for scope in record_schema["properties"]["scope"]["enum"]
        },
        "countries": {
            c: {lang: country_name(c, lang) for lang in LANGUAGES} for c in country_codes()
        },
        "events": {  # each section with its labels and `theme` (the report's placement)
            k: {"label": v["label"], "sections": v["sections"]} for k, v in tax["events"].items()
        },
        "no_country_scopes": list(NO_COUNTRY_SCOPES),
        "id_pattern": record_schema["$defs"]["taxonomyId"]["pattern"],
        "text_max": record_schema["$defs"]["text"]["maxLength"],
        "url_max": record_schema["$defs"]["url"]["maxLength"],
        "ids": [r["id"] for r in site.records],
        "urls": sorted({url_key(link["url"]) for r in site.records for link in r["links"]}),
        "statuses": {
            status: {lang: interface[lang]["status_values"][status] for lang in LANGUAGES}
            for status in record_schema["properties"]["status"]["enum"]
        },
        "mention_kinds": {
            kind: {lang: interface[lang][f"mention_{kind}"] for lang in LANGUAGES}
            for kind in ("list", "narrative")
        },
        "issue_form": prefill(),
    }


def write(site: Site, folder: str | Path, generated: str) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    json_path, csv_path = folder / "practicas.json", folder / "practicas.csv"
    taxonomies_path = folder / "taxonomias.json"
    xlsx_path = folder / "practicas.xlsx"
    json_path.write_text(
        json.dumps(as_json(site, generated), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    csv_path.write_text(as_csv(site, generated), encoding="utf-8-sig", newline="")
    taxonomies_path.write_text(
        json.dumps(taxonomies_json(site, generated), ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )
    xlsx_path.write_bytes(as_xlsx(site, generated))
    concepts_path = folder / "conceptos.json"  # the search's vocabulary (concepts.py)
    concepts_path.write_text(
        json.dumps(
            {"licence": LICENCE, "generated": generated, **site.taxonomies["concepts"].as_json()},
            ensure_ascii=False,
            separators=(",", ":"),
        ),
        encoding="utf-8",
    )
    return [json_path, csv_path, xlsx_path, taxonomies_path, concepts_path]
