"""Browser: the proposal form (/proponer/, /en/proponer/; docs/proponer*.md, assets/propose.js).

A real Chromium fills the form in each language, as a reader does (typing, choosing, ticking,
adding rows); the record it writes is the one scripts/recordyaml.py would write for the same
data, passes scripts/validate.py with the catalogue, and builds (its page shows what was typed,
literally). The pull-request link is GitHub's new-file page with that file name and content;
download and copy give the same text. Hostile values come out literal, refused or renamed,
never run; without JavaScript the page points to the issue form. The rules a proposal can
trip: choosing a section ticks its theme (locked), another theme needs its reason (the record
then passes the validator), a regional practice with countries and an organisation whose site
only hosts a link are refused, each with a message in the page's language. The practice
sheet: the details in rules.DETAILS order, each further source {url, title, publisher (the URL's
host), accessed (today, UTC), supports}; a detail needs a source and a source a detail; for the
same answers the issue form's converter (scripts/issue_to_record.py) writes the same record,
character for character. axe finds no serious accessibility violation on the filled form with
its errors, and on its result.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from catalogue import PRACTICES_DIR, ROOT, load_taxonomies, practice_files
from issue_to_record import convert, publisher
from recordyaml import dump, quote
from rules import DETAILS as SHEET
from site_fixtures import build
from site_helpers import lang_prefix

MKDOCS = yaml.safe_load(
    "\n".join(
        line for line in (ROOT / "mkdocs.yml").read_text("utf-8").splitlines() if "!ENV" not in line
    )
)
REPO = MKDOCS["repo_url"]
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "proponer-practica.yml"
HOSTILE_TITLE = "{{ 7*7 }} <script>alert(1)</script>"
HOSTILE_SUMMARY = (
    'Primera línea\nid: evil\n"comillas" \\ {% raw %}{{ config }}\n<img src=x onerror=alert(2)>'
)

# What a reader types in each language (the Spanish-speaking reader and the English-speaking
# one propose different practices).
ANSWERS = {
    "es": {
        "title_es": "Red Colibrí de albergues municipales",
        "title_en": "Colibrí Network of municipal shelters",
        "summary_es": "Red de albergues municipales para personas migrantes, de la sesión 6.",
        "summary_en": "Network of municipal shelters for migrants, presented in session 6.",
        "type": "network",
        "theme": "local-governments",
        "scope": "local",
        "country": ("CR", "inferred", "dominio gubernamental example.go.cr"),
        "organization": "iom",
        "gcm": "15",
        "link": ("https://www.example.go.cr/red-colibri", "Red Colibrí | Municipio"),
        "section": "session-6",
        "kind": "narrative",
        "mention": "la Red Colibrí de albergues municipales",
    },
    "en": {
        "title_es": "Observatorio Tangara de movilidad",
        "title_en": "Tangara Mobility Observatory",
        "summary_es": "Observatorio regional de datos de movilidad humana, citado en la sesión 1.",
        "summary_en": "Regional observatory of human mobility data, cited in session 1.",
        "type": "observatory",
        "theme": "observatory",
        "scope": "regional",
        "country": None,
        "organization": "sica",
        "gcm": "1",
        "link": ("https://www.example.int/tangara", "Observatorio Tangara"),
        "section": "session-1",
        "kind": "list",
        "mention": "Observatorio Tangara de movilidad",
    },
}
DETAILS = {
    "description_es": "Red de albergues que acoge a personas migrantes en tránsito.\nLa "
    "coordina el municipio.",
    "description_en": "Network of shelters that hosts migrants in transit.\nThe municipality "
    "coordinates it.",
    "period_start": "2019",
    "period_end": "2022-06",
    "lead_institution_es": "Municipio de Ejemplo",
    "lead_institution_en": "Municipality of Ejemplo",
    "results_es": "Según el informe de gestión, la red abrió tres albergues.",
    "results_en": "According to the management report, the network opened three shelters.",
    "contact_email": "red@example.go.cr",
}
STATUS = "in-force"
SOURCE = ("https://www.example.go.cr/informe-2022.pdf", "Informe de gestión 2022")


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def open_form(page, site_server, lang: str):
    page.goto(site_server.url(lang_prefix(lang) + "proponer/"))
    page.locator("#bp-propose[data-ready]").wait_for(state="attached")
    assert page.get_attribute("html", "lang") == lang


def fill_required(page, answers: dict, record_id: str | None = None) -> None:
    form = page.locator("#bp-propose form")
    for name in ("title_es", "title_en", "summary_es", "summary_en"):
        form.locator(f"[name={name}]").fill(answers[name])
    form.locator("[name=type]").select_option(answers["type"])
    form.locator(f"input[name=themes][value={answers['theme']}]").check()
    form.locator("[name=scope]").select_option(answers["scope"])
    if record_id:
        form.locator("[name=id]").fill(record_id)
    if answers["country"]:
        code, basis, note = answers["country"]
        form.locator("[data-add=countries]").click()
        row = form.locator("[data-list=countries] > .bp-row:not([data-proto])").last
        row.locator("[data-name=code]").select_option(code)
        row.locator("[data-name=basis]").select_option(basis)
        row.locator("[data-name=note]").fill(note)
    form.locator(f"input[name=organizations][value={answers['organization']}]").check()
    form.locator(f"input[name=gcm_objectives][value='{answers['gcm']}']").check()
    link = form.locator("[data-list=links] > .bp-row:not([data-proto])").first
    link.locator("[data-name=url]").fill(answers["link"][0])
    link.locator("[data-name=text]").fill(answers["link"][1])
    form.locator("[name=event]").select_option("iv-plenary-crm-csm-2023")
    mention = form.locator("[data-list=mentions] > .bp-row:not([data-proto])").first
    mention.locator("[data-name=section]").select_option(answers["section"])
    mention.locator("[data-name=kind]").select_option(answers["kind"])
    mention.locator("[data-name=text]").fill(answers["mention"])


def fill_details(page) -> None:
    form = page.locator("#bp-propose form")
    for name, value in DETAILS.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("[name=status]").select_option(STATUS)
    add_source(page, *SOURCE)


def add_source(page, url: str, title: str) -> None:
    form = page.locator("#bp-propose form")
    form.locator("[data-add=further_sources]").click()
    row = form.locator("[data-list=further_sources] > .bp-row:not([data-proto])").last
    row.locator("[data-name=url]").fill(url)
    row.locator("[data-name=title]").fill(title)


def submit(page) -> None:
    page.locator("#bp-propose form button[type=submit]").click()


def produced(page) -> str:
    result = page.locator(".bp-propose__result")
    result.wait_for()
    return result.locator("pre code").text_content()


def errors(page) -> list[str]:
    box = page.locator(".bp-propose__errors")
    box.wait_for()
    return [t.strip() for t in box.locator("li").all_text_contents()]


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


@dataclass
class Proposal:
    lang: str
    text: str
    record: dict
    pr_href: str
    download_name: str
    download_text: str
    clipboard: str
    day: tuple[str, str]  # the UTC date before and after the form was submitted


@pytest.fixture(scope="module")
def proposals(browser, built_site, site_server) -> dict[str, Proposal]:
    """Each language's reader fills the form (required fields and optional details)."""
    out = {}
    for lang, answers in ANSWERS.items():
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        problems = []
        page.on("pageerror", lambda e, problems=problems: problems.append(str(e)))
        open_form(page, site_server, lang)
        fill_required(page, answers)
        if lang == "es":
            fill_details(page)
        before = today()
        submit(page)
        text = produced(page)
        day = (before, today())
        pr = page.locator("[data-action=pull-request]")
        download = page.locator("[data-action=download]")
        download_text = page.evaluate(
            "href => fetch(href).then(r => r.text())", download.get_attribute("href")
        )
        page.locator("[data-action=copy]").click()
        page.locator(".bp-propose__status").filter(has_text=re.compile(".+")).wait_for()
        clipboard = page.evaluate("navigator.clipboard.readText()")
        out[lang] = Proposal(
            lang,
            text,
            yaml.safe_load(text),
            pr.get_attribute("href"),
            download.get_attribute("download"),
            download_text,
            clipboard,
            day,
        )
        assert problems == []
        context.close()
    return out


@pytest.mark.parametrize("lang", ["es", "en"])
def test_form_writes_the_record_typed(proposals, lang):
    answers = ANSWERS[lang]
    record = proposals[lang].record
    expected = {
        "title": {"es": answers["title_es"], "en": answers["title_en"]},
        "summary": {"es": answers["summary_es"], "en": answers["summary_en"]},
        "type": answers["type"],
        "themes": [answers["theme"]],
        "countries": [answers["country"][0]] if answers["country"] else [],
        "scope": answers["scope"],
        "organizations": [answers["organization"]],
        "gcm_objectives": [int(answers["gcm"])],
        "links": [{"url": answers["link"][0], "text": answers["link"][1]}],
    }
    assert {k: record[k] for k in expected} == expected
    assert record["id"] == re.sub(r"[^a-z0-9]+", "-", answers["title_es"].lower().replace("í", "i"))
    assert record["source"]["mentions"] == [
        {"section": answers["section"], "kind": answers["kind"], "text": answers["mention"]}
    ]
    if answers["country"]:
        code, basis, note = answers["country"]
        assert record["source"]["countries"] == {code: {"basis": basis, "note": note}}
    if lang == "es":
        assert record["period"] == {"start": "2019", "end": "2022-06"}
        assert record["lead_institution"] == {
            "es": DETAILS["lead_institution_es"],
            "en": DETAILS["lead_institution_en"],
        }
        assert record["description"] == {
            "es": DETAILS["description_es"],
            "en": DETAILS["description_en"],
        }
        assert record["status"] == STATUS
        assert record["contact"] == {"email": DETAILS["contact_email"]}
        (source,) = record["further_sources"]
        assert source["accessed"] in proposals[lang].day  # today, UTC
        supports = ["description", "lead_institution", "period", "status", "results", "contact"]
        assert source == {
            "url": SOURCE[0],
            "title": SOURCE[1],
            "publisher": "example.go.cr",  # the URL's host, without www.
            "accessed": source["accessed"],
            "supports": supports,
        }
        assert list(source) == ["url", "title", "publisher", "accessed", "supports"]
        # the details in the sheet's order (rules.DETAILS)
        assert [k for k in record if k in SHEET] == [d for d in SHEET if d in record]
    else:
        assert not {*SHEET, "further_sources"} & set(record)
    # the same text as the project's own YAML writer for the same data
    assert proposals[lang].text == dump(record)


def issue_body(answers: dict, details: dict | None) -> str:
    """The body GitHub writes for the issue form (proponer-practica.yml) answered as `answers`
    (and `details`, the optional details and SOURCE) were typed into the site's form."""
    form = yaml.safe_load(ISSUE_FORM.read_text("utf-8"))
    elements = {e["id"]: e for e in form["body"] if e["type"] != "markdown"}

    def option(field: str, key: str) -> str:
        (found,) = [o for o in elements[field]["attributes"]["options"]
                    if o.startswith(key + " — ")]  # fmt: skip
        return found

    given = {
        "language": option("language", "es"),
        "title_es": answers["title_es"],
        "title_en": answers["title_en"],
        "summary_es": answers["summary_es"],
        "summary_en": answers["summary_en"],
        "type": option("type", answers["type"]),
        "themes": option("themes", answers["theme"]),
        "scope": option("scope", answers["scope"]),
        "links": "```text\n" + " ".join(answers["link"]) + "\n```",
        "source_event": option("source_event", "iv-plenary-crm-csm-2023"),
        "source_section": option("source_section", answers["section"]),
        "source_kind": option("source_kind", answers["kind"]),
        "source_text": "```text\n" + answers["mention"] + "\n```",
        "organizations": answers["organization"],
        "gcm_objectives": answers["gcm"],
    }
    if answers["country"]:
        code, basis, note = answers["country"]
        given["countries"] = f"{code} — {basis}: {note}"
    if details:
        given.update(details)
        given["status"] = option("status", STATUS)
        given["further_sources"] = "```text\n" + " ".join(SOURCE) + "\n```"
    out = []
    for key, element in elements.items():
        out.append(f"### {element['attributes']['label']}\n")
        if element["type"] == "checkboxes":
            out += [f"- [X] {o['label']}" for o in element["attributes"]["options"]]
        else:
            out.append(given.get(key) or "_No response_")
        out.append("")
    return "\n".join(out)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_issue_form_gives_the_same_record(proposals, lang):
    """The two ways to propose without git write one record for one set of answers."""
    proposal = proposals[lang]
    before = today()
    text, errors, _ = convert(issue_body(ANSWERS[lang], DETAILS if lang == "es" else None))
    assert errors == [], errors
    if "further_sources" in proposal.record:
        # the day each was written, in UTC: the same unless the run spanned midnight
        accessed = yaml.safe_load(text)["further_sources"][0]["accessed"]
        assert accessed in (before, today())
        text = text.replace(f'accessed: "{accessed}"', f'accessed: "{proposal.day[1]}"')
        assert proposal.record["further_sources"][0]["accessed"] in proposal.day
        proposal_text = re.sub(
            r'accessed: "[0-9-]+"', f'accessed: "{proposal.day[1]}"', proposal.text
        )
    else:
        proposal_text = proposal.text
    assert proposal_text == text


def test_records_pass_the_validator_with_the_catalogue(proposals, tmp_path):
    result = check_with_catalogue({p.record["id"]: p.text for p in proposals.values()}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("lang", ["es", "en"])
def test_pull_request_download_and_copy_give_the_record(proposals, lang):
    proposal = proposals[lang]
    name = f"{proposal.record['id']}.yml"
    parts = urlsplit(proposal.pr_href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/new/main/practices"
    assert parse_qs(parts.query) == {"filename": [name], "value": [proposal.text]}
    assert proposal.download_name == name
    assert proposal.download_text == proposal.text
    assert proposal.clipboard == proposal.text


def test_proposed_records_build_into_pages(proposals, tmp_path):
    folder = tmp_path / "practices"
    folder.mkdir()
    for file in practice_files(PRACTICES_DIR):
        shutil.copy2(file, folder / file.name)
    for p in proposals.values():
        (folder / f"{p.record['id']}.yml").write_text(p.text, encoding="utf-8")
    result = build(folder, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    for p in proposals.values():
        for lang in ("es", "en"):
            html = (
                tmp_path / "site" / lang_prefix(lang) / "practicas" / p.record["id"] / "index.html"
            )
            text = html.read_text("utf-8")
            assert f"<h1>{p.record['title'][lang]}</h1>" in text
    page = (
        tmp_path / "site" / "practicas" / proposals["es"].record["id"] / "index.html"
    ).read_text("utf-8")
    assert DETAILS["results_es"] in page and SOURCE[1] in page
    assert DETAILS["description_es"].split("\n")[0] in page


def test_hostile_values_come_out_literal_and_never_run(browser, site_server, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_form(page, site_server, "es")
    link = ("https://www.example.go.cr/hostil", '"><img src=x onerror=alert(3)>')
    answers = {
        **ANSWERS["es"],
        "title_es": HOSTILE_TITLE,
        "summary_es": HOSTILE_SUMMARY,
        "link": link,
    }
    fill_required(page, answers, record_id="propuesta-hostil")
    # an input cannot hold a line break: typed into the English title it is dropped
    page.locator("[name=title_en]").fill("Title\nid: evil")
    submit(page)
    text = produced(page)
    record = yaml.safe_load(text)
    assert record["id"] == "propuesta-hostil"
    assert record["title"]["es"] == HOSTILE_TITLE
    assert record["summary"]["es"] == HOSTILE_SUMMARY
    assert "id" not in yaml.safe_load(text.replace(text.splitlines()[1], "x: 1", 1))  # one id key
    assert not re.search(r"^\s*id: evil", text, re.M)
    assert record["title"]["en"] in ("Titleid: evil", "Title id: evil")
    result = page.locator(".bp-propose__result")
    assert result.locator("script, img").count() == 0
    assert dialogs == []
    checked = check_with_catalogue({"propuesta-hostil": text}, tmp_path)
    assert checked.returncode == 0, checked.stdout
    context.close()
    # and built, the page shows the text typed
    folder = tmp_path / "practices"
    built = build(folder, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    html = (tmp_path / "site" / "practicas" / "propuesta-hostil" / "index.html").read_text("utf-8")
    assert "<h1>{{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert "49" not in re.search(r"<h1>(.*?)</h1>", html).group(1)


def test_bad_values_are_refused_with_a_message_each(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    open_form(page, site_server, "es")
    existing = practice_files(PRACTICES_DIR)[0].stem
    fill_required(page, {**ANSWERS["es"], "link": ("javascript:alert(1)", "x")}, existing)
    page.locator("[name=summary_en]").evaluate("(el) => { el.value = 'x'.repeat(1000000); }")
    page.locator("[data-add=links]").click()
    extra = page.locator("[data-list=links] > .bp-row:not([data-proto])").last
    extra.locator("[data-name=url]").fill("http://127.0.0.1:8000/admin")
    page.locator("[name=results_es]").fill("Resultados sin traducción")
    page.locator("[name=period_start]").fill("2019")  # a detail, and no source for it
    submit(page)
    found = errors(page)
    assert page.locator(".bp-propose__result").is_hidden()
    expected = [
        f"Identificador: Ya existe una ficha «{existing}». Elija otro identificador, p. ej. "
        f"«{existing}-2»",
        "Resumen en inglés (obligatorio): Demasiado largo: 1000000 caracteres; como máximo 4000.",
        "URL: Solo direcciones completas http:// o https://.",
        "URL: Una dirección pública, no local ni privada.",
        "Resultados, en inglés: Escriba también el texto en la otra lengua.",
        "Detalles opcionales: Los detalles opcionales necesitan al menos una fuente",
    ]
    for start in expected:
        assert any(e.startswith(start) for e in found), (start, found)
    assert len(found) == len(expected), found
    assert page.locator("[aria-invalid=true]").count() == len(expected)
    context.close()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_source_needs_a_detail_and_a_detail_a_source(browser, site_server, lang):
    words = {
        "es": ("Detalles opcionales: Una fuente sirve para los detalles opcionales que afirma",
               "Detalles opcionales: Los detalles opcionales necesitan al menos una fuente"),
        "en": ("Optional details: A source is there for the optional details it states",
               "Optional details: The optional details need at least one published source"),
    }[lang]  # fmt: skip
    context = browser.new_context()
    page = context.new_page()
    open_form(page, site_server, lang)
    fill_required(page, ANSWERS[lang])
    add_source(page, *SOURCE)
    page.locator("[name=status]").select_option("unknown")  # a status no source states
    submit(page)
    found = errors(page)
    assert len(found) == 1 and found[0].startswith(words[0]), found
    # a description and the source: the source supports the description, not "unknown"
    page.locator("[name=description_es]").fill(DETAILS["description_es"])
    page.locator("[name=description_en]").fill(DETAILS["description_en"])
    submit(page)
    record = yaml.safe_load(produced(page))
    assert record["status"] == "unknown"
    assert record["further_sources"][0]["supports"] == ["description"]
    # without the source, the description is refused; the status "unknown" alone is not
    page.locator("[data-list=further_sources] [data-remove]").last.click()
    submit(page)
    found = errors(page)
    assert len(found) == 1 and found[0].startswith(words[1]), found
    page.locator("[name=description_es]").fill("")
    page.locator("[name=description_en]").fill("")
    submit(page)
    record = yaml.safe_load(produced(page))
    assert record["status"] == "unknown" and "further_sources" not in record
    context.close()


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.example.gob.pa/informe.pdf", "example.gob.pa"),
        ("http://WWW.Example.ORG:8443/a?b#c", "example.org"),
        ("https://www2.example.org", "www2.example.org"),
        ("https://example.org/www.other.org", "example.org"),
        ("https://www.migración.gob.ec/x", "migración.gob.ec"),
    ],
)
def test_publisher_is_the_host_as_the_converter_writes_it(page, site_server, url, host):
    open_form(page, site_server, "es")
    assert page.evaluate("(u) => window.bpPropose.publisher(u)", url) == host == publisher(url)


def test_a_record_too_long_for_a_link_is_downloaded_instead(page, site_server):
    open_form(page, site_server, "es")
    long_text = "Migración " * 390  # 3,900 characters, each "ó" 6 in a URL: far over 8,000
    fill_required(page, {**ANSWERS["es"], "summary_es": long_text, "summary_en": long_text})
    submit(page)
    text = produced(page)
    assert yaml.safe_load(text)["summary"]["es"] == long_text.strip()
    assert page.locator("[data-action=pull-request]").is_hidden()
    note = page.locator(".bp-propose__too-long")
    assert note.is_visible()
    assert note.locator("a").get_attribute("href") == f"{REPO}/upload/main/practices"
    download = page.locator("[data-action=download]").get_attribute("href")
    assert page.evaluate("href => fetch(href).then(r => r.text())", download) == text


def test_an_id_made_from_a_taken_title_is_renamed(browser, site_server):
    record = yaml.safe_load(practice_files(PRACTICES_DIR)[0].read_text("utf-8"))
    context = browser.new_context()
    page = context.new_page()
    open_form(page, site_server, "en")
    title = record["id"].replace("-", " ")
    fill_required(page, {**ANSWERS["en"], "title_es": title})
    assert page.locator(".bp-propose__id-hint").text_content() == (
        f"Identifier that will be used: {record['id']}-2"
    )
    submit(page)
    assert yaml.safe_load(produced(page))["id"] == f"{record['id']}-2"
    context.close()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_options_come_from_the_taxonomies_in_the_page_language(page, site_server, lang):
    open_form(page, site_server, lang)
    form = page.locator("#bp-propose form")

    def options(selector):
        return options_of(form.locator(selector))

    taxonomies = load_taxonomies()
    assert options("[name=type]") == [(k, v["label"][lang]) for k, v in taxonomies["types"].items()]
    assert options("[name=event]") == [
        (k, v["label"][lang]) for k, v in taxonomies["events"].items()
    ]
    form.locator("[name=event]").select_option("iv-plenary-crm-csm-2023")
    sections = taxonomies["events"]["iv-plenary-crm-csm-2023"]["sections"]
    mention = form.locator("[data-list=mentions] > .bp-row:not([data-proto])").first
    assert options_of(mention.locator("[data-name=section]")) == [
        (k, v[lang]) for k, v in sections.items()
    ]
    themes = form.locator("input[name=themes]")
    assert themes.evaluate_all("els => els.map(e => e.value)") == list(taxonomies["themes"])
    form.locator("[data-add=countries]").click()
    country = form.locator("[data-list=countries] [data-name=code]").last
    assert ("PA", {"es": "Panamá", "en": "Panama"}[lang]) in options_of(country)
    assert not page.watch.problems(), page.watch.problems()


def options_of(select) -> list[tuple[str, str]]:
    pairs = select.evaluate(
        "s => Array.from(s.options).filter(o => o.value).map(o => [o.value, o.text])"
    )
    return [tuple(p) for p in pairs]


def test_quoting_matches_the_python_writer(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    open_form(page, site_server, "es")
    samples = ["plain", 'a "b" \\ c', "line\nid: evil", "\t\r", "\u2028\u2029\u0085\ufeff",
               "emoji 🎉", "\x00\x1f\x7f", "ñáü", "- [x]: {y}"]  # fmt: skip
    quoted = page.evaluate("(s) => s.map(window.bpPropose.quote)", samples)
    assert quoted == [quote(s) for s in samples]
    for sample, text in zip(samples, quoted, strict=True):
        assert yaml.safe_load(f"k: {text}") == {"k": sample}
    context.close()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_without_javascript_the_page_points_to_the_issue_form(browser, site_server, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_server.url(lang_prefix(lang) + "proponer/"))
    assert page.locator("#bp-propose form").is_hidden()
    note = page.locator(".bp-propose__nojs")
    assert note.is_visible()
    link = note.locator("a")
    assert link.get_attribute("href") == f"{REPO}/issues/new?template={ISSUE_FORM.name}"
    assert ISSUE_FORM.is_file()
    context.close()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_serious_accessibility_violation(page, site_server, lang):
    open_form(page, site_server, lang)
    submit(page)  # empty: every error shown
    errors(page)
    blocking = [
        v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert not blocking, [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in blocking]
    assert not page.watch.problems(), page.watch.problems()


# -- the rules of scripts/rules.py a proposal can trip: placement, scope, host domain --------

EXTRA_THEME = "communication"  # no section of either reader's answers gives it
REASON = {
    "es": "el texto de la fuente la presenta también como campaña de información",
    "en": "the source's text also presents it as an information campaign",
}
REFUSALS = {
    "es": {
        "reason": "Diga por qué la práctica lleva este tema según la fuente, o desmárquelo: no "
        "es el tema de ninguna sección elegida.",
        "scope": "Una práctica regional o internacional no lleva países: quítelos, o elija otro "
        "alcance.",
    },
    "en": {
        "reason": "Say why the practice carries this theme according to the source, or untick "
        "it: it is not the theme of any section chosen.",
        "scope": "A regional or international practice lists no country: remove them, or choose "
        "another scope.",
    },
}


def section_theme(section: str) -> str:
    return load_taxonomies()["events"]["iv-plenary-crm-csm-2023"]["sections"][section]["theme"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_choosing_a_section_ticks_its_theme(page, site_server, lang):
    open_form(page, site_server, lang)
    form = page.locator("#bp-propose form")
    form.locator("[name=event]").select_option("iv-plenary-crm-csm-2023")
    mention = form.locator("[data-list=mentions] > .bp-row:not([data-proto])").first
    local = form.locator("input[name=themes][value=local-governments]")
    assert not local.is_checked()
    mention.locator("[data-name=section]").select_option("session-6")
    assert section_theme("session-6") == "local-governments"
    assert local.is_checked() and local.is_disabled()  # the form will not drop it
    label = load_taxonomies()["events"]["iv-plenary-crm-csm-2023"]["sections"]["session-6"][lang]
    assert label in local.locator("xpath=..").text_content()
    assert page.locator("[data-reasons]").is_hidden()  # the section's theme needs no reason
    # another section: its theme instead; the one ticked by the form goes with its section
    mention.locator("[data-name=section]").select_option("session-1")
    assert not local.is_checked() and local.is_enabled()
    observatory = form.locator("input[name=themes][value=observatory]")
    assert observatory.is_checked() and observatory.is_disabled()
    assert not page.watch.problems(), page.watch.problems()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_extra_theme_with_its_reason_passes_the_validator(browser, site_server, lang, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    open_form(page, site_server, lang)
    answers = ANSWERS[lang]
    fill_required(page, answers, record_id=f"tema-extra-{lang}")
    page.locator(f"input[name=themes][value={EXTRA_THEME}]").check()
    reason = page.locator(f"#bp-reason-{EXTRA_THEME}")
    theme_label = load_taxonomies()["themes"][EXTRA_THEME]["label"][lang]
    assert theme_label in page.locator(f"label[for=bp-reason-{EXTRA_THEME}]").text_content()
    reason.fill(REASON[lang])
    submit(page)
    text = produced(page)
    record = yaml.safe_load(text)
    assert set(record["themes"]) == {answers["theme"], EXTRA_THEME}
    assert record["source"]["theme_reasons"] == {EXTRA_THEME: REASON[lang]}
    assert text == dump(record)
    checked = check_with_catalogue({record["id"]: text}, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    context.close()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_an_extra_theme_without_a_reason_is_refused(browser, site_server, lang):
    context = browser.new_context()
    page = context.new_page()
    open_form(page, site_server, lang)
    fill_required(page, ANSWERS[lang])
    page.locator(f"input[name=themes][value={EXTRA_THEME}]").check()
    submit(page)
    found = errors(page)
    assert page.locator(".bp-propose__result").is_hidden()
    assert len(found) == 1, found
    assert found[0].endswith(": " + REFUSALS[lang]["reason"]), found
    assert page.locator(f"#bp-reason-{EXTRA_THEME}").get_attribute("aria-invalid") == "true"
    # unticked, it needs no reason: the record is written
    page.locator(f"input[name=themes][value={EXTRA_THEME}]").uncheck()
    assert page.locator(f"#bp-reason-{EXTRA_THEME}").count() == 0
    submit(page)
    assert "theme_reasons" not in yaml.safe_load(produced(page))["source"]
    context.close()


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_regional_practice_with_countries_is_refused(browser, site_server, lang):
    context = browser.new_context()
    page = context.new_page()
    open_form(page, site_server, lang)
    fill_required(page, {**ANSWERS["es"], "scope": "regional"})
    submit(page)
    found = errors(page)
    assert len(found) == 1 and REFUSALS[lang]["scope"] in found[0], found
    assert page.locator(".bp-propose__result").is_hidden()
    context.close()


def test_an_organisation_that_only_hosts_a_link_is_refused(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    open_form(page, site_server, "en")
    link = ("https://www.acnur.org/es/red-colibri-ejemplo", "Red Colibrí")
    fill_required(page, {**ANSWERS["en"], "organization": "unhcr", "link": link})
    submit(page)
    found = errors(page)
    label = load_taxonomies()["organizations"]["unhcr"]["label"]["en"]
    assert len(found) == 1, found
    assert f"“{label}”: its site www.acnur.org only hosts a link" in found[0], found
    # named by the source's text, it is the practice's organisation
    acronym = re.search(r"\(([^()]+)\)\s*$", label).group(1)
    mention = page.locator("[data-list=mentions] > .bp-row:not([data-proto])").first
    mention.locator("[data-name=text]").fill(f"Observatorio Tangara ({acronym})")
    submit(page)
    assert yaml.safe_load(produced(page))["organizations"] == ["unhcr"]
    context.close()
