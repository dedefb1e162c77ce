"""The reader's spreadsheets: the practices in one language, ready to read, sort and filter.

    write(site, site_dir / "datos", site_url=..., site_names={"es": ..., "en": ...},
          generated="2026-12-04T10:00:00Z")      # every file below; returns their paths
    sheet_path("es")                             # "datos/practicas-es.xlsx"
    sheet_path("en", "country", "GT")            # "datos/paises/gt-en.xlsx"
    sheet_path("es", "theme", "observatory")     # "datos/temas/observatory-es.xlsx"
    downloads(site)                              # [(kind, key)] with a file: (None, None) first
    sheet_records(site, "country", "GT", "es")   # the rows of one file

One file per language and selection (decided so: a reader downloads one file and opens it in
their language; a sheet per language would put both in every download), written at build
time (hooks.on_post_build, after opendata.write):

    datos/practicas-<lang>.xlsx          every practice
    datos/paises/<iso>-<lang>.xlsx       what a country's page lists: the practices that apply
                                         to it (its own and the regional ones, membership.
                                         applies_to) and those proposed for it; not the regional
                                         or international ones that name no country, which the
                                         page shows apart and counts on no country
    datos/temas/<theme>-<lang>.xlsx      a theme's practices

for every country page and theme with at least one practice (the pages link them: the
country page's template, the theme pages' `practice_download` macro, the catalogue's
open-data line). datos/practicas.xlsx (opendata.py) stays the raw table, both languages,
its columns named by their keys.

Each file has two sheets. The first, "Léame" / "Read me", says what the file holds (its
selection, how many rows), the licence (CC BY 4.0, linked), the source (the site, linked),
when it was generated, and, when the build did not know the site's address, that pages are
given as site paths; then every column of the data sheet with what it holds. The second,
"Prácticas" / "Practices", has one row per practice, sorted by title in the file's language,
and the columns of COLUMNS, headed in the file's language (templates/labels.yml
`spreadsheet`: one place for the words): text in that language, countries by their names
(countries.country_name, CLDR), themes, types, organisations, objectives and meetings by their
labels, several values joined by "; ". A column that no row of the file fills is left out (a
file of a country whose practices have no contact has no contact columns); the links and the
further sources get one column each ("Enlace 1", "Enlace 2"...), as many as the record with
the most needs.

Addresses are hyperlinks: the practice's page (mkdocs.yml site_url + its path; without
site_url, the site path "/practicas/x/" as text, with no link, since a relative link would
point into the reader's own disk), the report's links, the further sources and the contact
page, each when it is an absolute http(s) URL (linklabels.safe_url), the address itself
being the cell's text. Column widths are set per column, every cell wraps its text and is
aligned to the top, the header row is bold and frozen, and the autofilter covers the header
and every row. Every cell is a text cell marked so that a spreadsheet never evaluates it
(opendata.xlsx_cell: a title starting with "=" stays text). Files are written by
opendata.XlsxBook: the XML of openpyxl's write-only mode, byte for byte, at a fraction of its
cost; write() computes each record's row (cells()) once per language for all its files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from catalogue import LANGUAGES
from countries import country_slug
from history import iso
from linklabels import safe_url
from opendata import LICENCE, XlsxBook, xlsx_cell
from rules import BILINGUAL_DETAILS
from sitedata import Site, page_url
from templating import labels

FOLDER = "datos"  # the open data's folder under the site's root
SUBFOLDERS = {"country": "paises", "theme": "temas"}
JOIN = "; "
NUMBERED = ("link", "source")  # one column per item: "link_1", "link_2"...
# The data sheet's columns, in order, with their widths (in characters); the numbered ones
# expand to as many columns as the file needs.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("title", 40),
    ("summary", 60),
    ("page", 45),
    ("type", 22),
    ("themes", 30),
    ("countries", 24),
    ("applies_to", 30),
    ("proposed_for", 24),
    ("scope", 14),
    ("organizations", 36),
    ("gcm_objectives", 40),
    ("events", 30),
    ("status", 22),
    ("description", 60),
    ("lead_institution", 36),
    ("partners", 40),
    ("period", 16),
    ("results", 60),
    ("lessons_learned", 60),
    ("contact_name", 30),
    ("contact_email", 30),
    ("contact_url", 40),
    ("link", 45),
    ("source", 45),
    ("research_note", 60),
    ("published", 12),
    ("modified", 12),
    ("id", 30),
)
ADDRESSES = {"page", "contact_url", "link", "source"}  # hyperlinks when absolute http(s)
README_WIDTHS = (32, 90)
BOLD, TITLE = "bold", "title"  # opendata.FONTS: the header row, the read-me's title


def sheet_path(lang: str, kind: str | None = None, key=None) -> str:
    """The site path of a spreadsheet (the module docstring)."""
    if kind is None:
        return f"{FOLDER}/practicas-{lang}.xlsx"
    slug = country_slug(key) if kind == "country" else str(key)
    return f"{FOLDER}/{SUBFOLDERS[kind]}/{slug}-{lang}.xlsx"


def sheet_records(site: Site, kind: str | None, key, lang: str) -> list[dict]:
    """The practices of one file, sorted by title in `lang`."""
    if kind is None:
        return site.sorted_records(site.records, lang)
    if kind == "country":
        own, regional, proposed = site.country_practices(key, lang)
        return site.sorted_records(own + regional + proposed, lang)
    return site.members(kind, key, lang)


def downloads(site: Site) -> list[tuple[str | None, object]]:
    """Every selection with a file: the whole catalogue, then each country page and each theme
    with at least one practice."""
    out: list[tuple[str | None, object]] = [(None, None)]
    for kind in SUBFOLDERS:
        out += [(kind, k) for k in site.keys(kind) if sheet_records(site, kind, k, LANGUAGES[0])]
    return out


def page_address(site: Site, record_id: str, lang: str, site_url: str | None) -> str:
    """A practice page's absolute address, or its site path without `site_url`."""
    path = site.url("practice", record_id, lang)
    return f"{site_url.rstrip('/')}/{path}" if site_url else f"/{path}"


def cells(site: Site, record: dict, lang: str, site_url: str | None) -> dict[str, str]:
    """One row: column id ("link_2" for a numbered one) -> text in `lang` ("" when none)."""
    t = labels()[lang]

    def names(kind, keys):
        return JOIN.join(site.label(kind, k, lang) for k in keys)

    period = record.get("period")
    contact = record.get("contact", {})
    dates = site.history.dates(record["id"])
    out = {
        "title": record["title"][lang],
        "summary": record["summary"][lang],
        "page": page_address(site, record["id"], lang, site_url),
        "type": site.label("type", record["type"], lang),
        "themes": names("theme", record["themes"]),
        "countries": names("country", record["countries"]),
        "applies_to": names("country", site.applies_to(record)),
        "proposed_for": names("country", site.proposed_for(record)),
        "scope": t[f"scope_{record['scope']}"],
        "organizations": names("organization", record.get("organizations", [])),
        "gcm_objectives": JOIN.join(
            f"{n}. {site.label('gcm', n, lang)}" for n in record.get("gcm_objectives", [])
        ),
        "events": names("event", site.events_of(record)),
        "status": t["status_values"][record["status"]] if record.get("status") else "",
        "period": (
            ""
            if not period
            else f"{period['start']} – {period['end']}"
            if period.get("end")
            else t["period_since"].replace("{start}", str(period["start"]))
        ),
        "contact_name": contact.get("name", ""),
        "contact_email": contact.get("email", ""),
        "contact_url": contact.get("url", ""),
        "research_note": record["source"].get("research_note", {}).get(lang, ""),
        "published": iso(dates.published)[:10] if dates else "",
        "modified": iso(dates.modified)[:10] if dates else "",
        "id": record["id"],
    }
    for detail in BILINGUAL_DETAILS:
        out[detail] = record.get(detail, {}).get(lang, "")
    for n, link in enumerate(record["links"], 1):
        out[f"link_{n}"] = link["url"]
    for n, source in enumerate(record.get("further_sources", []), 1):
        out[f"source_{n}"] = source["url"]
    return {k: str(v) for k, v in out.items()}


def columns(rows: list[dict[str, str]]) -> list[tuple[str, str, int]]:
    """The file's columns, [(column id, base id, width)]: those of COLUMNS that some row
    fills, a numbered one as many times as the fullest row needs."""
    out = []
    for base, width in COLUMNS:
        if base in NUMBERED:
            n = 1
            while any(row.get(f"{base}_{n}") for row in rows):
                out.append((f"{base}_{n}", base, width))
                n += 1
        elif any(row.get(base) for row in rows):
            out.append((base, base, width))
    return out


def header(words: dict, column: str, base: str) -> str:
    name = words["columns"][base]["name"]
    return name.replace("{n}", column.rsplit("_", 1)[1]) if base in NUMBERED else name


def _groups(words: dict, chosen: list[tuple[str, str, int]]) -> list[tuple[str, str]]:
    """The read-me's rows for the columns: (base id, header), a numbered column once for all
    its columns ("Enlace 1 – Enlace 3")."""
    out: list[tuple[str, list[str]]] = []
    for column, base, _ in chosen:
        if out and out[-1][0] == base:
            out[-1][1].append(header(words, column, base))
        else:
            out.append((base, [header(words, column, base)]))
    return [
        (base, names[0] if len(names) == 1 else f"{names[0]} – {names[-1]}") for base, names in out
    ]


def _cell(sheet, value: str, *, font=None, link: str | None = None):
    cell = xlsx_cell(sheet, value, font)
    if link:
        cell.hyperlink = link
        cell.style = "Hyperlink"
    cell.alignment = _wrap()
    return cell


@cache
def _wrap():
    """Every cell's alignment: wrapped, at the top (openpyxl, imported here: only the process
    that writes the files needs it)."""
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")


def _style_cell(sheet, style: tuple, quote: bool):
    """The openpyxl cell of a style, (font name or None, hyperlinked?), for opendata.XlsxBook:
    _cell()."""
    font, link = style
    return _cell(
        sheet, "=" if quote else "x", font=font, link="https://example.org/" if link else None
    )


PLAIN, LINKED = (None, False), (None, True)  # XlsxBook styles: wrapped text, a hyperlink


def _text(text: str, font=None, link: str | None = None) -> tuple:
    """An XlsxBook cell: _cell()'s arguments."""
    return (text, (font, bool(link)), link) if link else (text, (font, False))


def workbook(
    site: Site,
    records: list[dict],
    lang: str,
    *,
    scope: str,
    site_url: str | None,
    site_name: str,
    generated: str,
    rows: list[dict[str, str]] | None = None,
) -> bytes:
    """The XLSX file of `records` in `lang`; `scope` says in words what it holds. `rows`:
    their cells() when the caller has them already (write() computes each record's once)."""
    words = labels()[lang]["spreadsheet"]
    if rows is None:
        rows = [cells(site, r, lang, site_url) for r in records]
    chosen = columns(rows)
    book = XlsxBook(_style_cell)

    readme = book.create_sheet(words["readme_sheet"], widths=README_WIDTHS)
    keys = words["keys"]
    home = f"{site_url.rstrip('/')}/{page_url('', lang)}" if site_url else None
    readme.append([_text(words["title"].replace("{site}", site_name), font=TITLE)])
    readme.append([])
    lines = [
        (keys["contents"], scope, None),
        (
            keys["rows"],
            words["rows"].replace("{n}", str(len(rows))).replace("{sheet}", words["data_sheet"]),
            None,
        ),
        (keys["licence"], words["licence"], LICENCE["url"]),
        (keys["source"], f"{site_name}{f' ({home})' if home else ''}", home),
        (keys["generated"], words["generated"].replace("{date}", _when(generated)), None),
    ]
    if not site_url:
        lines.append((keys["addresses"], words["relative"], None))
    for key, text, link in lines:
        readme.append([_text(key, font=BOLD), _text(text, link=link)])
    readme.append([])
    readme.append([_text(words["column"], font=BOLD), _text(words["about"], font=BOLD)])
    for base, names in _groups(words, chosen):
        about = words["columns"][base]["about"]
        readme.append([_text(names), _text(about)])

    data = book.create_sheet(
        words["data_sheet"], widths=[width for _, _, width in chosen], freeze="A2"
    )
    if chosen:
        from openpyxl.utils import get_column_letter

        data.auto_filter = f"A1:{get_column_letter(len(chosen))}{len(rows) + 1}"
    data.append([_text(header(words, c, b), font=BOLD) for c, b, _ in chosen])
    plain = [c for c, b, _ in chosen]
    addresses = {i for i, (_, b, _) in enumerate(chosen) if b in ADDRESSES}
    for row in rows:
        values = [row.get(c, "") for c in plain]
        out = [(value, PLAIN) for value in values]
        for i in addresses:
            link = _safe_url(values[i])
            if link:
                out[i] = (values[i], LINKED, link)
        data.append(out)
    return book.save()


_SAFE: dict[str, str | None] = {}  # linklabels.safe_url, once per address


def _safe_url(value: str) -> str | None:
    if value not in _SAFE:
        if len(_SAFE) > 100_000:
            _SAFE.clear()
        _SAFE[value] = safe_url(value)
    return _SAFE[value]


def _when(generated: str) -> str:
    """An ISO 8601 UTC time ("2026-12-04T10:00:00Z") as "2026-12-04 10:00"."""
    return generated.replace("T", " ").removesuffix("Z")[:16]


def scope_text(site: Site, kind: str | None, key, lang: str) -> str:
    words = labels()[lang]["spreadsheet"]
    if kind is None:
        return words["scope_all"]
    return words[f"scope_{kind}"].replace("{name}", site.label(kind, key, lang))


def write(
    site: Site,
    folder: str | Path,
    *,
    site_url: str | None,
    site_names: dict[str, str],
    generated: str,
) -> list[Path]:
    """Every spreadsheet of downloads(), in both languages, under `folder` (the site's
    datos/ folder). Returns their paths."""
    folder = Path(folder)
    written = []
    rows: dict[tuple[str, str], dict[str, str]] = {}  # (record id, lang) -> cells(), once
    for kind, key in downloads(site):
        for lang in LANGUAGES:
            path = folder / Path(sheet_path(lang, kind, key)).relative_to(FOLDER)
            path.parent.mkdir(parents=True, exist_ok=True)
            records = sheet_records(site, kind, key, lang)
            for record in records:
                if (record["id"], lang) not in rows:
                    rows[(record["id"], lang)] = cells(site, record, lang, site_url)
            path.write_bytes(
                workbook(
                    site,
                    records,
                    lang,
                    scope=scope_text(site, kind, key, lang),
                    site_url=site_url,
                    site_name=site_names.get(lang) or site_names.get(LANGUAGES[0], ""),
                    generated=generated,
                    rows=[rows[(record["id"], lang)] for record in records],
                )
            )
            written.append(path)
    return written
