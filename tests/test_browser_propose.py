"""Browser: the proposal form (/proponer/, /en/proponer/; docs/proponer*.md, assets/propose.js).

A real Chromium fills the form in each language as a reader does (typing, choosing, ticking,
adding rows) and clicks "Continue on GitHub": a new tab opens GitHub's issue form
(.github/ISSUE_TEMPLATE/proponer-practica.yml) through <repo>/issues/new?template=...&<field
id>=<value> (the tab is answered by a stand-in: tests never reach the internet), and the page
offers the same link. The link is parsed: its fields are the issue form's text fields, in plain
words. The body GitHub writes for those answers goes through the converter
(scripts/issue_to_record.py), the one writer of a record:

- the practice of tests/fixtures/issues/complete.md typed into the site's form gives the same
  record as that issue typed into GitHub's form: one code path for both;
- a practice that no report mentions goes from the site's form to a valid record
  (source.proposal), which builds into a page saying who proposed it and when;
- a proposal written in one language gives a record whose other language is the placeholder,
  the validator's only complaint, listed as the translations pending;
- the report's placement as help: choosing a section ticks its theme (locked), another theme
  asks for its reason, which reaches source.theme_reasons;
- hostile values come out literal, never run; what the form checks (required fields for the
  origin chosen, formats) is said in the page's language, and nothing opens until it is right;
  a link too long for GitHub is refused at its longest text;
- propose.js holds no YAML writer and no copy of the catalogue's rules; without JavaScript the
  page points to the issue form; axe finds no serious violation.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from catalogue import PRACTICES_DIR, ROOT, load_taxonomies, practice_files
from issue_to_record import convert
from issueform import FORM, elements
from rules import check
from site_fixtures import build
from site_helpers import lang_prefix
from templating import labels

MKDOCS = yaml.safe_load(
    "\n".join(
        line for line in (ROOT / "mkdocs.yml").read_text("utf-8").splitlines() if "!ENV" not in line
    )
)
REPO = MKDOCS["repo_url"]
ISSUES = ROOT / "tests" / "fixtures" / "issues"
EVENT = "iv-plenary-crm-csm-2023"
SCRIPT = ROOT / "docs" / "assets" / "propose.js"


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def taxonomies() -> dict:
    return load_taxonomies()


# -- the reader at the form ------------------------------------------------------------------


@dataclass
class Opened:
    """What clicking "Continue on GitHub" did: the tab's address and the page's own link."""

    url: str
    link: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}{parts.path}"


def open_form(page, site_server, lang: str):
    page.goto(site_server.url(lang_prefix(lang) + "proponer/"))
    page.locator("#bp-propose[data-ready]").wait_for(state="attached")
    assert page.get_attribute("html", "lang") == lang


def github_stand_in(page) -> list[str]:
    """Answer every request to GitHub in this page's context with a blank page; the list
    records their URLs (the `page` fixture's own route aborts any other host)."""
    seen: list[str] = []

    def answer(route):
        seen.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>x</title>")

    page.context.route("https://github.com/**", answer)
    return seen


def go_on(page) -> Opened:
    with page.context.expect_page() as tab:
        page.locator("#bp-propose form button[type=submit]").click()
    github = tab.value
    github.wait_for_load_state()
    link = page.locator(".bp-propose__opened [data-action=github]")
    opened = Opened(github.url, link.get_attribute("href"))
    github.close()
    pairs = parse_qsl(urlsplit(opened.url).query, keep_blank_values=True)
    opened.params = dict(pairs)
    assert len(opened.params) == len(pairs), "a field given twice"
    return opened


def choose(page, name: str, label: str) -> None:
    page.locator(f"#bp-propose form [name={name}]").select_option(label=label)


def add_row(page, list_name: str):
    """A row of a list to fill in: the empty one a list starts with, else a new one."""
    form = page.locator("#bp-propose form")
    rows = form.locator(f"[data-list={list_name}] > .bp-row:not([data-proto])")
    empty = (
        "r => Array.from(r.querySelectorAll('input, textarea, select[data-options]'))"
        ".every(f => !f.value)"
    )
    if rows.count() == 1 and rows.last.evaluate(empty):
        return rows.last
    form.locator(f"[data-add={list_name}]").click()
    return rows.last


def tick(page, group: str, value: str) -> None:
    page.locator(f"#bp-propose input[name={group}][value='{value}']").check()


def submit_for_problems(page) -> list[str]:
    page.locator("#bp-propose form button[type=submit]").click()
    box = page.locator(".bp-propose__errors")
    box.wait_for()
    return [t.strip() for t in box.locator("li").all_text_contents()]


# -- GitHub's side: the body it writes, the converter ----------------------------------------


def issue_body(params: dict[str, str]) -> str:
    """The issue's body as GitHub writes it for the form filled in from `params` (the proposer
    ticks the confirmations): each field under its label, `_No response_` when blank, a
    `render` answer in a fence."""
    out = []
    for key, element in elements().items():
        out.append(f"### {element['attributes']['label']}\n")
        if element["type"] == "checkboxes":
            out += [f"- [X] {o['label']}" for o in element["attributes"]["options"]]
        elif params.get(key):
            value = params[key].replace("\r\n", "\n")
            render = element["attributes"].get("render")
            out.append(f"```{render}\n{value}\n```" if render else value)
        else:
            out.append("_No response_")
        out.append("")
    return "\n".join(out)


def check_with_catalogue(records: dict[str, str], tmp: Path) -> subprocess.CompletedProcess:
    folder = tmp / "practices"
    folder.mkdir(exist_ok=True)
    for file in practice_files(PRACTICES_DIR):
        shutil.copy2(file, folder / file.name)
    for record_id, text in records.items():
        (folder / f"{record_id}.yml").write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py"), str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def same_day(text: str) -> str:
    """`text` with today's dates (accessed, proposed) written as DAY: a run may span midnight."""
    return re.sub(r'(accessed|date): "[0-9]{4}-[0-9]{2}-[0-9]{2}"', r'\1: "DAY"', text)


def assert_is_the_issue_form(opened: Opened) -> None:
    assert opened.url == opened.link
    assert opened.base == f"{REPO}/issues/new"
    assert opened.params["template"] == FORM.name
    text_fields = {k for k, e in elements().items() if e["type"] in ("input", "textarea")}
    assert set(opened.params) - {"template", "title"} <= text_fields


# -- 1. the same practice through the site's form and through GitHub's form -------------------

COMPLETE = {  # tests/fixtures/issues/complete.md, as a Spanish-speaking reader types it
    "title_es": "Ventanilla Única de Atención al Migrante (Panamá)",
    "title_en": "One-Stop Window for Migrants (Panama)",
    "summary_es": "Ventanilla municipal que reúne en un solo lugar la orientación y los trámites "
    "de las personas migrantes.\nSe presentó en la sesión 6.",
    "summary_en": "Municipal window that brings together guidance and procedures for migrants."
    "\nIt was presented in session 6.",
    "description_es": "Según el informe de gestión del municipio, la ventanilla orienta a las "
    "personas migrantes y\nlas deriva a los servicios de salud y educación.",
    "description_en": "According to the municipality's management report, the window guides "
    "migrants and\nrefers them to health and education services.",
    "lead_institution_es": "Municipio de Ejemplo",
    "lead_institution_en": "Municipality of Ejemplo",
    "period_start": "2019",
    "contact_name": "Oficina de Atención al Migrante",
    "contact_email": "ventanilla@example.gob.pa",
    "notes": "El país CR lo deduje del dominio.",
}


def fill_complete(page) -> None:
    form = page.locator("#bp-propose form")
    page.locator("details.bp-propose__other > summary").click()
    for name, value in COMPLETE.items():
        form.locator(f"[name={name}]").fill(value)
    choose(page, "type", "Centro de atención")
    choose(page, "scope", "Local")
    choose(page, "status", "Vigente o en funcionamiento")
    form.locator("input[name=origin][value=report]").check()
    choose(page, "source_event", "IV Reunión Plenaria CRM–CSM")
    place = add_row(page, "mentions")
    place.locator("[data-name=section]").select_option("session-6")
    place.locator("[data-name=text]").fill(
        "Ventanilla Única de Atención al Migrante - Véase\nVentanilla Única | Municipio"
    )
    choose(page, "source_kind", "lista de buenas prácticas de la sección")
    for code, basis, note in (("PA", "declarado", ""),
                              ("CR", "deducido", "dominio / domain migracion.go.cr")):  # fmt: skip
        row = add_row(page, "countries")
        row.locator("[data-name=code]").select_option(code)
        row.locator("[data-name=basis]").select_option(basis)
        row.locator("[data-name=note]").fill(note)
    tick(page, "organizations", "iom")
    tick(page, "organizations", "unhcr")
    tick(page, "gcm_objectives", "15")
    tick(page, "gcm_objectives", "19")
    for url, title in (("https://www.example.gob.pa/ventanilla-unica",
                        "Ventanilla Única | Municipio"),
                       ("https://www.example.go.cr/migrantes", "")):  # fmt: skip
        row = add_row(page, "links")
        row.locator("[data-name=url]").fill(url)
        row.locator("[data-name=text]").fill(title)
    row = add_row(page, "further_sources")
    row.locator("[data-name=url]").fill("https://www.example.gob.pa/informe-2022.pdf")
    row.locator("[data-name=title]").fill("Informe de gestión 2022 del municipio")


@pytest.fixture(scope="module")
def complete_from_the_site(browser, built_site, site_server) -> Opened:
    context = browser.new_context()
    context.route("**/*", lambda route: route.abort("blockedbyclient"))
    context.route(f"{site_server.url('')}**", lambda route: route.continue_())
    page = context.new_page()
    github_stand_in(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_form(page, site_server, "es")
    fill_complete(page)
    opened = go_on(page)
    assert errors == []
    context.close()
    return opened


def test_the_site_form_opens_the_issue_form_with_the_answers(complete_from_the_site):
    opened = complete_from_the_site
    assert_is_the_issue_form(opened)
    params = opened.params
    assert params["title"] == "Práctica / Practice: " + COMPLETE["title_es"]
    for name, value in COMPLETE.items():
        assert params[name] == value, name
    assert params["language"] == "Español"
    assert params["type"] == "Centro de atención"
    assert params["themes"] == "Fortalecimiento de capacidades de gobiernos locales"
    assert params["scope"] == "Local"
    assert params["countries"] == (
        "Panamá — declarado\nCosta Rica — deducido: dominio / domain migracion.go.cr"
    )
    assert params["source_event"] == "IV Reunión Plenaria CRM–CSM"
    assert params["source_section"] == (
        "Sesión 6 - Fortalecimiento de capacidades de gobiernos locales"
    )
    assert params["source_text"] == (
        "Ventanilla Única de Atención al Migrante - Véase Ventanilla Única | Municipio"
    )
    assert params["source_kind"] == "lista de buenas prácticas de la sección"
    assert params["links"] == (
        "https://www.example.gob.pa/ventanilla-unica Ventanilla Única | Municipio\n"
        "https://www.example.go.cr/migrantes"
    )
    assert params["further_sources"] == (
        "https://www.example.gob.pa/informe-2022.pdf Informe de gestión 2022 del municipio"
    )
    assert params["status"] == "Vigente o en funcionamiento"
    assert params["gcm_objectives"] == "15, 19"
    names = {o: v["label"]["es"] for o, v in taxonomies()["organizations"].items()}
    assert params["organizations"] == f"{names['iom']}\n{names['unhcr']}"
    # nothing of the other origin, nothing left blank
    assert "proposed_by" not in params and "theme_reasons" not in params
    assert all(value.strip() for value in params.values())


def test_the_site_form_and_the_issue_form_give_the_same_record(complete_from_the_site, tmp_path):
    """The two ways to propose: the same practice, one converter, one record."""
    from_site = convert(issue_body(complete_from_the_site.params), number=7)
    from_issue = convert((ISSUES / "complete.md").read_text("utf-8"), number=7)
    assert from_site.errors == [] and from_issue.errors == [], from_site.errors
    assert from_site.pending == []
    assert same_day(from_site.text) == same_day(from_issue.text)
    record = yaml.safe_load(from_site.text)
    assert record["source"]["event"] == EVENT
    checked = check_with_catalogue({record["id"]: from_site.text}, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# -- 2. a practice that no report mentions -----------------------------------------------------

OUTSIDE = {  # an English-speaking reader; the Spanish texts too, in the optional part
    "title_en": "Quetzal Programme for dignified return",
    "summary_en": "National programme that accompanies returning people with job guidance and "
    "psychosocial support.",
    "description_en": "According to its page, the programme receives returnees and guides them "
    "towards employment.",
    "title_es": "Programa Quetzal de regreso digno",
    "summary_es": "Programa nacional que acompaña a las personas que regresan al país con "
    "orientación laboral y apoyo psicosocial.",
    "description_es": "Según su página, el programa recibe a las personas retornadas y las "
    "orienta hacia el empleo.",
    "proposed_by": "Instituto Guatemalteco de Migración",
}
OUTSIDE_SOURCE = ("https://www.example.gob.gt/quetzal/acerca", "About the Quetzal Programme")


def fill_outside(page, answers: dict) -> None:
    form = page.locator("#bp-propose form")
    form.locator("input[name=origin][value=proposal]").check()
    page.locator("details.bp-propose__other > summary").click()
    for name, value in answers.items():
        form.locator(f"[name={name}]").fill(value)
    choose(page, "type", "Programme or project")
    tick(page, "themes", "irregular-migration")
    tick(page, "themes", "communication")  # no report: no section gives a theme, none asks why
    choose(page, "scope", "National")
    row = add_row(page, "countries")
    row.locator("[data-name=code]").select_option("GT")
    tick(page, "organizations", "iom")
    link = add_row(page, "links")
    link.locator("[data-name=url]").fill("https://www.example.gob.gt/quetzal")
    link.locator("[data-name=text]").fill("Programa Quetzal")
    source = add_row(page, "further_sources")
    source.locator("[data-name=url]").fill(OUTSIDE_SOURCE[0])
    source.locator("[data-name=title]").fill(OUTSIDE_SOURCE[1])
    choose(page, "status", "In force or running")


def test_a_practice_no_report_mentions_goes_from_the_site_form_to_a_valid_record(
    page, site_server, tmp_path
):
    github_stand_in(page)
    open_form(page, site_server, "en")
    assert page.locator("[data-reasons]").is_hidden()
    fill_outside(page, OUTSIDE)
    assert page.locator("[data-reasons]").is_hidden()
    assert page.locator("fieldset[data-origin=report]").is_hidden()
    opened = go_on(page)
    assert_is_the_issue_form(opened)
    params = opened.params
    assert params["language"] == "English"
    assert params["proposed_by"] == OUTSIDE["proposed_by"]
    assert params["themes"] == (
        "Regional and extra-regional irregular migration\nRegional communication campaign"
    )
    assert not {"source_event", "source_section", "source_text", "source_kind"} & set(params)

    before = today()
    result = convert(issue_body(params), number=42)
    assert result.errors == [] and result.pending == [], result.errors
    record = yaml.safe_load(result.text)
    assert record["source"] == {
        "proposal": {
            "institution": OUTSIDE["proposed_by"],
            "date": record["source"]["proposal"]["date"],
            "issue": 42,
        },
        "countries": {"GT": {"basis": "stated"}},
    }
    assert record["source"]["proposal"]["date"] in (before, today())
    assert record["themes"] == ["irregular-migration", "communication"]
    assert record["title"] == {"es": OUTSIDE["title_es"], "en": OUTSIDE["title_en"]}
    assert record["status"] == "in-force"
    (source,) = record["further_sources"]
    assert (source["url"], source["title"]) == OUTSIDE_SOURCE
    assert source["supports"] == ["description", "status"]
    checked = check_with_catalogue({record["id"]: result.text}, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # and it builds into a page that says who proposed it and when
    built = build(tmp_path / "practices", tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    for lang in ("es", "en"):
        html = tmp_path / "site" / lang_prefix(lang) / "practicas" / record["id"] / "index.html"
        said = labels()[lang]["proposed_by"].format(
            institution=OUTSIDE["proposed_by"], date=record["source"]["proposal"]["date"]
        )
        assert said in html.read_text("utf-8")
    assert not page.watch.problems(), page.watch.problems()


# -- 3. one language only ----------------------------------------------------------------------


def test_a_proposal_in_one_language_leaves_the_translation_to_the_maintainers(
    page, site_server, tmp_path
):
    github_stand_in(page)
    open_form(page, site_server, "es")
    form = page.locator("#bp-propose form")
    form.locator("[name=title_es]").fill("Ventanilla Jacarandá de orientación migratoria")
    form.locator("[name=summary_es]").fill(
        "Ventanilla municipal que orienta a las personas migrantes en sus trámites."
    )
    form.locator("[name=description_es]").fill("Según el municipio, atiende de lunes a viernes.")
    choose(page, "type", "Centro de atención")
    choose(page, "scope", "Local")
    form.locator("input[name=origin][value=report]").check()
    place = add_row(page, "mentions")
    place.locator("[data-name=section]").select_option("session-6")
    place.locator("[data-name=text]").fill("la Ventanilla Jacarandá de orientación migratoria")
    choose(page, "source_kind", "texto de la sección")
    tick(page, "organizations", "iom")
    source = add_row(page, "further_sources")
    source.locator("[data-name=url]").fill("https://www.example.gob.pa/jacaranda/informe")
    source.locator("[data-name=title]").fill("Informe anual de la ventanilla")
    opened = go_on(page)
    assert not {"title_en", "summary_en", "description_en"} & set(opened.params)

    result = convert(issue_body(opened.params), number=8)
    assert result.errors == [], result.errors
    assert result.pending == ["title.en", "summary.en", "description.en"]
    record = yaml.safe_load(result.text)
    assert record["title"]["en"].startswith("TODO")
    assert record["themes"] == ["local-governments"]  # the section's, added by the converter
    # the validator refuses the record until the translations are written, and for that only
    path = tmp_path / f"{record['id']}.yml"
    path.write_text(result.text, encoding="utf-8")
    _, problems = check([*practice_files(PRACTICES_DIR), path], taxonomies())
    assert sorted(p.field for p in problems) == sorted(result.pending)
    assert all(p.message.startswith("placeholder not filled in") for p in problems)


# -- 4. the report's placement, as help -------------------------------------------------------

EXTRA_THEME = "communication"  # no section of the answers gives it
REASON = {
    "es": "el texto de la fuente la presenta también como campaña de información",
    "en": "the source's text also presents it as an information campaign",
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_choosing_a_section_ticks_its_theme_and_another_asks_why(page, site_server, lang):
    github_stand_in(page)
    open_form(page, site_server, lang)
    form = page.locator("#bp-propose form")
    form.locator("input[name=origin][value=report]").check()
    place = add_row(page, "mentions")
    local = form.locator("input[name=themes][value=local-governments]")
    assert not local.is_checked()
    place.locator("[data-name=section]").select_option("session-6")
    sections = taxonomies()["events"][EVENT]["sections"]
    assert sections["session-6"]["theme"] == "local-governments"
    assert local.is_checked() and local.is_disabled()  # the form will not drop it
    assert sections["session-6"][lang] in local.locator("xpath=..").text_content()
    assert page.locator("[data-reasons]").is_hidden()  # the section's theme needs no reason
    # another section: its theme instead; the one ticked by the form goes with its section
    place.locator("[data-name=section]").select_option("session-1")
    assert not local.is_checked() and local.is_enabled()
    observatory = form.locator("input[name=themes][value=observatory]")
    assert observatory.is_checked() and observatory.is_disabled()
    # another theme asks for its reason, and the reason is required
    tick(page, "themes", EXTRA_THEME)
    theme_label = taxonomies()["themes"][EXTRA_THEME]["label"][lang]
    assert theme_label in page.locator(f"label[for=bp-reason-{EXTRA_THEME}]").text_content()
    found = submit_for_problems(page)
    reason_problem = [
        p
        for p in found
        if p.startswith(page.locator(f"label[for=bp-reason-{EXTRA_THEME}]").text_content().strip())
    ]
    assert len(reason_problem) == 1, found
    assert page.locator(f"#bp-reason-{EXTRA_THEME}").get_attribute("aria-invalid") == "true"
    # the proposal origin: no section, so no locked theme and no reason asked
    form.locator("input[name=origin][value=proposal]").check()
    assert observatory.is_enabled() and page.locator("[data-reasons]").is_hidden()
    assert not page.watch.problems(), page.watch.problems()


def test_the_reason_for_another_theme_reaches_the_record(page, site_server, tmp_path):
    github_stand_in(page)
    open_form(page, site_server, "en")
    form = page.locator("#bp-propose form")
    page.locator("details.bp-propose__other > summary").click()
    answers = {
        "title_en": "Tangara Mobility Observatory",
        "summary_en": "Regional observatory of human mobility data.",
        "title_es": "Observatorio Tangara de movilidad",
        "summary_es": "Observatorio regional de datos de movilidad humana.",
    }
    for name, value in answers.items():
        form.locator(f"[name={name}]").fill(value)
    choose(page, "type", "Observatory")
    choose(page, "scope", "Regional")
    form.locator("input[name=origin][value=report]").check()
    place = add_row(page, "mentions")
    place.locator("[data-name=section]").select_option("session-1")
    place.locator("[data-name=text]").fill("Observatorio Tangara de movilidad")
    choose(page, "source_kind", "the section's list of good practices")
    tick(page, "themes", EXTRA_THEME)
    page.locator(f"#bp-reason-{EXTRA_THEME}").fill(REASON["en"])
    opened = go_on(page)
    assert opened.params["theme_reasons"] == "Regional communication campaign: " + REASON["en"]
    result = convert(issue_body(opened.params))
    assert result.errors == [], result.errors
    record = yaml.safe_load(result.text)
    assert record["themes"] == ["observatory", EXTRA_THEME]
    assert record["source"]["theme_reasons"] == {EXTRA_THEME: REASON["en"]}
    checked = check_with_catalogue({record["id"]: result.text}, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# -- 5. hostile values, problems, length ------------------------------------------------------

HOSTILE_TITLE = "{{ 7*7 }} <script>alert(1)</script>"
HOSTILE_SUMMARY = (
    'Primera línea\nid: evil\n"comillas" \\ {% raw %}{{ config }}\n<img src=x onerror=alert(2)>'
)


def test_hostile_values_come_out_literal_and_never_run(page, site_server, tmp_path):
    github_stand_in(page)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_form(page, site_server, "es")
    form = page.locator("#bp-propose form")
    form.locator("[name=title_es]").fill(HOSTILE_TITLE)
    form.locator("[name=summary_es]").fill(HOSTILE_SUMMARY)
    choose(page, "type", "Red")
    choose(page, "scope", "Local")
    form.locator("input[name=origin][value=report]").check()
    place = add_row(page, "mentions")
    place.locator("[data-name=section]").select_option("session-6")
    place.locator("[data-name=text]").fill('"><img src=x onerror=alert(3)> --- !!python/object')
    choose(page, "source_kind", "texto de la sección")
    link = add_row(page, "links")
    link.locator("[data-name=url]").fill("https://www.example.go.cr/hostil")
    link.locator("[data-name=text]").fill('"><img src=x onerror=alert(4)>')
    opened = go_on(page)
    assert opened.params["title_es"] == HOSTILE_TITLE
    assert opened.params["summary_es"] == HOSTILE_SUMMARY
    assert page.locator("#bp-propose script, #bp-propose img").count() == 0
    assert dialogs == []
    result = convert(issue_body(opened.params))
    assert result.errors == [], result.errors
    record = yaml.safe_load(result.text)
    assert record["title"]["es"] == HOSTILE_TITLE and record["summary"]["es"] == HOSTILE_SUMMARY
    assert not re.search(r"^\s*id: evil", result.text, re.M)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_what_is_missing_is_said_and_nothing_opens(page, site_server, lang):
    seen = github_stand_in(page)
    open_form(page, site_server, lang)
    found = submit_for_problems(page)
    words = {
        "es": ["Nombre (obligatorio): Obligatorio.", "Resumen (obligatorio): Obligatorio.",
               "Tipo (obligatorio): Obligatorio.",
               "Temas: la sesión o sesiones en que se compartió (obligatorio): Elija al menos un "
               "tema.", "Alcance (obligatorio): Obligatorio.",
               "De dónde sale (obligatorio): Obligatorio."],
        "en": ["Name (required): Required.", "Summary (required): Required.",
               "Type (required): Required.",
               "Themes: the session or sessions where it was shared (required): Choose at least "
               "one theme.", "Scope (required): Required.",
               "Where it comes from (required): Required."],
    }[lang]  # fmt: skip
    assert found == words
    # the proposal origin asks for the institution, a published source and the description
    page.locator("#bp-propose input[name=origin][value=proposal]").check()
    found = submit_for_problems(page)
    sources = {"es": "Fuentes publicadas: Añada al menos una fuente publicada",
               "en": "Published sources: Add at least one published source"}[lang]  # fmt: skip
    assert any(p.startswith(sources) for p in found), found
    assert any(
        p.startswith({"es": "Institución que la propone", "en": "Proposing institution"}[lang])
        for p in found
    ), found
    assert any(p.startswith({"es": "Descripción:", "en": "Description:"}[lang]) for p in found)
    assert page.locator(".bp-propose__opened").is_hidden()
    assert seen == [] and not page.watch.problems(), page.watch.problems()


def test_formats_are_checked_in_the_page_language(page, site_server):
    seen = github_stand_in(page)
    open_form(page, site_server, "es")
    form = page.locator("#bp-propose form")
    link = add_row(page, "links")
    link.locator("[data-name=url]").fill("javascript:alert(1)")
    form.locator("[name=period_start]").fill("mayo de 2019")
    form.locator("[name=contact_email]").fill("no es un correo")
    row = add_row(page, "countries")
    row.locator("[data-name=code]").select_option("CR")
    row.locator("[data-name=basis]").select_option("deducido")
    source = add_row(page, "further_sources")
    source.locator("[data-name=url]").fill("https://www.example.gob.pa/x")
    found = submit_for_problems(page)
    for expected in ("Dirección: Una dirección completa que empiece por http:// o https://.",
                     "Inicio (año, año-mes o fecha): Un año, año-mes o fecha",
                     "Contacto: correo institucional: Un correo como oficina@institucion.gob.",
                     "Nota: de qué lo dedujo: «Deducido» necesita una nota",
                     "Título de la fuente: Falta el título de la fuente."):  # fmt: skip
        assert any(p.startswith(expected) for p in found), (expected, found)
    assert link.locator("[data-name=url]").get_attribute("aria-invalid") == "true"
    assert seen == []


def test_a_link_too_long_for_github_is_refused_at_its_longest_text(page, site_server):
    seen = github_stand_in(page)
    open_form(page, site_server, "es")
    form = page.locator("#bp-propose form")
    long_text = "Migración " * 600  # 6,000 characters, 15 in a link for every ten: 9,000
    form.locator("[name=title_es]").fill("Práctica larga")
    form.locator("[name=summary_es]").fill("Resumen.")
    form.locator("[name=description_es]").fill(long_text)
    choose(page, "type", "Red")
    choose(page, "scope", "Local")
    form.locator("input[name=origin][value=proposal]").check()
    form.locator("[name=proposed_by]").fill("Municipio de Ejemplo")
    source = add_row(page, "further_sources")
    source.locator("[data-name=url]").fill("https://www.example.gob.pa/x")
    source.locator("[data-name=title]").fill("Página")
    tick(page, "themes", "local-governments")
    found = submit_for_problems(page)
    assert found == ["Descripción: Su propuesta es demasiado larga para pasarla a GitHub de una "
                     "vez: acorte este texto, o los más largos."]  # fmt: skip
    assert form.locator("[name=description_es]").get_attribute("aria-invalid") == "true"
    assert seen == []


# -- 6. the page itself -----------------------------------------------------------------------


def test_the_script_holds_no_yaml_writer_and_no_copy_of_the_rules():
    """The record's one writer is scripts/issue_to_record.py and its rules are in
    scripts/rules.py: the browser writes no YAML and checks no rule of theirs."""
    text = SCRIPT.read_text(encoding="utf-8")
    for trace in ("yaml", "quote(", "dump(", "id_pattern", "idFromTitle", "privateHost",
                  "organization_domains", "no_country_scopes", "text_max", "url_max", ".ids",
                  "practices/", "filename=", "publisher", "supports"):  # fmt: skip
        assert trace not in text, trace


def test_every_answer_goes_to_a_field_of_the_issue_form(page, site_server):
    """The site's fields are named after the issue form's ids, the one mapping; every text field
    of the issue form but the suggested identifier has its answer on the page."""
    open_form(page, site_server, "es")
    names = set(page.locator("#bp-propose form").evaluate(
        """f => Array.from(f.querySelectorAll("[name]")).map(e => e.name)
            .concat(Array.from(f.querySelectorAll("[data-list]")).map(e => e.dataset.list))
            .concat(Array.from(f.querySelectorAll("[data-choices]")).map(e => e.dataset.choices))"""
    ))  # fmt: skip
    text_fields = {k for k, e in elements().items() if e["type"] in ("input", "textarea")}
    own = {"origin", "mentions"} | {n for n in names if n.startswith("reason_")}
    assert names - own <= text_fields
    derived = {"language", "source_section", "source_text", "theme_reasons"}  # made by the page
    assert text_fields - names - derived == {"id"}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_options_come_from_the_taxonomies_in_the_page_language(page, site_server, lang):
    open_form(page, site_server, lang)
    form = page.locator("#bp-propose form")

    def options(selector):
        pairs = form.locator(selector).evaluate(
            "s => Array.from(s.options).filter(o => o.value).map(o => [o.value, o.text])"
        )
        return [tuple(p) for p in pairs]

    tax = taxonomies()
    words = labels()[lang]
    assert options("[name=type]") == [(k, v["label"][lang]) for k, v in tax["types"].items()]
    assert options("[name=source_event]") == [
        (k, v["label"][lang]) for k, v in tax["events"].items()
    ]
    assert options("[name=status]") == [(k, v) for k, v in words["status_values"].items()]
    assert options("[name=source_kind]") == [
        ("list", words["mention_list"]),
        ("narrative", words["mention_narrative"]),
    ]
    form.locator("input[name=origin][value=report]").check()
    place = add_row(page, "mentions")
    assert options_of(place.locator("[data-name=section]")) == [
        (k, v[lang]) for k, v in tax["events"][EVENT]["sections"].items()
    ]
    themes = form.locator("input[name=themes]")
    assert themes.evaluate_all("els => els.map(e => e.value)") == list(tax["themes"])
    country = add_row(page, "countries").locator("[data-name=code]")
    assert ("PA", {"es": "Panamá", "en": "Panama"}[lang]) in options_of(country)
    assert not page.watch.problems(), page.watch.problems()


def options_of(select) -> list[tuple[str, str]]:
    pairs = select.evaluate(
        "s => Array.from(s.options).filter(o => o.value).map(o => [o.value, o.text])"
    )
    return [tuple(p) for p in pairs]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_without_javascript_the_page_points_to_the_issue_form(browser, site_server, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server.url(lang_prefix(lang) + "proponer/"))
    assert page.locator("#bp-propose form").is_hidden()
    note = page.locator(".bp-propose__nojs")
    assert note.is_visible()
    link = note.locator("a")
    assert link.get_attribute("href") == f"{REPO}/issues/new?template={FORM.name}"
    assert FORM.is_file()
    context.close()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_serious_accessibility_violation(page, site_server, lang):
    open_form(page, site_server, lang)
    page.locator("#bp-propose input[name=origin][value=report]").check()
    submit_for_problems(page)  # every problem shown
    blocking = [
        v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not blocking, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in blocking]
    assert not page.watch.problems(), page.watch.problems()
