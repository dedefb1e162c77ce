"""End to end, what a new contributor does (CONTRIBUTING.md), with the real commands:

1. copy practices/ to a tmp folder and scaffold a record there with scripts/new_practice.py
   (stdin not a terminal, so what is not given stays as TODO placeholders);
2. run scripts/validate.py and watch it fail, one line per placeholder (file, line, field);
3. go to each reported line and replace the placeholder by hand (text edit, no YAML re-dump);
4. validate again (exit 0), build the site with scripts/build_site.py into a tmp folder;
5. serve the built site as a static host does (python -m http.server on 127.0.0.1; `make
   serve` itself, mkdocs serve, is tested in test_site_serve.py) and find the practice
   on its page in both languages, on its theme and country indexes, in the Pagefind search
   (tests/support/pagefind_query.mjs, through test_site_search.search) and in the open data.

The flow runs once (module fixture `contribution`); each test checks one stage of it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from catalogue import PRACTICES_DIR, ROOT, practice_files
from site_helpers import lang_prefix, linked_practices
from test_site_search import search, urls

LANGS = ("es", "en")
ID = "ventanilla-zorzalina"
WORD = "Zorzalina"  # in no other record: the search for it is unambiguous
THEME = "local-governments"
OTHER_THEME = "observatory"  # a theme the practice is not in (negative control)
COUNTRY = "PA"
TITLE_ES = f"Ventanilla {WORD} de atención migratoria"

# What the contributor types over each placeholder the validator reports, by field: YAML text
# as a person writes it (ids bare, prose in quotes), and the value it must load as.
ANSWERS = {
    "title.en": ('"Zorzalina Migration Service Window"', "Zorzalina Migration Service Window"),
    "summary.es": (
        '"Ventanilla municipal que reúne en un solo lugar la orientación y los trámites de las '
        'personas migrantes, presentada en la sesión 6 sobre gobiernos locales."',
        "Ventanilla municipal que reúne en un solo lugar la orientación y los trámites de las "
        "personas migrantes, presentada en la sesión 6 sobre gobiernos locales.",
    ),
    "summary.en": (
        '"Municipal window that brings together in one place guidance and procedures for '
        'migrants, presented in session 6 on local governments."',
        "Municipal window that brings together in one place guidance and procedures for "
        "migrants, presented in session 6 on local governments.",
    ),
    "type": ("service-centre", "service-centre"),
    "scope": ("local", "local"),
    "links[0].url": (
        "https://www.example.gob.pa/municipio/ventanilla-zorzalina",
        "https://www.example.gob.pa/municipio/ventanilla-zorzalina",
    ),
    "source.mentions[0].section": ("session-6", "session-6"),
    "source.mentions[0].text": (
        '"Ventanilla Zorzalina de atención migratoria - Véase Ventanilla Zorzalina | Municipio"',
        "Ventanilla Zorzalina de atención migratoria - Véase Ventanilla Zorzalina | Municipio",
    ),
}
PROBLEM = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<field>\S+): (?P<message>.+)$")
QUOTED_PLACEHOLDER = re.compile(r'"TODO:[^"]*"')


def run(*args: str) -> subprocess.CompletedProcess:
    """A command of the contributor's, from the repository root, stdin not a terminal."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def problems(output: str) -> list[dict]:
    found = [PROBLEM.match(line) for line in output.splitlines()]
    assert all(found), f"a line of the validator's output is not FILE:LINE: FIELD: ...\n{output}"
    return [m.groupdict() for m in found]


def fill_in(text: str, reported: list[dict]) -> str:
    """Replace, on each reported line, the placeholder by the contributor's answer."""
    lines = text.splitlines(keepends=True)
    for problem in reported:
        number, field = int(problem["line"]), problem["field"]
        line = lines[number - 1]
        found = list(QUOTED_PLACEHOLDER.finditer(line))
        assert len(found) == 1, f"line {number} ({field}) has no placeholder: {line!r}"
        start, end = found[0].span()
        lines[number - 1] = line[:start] + ANSWERS[field][0] + line[end:]
    return "".join(lines)


@dataclass
class Contribution:
    practices: Path
    record: Path
    scaffold: str  # the record as the scaffold wrote it
    before: int  # records in the catalogue before the contribution
    first: subprocess.CompletedProcess  # validation of the scaffold
    second: subprocess.CompletedProcess  # validation once filled in
    site: Path
    base: str  # http://127.0.0.1:PORT/

    @property
    def root(self) -> Path:  # what test_site_search.search() needs of a site
        return self.site

    def url(self, path: str = "") -> str:  # ... and of a server
        return self.base + path.lstrip("/")

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url(path), timeout=30) as response:
            assert response.status == 200, path
            return response.read()

    def page(self, path: str) -> BeautifulSoup:
        assert (self.site / path / "index.html").is_file(), f"not built: {path}"
        return BeautifulSoup(self.get(path).decode("utf-8"), "html.parser")


def serve(site: Path) -> tuple[subprocess.Popen, str]:
    """`python -m http.server` over the built site, as a static host serves it, on a free port."""
    server = subprocess.Popen(
        [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"]
        + ["--directory", str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    banner = server.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N (http://...) ..."
    match = re.search(r"port (\d+)", banner)
    if not match:
        server.kill()
        server.wait()
        raise AssertionError(f"http.server did not start: {banner!r}")
    return server, f"http://127.0.0.1:{match.group(1)}/"


@pytest.fixture(scope="module")
def contribution(tmp_path_factory):
    work = tmp_path_factory.mktemp("contributor")
    practices = work / "practices"
    practices.mkdir()
    for file in practice_files(PRACTICES_DIR):
        shutil.copy2(file, practices / file.name)
    before = len(list(practices.glob("*.yml")))
    assert not any(WORD.lower() in f.read_text("utf-8").lower() for f in practices.iterdir())

    scaffold = run(
        "scripts/new_practice.py",
        ID,
        "--practices",
        str(practices),
        "--title-es",
        TITLE_ES,
        "--theme",
        THEME,
        "--country",
        COUNTRY.lower(),  # as a person may type it; the scaffold upper-cases it
    )
    record = practices / f"{ID}.yml"
    assert scaffold.returncode == 0, scaffold.stderr
    assert record.is_file() and not (PRACTICES_DIR / record.name).exists()
    scaffold_text = record.read_text(encoding="utf-8")

    first = run("scripts/validate.py", str(practices))
    record.write_text(fill_in(scaffold_text, problems(first.stdout)), encoding="utf-8")
    second = run("scripts/validate.py", str(practices))
    assert second.returncode == 0, f"filled record still invalid:\n{second.stdout}"

    site = work / "site"
    build = run("scripts/build_site.py", "--practices", str(practices), "--site-dir", str(site))
    assert build.returncode == 0, f"site build failed:\n{build.stdout}\n{build.stderr}"

    server, base = serve(site)
    try:
        yield Contribution(practices, record, scaffold_text, before, first, second, site, base)
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


def test_validator_fails_with_one_line_per_placeholder(contribution):
    first = contribution.first
    assert first.returncode == 1
    reported = problems(first.stdout)
    placeholder_lines = [
        n for n, line in enumerate(contribution.scaffold.splitlines(), 1) if '"TODO' in line
    ]
    assert [int(p["line"]) for p in reported] == placeholder_lines
    assert [p["field"] for p in reported] == list(ANSWERS)  # title.es, themes, countries given
    for p in reported:
        assert Path(p["file"]).resolve() == contribution.record.resolve()
        assert p["message"].startswith('placeholder not filled in (got "TODO')
        key = re.split(r"[.\[]", p["field"])[-1]
        line = contribution.scaffold.splitlines()[int(p["line"]) - 1]
        assert re.match(rf"\s*(- )?{re.escape(key)}:", line), (p["field"], line)
    assert f"{len(ANSWERS)} problem(s) in 1 of {contribution.before + 1} file(s)" in first.stderr


def test_filled_record_validates_with_the_values_typed(contribution):
    second = contribution.second
    assert second.stdout == ""
    assert f"OK: {contribution.before + 1} record(s) valid" in second.stderr
    text = contribution.record.read_text(encoding="utf-8")
    assert '"TODO' not in text  # the header comment still says "Replace every TODO"
    # only the placeholders changed: the scaffold's other lines (comments too) are kept
    assert len(text.splitlines()) == len(contribution.scaffold.splitlines())
    data = yaml.safe_load(text)
    assert data["title"] == {"es": TITLE_ES, "en": ANSWERS["title.en"][1]}
    assert data["summary"]["es"] == ANSWERS["summary.es"][1]
    assert data["type"] == "service-centre" and data["scope"] == "local"
    assert data["links"] == [{"url": ANSWERS["links[0].url"][1]}]
    assert data["themes"] == [THEME] and data["countries"] == [COUNTRY]


def record(contribution) -> dict:
    return yaml.safe_load(contribution.record.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_practice_page_in_both_languages(contribution, lang):
    data = record(contribution)
    soup = contribution.page(f"{lang_prefix(lang)}practicas/{ID}/")
    assert soup.html["lang"] == lang
    assert [h.get_text() for h in soup.select("article h1")] == [data["title"][lang]]
    assert soup.title.get_text().startswith(f"{data['title'][lang]} - ")
    assert soup.select_one(".bp-summary").get_text() == data["summary"][lang]


@pytest.mark.parametrize("lang", LANGS)
def test_listed_on_its_theme_and_country_indexes(contribution, lang):
    title = record(contribution)["title"][lang]
    for index in (f"temas/{THEME}/", f"paises/{COUNTRY.lower()}/"):
        path = lang_prefix(lang) + index
        soup = contribution.page(path)
        assert ID in linked_practices(soup, path, "ul.bp-practice-list"), path
        assert title in [a.get_text() for a in soup.select("ul.bp-practice-list a")], path
    other = lang_prefix(lang) + f"temas/{OTHER_THEME}/"
    assert ID not in linked_practices(contribution.page(other), other, "ul.bp-practice-list")


@pytest.mark.parametrize("lang", LANGS)
def test_found_by_search_in_its_language(contribution, lang):
    found = urls(search(contribution, contribution, lang, WORD))
    assert f"/{lang_prefix(lang)}practicas/{ID}/" in found
    assert all(u.startswith("/en/") == (lang == "en") for u in found), found


def test_in_the_open_data_with_the_filled_values(contribution):
    data = record(contribution)
    exported = json.loads(contribution.get("datos/practicas.json"))
    assert exported["count"] == contribution.before + 1
    # the record as filled in, plus the derived countries it applies to (its own: no body), is
    # proposed for (none: no status: proposed), and its dates (none: built outside git history)
    assert [p for p in exported["practices"] if p["id"] == ID] == [
        {**data, "applies_to": [COUNTRY], "proposed_for": [], "published": None, "modified": None}
    ]

    table = io.StringIO(contribution.get("datos/practicas.csv").decode("utf-8-sig"))
    rows = [row for row in csv.DictReader(table) if row["id"] == ID]
    assert len(rows) == 1
    row = rows[0]
    for lang in LANGS:
        assert row[f"title_{lang}"] == data["title"][lang]
        assert row[f"summary_{lang}"] == data["summary"][lang]
        assert row[f"page_{lang}"] == f"{lang_prefix(lang)}practicas/{ID}/"
    assert (row["type"], row["scope"], row["themes"], row["countries"]) == (
        "service-centre",
        "local",
        THEME,
        COUNTRY,
    )
    assert row["applies_to"] == COUNTRY and row["proposed_for"] == ""
    # the scaffold's sheet stays commented out: no detail, no source, no research note
    sheet = ("description_es", "status", "lead_institution_es", "further_sources",
             "research_note_es")  # fmt: skip
    assert [row[column] for column in sheet] == [""] * len(sheet)
    assert row["links"] == ANSWERS["links[0].url"][1]
    assert row["mentions"] == ANSWERS["source.mentions[0].section"][1]
