"""scripts/issue_to_record.py on issue bodies as GitHub writes them (tests/fixtures/issues/):
a complete proposal gives the right record, which passes scripts/validate.py with the catalogue;
an incomplete one gives every problem, in the proposer's language, with the form's labels;
hostile text stays literal text; an existing id is refused or, when derived, renamed; the
report's placement (a section's theme added, another theme with its reason or a clear error),
a regional scope with countries and a host-only organisation are said in the proposer's words.
Choices are plain words: a label in either language, or an id, one per line when several.
The practice sheet: the details in rules.DETAILS order, each further source written {url, title,
publisher (the URL's host), accessed (today, UTC), supports (the details given)}; a detail
without a source, or a source without a detail, is refused under the form's own label.
A practice that no report mentions (outside-report.md) becomes source.proposal {institution,
date, issue} and rests on its further sources; a proposal in one language (one-language.md)
gets the translation placeholder in the other, the validator's only complaint, and the paths
still to translate are written to --pending."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from catalogue import PRACTICES_DIR, ROOT, load_taxonomies, practice_files
from issue_to_record import FIELD_OF_PATH, Vocabulary, form_field, publisher, vocabularies
from issueform import FORM
from rules import DETAILS
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


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def test_complete_body_gives_the_record(tmp_path):
    before = today()
    result = run(FIXTURES / "complete.md", tmp_path, "--number", "42")
    assert result.returncode == 0, result.stdout + result.stderr
    accessed = yaml.safe_load(result.stdout)["further_sources"][0]["accessed"]
    assert accessed in (before, today())  # the day it ran, in UTC (a run may span midnight)
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
        "description": {
            "es": "Según el informe de gestión del municipio, la ventanilla orienta a las "
            "personas migrantes y\nlas deriva a los servicios de salud y educación.",
            "en": "According to the municipality's management report, the window guides "
            "migrants and\nrefers them to health and education services.",
        },
        "lead_institution": {"es": "Municipio de Ejemplo", "en": "Municipality of Ejemplo"},
        "period": {"start": "2019"},
        "status": "in-force",
        "contact": {"name": "Oficina de Atención al Migrante",
                    "email": "ventanilla@example.gob.pa"},
        "further_sources": [{"url": "https://www.example.gob.pa/informe-2022.pdf",
                             "title": "Informe de gestión 2022 del municipio",
                             "publisher": "example.gob.pa",
                             "accessed": accessed,
                             "supports": ["description", "lead_institution", "period", "status",
                                          "contact"]}],
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
    # written in the sheet's order (rules.DETAILS), each source's keys as the schema lists them
    assert [k for k in record if k in DETAILS] == [d for d in DETAILS if d in record]
    keys = ["url", "title", "publisher", "accessed", "supports"]
    assert list(record["further_sources"][0]) == keys
    checked = validate(text, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_incomplete_body_lists_every_problem_in_english(tmp_path):
    result = run(FIXTURES / "incomplete.md", tmp_path)
    assert result.returncode == 1
    out = result.stdout
    assert out.startswith("The proposal could not be turned into a record.")
    items = [line for line in out.splitlines() if line.startswith("- ")]
    expected = [
        "**Themes**: missing",
        "**Confirmations**: `I agree that the text is published under CC BY 4.0.` is not ticked",
        "**Countries**, line 1: unknown country `Narnia`",
        '**Countries**, line 2: "inferred" needs a note',
        "**Countries**, line 3: cannot read `PA`",
        "**Global Compact for Migration objectives**: `99` is not a number from 1 to 23",
        "**Links**, line 1: `javascript:alert(1)` is not an http:// or https:// address",
    ]
    assert len(items) == len(expected), out
    for item, start in zip(items, expected, strict=True):
        assert item.startswith(f"- {start}"), (item, start)
    assert "id:" not in out and "yaml-language-server" not in out  # no record printed


def test_errors_in_spanish_when_the_proposer_chose_spanish(tmp_path):
    body = answer(complete(), "Tipo", "_No response_")
    body = answer(body, "Enlaces", "```text\nftp://example.org/x\n```")
    result = run(body, tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("No se pudo convertir la propuesta en una ficha.")
    assert "- **Tipo**: falta; es obligatorio." in result.stdout
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


def test_a_reserved_id_is_refused_when_given_and_renamed_when_derived(tmp_path):
    given = run(answer(complete(), "Identificador sugerido", "index"), tmp_path)
    assert given.returncode == 1
    assert "- **Identificador sugerido**: la ficha no pasa la validación: `id`: `reserved id" in (
        given.stdout
    )
    result = run(answer(complete(), "Nombre en español", "Index"), tmp_path)
    assert result.returncode == 0, result.stdout
    assert yaml.safe_load(result.stdout)["id"] == "index-2"


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
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    fields = {  # each detail's problem under its own field of the form
        "description": "Descripción, en español",
        "lead_institution": "Institución responsable, en español",
        "period": "Inicio",
        "status": "Situación",
        "contact": "Contacto, correo",
    }
    assert [re.match(r"- \*\*(.+?)\*\*", item)[1] for item in items] == list(fields.values())
    for item, (name, label) in zip(items, fields.items(), strict=True):
        assert item.startswith(
            f"- **{label}**: la ficha no pasa la validación: `{name}`: `detail without a "
            "supporting source"
        ), item


def only_details(body: str, **given: str) -> str:
    """`body` with every optional detail blank but those of `given` (label start -> answer)."""
    for label in ("Inicio", "Situación", "Institución responsable, en", "Contacto, oficina",
                  "Contacto, correo", "Descripción, en"):  # fmt: skip
        for lang in ("español", "inglés") if label.endswith(", en") else ("",):
            body = answer(body, f"{label} {lang}".strip(), "_No response_")
    for label, value in given.items():
        body = answer(body, label, value)
    return body


DESCRIPTION = {
    "Descripción, en español": "Orienta a las personas migrantes en un solo lugar.",
    "Descripción, en inglés": "It guides migrants in one place.",
}


def test_a_description_with_a_source_is_what_the_source_supports(tmp_path):
    before = today()
    result = run(only_details(complete(), **DESCRIPTION), tmp_path)
    assert result.returncode == 0, result.stdout
    record = yaml.safe_load(result.stdout)
    assert record["description"] == {
        "es": "Orienta a las personas migrantes en un solo lugar.",
        "en": "It guides migrants in one place.",
    }
    assert not set(DETAILS) - {"description"} & set(record)
    (source,) = record["further_sources"]
    assert source == {
        "url": "https://www.example.gob.pa/informe-2022.pdf",
        "title": "Informe de gestión 2022 del municipio",
        "publisher": "example.gob.pa",
        "accessed": source["accessed"],
        "supports": ["description"],
    }
    assert source["accessed"] in (before, today())
    assert "kind" not in source  # unknown for a proposal: a maintainer adds it
    checked = validate(result.stdout, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_description_without_a_source_is_refused_with_the_form_label(tmp_path, lang):
    body = answer(only_details(complete(), **DESCRIPTION), "Otras fuentes", "_No response_")
    result = run(english(body) if lang == "en" else body, tmp_path)
    assert result.returncode == 1, result.stdout
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    label, verdict = {
        "es": ("Descripción, en español", "la ficha no pasa la validación"),
        "en": ("Description, in Spanish", "the record does not pass validation"),
    }[lang]
    assert items == [
        f"- **{label}**: {verdict}: `description`: `detail without a supporting source (got "
        "description; expected a further_sources item naming description in its supports)`"
    ]


def test_a_source_without_a_detail_is_refused(tmp_path):
    result = run(english(only_details(complete())), tmp_path)
    assert result.returncode == 1, result.stdout
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert items == [
        "- **Further sources**: a source is there for the optional details it states, and you "
        "gave none; write the details the source states or remove it."
    ]


UNKNOWN = {"Situación": "Desconocida"}


def test_an_unknown_status_needs_no_source_and_no_source_states_it(tmp_path):
    body = answer(only_details(complete(), **UNKNOWN), "Otras fuentes", "_No response_")
    result = run(body, tmp_path)
    assert result.returncode == 0, result.stdout
    record = yaml.safe_load(result.stdout)
    assert record["status"] == "unknown" and "further_sources" not in record
    assert validate(result.stdout, tmp_path).returncode == 0
    # beside a detail, the source supports that detail only
    result = run(only_details(complete(), **UNKNOWN, **DESCRIPTION), tmp_path)
    assert result.returncode == 0, result.stdout
    assert yaml.safe_load(result.stdout)["further_sources"][0]["supports"] == ["description"]
    # and alone with a source, the source supports nothing
    result = run(only_details(complete(), **UNKNOWN), tmp_path)
    assert result.returncode == 1
    assert "- **Otras fuentes**: una fuente sirve para los detalles opcionales" in result.stdout


def test_a_status_without_a_source_is_refused_under_its_field(tmp_path):
    body = only_details(complete(), **{"Situación": "Finalizada"})
    result = run(answer(body, "Otras fuentes", "_No response_"), tmp_path)
    assert result.returncode == 1
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert len(items) == 1 and items[0].startswith(
        "- **Situación**: la ficha no pasa la validación: `status`: `detail without a supporting "
        "source"
    ), items


def test_an_unknown_status_option_is_refused(tmp_path):
    result = run(answer(complete(), "Situación", "vigente"), tmp_path)
    assert result.returncode == 1
    assert (
        "- **Situación**: no se reconoce `vigente`; escriba una de estas opciones: «Vigente o en "
        "funcionamiento»; «Finalizada»; «Propuesta, aún no implementada»; «Desconocida»."
    ) in result.stdout


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.example.gob.pa/informe.pdf", "example.gob.pa"),
        ("http://WWW.Example.ORG:8443/a?b#c", "example.org"),
        ("https://www2.example.org", "www2.example.org"),
        ("https://example.org/www.other.org", "example.org"),
        ("https://wwwexample.org/", "wwwexample.org"),
        ("https://www.migración.gob.ec/x", "migración.gob.ec"),
    ],
)
def test_publisher_is_the_host_the_url_shows(url, host):
    assert publisher(url) == host


def test_every_path_of_a_record_points_at_a_field_of_the_form():
    elements = {e["id"] for e in load_yaml(FORM)[0]["body"] if e["type"] != "markdown"}
    assert set(FIELD_OF_PATH.values()) <= elements
    assert form_field("description") == "description_es"
    assert form_field("description.en") == "description_en"
    assert form_field("status") == "status"
    assert form_field("further_sources[0].supports[1]") == "further_sources"
    for name in DETAILS:  # every detail's problem lands on a field of its own, not the title
        assert form_field(name) != "title_es", name


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


def test_an_oversized_answer_is_refused_before_it_is_read(tmp_path):
    """60,000 dashes on one country line kept the old pattern busy for minutes: an answer over
    the text limit is refused as too long and nothing of the proposal is read (no line error)."""
    body = answer(complete(), "Países", "PA " + "-" * 60_000)
    body = answer(body, "Objetivos del Pacto", "²")  # would be an error if it were read
    result = run(body, tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert errors == ["- **Países**: demasiado largo (60003 caracteres; como máximo 4000)."]


@pytest.mark.parametrize(
    ("label", "line", "error"),
    [("Países", "PA " + "-" * 3990, "**Países**, línea 1: no se entiende"),
     ("Países", "PA" + " -" * 1995, "**Países**, línea 1: no se entiende"),
     ("Países", "PA" + " — stated x" * 360, "**Países**, línea 1: no se entiende"),
     ("Motivo de otros temas", "a" + " " * 3990 + "b", "**Motivo de otros temas**, línea 1: no")],
)  # fmt: skip
def test_a_long_line_within_the_limit_is_read(tmp_path, label, line, error):
    """The longest lines an answer can hold, shaped to make a backtracking pattern work hard,
    are read (in one pass over the line: the test run itself is the bound) and refused."""
    result = run(answer(complete(), label, line), tmp_path)
    assert result.returncode == 1
    assert error in result.stdout


def test_an_unknown_meeting_needs_a_maintainer(tmp_path):
    body = answer(complete(), "Reunión cuyo informe", "XX Reunión de 2031")
    result = run(body, tmp_path)
    assert result.returncode == 1
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert items == [
        "- **Reunión cuyo informe la menciona**: reunión desconocida `XX Reunión de 2031`; las "
        "conocidas: «IV Reunión Plenaria CRM–CSM». Si es otro informe, dígalo en **Notas**: un "
        "responsable debe añadirlo primero. Si ningún informe la menciona, deje **Reunión cuyo "
        "informe la menciona** en blanco y escriba **Institución que la propone**."
    ]


def test_missing_file_is_an_error_of_the_run(tmp_path):
    result = run(tmp_path / "nope.md", tmp_path)
    assert result.returncode == 2
    assert "issue_to_record: error:" in result.stderr


@pytest.mark.parametrize("item", ["²", "①", "٣", "１５", "1_5", "150"])
def test_gcm_objectives_are_ascii_numbers(tmp_path, item):
    """str.isdigit() takes "²" and "①" (and int() then crashes on them): a GCM objective is
    written with the digits 0-9 only, and the others are said like any unreadable answer."""
    result = run(answer(complete(), "Objetivos del Pacto", f"15, {item}"), tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    label = "Objetivos del Pacto Mundial para la Migración"
    assert f"- **{label}**: `{item}` no es un número del 1 al 23." in result.stdout


def test_gcm_objectives_with_a_leading_zero_are_read(tmp_path):
    result = run(answer(complete(), "Objetivos del Pacto", "015, 7"), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert yaml.safe_load(result.stdout)["gcm_objectives"] == [15, 7]


def test_an_unexpected_error_is_exit_status_3_not_a_rejection(tmp_path, monkeypatch, capsys):
    """A bug of the script must not look like a proposal with problems (1): the workflow would
    post its empty list. Exit 3, the traceback on standard error, nothing on standard output."""
    import issue_to_record

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(issue_to_record, "convert", broken)
    body = tmp_path / "body.md"
    body.write_text(complete(), encoding="utf-8")
    assert issue_to_record.main([str(body)]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" in err and "ValueError: a bug" in err and "unexpected error" in err


# -- the report's placement and the other rules a proposal can trip (scripts/rules.py) -------

NO_REASON = "_No response_"


def extra_theme() -> str:
    return (FIXTURES / "extra-theme.md").read_text(encoding="utf-8")


def english(body: str) -> str:
    return answer(body, "Idioma de las respuestas", "English")


def test_an_extra_theme_with_its_reason_gives_a_valid_record(tmp_path):
    """Session 6 gives local-governments (added, though not chosen); irregular-migration, chosen,
    carries its reason in source.theme_reasons."""
    result = run(FIXTURES / "extra-theme.md", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    record = yaml.safe_load(result.stdout)
    assert record["themes"] == ["irregular-migration", "local-governments"]
    assert record["source"]["theme_reasons"] == {
        "irregular-migration": "el texto de la fuente la presenta como respuesta a la migración "
        "irregular"
    }
    checked = validate(result.stdout, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_section_theme_alone_needs_no_reason(tmp_path):
    result = run(FIXTURES / "complete.md", tmp_path)
    assert result.returncode == 0, result.stdout
    assert "theme_reasons" not in yaml.safe_load(result.stdout)["source"]


def test_an_extra_theme_without_a_reason_is_refused_in_spanish(tmp_path):
    body = answer(extra_theme(), "Motivo de otros temas", NO_REASON)
    result = run(body, tmp_path)
    assert result.returncode == 1, result.stdout
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    theme = "Migración irregular regional y extrarregional"
    assert items == [
        f"- **Temas**: el tema `{theme}` no es el de ninguna sección elegida (`Sesión 6 - "
        "Fortalecimiento de capacidades de gobiernos locales`); explique por qué lo lleva según "
        f"la fuente en **Motivo de otros temas**, con una línea «{theme}: motivo», o quítelo."
    ]
    assert "validación" not in result.stdout  # said before validation, not by the validator


def test_an_extra_theme_without_a_reason_is_refused_in_english(tmp_path):
    body = english(answer(extra_theme(), "Motivo de otros temas", NO_REASON))
    result = run(body, tmp_path)
    assert result.returncode == 1, result.stdout
    assert result.stdout.startswith("The proposal could not be turned into a record.")
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    theme = "Regional and extra-regional irregular migration"
    assert items == [
        f"- **Themes**: the theme `{theme}` is not that of any section chosen (`Session 6 - "
        "Strengthening local governments' capacities`); explain why it carries it according to "
        f'the source under **Reason for other themes**, with a line "{theme}: reason", or remove '
        "it."
    ]


def test_reason_lines_are_read_strictly(tmp_path):
    lines = "\n".join([
        "irregular-migration",  # no colon
        "narnia: a theme that does not exist",
        "communication: not chosen under Themes",
        "local-governments: the section's own theme",
        "irregular-migration:",  # no reason
    ])  # fmt: skip
    result = run(english(answer(extra_theme(), "Motivo de otros temas", lines)), tmp_path)
    assert result.returncode == 1
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    label = "- **Reason for other themes**, line"
    assert items == [
        f"{label} 1: cannot read `irregular-migration`; write one line per theme: the theme, a "
        'colon and the reason (e.g. "Regional communication campaign: a campaign the report '
        'cites in session 3").',
        f"{label} 2: unknown theme `narnia`; use a theme of **Themes**.",
        f"{label} 3: the theme `Regional communication campaign` is not chosen under **Themes**; "
        "choose it or remove the line.",
        f"{label} 4: `Strengthening local governments' capacities` is already the theme of the "
        "section `Session 6 - Strengthening local governments' capacities`; it needs no reason: "
        "remove the line.",
        f"{label} 5: the reason is missing after `irregular-migration:`.",
    ]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_a_regional_practice_with_countries_is_refused(tmp_path, lang):
    body = answer(complete(), "Alcance", "Regional")
    body = english(body) if lang == "en" else body
    result = run(body, tmp_path)
    assert result.returncode == 1, result.stdout
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert items == [
        {
            "es": "- **Países**: una práctica de alcance `regional` no lleva países (dio `PA, "
            "CR`); deje **Países** en blanco. Si un país la propuso o la presidió, dígalo en "
            "**Notas**: un responsable lo anotará.",
            "en": "- **Countries**: a practice of `regional` scope lists no country (got `PA, "
            "CR`); leave **Countries** blank. If a country proposed or presided over it, say so "
            "under **Notes**: a maintainer will note it.",
        }[lang]
    ]
    # without the countries the same proposal is a valid record
    fixed = run(answer(body, "Países", NO_REASON), tmp_path)
    assert fixed.returncode == 0, fixed.stdout
    assert yaml.safe_load(fixed.stdout)["countries"] == []
    checked = validate(fixed.stdout, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_an_organisation_that_only_hosts_a_link_is_refused(tmp_path):
    link = "```text\nhttps://www.acnur.org/es/ventanilla-unica-ejemplo Ventanilla Única\n```"
    body = answer(answer(complete(), "Enlaces", link), "Organizaciones", "OIM, ACNUR")
    result = run(english(body), tmp_path)
    assert result.returncode == 1, result.stdout
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert items == [
        "- **Organisations**: `unhcr` only hosts a link (`www.acnur.org`) and the source's text "
        "does not name it; remove it. If something else shows that it runs or supports the "
        "practice, say so under **Notes**: a maintainer will add it with that evidence."
    ]
    # named by the source's text, it is the practice's organisation
    named = answer(body, "Texto de la fuente", "```text\nVentanilla Única del ACNUR\n```")
    assert run(named, tmp_path).returncode == 0


# -- plain-word choices ---------------------------------------------------------------------


def test_every_choice_names_one_option_only():
    """No two options of a choice share a label (case and accents aside): an answer in plain
    words names one option, whichever language it is in."""
    taxonomies = load_taxonomies()
    vocabs = {**vocabularies(taxonomies)}
    vocabs.update({f"sections of {k}": Vocabulary(e["sections"]) for k, e in
                   taxonomies["events"].items()})  # fmt: skip
    for name, vocab in vocabs.items():
        for key, names in vocab.labels.items():
            for label in (key, *names.values()):
                assert vocab.find(label) == key, (name, label)
                assert vocab.find(label.upper()) == key, (name, label)


@pytest.mark.parametrize(
    ("answer_text", "expected"),
    [("local-governments", ["local-governments"]),
     ("STRENGTHENING LOCAL GOVERNMENTS' CAPACITIES", ["local-governments"]),
     ("Medio ambiente, desastres y cambio climático", ["environment-climate"]),
     ("Medio ambiente, desastres y cambio climatico\nCampaña regional de comunicación",
      ["environment-climate", "communication"]),
     ("observatory, communication", ["observatory", "communication"]),
     ("local-governments — Fortalecimiento de capacidades de gobiernos locales / Strengthening "
      "local governments' capacities", ["local-governments"])],
)  # fmt: skip
def test_themes_are_read_as_labels_ids_or_lists(tmp_path, answer_text, expected):
    body = answer(answer(complete(), "Temas", answer_text), "Sección del informe", "Sesión 6")
    if expected != ["local-governments"]:
        reasons = "\n".join(f"{t}: el informe la presenta así" for t in expected
                            if t != "local-governments")  # fmt: skip
        body = answer(body, "Motivo de otros temas", reasons)
    result = run(body, tmp_path)
    assert result.returncode == 0, result.stdout
    themes = yaml.safe_load(result.stdout)["themes"]
    assert themes == expected + (["local-governments"] if "local-governments" not in expected
                                 else [])  # fmt: skip


# -- a practice that no report mentions ---------------------------------------------------


def outside() -> str:
    return (FIXTURES / "outside-report.md").read_text(encoding="utf-8")


def test_a_practice_no_report_mentions_becomes_a_proposal(tmp_path):
    before = today()
    result = run(FIXTURES / "outside-report.md", tmp_path, "--number", "42")
    assert result.returncode == 0, result.stdout + result.stderr
    record = yaml.safe_load(result.stdout)
    date = record["source"]["proposal"]["date"]
    assert date in (before, today())  # the day it ran, in UTC
    assert record["source"] == {
        "proposal": {"institution": "Instituto Guatemalteco de Migración", "date": date,
                     "issue": 42},
        "countries": {"GT": {"basis": "stated"}},
    }  # fmt: skip
    assert record["further_sources"][0]["supports"] == ["description", "status"]
    assert record["themes"] == ["irregular-migration"]  # no section: no theme added, no reason
    checked = validate(result.stdout, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_proposal_without_a_published_source_is_refused_under_further_sources(tmp_path):
    result = run(answer(outside(), "Otras fuentes", NO_REASON), tmp_path)
    assert result.returncode == 1
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert any(
        item.startswith(
            "- **Further sources**: the record does not pass validation: `further_sources`: "
            "`missing (expected at least one published page"
        )
        for item in items
    ), items


def test_a_proposal_with_a_source_and_no_detail_is_told_to_give_one(tmp_path):
    body = answer(answer(outside(), "Descripción, en", NO_REASON), "Situación", NO_REASON)
    body = answer(body, "Descripción, en inglés", NO_REASON)
    result = run(body, tmp_path)
    assert result.returncode == 1
    items = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert items == [
        "- **Further sources**: a practice that no report mentions rests on its published "
        "sources; write at least one detail that the source states (e.g. **Description, in "
        "English**)."
    ]


def test_where_it_comes_from_must_be_said_once(tmp_path):
    neither = run(answer(outside(), "Institución que la propone", NO_REASON), tmp_path)
    assert neither.returncode == 1
    assert (
        "- **Meeting whose report mentions it**: missing. Write the meeting whose report mentions "
        "the practice or, if no report mentions it, fill in **Proposing institution** (and at "
        "least one published source under **Further sources**)."
    ) in neither.stdout
    both = run(answer(complete(), "Institución que la propone", "Municipio de Ejemplo"), tmp_path)
    assert both.returncode == 1
    assert (
        "- **Institución que la propone**: solo para una práctica que ningún informe menciona, "
        "y esta la menciona el informe de `IV Reunión Plenaria CRM–CSM`; deje **Institución que "
        "la propone** en blanco."
    ) in both.stdout
    stray = run(answer(outside(), "Sección del informe", "Sesión 6"), tmp_path)
    assert stray.returncode == 1
    assert (
        "- **Section of the report**: only for a practice that a report mentions; write the "
        "meeting under **Meeting whose report mentions it** or leave **Section of the report** "
        "blank."
    ) in stray.stdout
    for none in ("Ninguno", "None"):  # "no meeting" in words is blank
        assert run(answer(outside(), "Reunión cuyo informe", none), tmp_path).returncode == 0


# -- one language only ----------------------------------------------------------------------


def test_a_proposal_in_one_language_gets_placeholders_and_lists_them(tmp_path):
    pending = tmp_path / "pending.txt"
    result = run(FIXTURES / "one-language.md", tmp_path, "--pending", str(pending))
    assert result.returncode == 0, result.stdout + result.stderr
    assert pending.read_text("utf-8") == "title.en\nsummary.en\ndescription.en\n"
    record = yaml.safe_load(result.stdout)
    for name in ("title", "summary", "description"):
        assert record[name]["en"] == "TODO: traducir del español / translate from Spanish"
        assert not record[name]["es"].startswith("TODO")
    assert record["id"] == "ventanilla-jacaranda-de-orientacion-migratoria"
    checked = validate(result.stdout, tmp_path)
    assert checked.returncode == 1  # main never holds it: CI refuses the placeholders
    fields = [line.split(": ")[1] for line in checked.stdout.splitlines()]
    assert sorted(fields) == ["description.en", "summary.en", "title.en"], checked.stdout
    assert all("placeholder not filled in" in line for line in checked.stdout.splitlines())


def test_a_proposal_in_english_only_is_named_from_its_english_title(tmp_path):
    body = english(answer(complete(), "Nombre en español", NO_REASON))
    body = answer(body, "Resumen en español", NO_REASON)
    pending = tmp_path / "pending.txt"
    result = run(body, tmp_path, "--pending", str(pending))
    assert result.returncode == 0, result.stdout
    record = yaml.safe_load(result.stdout)
    assert record["id"] == "one-stop-window-for-migrants-panama"
    assert record["title"]["es"] == "TODO: traducir del inglés / translate from English"
    assert pending.read_text("utf-8") == "title.es\nsummary.es\n"


def test_a_text_in_neither_language_is_missing(tmp_path):
    body = answer(answer(complete(), "Nombre en español", NO_REASON), "Nombre en inglés", NO_REASON)
    result = run(body, tmp_path)
    assert result.returncode == 1
    assert (
        "- **Nombre en español**: falta; escríbalo al menos en una lengua (aquí o en **Nombre en "
        "inglés**)."
    ) in result.stdout


def test_a_rejected_proposal_writes_no_pending_list(tmp_path):
    pending = tmp_path / "pending.txt"
    result = run(FIXTURES / "incomplete.md", tmp_path, "--pending", str(pending))
    assert result.returncode == 1 and not pending.exists()
