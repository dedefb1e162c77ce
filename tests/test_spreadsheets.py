"""The reader's spreadsheets (scripts/spreadsheets.py), read back with openpyxl: one file per
language for the whole catalogue, each country page and each theme; headers in the file's
language (templates/labels.yml), a "read me" sheet first (its columns explained, the licence,
the source, when), absolute page and link addresses as hyperlinks (with site_url), column
widths, wrapped text, the header frozen, the autofilter over every row, no empty column, and
a formula-like title kept as text. The pages link them: the catalogue, every country page
with practices and every theme page.

Most checks run on files written here from the built site's snapshot of the records with a
site address (site_url), as the published site has; the built site itself (no site_url, as
every local build) gives site paths without hyperlinks and says so."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

import spreadsheets
from catalogue import LANGUAGES
from membership import applies_to, proposed_for
from opendata import LICENCE
from site_fixtures import FORMULA
from site_helpers import lang_prefix, resolve
from sitedata import load_site
from templating import labels

SITE_URL = "https://example.org/bp/"
SITE_NAMES = {"es": "Buenas prácticas CRM–CSM", "en": "Good practices RCM–SACM"}
GENERATED = "2026-12-04T10:30:00Z"


@pytest.fixture(scope="module")
def site(built_site):
    return load_site(built_site.practices)


@pytest.fixture(scope="module")
def published(site, tmp_path_factory):
    """The spreadsheets as the published site has them (site_url set): {site path: file}."""
    folder = tmp_path_factory.mktemp("published") / "datos"
    paths = spreadsheets.write(
        site, folder, site_url=SITE_URL, site_names=SITE_NAMES, generated=GENERATED
    )
    return {f"datos/{p.relative_to(folder).as_posix()}": p for p in paths}


def data_sheet(book, lang):
    return book[labels()[lang]["spreadsheet"]["data_sheet"]]


def rows_of(sheet) -> list[dict]:
    """The data sheet's rows as {header: cell}."""
    rows = list(sheet.iter_rows())
    head = [c.value for c in rows[0]]
    return [dict(zip(head, row, strict=True)) for row in rows[1:]]


def names(lang) -> dict:
    return {k: v["name"] for k, v in labels()[lang]["spreadsheet"]["columns"].items()}


def expected_files(site) -> set[str]:
    out = {f"datos/practicas-{lang}.xlsx" for lang in LANGUAGES}
    for lang in LANGUAGES:
        for code in site.keys("country"):
            if any(
                code in applies_to(r, site.taxonomies) or code in proposed_for(r, site.taxonomies)
                for r in site.records
            ):
                out.add(f"datos/paises/{code.lower()}-{lang}.xlsx")
        for theme in site.taxonomies["themes"]:
            if any(theme in r["themes"] for r in site.records):
                out.add(f"datos/temas/{theme}-{lang}.xlsx")
    return out


def test_one_file_per_language_country_and_theme(site, published, built_site):
    want = expected_files(site)
    assert set(published) == want
    built = {
        p.relative_to(built_site.root).as_posix()
        for p in (built_site.root / "datos").rglob("*.xlsx")
        if p.name != "practicas.xlsx"
    }
    assert built == want


@pytest.mark.parametrize("lang", LANGUAGES)
def test_headers_in_the_reader_s_language_and_the_read_me_first(site, published, lang):
    words = labels()[lang]["spreadsheet"]
    book = load_workbook(published[f"datos/practicas-{lang}.xlsx"])
    assert book.sheetnames == [words["readme_sheet"], words["data_sheet"]]
    header = [c.value for c in next(data_sheet(book, lang).iter_rows())]
    known = names(lang)
    assert header[:3] == [known["title"], known["summary"], known["page"]]
    assert header[-1] == known["id"]
    for name in header:  # every header is one of the language's column names
        assert any(
            name == v or ("{n}" in v and name.startswith(v.split("{n}")[0])) for v in known.values()
        ), name
    other = names("en" if lang == "es" else "es")
    assert not set(header) & (set(other.values()) - set(known.values()))
    # text in the file's language: titles, country names, type labels
    rows = {r[known["id"]].value: r for r in rows_of(data_sheet(book, lang))}
    for record in site.records:
        row = rows[record["id"]]
        assert row[known["title"]].value == record["title"][lang]
        assert row[known["type"]].value == site.label("type", record["type"], lang)
        if record["countries"]:
            assert row[known["countries"]].value == "; ".join(
                site.label("country", c, lang) for c in record["countries"]
            )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_addresses_are_absolute_hyperlinks(site, published, lang):
    known = names(lang)
    book = load_workbook(published[f"datos/practicas-{lang}.xlsx"])
    rows = {r[known["id"]].value: r for r in rows_of(data_sheet(book, lang))}
    linked = 0
    for record in site.records:
        row = rows[record["id"]]
        page = row[known["page"]]
        assert page.value == SITE_URL + site.url("practice", record["id"], lang)
        assert page.hyperlink.target == page.value
        for n, link in enumerate(record["links"], 1):
            cell = row[known["link"].replace("{n}", str(n))]
            assert cell.value == link["url"] and cell.hyperlink.target == link["url"]
            linked += 1
        for n, source in enumerate(record.get("further_sources", []), 1):
            cell = row[known["source"].replace("{n}", str(n))]
            assert cell.value == source["url"] and cell.hyperlink.target == source["url"]
        for name, cell in row.items():
            if cell.hyperlink:
                assert cell.hyperlink.target.startswith(("https://", "http://")), name
    assert linked, "no record with a link to check"


def test_widths_wrap_frozen_header_and_filter_in_every_file(published):
    for path, file in published.items():
        lang = path.rsplit("-", 1)[1].removesuffix(".xlsx")
        book = load_workbook(file)
        sheet = data_sheet(book, lang)
        assert sheet.freeze_panes == "A2", path
        last = get_column_letter(sheet.max_column)
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", path
        assert sheet.max_row >= 2, path
        for i in range(1, sheet.max_column + 1):
            width = sheet.column_dimensions[get_column_letter(i)].width
            assert width and width >= 12, (path, i, width)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.alignment.wrap_text, (path, cell.coordinate)
        assert all(c.font.bold for c in next(sheet.iter_rows())), path


def test_no_empty_column(published):
    dropped = set()
    for path, file in published.items():
        lang = path.rsplit("-", 1)[1].removesuffix(".xlsx")
        sheet = data_sheet(load_workbook(file), lang)
        header = [c.value for c in next(sheet.iter_rows())]
        for i, name in enumerate(header):
            values = [row[i].value for row in sheet.iter_rows(min_row=2)]
            assert any(values), f"{path}: column {name!r} is empty"
        dropped |= set(names(lang).values()) - set(header)
    assert dropped, "no file left a column out: the test would not see an empty one"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_read_me_explains_every_column_the_licence_and_the_source(published, lang):
    words = labels()[lang]["spreadsheet"]
    book = load_workbook(published[f"datos/paises/gt-{lang}.xlsx"])
    readme = book[words["readme_sheet"]]
    pairs = {row[0].value: row[1] for row in readme.iter_rows() if row[0].value}
    keys = words["keys"]
    licence = pairs[keys["licence"]]
    assert "CC BY 4.0" in licence.value and licence.hyperlink.target == LICENCE["url"]
    source = pairs[keys["source"]]
    assert SITE_NAMES[lang] in source.value
    assert source.hyperlink.target == SITE_URL + lang_prefix(lang)
    assert pairs[keys["generated"]].value.startswith("2026-12-04 10:30")
    assert "Guatemala" in pairs[keys["contents"]].value
    assert keys["addresses"] not in pairs  # the addresses are absolute
    header = [c.value for c in next(data_sheet(book, lang).iter_rows())]
    listed = [row[0].value for row in readme.iter_rows() if row[0].value]
    explained = listed[listed.index(words["column"]) + 1 :]
    covered = []
    for item in explained:  # "Enlace 1 – Enlace 3" stands for the three
        first, _, last = item.partition(" – ")
        covered += header[header.index(first) : header.index(last or first) + 1]
        assert pairs[item].value, item
    assert covered == header


@pytest.mark.parametrize("lang", LANGUAGES)
def test_country_and_theme_files_hold_what_their_pages_list(site, published, lang):
    known = names(lang)
    tax = site.taxonomies
    for path, file in published.items():
        if not path.endswith(f"-{lang}.xlsx") or path.startswith("datos/practicas-"):
            continue
        kind, key = path.split("/")[1], path.split("/")[2].rsplit("-", 1)[0]
        ids = [r[known["id"]].value for r in rows_of(data_sheet(load_workbook(file), lang))]
        if kind == "paises":
            code = key.upper()
            want = {
                r["id"]
                for r in site.records
                if code in applies_to(r, tax) or code in proposed_for(r, tax)
            }
        else:
            want = {r["id"] for r in site.records if key in r["themes"]}
        assert set(ids) == want and len(ids) == len(want), path


def test_pages_link_their_spreadsheet(site, built_site):
    for lang in LANGUAGES:
        prefix = lang_prefix(lang)
        catalogue = f"{prefix}practicas/"
        (link,) = built_site.html(catalogue).select(".bp-download a")
        assert resolve(catalogue, link["href"]) == f"datos/practicas-{lang}.xlsx"
        assert str(len(site.records)) in link.get_text()
        for code in site.keys("country"):
            page = f"{prefix}paises/{code.lower()}/"
            links = built_site.html(page).select(".bp-download a")
            want = f"datos/paises/{code.lower()}-{lang}.xlsx"
            if (built_site.root / want).is_file():
                assert [resolve(page, a["href"]) for a in links] == [want], page
            else:
                assert not links, page
        for theme in site.taxonomies["themes"]:
            page = f"{prefix}temas/{theme}/"
            links = built_site.html(page).select(".bp-download a")
            assert [resolve(page, a["href"]) for a in links] == [
                f"datos/temas/{theme}-{lang}.xlsx"
            ], page
            count = len(site.members("theme", theme, lang))
            assert str(count) in links[0].get_text(), page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_the_site_s_address_pages_are_site_paths_and_said_so(built_site, lang):
    words = labels()[lang]["spreadsheet"]
    book = load_workbook(built_site.root / "datos" / f"practicas-{lang}.xlsx")
    known = names(lang)
    for row in rows_of(data_sheet(book, lang)):
        page = row[known["page"]]
        assert page.value == "/" + lang_prefix(lang) + f"practicas/{row[known['id']].value}/"
        assert page.hyperlink is None
    readme = book[words["readme_sheet"]]
    pairs = {row[0].value: row[1].value for row in readme.iter_rows() if row[0].value}
    assert pairs[words["keys"]["addresses"]] == words["relative"]


def test_a_formula_stays_text(hostile_site):
    known = names("es")
    book = load_workbook(hostile_site.root / "datos" / "practicas-es.xlsx")
    titles = [r[known["title"]] for r in rows_of(data_sheet(book, "es"))]
    (cell,) = [c for c in titles if c.value == FORMULA]
    assert cell.data_type == "s" and cell.quotePrefix
