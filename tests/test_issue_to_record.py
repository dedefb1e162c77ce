"""scripts/issue_to_record.py on issue bodies as GitHub writes them (tests/fixtures/issues/):
a complete proposal gives the right record, which passes scripts/validate.py with the catalogue;
an incomplete one gives every problem, in the proposer's language, with the form's labels;
hostile text stays literal text; an existing id is refused or, when derived, renamed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from catalogue import PRACTICES_DIR, ROOT, practice_files
from yamlsafe import load_yaml

SCRIPT = ROOT / "scripts" / "issue_to_record.py"
FIXTURES = Path(__file__).parent / "fixtures" / "issues"


def run(body: Path | str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    if isinstance(body, str):
        path = tmp_path / "body.md"
        path.write_text(body, encoding="utf-8")
        body = path
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(body), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def answer(body: str, label_start: str, value: str) -> str:
    """`body` with the answer under the heading starting with `label_start` replaced."""
    parts = body.split("\n### ")
    for i, part in enumerate(parts):
        if part.lstrip("# ").startswith(label_start):
            head = part.split("\n", 1)[0]
            parts[i] = f"{head}\n\n{value}\n"
            return "\n### ".join(parts)
    raise KeyError(label_start)


def complete() -> str:
    return (FIXTURES / "complete.md").read_text(encoding="utf-8")


def validate(record_text: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """The record in a copy of the catalogue, checked by scripts/validate.py."""
    folder = tmp_path / "practices"
    folder.mkdir(exist_ok=True)
    for file in practice_files(PRACTICES_DIR):
        shutil.copy2(file, folder / file.name)
    record_id = yaml.safe_load(record_text)["id"]
    (folder / f"{record_id}.yml").write_text(record_text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py"), str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_complete_body_gives_the_record(tmp_path):
    result = run(FIXTURES / "complete.md", tmp_path, "--number", "42")
    assert result.returncode == 0, result.stdout + result.stderr
    text = result.stdout
    assert text.startswith("# yaml-language-server: $schema=../schema/practice.schema.json\n")
    assert "# Propuesta en el issue #42 / Proposed in issue #42\n" in text
    record = yaml.safe_load(text)
    assert record == {
        "id": "ventanilla-unica-de-atencion-al-migrante-panama",
        "title": {
            "es": "Ventanilla Única de Atención al Migrante (Panamá)",
            "en": "One-Stop Window for Migrants (Panama)",
        },
        "summary": {
            "es": "Ventanilla municipal que reúne en un solo lugar la orientación y los trámites "
            "de las personas migrantes.\nSe presentó en la sesión 6.",
            "en": "Municipal window that brings together guidance and procedures for migrants."
            "\nIt was presented in session 6.",
        },
        "type": "service-centre",
        "themes": ["local-governments"],
        "countries": ["PA", "CR"],
        "scope": "local",
        "organizations": ["iom", "unhcr"],
        "gcm_objectives": [15, 19],
        "links": [
            {"url": "https://www.example.gob.pa/ventanilla-unica",
             "text": "Ventanilla Única | Municipio"},
            {"url": "https://www.example.go.cr/migrantes"},
        ],
        "period": {"start": "2019"},
        "lead_institution": {"es": "Municipio de Ejemplo", "en": "Municipality of Ejemplo"},
        "contact": {"name": "Oficina de Atención al Migrante",
                    "email": "ventanilla@example.gob.pa"},
        "further_sources": [{"url": "https://www.example.gob.pa/informe-2022.pdf",
                             "text": "Informe de gestión 2022 del municipio"}],
        "source": {
            "event": "iv-plenary-crm-csm-2023",
            "mentions": [{
                "section": "session-6",
                "kind": "list",
                "text": "Ventanilla Única de Atención al Migrante - Véase Ventanilla Única | "
                "Municipio",
            }],
            "countries": {
                "PA": {"basis": "stated"},
                "CR": {"basis": "inferred", "note": "dominio / domain migracion.go.cr"},
            },
        },
    }  # fmt: skip
    checked = validate(text, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_incomplete_body_lists_every_problem_in_english(tmp_path):
    result = run(FIXTURES / "incomplete.md", tmp_path)
    assert result.returncode == 1
    out = result.stdout
    assert out.startswith("The proposal could not be turned into a record.")
    items = [line for line in out.splitlines() if line.startswith("- ")]
    expected = [
        "**Name in English**: missing",
        "**Themes**: missing",
        "**Confirmations**: `I agree that the text is published under CC BY 4.0.` is not ticked",
        "**Countries**, line 1: unknown country `Narnia`",
        '**Countries**, line 2: "inferred" needs a note',
        "**Countries**, line 3: cannot read `PA`",
        "**Global Compact for Migration objectives**: `99` is not a number from 1 to 23",
        "**Links**, line 1: `javascript:alert(1)` is not an http:// or https:// address",
        "**Results, in English**: the text in the other language is missing",
    ]
    assert len(items) == len(expected), out
    for item, start in zip(items, expected, strict=True):
        assert item.startswith(f"- {start}"), (item, start)
    assert "id:" not in out and "yaml-language-server" not in out  # no record printed


def test_errors_in_spanish_when_the_proposer_chose_spanish(tmp_path):
    body = answer(complete(), "Nombre en inglés", "_No response_")
    body = answer(body, "Enlaces", "```text\nftp://example.org/x\n```")
    result = run(body, tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("No se pudo convertir la propuesta en una ficha.")
    assert "- **Nombre en inglés**: falta; es obligatorio." in result.stdout
    assert "- **Enlaces**, línea 1: `ftp://example.org/x` no es una dirección http" in result.stdout


def test_hostile_values_stay_literal_text(tmp_path):
    result = run(FIXTURES / "hostile.md", tmp_path)
    assert result.returncode == 0, result.stdout
    data, _ = load_yaml(_write(tmp_path, result.stdout))
    assert data["id"] != "evil" and list(data).count("id") == 1
    assert data["title"]["es"] == "{{ 7*7 }} <script>alert(1)</script>"
    assert data["summary"]["es"] == (
        'Primera línea\nid: evil\n"quoted" and \\backslash\\ {% raw %}{{ config }}\n'
        "<img src=x onerror=alert(2)>"
    )
    assert data["source"]["mentions"][0]["text"] == (
        "--- !!python/object/apply:os.system ['echo pwned']"
    )
    # no line of the YAML starts a key the proposer typed
    assert not re.search(r"^\s*id: evil", result.stdout, re.M)
    checked = validate(result.stdout, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "out.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_heading_typed_inside_an_answer_is_refused(tmp_path):
    """A proposer cannot smuggle a second value for a field by typing its heading."""
    smuggled = "Texto\n\n### Tipo / Type\n\nlaw — Ley o norma / Law or regulation"
    body = answer(complete(), "Resumen en español", smuggled)
    result = run(body, tmp_path)
    assert result.returncode == 1
    assert "- **Tipo**: la sección aparece dos veces." in result.stdout


def test_mentions_in_a_comment_are_inline_code(tmp_path):
    body = answer(complete(), "Organizaciones", "@buenas-practicas-crm-csm/maintainers")
    result = run(body, tmp_path)
    assert result.returncode == 1
    assert "`@buenas-practicas-crm-csm/maintainers`" in result.stdout


def test_existing_id_refused_when_given_and_renamed_when_derived(tmp_path):
    existing = practice_files(PRACTICES_DIR)[0].stem
    given = run(answer(complete(), "Identificador sugerido", existing), tmp_path)
    assert given.returncode == 1
    assert f"ya existe una ficha `{existing}`" in given.stdout

    record = yaml.safe_load((PRACTICES_DIR / f"{existing}.yml").read_text(encoding="utf-8"))
    derived = answer(complete(), "Nombre en español", record["id"].replace("-", " ").upper())
    result = run(derived, tmp_path)
    assert result.returncode == 0, result.stdout
    assert yaml.safe_load(result.stdout)["id"] == f"{existing}-2"


def test_invalid_id_and_bad_details(tmp_path):
    body = answer(complete(), "Identificador sugerido", "Mi Práctica")
    body = answer(body, "Inicio", "mayo de 2019")
    body = answer(body, "Otras fuentes", "```text\nhttps://example.org/only-a-url\n```")
    result = run(body, tmp_path)
    assert result.returncode == 1
    assert "- **Identificador sugerido**: `Mi Práctica` no vale" in result.stdout
    assert "- **Inicio**: `mayo de 2019` no es un año" in result.stdout
    assert "- **Otras fuentes**, línea 1: falta el título" in result.stdout


def test_details_without_a_source_fail_validation_with_the_form_label(tmp_path):
    body = answer(complete(), "Otras fuentes", "_No response_")
    result = run(body, tmp_path)
    assert result.returncode == 1
    assert "- **Inicio**: la ficha no pasa la validación: `period`: `detail without a source" in (
        result.stdout
    )


def test_a_url_already_in_the_catalogue_is_reported(tmp_path):
    taken = next(
        link["url"]
        for f in practice_files(PRACTICES_DIR)
        for link in yaml.safe_load(f.read_text(encoding="utf-8"))["links"]
    )
    result = run(answer(complete(), "Enlaces", f"```text\n{taken}\n```"), tmp_path)
    assert result.returncode == 1
    assert "- **Enlaces**: la ficha no pasa la validación: `links[0].url`: `URL already used" in (
        result.stdout
    )


def test_a_huge_body_or_field_is_refused(tmp_path):
    huge = answer(complete(), "Resumen en español", "x" * 5000)
    result = run(huge, tmp_path)
    assert result.returncode == 1
    assert "- **Resumen en español**: demasiado largo (5000 caracteres; como máximo 4000)." in (
        result.stdout
    )
    megabyte = complete() + "\n" + "y" * 1_000_000
    result = run(megabyte, tmp_path)
    assert result.returncode == 1
    assert "demasiado largo" in result.stdout and "300000" in result.stdout


def test_other_event_or_section_needs_a_maintainer(tmp_path):
    other = "other — Otro informe (indíquelo en las notas) / Another report (give it in the notes)"
    body = answer(complete(), "Reunión (fuente)", other)
    result = run(body, tmp_path)
    assert result.returncode == 1
    assert "- **Reunión (fuente)**: «other»: un responsable debe añadir primero" in result.stdout


def test_missing_file_is_an_error_of_the_run(tmp_path):
    result = run(tmp_path / "nope.md", tmp_path)
    assert result.returncode == 2
    assert "issue_to_record: error:" in result.stderr
