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

practicas.xlsx (XlsxBook, below: what openpyxl writes) has the same columns and rows as the
CSV, for spreadsheets that read a comma CSV as one column (Excel set to Spanish uses ";").
Its cells hold the values themselves, with no apostrophe: every cell is written as a text
cell (never a formula, even when it starts with "="), and a cell that starts like a formula
is also marked "quotePrefix", so that editing it in Excel keeps it text. Header row in bold
and frozen. The reader's spreadsheets (one language each, headers in words, a "read me"
sheet; the whole catalogue, each country and each theme) are spreadsheets.py's; they use
XlsxBook and xlsx_cell() too.

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
import re
import zipfile
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from lxml.etree import Element, tostring

from catalogue import LANGUAGES
from countries import country_codes, country_name
from history import iso
from issueform import prefill
from rules import BILINGUAL_DETAILS, NO_COUNTRY_SCOPES, schema, url_key
from sitedata import Site
from templating import labels

if TYPE_CHECKING:  # openpyxl is imported where a file is written (the data files' process)
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

LICENCE = {"id": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
SEPARATOR = " | "
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FONTS = {"bold": {"bold": True}, "title": {"bold": True, "size": 14}}  # font(): by name
BOLD = "bold"  # practicas.xlsx's header row
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


@cache
def font(name: str) -> Font:
    """openpyxl's Font of a FONTS name, made once."""
    from openpyxl.styles import Font

    return Font(**FONTS[name])


def xlsx_cell(sheet, value: str, style: str | None = None) -> WriteOnlyCell:
    """A text cell that a spreadsheet never evaluates (see the module docstring), in the
    font of FONTS named `style`, if any."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store a value starting with "=" as a formula
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
    if style:
        cell.font = font(style)
    return cell


# -- XLSX ----------------------------------------------------------------------------------
# The XLSX files (practicas.xlsx here, the reader's spreadsheets in spreadsheets.py) are
# written by XlsxBook: the XML that openpyxl's write-only mode writes for the same cells,
# byte for byte (tests/test_outputs_xlsx.py compares them), without openpyxl's cost per cell
# and per file. What does not depend on the cells (styles, theme, workbook, package parts) is
# openpyxl's own, from a workbook with the same sheets and styles saved once per process
# (_skeleton); the sheets are written here.
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
HYPERLINK_REL = REL_NS + "/hyperlink"

FILTER_MARK = "XFD1048575:XFD1048576"  # the skeleton's autofilter, replaced by the sheet's
MAX_CELL = 32767  # openpyxl truncates a cell's text to this many characters
_SKELETONS: dict[tuple, tuple[list[tuple[str, bytes]], dict]] = {}


@cache
def _unwritable() -> re.Pattern:
    """What a cell cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE (it raises
    IllegalCharacterError) and what lxml refuses (ValueError): surrogates, U+FFFE, U+FFFF."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return re.compile(f"{ILLEGAL_CHARACTERS_RE.pattern}|[\ud800-\udfff\ufffe\uffff]")


class XlsxSheet:
    """One sheet of an XlsxBook: rows of cells (text, style) or (text, style, hyperlink),
    a style being a key of the book's `style_cell`."""

    def __init__(self, title: str, widths=(), freeze: str | None = None):
        self.title, self.widths, self.freeze = title, list(widths), freeze
        self.rows: list[list[tuple]] = []
        self.auto_filter: str | None = None  # a range, "A1:C9"

    def append(self, cells: list[tuple]) -> None:
        self.rows.append(cells)


class XlsxBook:
    """A workbook written as openpyxl's write-only mode writes it (the block comment above).
    `style_cell(sheet, style, quote)` makes the openpyxl WriteOnlyCell of a style (`quote`: a
    value that starts like a formula): its style is registered in openpyxl's workbook, in
    the order the cells come, as openpyxl does when it writes them."""

    def __init__(self, style_cell: Callable[[object, Hashable, bool], WriteOnlyCell]):
        self.style_cell = style_cell
        self.sheets: list[XlsxSheet] = []

    def create_sheet(self, title: str, widths=(), freeze: str | None = None) -> XlsxSheet:
        self.sheets.append(XlsxSheet(title, widths, freeze))
        return self.sheets[-1]

    def save(self) -> bytes:
        from openpyxl.packaging.core import DocumentProperties
        from openpyxl.utils.cell import absolute_coordinate

        order: dict[tuple, None] = {}  # (style, quote) in the order the cells come
        for sheet in self.sheets:
            for row in sheet.rows:
                for cell in row:
                    order[(cell[1], cell[0].startswith(FORMULA_START))] = None
        filters = [i for i, sheet in enumerate(self.sheets) if sheet.auto_filter]
        if len(filters) > 1:
            raise ValueError("XlsxBook writes one autofilter a workbook (its skeleton has one)")
        filtered = filters[0] if filters else None
        key = (tuple(s.title for s in self.sheets), tuple(order), filtered, self.style_cell)
        if key not in _SKELETONS:
            _SKELETONS[key] = _skeleton(self.style_cell, *key[:3])
        parts, styles = _SKELETONS[key]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for name, data in parts:
                if name == "docProps/core.xml":  # created and modified: now, as openpyxl's
                    props = DocumentProperties()
                    props.modified = datetime.now(UTC).replace(tzinfo=None)
                    data = tostring(props.to_tree(), encoding="utf-8")
                elif name == "xl/workbook.xml" and filtered is not None:
                    ref = absolute_coordinate(self.sheets[filtered].auto_filter)
                    data = data.replace(absolute_coordinate(FILTER_MARK).encode(), ref.encode())
                elif name.startswith("xl/worksheets/sheet"):
                    sheet = self.sheets[int(name[len("xl/worksheets/sheet") : -4]) - 1]
                    xml, links = _sheet_xml(sheet, styles)
                    archive.writestr(name, xml)
                    if links:
                        archive.writestr(f"xl/worksheets/_rels/{name[14:]}.rels", _rels(links))
                    continue
                archive.writestr(name, data)
        return buffer.getvalue()


def _skeleton(style_cell, titles: tuple, order: tuple, filtered: int | None):
    """openpyxl's parts of a workbook with these sheets and styles, [(name, bytes)] in
    openpyxl's order, and each style's ' s="n"' attribute ("" for an unstyled cell)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheets = [book.create_sheet(title) for title in titles]
    styles = {}
    for style, quote in order:
        cell = style_cell(sheets[0], style, quote)
        styles[(style, quote)] = f' s="{cell.style_id}"' if cell.has_style else ""
    if filtered is not None:
        sheets[filtered].auto_filter.ref = FILTER_MARK
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        parts = [(name, archive.read(name)) for name in archive.namelist()]
    return parts, styles


_CELLS: dict[str, tuple[bool, str]] = {}  # _cell_xml(), once per text


def _cell_xml(text: str) -> tuple[bool, str]:
    """A text cell as openpyxl writes it after its style ("s" attribute): whether it starts
    like a formula (a style of its own, quotePrefix), and its XML from ' t="inlineStr"' on
    (non-ASCII characters are written as references when the whole sheet is encoded)."""
    cached = _CELLS.get(text)
    if cached is not None:
        return cached
    value = text[:MAX_CELL]
    if _unwritable().search(value):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.utils.exceptions import IllegalCharacterError

        if ILLEGAL_CHARACTERS_RE.search(value):
            raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
        raise ValueError(f"All strings must be XML compatible: {value!r}")
    if not value:
        xml = ' t="inlineStr"></c>'
    else:
        escaped = (
            value.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\r", "&#13;")
        )
        space = ' xml:space="preserve"' if value != value.strip() else ""
        xml = f' t="inlineStr"><is><t{space}>{escaped}</t></is></c>'
    if len(_CELLS) >= 200_000:  # a bound on the memory it keeps
        _CELLS.clear()
    _CELLS[text] = cached = (value.startswith(FORMULA_START), xml)
    return cached


def _sheet_xml(sheet: XlsxSheet, styles: dict) -> tuple[bytes, list[tuple[str, str]]]:
    """The sheet's XML, as openpyxl's write-only worksheet writes it, and its hyperlinks
    [(cell, address)]."""
    from openpyxl.utils import get_column_letter

    out = [
        f'<worksheet xmlns="{SHEET_NS}"><sheetPr><outlinePr summaryBelow="1" '
        'summaryRight="1"/><pageSetUpPr/></sheetPr><sheetViews><sheetView workbookViewId="0">'
    ]
    if sheet.freeze:
        row = int(sheet.freeze[1:]) - 1  # "A2": the first row frozen
        out.append(
            f'<pane ySplit="{row}" topLeftCell="{sheet.freeze}" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft" activeCell="A1" sqref="A1"/>'
        )
    else:
        out.append('<selection activeCell="A1" sqref="A1"/>')
    out.append('</sheetView></sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>')
    if sheet.widths:
        out.append("<cols>")
        out += [
            f'<col width="{w}" customWidth="1" min="{i}" max="{i}"/>'
            for i, w in enumerate(sheet.widths, 1)
        ]
        out.append("</cols>")
    out.append("<sheetData>")
    links = []
    letters = [get_column_letter(i) for i in range(1, 1 + max(map(len, sheet.rows), default=0))]
    known = _CELLS
    for r, row in enumerate(sheet.rows, 1):
        out.append(f'<row r="{r}">')
        for letter, cell in zip(letters, row, strict=False):
            quote, xml = known.get(cell[0]) or _cell_xml(cell[0])
            out.append(f'<c r="{letter}{r}"{styles[cell[1], quote]}{xml}')
            if len(cell) > 2 and cell[2]:
                links.append((f"{letter}{r}", cell[2]))
        out.append("</row>")
    out.append("</sheetData>")
    if sheet.auto_filter:
        out.append(f'<autoFilter ref="{sheet.auto_filter}"/>')
    if links:
        out.append("<hyperlinks>")
        out += [
            f'<hyperlink xmlns:r="{REL_NS}" ref="{ref}" r:id="rId{i}"/>'
            for i, (ref, _) in enumerate(links, 1)
        ]
        out.append("</hyperlinks>")
    out.append(
        '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>'
        "</worksheet>"
    )
    return "".join(out).encode("ascii", "xmlcharrefreplace"), links


_TARGETS: dict[str, str] = {}  # _target(), once per address


def _target(url: str) -> str:
    """A hyperlink's address as lxml writes it in an attribute (UTF-8)."""
    if url not in _TARGETS:
        if len(_TARGETS) >= 200_000:
            _TARGETS.clear()
        element = tostring(Element("r", Target=url), encoding="utf-8").decode("utf-8")
        _TARGETS[url] = element[len('<r Target="') : -len('"/>')]
    return _TARGETS[url]


def _rels(links: list[tuple[str, str]]) -> bytes:
    """A sheet's relationships: its hyperlinks' addresses, rId1, rId2... (as openpyxl)."""
    return "".join(
        [f'<Relationships xmlns="{RELS_NS}">']
        + [
            f'<Relationship Type="{HYPERLINK_REL}" Target="{_target(url)}" '
            f'TargetMode="External" Id="rId{i}"/>'
            for i, (_, url) in enumerate(links, 1)
        ]
        + ["</Relationships>"]
    ).encode("utf-8")


def _plain_cell(sheet, style: str | None, quote: bool) -> WriteOnlyCell:
    """practicas.xlsx's cells: xlsx_cell() with the header's font or none."""
    return xlsx_cell(sheet, "=" if quote else "x", style)


def as_xlsx(site: Site, generated: str, rows: list[dict] | None = None) -> bytes:
    """practicas.xlsx; `rows`: the records' fields() when the caller has them (write())."""
    if rows is None:
        rows = [fields(site, record, generated) for record in site.records]
    book = XlsxBook(_plain_cell)
    sheet = book.create_sheet("practicas", freeze="A2")
    sheet.append([(name, BOLD) for name in COLUMNS])
    for cells in rows:
        sheet.append([(cells[name], None) for name in COLUMNS])
    return book.save()


def as_csv(site: Site, generated: str, rows: list[dict] | None = None) -> str:
    """practicas.csv; `rows`: the records' fields() when the caller has them (write())."""
    if rows is None:
        rows = [fields(site, record, generated) for record in site.records]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([csv_cell(cells[name]) for name in COLUMNS] for cells in rows)
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
    rows = [fields(site, record, generated) for record in site.records]  # the CSV's, the XLSX's
    csv_path.write_text(as_csv(site, generated, rows), encoding="utf-8-sig", newline="")
    taxonomies_path.write_text(
        json.dumps(taxonomies_json(site, generated), ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8",
    )
    xlsx_path.write_bytes(as_xlsx(site, generated, rows))
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
