"""How to cite a practice page: plain text in the reader's language, BibTeX and RIS.

    c = cite(record, "es", taxonomies=site.taxonomies, url="https://.../practicas/x/",
             site_name="Buenas prácticas CRM–CSM", repo="owner/name", year=2026, t=labels()["es"])
    plain(c, t, "4 de diciembre de 2026")   # «Título». Buenas prácticas CRM–CSM (mantenido
                                            # por ...). 2026. https://... (consultado el 4 de
                                            # diciembre de 2026). Fuente primaria: Informe ...,
                                            # Sesión 2 - ....
    bibtex(c, date(2026, 12, 4))            # @misc{crm-csm-x-es, title = {{...}}, ...}
    ris(c, date(2026, 12, 4))               # TY  - ELEC ... ER  -
    segments(c, t) / page_segments("bibtex", c)   # the same, cut where the page fills in
    write(site, folder, site_url, site_names, repo, year)   # folder/<id>-<lang>.bib|.ris

What a citation says (Citation): the practice's title in the reader's language; the publisher,
the site's name in that language and who maintains it (the people responsible for the GitHub
repository mkdocs.yml repo_name: the site names no person; the about page and the footer say
the same); the year, that of the record's last change (history.py; "modified") or, without
the repository's history, the year of the build; the page's address (mkdocs.yml site_url +
the page's path; without site_url the site path, "/practicas/x/", which the page's script
replaces with the address it was opened at); the access date; and the primary source: for a
practice from a meeting's report, the report (taxonomies/events.yml `report`, else the
meeting's name) and the sections that mention it (`sections` labels, in the order of the
mentions, each report named before its first section); for one proposed outside any report,
who proposed it and when.

The access date. The site is static: it cannot know when the reader reads the page. The
page's script (docs/assets/site.js) fills in today's date where the page leaves it open:
"[fecha]" / "[date]" in the plain text, and in BibTeX and RIS a `urldate` / `Y2` line that
the page hides until the script writes it (DATE_FORMATS gives its pattern, on the page as
data-date-format). The files written by write() have no access date (no `urldate`, no `Y2`):
the build's date is not when anyone read the page; with JavaScript the page's download links
give the text with today's date instead.

Escaping. Record text comes from outside. In BibTeX every character with a meaning to
(La)TeX, \\ { } $ & % # _ ^ ~, is written as its LaTeX command (\\{, \\&, \\textbackslash{}...),
so that no title can close a field, start another or run a command; other Unicode stays as
it is (biber and LaTeX read UTF-8); the title is in a second pair of braces so that styles
keep its capitals. The url field, which (La)TeX reads verbatim, gets {, }, \\ and spaces
percent-encoded. RIS is one field a line, so a line break could start a forged tag: every
value is folded to one line. In both, control characters are dropped. The page prints all of
it through the autoescaping templates.

Formats, as their references give them: BibTeX @misc with biblatex's `url`, `urldate`
(YYYY-MM-DD) and `langid`; RIS "TY  - ELEC" (a web page), tags of two characters, two spaces,
a hyphen and a space, "ER  - " last, lines ending in CR LF in the files, dates YYYY/MM/DD
(Y2: the access date), after the RIS specification (Research Information Systems; Wikipedia,
"RIS (file format)").
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from catalogue import LANGUAGES

FOLDER = "datos/citas"  # under the site's root: datos/citas/<id>-<lang>.bib and .ris
FORMATS = ("bibtex", "ris")
FORMAT_NAMES = {"bibtex": "BibTeX", "ris": "RIS"}
EXTENSIONS = {"bibtex": "bib", "ris": "ris"}
MEDIA_TYPES = {"bibtex": "application/x-bibtex", "ris": "application/x-research-info-systems"}
DATE_FORMATS = {"bibtex": "YYYY-MM-DD", "ris": "YYYY/MM/DD"}  # the page's script reads these
NEWLINES = {"bibtex": "\n", "ris": "\r\n"}  # in the files (and the page's downloads)
LANGIDS = {"es": "spanish", "en": "english"}  # biblatex / babel language names
# Where the page fills something in (page_segments): never in a value (clean() drops them).
URL_MARK, DATE_MARK = "\ue000", "\ue001"
# What clean() drops: the control characters (Unicode category Cc) that are not whitespace
# (str.isspace: \t \n \v \f \r, \x1c-\x1f and \x85 are, and split() folds them), and the
# page's marks.
_CONTROL = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
_DROP_KEEPING_MARKS = re.compile(f"[{_CONTROL}]")
_DROP = re.compile(f"[{_CONTROL}{URL_MARK}{DATE_MARK}]")
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_TABLE = str.maketrans(BIBTEX_SPECIAL)
_BIBTEX_URL_TABLE = str.maketrans({ch: f"%{ord(ch):02X}" for ch in "{}\\ "})


@dataclass(frozen=True)
class Citation:
    key: str  # the BibTeX key: crm-csm-<id>-<lang>
    lang: str
    title: str
    site_name: str
    publisher: str  # the site's name and who maintains it, in `lang`
    year: int
    url: str  # absolute, or the site path when the site's address is not known
    absolute: bool
    primary: str | None  # the primary source, in `lang`
    note: str | None  # "Fuente primaria: <primary>." (labels.yml cite_primary): BibTeX, RIS


def clean(value, keep_marks: bool = False) -> str:
    """`value` as one line: whitespace (line breaks too) folded to one space, control
    characters and (unless `keep_marks`: page_segments' own) the page's marks dropped."""
    text = (_DROP_KEEPING_MARKS if keep_marks else _DROP).sub("", str(value))
    return " ".join(text.split())


def primary_source(record: dict, lang: str, taxonomies: dict, t: dict) -> str | None:
    """Where the practice comes from, in `lang` (the module docstring)."""
    source = record["source"]
    proposal = source.get("proposal")
    if proposal:
        return t["cite_proposal"].format(institution=proposal["institution"], date=proposal["date"])
    events = taxonomies["events"]
    parts: list[str] = []
    seen: set[tuple] = set()
    for mention in source.get("mentions", []):
        event = mention.get("event", source.get("event"))
        entry = events.get(event)
        if entry is None or (event, mention["section"]) in seen:
            continue
        section = entry.get("sections", {}).get(mention["section"], {}).get(lang)
        if not any(e == event for e, _ in seen):  # the report, before its first section
            report = entry.get("report", {}).get(lang) or entry["label"][lang]
            parts.append(f"{report}, {section}" if section else report)
        elif section:
            parts.append(section)
        seen.add((event, mention["section"]))
    return "; ".join(parts) or None


def year_of(dates, fallback: int) -> int:
    """The year of a record's last change (history.Dates), else `fallback` (the build's)."""
    return dates.modified.year if dates is not None else fallback


def cite(
    record: dict,
    lang: str,
    *,
    taxonomies: dict,
    url: str,
    site_name: str,
    repo: str,
    year: int,
    t: dict,
    absolute: bool = True,
) -> Citation:
    primary = primary_source(record, lang, taxonomies, t)
    primary = clean(primary) if primary else None
    return Citation(
        key=f"crm-csm-{record['id']}-{lang}",
        lang=lang,
        title=clean(record["title"][lang]),
        site_name=clean(site_name),
        publisher=clean(t["cite_publisher"].format(site=site_name, repo=repo)),
        year=year,
        url=clean(url),
        absolute=absolute,
        primary=primary,
        note=clean(t["cite_primary"].format(source=primary)) if primary else None,
    )


# -- plain text ----------------------------------------------------------------------------
def segments(c: Citation, t: dict, accessed: str | None = None) -> list[tuple[str | None, str]]:
    """The plain citation (labels.yml `cite_format`, then `cite_primary`) as pieces: (None,
    text), ("url", the address), ("date", `accessed` or the "[fecha]" the page's script
    fills in)."""
    values = {"title": c.title, "publisher": c.publisher, "year": str(c.year)}
    kinds = {"url": c.url, "date": accessed or t["cite_date"]}
    out: list[tuple[str | None, str]] = []
    template = t["cite_format"] + (" " + t["cite_primary"] if c.primary else "")
    values["source"] = c.primary or ""
    for literal, name, _, _ in string.Formatter().parse(template):
        if literal:
            out.append((None, literal))
        if name in kinds:
            out.append((name, kinds[name]))
        elif name:
            out.append((None, values[name]))
    merged: list[tuple[str | None, str]] = []
    for kind, text in out:
        if kind is None and merged and merged[-1][0] is None:
            merged[-1] = (None, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return merged


def plain(c: Citation, t: dict, accessed: str | None = None) -> str:
    return "".join(text for _, text in segments(c, t, accessed))


# -- BibTeX and RIS ------------------------------------------------------------------------
def bibtex_text(value: str) -> str:
    """A value inside a BibTeX field's braces, with LaTeX's special characters as commands."""
    return clean(value).translate(_BIBTEX_TABLE)


def bibtex_url(url: str) -> str:
    """An address for BibTeX's url field (read verbatim): braces, backslashes and spaces
    percent-encoded."""
    return clean(url, True).translate(_BIBTEX_URL_TABLE)


def _bibtex_lines(c: Citation) -> tuple[list[str], str, tuple[str, str]]:
    fields = [
        ("title", "{" + bibtex_text(c.title) + "}"),
        ("publisher", bibtex_text(c.publisher)),
        ("year", str(c.year)),
        ("url", bibtex_url(c.url)),
    ]
    if c.note:
        fields.append(("note", bibtex_text(c.note)))
    fields.append(("langid", LANGIDS.get(c.lang, c.lang)))
    body = [f"@misc{{{c.key},"] + [f"  {name} = {{{value}}}," for name, value in fields]
    return body, "}", ("  urldate = {", "},")


def _ris_lines(c: Citation) -> tuple[list[str], str, tuple[str, str]]:
    tags = [
        ("TY", "ELEC"),
        ("TI", c.title),
        ("T2", c.site_name),
        ("PB", c.publisher),
        ("PY", str(c.year)),
        ("UR", c.url),
    ]
    if c.note:
        tags.append(("N1", c.note))
    tags.append(("LA", c.lang))
    lines = [f"{tag}  - {clean(value, keep_marks=tag == 'UR')}" for tag, value in tags]
    return lines, "ER  - ", ("Y2  - ", "")


LINES = {"bibtex": _bibtex_lines, "ris": _ris_lines}


def _date(fmt: str, accessed) -> str:
    if isinstance(accessed, date):
        pattern = DATE_FORMATS[fmt].replace("YYYY", "%Y").replace("MM", "%m").replace("DD", "%d")
        return accessed.strftime(pattern)
    return str(accessed)


def render(fmt: str, c: Citation, accessed: date | str | None = None, newline: str = "\n") -> str:
    """The citation in `fmt` ("bibtex" or "ris"), with its access-date line when `accessed`
    is given (a date, written as DATE_FORMATS says)."""
    body, end, (before, after) = LINES[fmt](c)
    lines = body + ([f"{before}{_date(fmt, accessed)}{after}"] if accessed else []) + [end]
    return newline.join(lines) + newline


def bibtex(c: Citation, accessed: date | None = None) -> str:
    return render("bibtex", c, accessed)


def ris(c: Citation, accessed: date | None = None, newline: str = NEWLINES["ris"]) -> str:
    return render("ris", c, accessed, newline)


def page_segments(fmt: str, c: Citation) -> list[tuple[str | None, object]]:
    """`fmt` as the page prints it: (None, text), ("url", the address as the format writes
    it: the page's script replaces a site path), ("access", (before, after)): the
    access-date line, hidden until the script writes the date between the two."""
    marked = render(fmt, replace(c, url=URL_MARK), accessed=DATE_MARK)
    url = bibtex_url(c.url) if fmt == "bibtex" else c.url
    out: list[tuple[str | None, object]] = []
    for line in marked.splitlines(keepends=True):
        if DATE_MARK in line:
            before, after = line.split(DATE_MARK)
            out.append(("access", (before, after)))
            continue
        for i, part in enumerate(line.split(URL_MARK)):
            if i:
                out.append(("url", url))
            if part:
                if out and out[-1][0] is None:
                    out[-1] = (None, out[-1][1] + part)
                else:
                    out.append((None, part))
    return out


# -- files ---------------------------------------------------------------------------------
def file_path(record_id: str, lang: str, fmt: str) -> str:
    """The site path of a practice's citation file: datos/citas/<id>-<lang>.bib|.ris."""
    return f"{FOLDER}/{record_id}-{lang}.{EXTENSIONS[fmt]}"


# site_citation()'s memo: the page (views.Renderer.citation) and the files (write()) of a
# record and language share one computation. (record id, lang) -> (inputs, Citation): an
# entry is used only while every input it was computed from is the same: the record's title
# and what its primary source comes from, the address, names, year, and the taxonomies' events
# and labels (compared as values; the same object counts as unchanged: nothing changes them
# in place, load_site gives new ones when their files change), so that `mkdocs serve`, which
# rebuilds in the same process, never gets a stale citation (tests/test_outputs_citation.py).
_MEMO: dict[tuple[str, str], tuple[tuple, Citation]] = {}


def _inputs(record: dict, lang: str, events: dict, url, site_name, repo, year, t, absolute):
    """Everything cite() reads, for site_citation()'s memo."""
    source = record["source"]
    proposal = source.get("proposal")
    return (
        record["title"][lang],
        (proposal["institution"], proposal["date"]) if proposal else None,
        source.get("event"),
        tuple((m.get("event"), m["section"]) for m in source.get("mentions", ())),
        url,
        site_name,
        repo,
        year,
        absolute,
        events,
        t,
    )


def site_citation(site, record: dict, lang: str, *, site_url, site_name, repo, year, t) -> Citation:
    """The citation of a record's page in `lang` on this site: its address from `site_url`
    (else the site path), the year of its last change (else `year`). Computed once for the
    page and the files (_MEMO)."""
    path = site.url("practice", record["id"], lang)
    url = f"{site_url.rstrip('/')}/{path}" if site_url else f"/{path}"
    year = year_of(site.history.dates(record["id"]), year)
    absolute = bool(site_url)
    inputs = _inputs(
        record, lang, site.taxonomies["events"], url, site_name, repo, year, t, absolute
    )
    memo = _MEMO.get((record["id"], lang))
    if memo is not None and memo[0] == inputs:
        return memo[1]
    c = cite(
        record,
        lang,
        taxonomies=site.taxonomies,
        url=url,
        site_name=site_name,
        repo=repo,
        year=year,
        t=t,
        absolute=absolute,
    )
    _MEMO[(record["id"], lang)] = (inputs, c)
    return c


def write(site, folder: str | Path, *, site_url, site_names: dict, repo: str, year: int):
    """Every practice's citation files in both languages, without an access date (the module
    docstring): folder/<id>-<lang>.bib (UTF-8) and .ris (UTF-8, CR LF). Returns the paths."""
    from templating import labels

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    words = labels()
    written = []
    for record in site.records:
        for lang in LANGUAGES:
            c = site_citation(
                site,
                record,
                lang,
                site_url=site_url,
                site_name=site_names.get(lang) or site_names.get(LANGUAGES[0], ""),
                repo=repo,
                year=year,
                t=words[lang],
            )
            for fmt in FORMATS:
                path = folder / file_path(record["id"], lang, fmt).rpartition("/")[2]
                with open(path, "wb") as file:
                    file.write(render(fmt, c, newline=NEWLINES[fmt]).encode("utf-8"))
                written.append(path)
    return written
