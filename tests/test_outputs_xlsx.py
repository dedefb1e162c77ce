"""The XLSX writer (scripts/opendata.py XlsxBook), which writes practicas.xlsx and the reader's
spreadsheets (scripts/spreadsheets.py) without openpyxl's cost per cell: every XML part of its
files is the one openpyxl's write-only mode writes for the same cells, byte for byte (only
docProps/core.xml, which holds the time of writing, may differ), with hostile text (formula
starts, markup, line breaks, spaces at the ends, non-ASCII and astral characters, addresses
with & and non-ASCII), with and without the site's address, for an empty selection; and it
refuses what openpyxl refuses, with the same errors."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

import opendata
import spreadsheets
from site_fixtures import FORMULA, fixture_record
from sitedata import Site

SITE_NAMES = {"es": "Buenas prácticas CRM–CSM", "en": "Good practices RCM–SACM"}
GENERATED = "2026-12-04T10:30:00Z"
HOSTILE_TEXTS = [
    FORMULA,
    "-1",
    "+x",
    "@SUM(A1)",
    "\tstarts with a tab",
    "\rstarts with a return",
    " spaces at the ends ",
    "a & b < c > d \"quoted\" 'single'",
    "line\nbreak\r\nand\ttab",
    "Migración – «niñez» 🌎 𝔘",
    "]]> <![CDATA[ x ]]>",
    "",
    "x" * 40000,  # longer than a cell holds: openpyxl cuts it
]


def parts(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            (name, archive.read(name) if name != "docProps/core.xml" else b"")
            for name in archive.namelist()
        ]


def with_openpyxl(book: opendata.XlsxBook, cell) -> bytes:
    """The same sheets written by openpyxl's write-only mode, a WriteOnlyCell per cell."""
    workbook = Workbook(write_only=True)
    for spec in book.sheets:
        sheet = workbook.create_sheet(spec.title)
        for i, width in enumerate(spec.widths, 1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        if spec.freeze:
            sheet.freeze_panes = spec.freeze
        if spec.auto_filter:
            sheet.auto_filter.ref = spec.auto_filter
        for row in spec.rows:
            sheet.append([cell(sheet, *c) for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def spreadsheet_cell(sheet, text, style, link=None):
    return spreadsheets._cell(sheet, text, font=style[0], link=link)


def plain_cell(sheet, text, font):
    return opendata.xlsx_cell(sheet, text, font)


@pytest.fixture
def captured(monkeypatch):
    """The XlsxBooks saved, with their bytes."""
    books = []
    save = opendata.XlsxBook.save

    def keep(self):
        data = save(self)
        books.append((self, data))
        return data

    monkeypatch.setattr(opendata.XlsxBook, "save", keep)
    return books


def hostile_site(taxonomies) -> Site:
    records = []
    for i, text in enumerate(HOSTILE_TEXTS):
        record = fixture_record()
        record["id"] = f"hostile-{i:02d}"
        record["title"] = {"es": text, "en": text}
        record["summary"] = {"es": text, "en": text[::-1]}
        record["links"] = [
            {"url": 'https://example.org/a?x=1&y=<2>&z="3"', "text": "x"},
            {"url": "https://ejemplo.org/migración/niñez", "text": "y"},
            {"url": text or "https://example.org/", "text": "z"},
        ]
        record["contact"] = {"name": text, "url": "https://example.org/contacto?a=1&b=2"}
        records.append(record)
    return Site(records, taxonomies)


@pytest.mark.parametrize("site_url", ["https://example.org/bp/", None])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_spreadsheets_are_openpyxl_s_xml(taxonomies, captured, site_url, lang):
    site = hostile_site(taxonomies)
    selections = [site.records, site.records[:1], []]
    for records in selections:
        spreadsheets.workbook(
            site,
            records,
            lang,
            scope="=scope & <more>",
            site_url=site_url,
            site_name=SITE_NAMES[lang],
            generated=GENERATED,
        )
    assert len(captured) == len(selections)
    for book, data in captured:
        assert parts(data) == parts(with_openpyxl(book, spreadsheet_cell))


def test_open_data_xlsx_is_openpyxl_s_xml(taxonomies, captured):
    data = opendata.as_xlsx(hostile_site(taxonomies), GENERATED)
    ((book, saved),) = captured
    assert saved == data
    assert parts(data) == parts(with_openpyxl(book, plain_cell))


@pytest.mark.parametrize(
    "text, error",
    [("bell\x07", IllegalCharacterError), ("\x0bvertical tab", IllegalCharacterError),
     ("lone \ud800 surrogate", ValueError), ("not a character \ufffe", ValueError)],
)  # fmt: skip
def test_what_openpyxl_refuses_is_refused(text, error):
    book = opendata.XlsxBook(opendata._plain_cell)
    book.create_sheet("practicas").append([(text, None)])
    with pytest.raises(error):
        book.save()
    with pytest.raises(error):
        with_openpyxl(book, plain_cell)
