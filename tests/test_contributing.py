"""The contributor's documents: issue forms, PR template and CONTRIBUTING.md stay true.

- .github/ISSUE_TEMPLATE/*.yml follow GitHub's issue-form structure (the rules GitHub applies
  when it renders a form; a form that breaks them is silently dropped from the chooser);
- the practice form has only text fields (GitHub fills those from a link; only its
  confirmations are ticked), its choices list every option as taxonomies/*.yml and
  templates/labels.yml name them, and it has a field for every field of a record;
- CONTRIBUTING.md starts, in both halves, with the way to propose a practice without git (the
  site's form, then the issue form); it names every field (the further sources' keys too),
  status, kind of source, theme and type in both halves; its blank record fails validation only
  on its placeholders and offers the practice sheet as comments (every detail, the further
  source's keys, source.status_text and source.research_note); its validator example is what
  the validator prints today;
- the PR template is a bilingual checklist.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys

import pytest

from catalogue import ROOT, SCHEMA_PATH, load_taxonomies
from rules import DETAILS, check
from templating import labels
from yamlsafe import load_yaml

FORMS_DIR = ROOT / ".github" / "ISSUE_TEMPLATE"
FORMS = sorted(p for p in FORMS_DIR.glob("*.yml") if p.name != "config.yml")
PRACTICE_FORM = FORMS_DIR / "proponer-practica.yml"
LINK_FORM = FORMS_DIR / "enlace-roto.yml"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
PR_TEMPLATE = ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md"

# GitHub's issue-form syntax: top-level keys, element types and the attributes of each type.
FORM_KEYS = {"name", "description", "title", "labels", "assignees", "projects", "type", "body"}
ELEMENT_KEYS = {"type", "id", "attributes", "validations"}
ATTRIBUTES = {
    "markdown": {"value"},
    "input": {"label", "description", "placeholder", "value"},
    "textarea": {"label", "description", "placeholder", "value", "render"},
    "dropdown": {"label", "description", "multiple", "options", "default"},
    "checkboxes": {"label", "description", "options"},
}
ID = re.compile(r"^[A-Za-z0-9_-]+$")
LANG_SEP = " / "


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def form(path) -> dict:
    return load_yaml(path)[0]


def fields(data: dict) -> dict[str, dict]:
    """The form's non-markdown elements by id."""
    return {e["id"]: e for e in data["body"] if e["type"] != "markdown"}


def element_problems(i: int, element) -> list[str]:
    where = f"body[{i}]"
    if not isinstance(element, dict):
        return [f"{where}: not a mapping"]
    kind = element.get("type")
    if kind not in ATTRIBUTES:
        return [f"{where}: type {kind!r} not one of {sorted(ATTRIBUTES)}"]
    out = [f"{where}: unknown key {k!r}" for k in set(element) - ELEMENT_KEYS]
    attributes = element.get("attributes")
    if not isinstance(attributes, dict):
        return out + [f"{where}: attributes missing"]
    out += [f"{where}: unknown attribute {k!r}" for k in set(attributes) - ATTRIBUTES[kind]]
    if kind == "markdown":
        if not str(attributes.get("value", "")).strip():
            out.append(f"{where}: markdown without value")
        if "validations" in element:
            out.append(f"{where}: markdown cannot have validations")
        return out
    if not (isinstance(element.get("id"), str) and ID.match(element["id"])):
        out.append(f"{where}: id missing or not [A-Za-z0-9_-]")
    label = attributes.get("label")
    if not (isinstance(label, str) and label.strip()):
        out.append(f"{where}: attributes.label missing")
    elif LANG_SEP not in label:
        out.append(f"{where}: label not bilingual 'es / en': {label!r}")
    if LANG_SEP not in str(attributes.get("description", "")):
        out.append(f"{where}: description missing or not bilingual 'es / en'")
    validations = element.get("validations", {})
    if kind == "checkboxes" and validations:
        out.append(f"{where}: checkboxes take required per option, not validations")
    if not isinstance(validations, dict) or set(validations) - {"required"}:
        out.append(f"{where}: validations may only hold 'required'")
    elif not isinstance(validations.get("required", False), bool):
        out.append(f"{where}: validations.required not true/false")
    options = attributes.get("options")
    if kind == "dropdown":
        if not (isinstance(options, list) and options):
            return out + [f"{where}: dropdown without options"]
        if not all(isinstance(o, str) and o.strip() for o in options):
            out.append(f"{where}: dropdown options must be non-empty text")
        elif len(set(options)) != len(options):
            out.append(f"{where}: duplicate dropdown options")
        if any(str(o).strip().lower() == "none" for o in options):
            out.append(f"{where}: 'None' is a reserved dropdown option")
        default = attributes.get("default")
        if default is not None and not (isinstance(default, int) and 0 <= default < len(options)):
            out.append(f"{where}: default is not an index of options")
        if not isinstance(attributes.get("multiple", False), bool):
            out.append(f"{where}: multiple not true/false")
    if kind == "checkboxes":
        if not (isinstance(options, list) and options):
            return out + [f"{where}: checkboxes without options"]
        for j, option in enumerate(options):
            if not isinstance(option, dict) or set(option) - {"label", "required"}:
                out.append(f"{where}: options[{j}] must be {{label, required}}")
            elif not str(option.get("label", "")).strip():
                out.append(f"{where}: options[{j}] without label")
            elif not isinstance(option.get("required", False), bool):
                out.append(f"{where}: options[{j}].required not true/false")
    return out


def form_problems(data) -> list[str]:
    if not isinstance(data, dict):
        return ["form is not a mapping"]
    out = [f"unknown top-level key {k!r}" for k in set(data) - FORM_KEYS]
    for key in ("name", "description"):
        if not (isinstance(data.get(key), str) and data[key].strip()):
            out.append(f"{key} missing")
    body = data.get("body")
    if not (isinstance(body, list) and body):
        return out + ["body missing or empty"]
    if all(isinstance(e, dict) and e.get("type") == "markdown" for e in body):
        out.append("body has only markdown (GitHub needs one field)")
    for i, element in enumerate(body):
        out += element_problems(i, element)
    named = [e for e in body if isinstance(e, dict) and e.get("type") != "markdown"]
    for key in ("id", "label"):
        values = [
            e.get("id") if key == "id" else e.get("attributes", {}).get("label") for e in named
        ]
        dupes = sorted({v for v in values if values.count(v) > 1}, key=str)
        if dupes:
            out.append(f"duplicate {key}s: {dupes}")
    labels = data.get("labels", [])
    if not (isinstance(labels, list) and all(isinstance(x, str) for x in labels)):
        out.append("labels must be a list of text")
    return out


# -- issue forms -------------------------------------------------------------------------


def test_both_forms_exist():
    assert PRACTICE_FORM in FORMS and LINK_FORM in FORMS, FORMS


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_issue_form_follows_github_structure(path):
    assert form_problems(form(path)) == []


def test_structure_check_catches_broken_forms():
    """The checker itself can fail: each broken form is reported."""
    field = {"type": "input", "id": "x", "attributes": {"label": "X / X", "description": "d / d"}}
    good = {"name": "a / b", "description": "d", "body": [field]}
    assert form_problems(good) == []

    def dropdown(options):
        attributes = {**field["attributes"], "options": options}
        return {"type": "dropdown", "id": "x", "attributes": attributes}

    broken_bodies = [
        [{**field, "type": "select"}],
        [field, field],
        [{key: value for key, value in field.items() if key != "id"}],
        [{**field, "attributes": {"label": "X / X", "description": "d / d", "options": []}}],
        [dropdown(["a", "a"])],
        [dropdown(["None"])],
        [{"type": "markdown", "attributes": {"value": "only text"}}],
        [{**field, "validations": {"required": "yes"}}],
    ]
    for body in broken_bodies:
        assert form_problems({**good, "body": body}), body
    assert form_problems({"description": "d", "body": [field]}) == ["name missing"]


def test_form_names_are_unique():
    names = [form(p)["name"] for p in FORMS]
    assert len(names) == len(set(names)), names


def test_chooser_config():
    config = form(FORMS_DIR / "config.yml")
    assert set(config) <= {"blank_issues_enabled", "contact_links"}
    assert isinstance(config["blank_issues_enabled"], bool)
    for link in config.get("contact_links", []):
        assert set(link) == {"name", "url", "about"}, link
        assert link["url"].startswith("https://"), link


@pytest.fixture(scope="module")
def practice_fields() -> dict[str, dict]:
    return fields(form(PRACTICE_FORM))


def listed(element: dict, entries: dict) -> list[str]:
    """The options of `entries` ({id: {es, en}}) that the field's description does not list
    as "es / en"."""
    text = " ".join(element["attributes"]["description"].split())
    return [k for k, v in entries.items() if f"{v['es']} / {v['en']}" not in text]


def test_every_field_a_link_fills_is_a_text_field(practice_fields):
    """GitHub fills only the text fields of an issue form from a link's query (the site's form
    opens it so): the practice form has no dropdown, and only its confirmations to tick."""
    kinds = {key: e["type"] for key, e in practice_fields.items()}
    assert {k for k, kind in kinds.items() if kind not in ("input", "textarea")} == {"confirm"}


def test_choices_list_their_options_as_the_taxonomies_name_them(practice_fields):
    """The fields that take a choice list every option, in both languages, as taxonomies/ and
    templates/labels.yml name them (scripts/issue_to_record.py reads those names)."""
    tax = load_taxonomies()
    words = labels()

    def interface(keys, key_of) -> dict:
        return {k: {lang: key_of(words[lang], k) for lang in ("es", "en")} for k in keys}

    record = schema()["properties"]
    expected = {
        "type": {k: v["label"] for k, v in tax["types"].items()},
        "themes": {k: v["label"] for k, v in tax["themes"].items()},
        "scope": interface(record["scope"]["enum"], lambda w, k: w[f"scope_{k}"]),
        "status": interface(record["status"]["enum"], lambda w, k: w["status_values"][k]),
        "source_kind": interface(("list", "narrative"), lambda w, k: w[f"mention_{k}"]),
        "source_event": {k: v["label"] for k, v in tax["events"].items()},
    }
    for field, entries in expected.items():
        assert listed(practice_fields[field], entries) == [], (
            f"the '{field}' field of proponer-practica.yml does not list them"
        )
    # and the check itself can fail
    assert listed(practice_fields["type"], {"x": {"es": "Nada", "en": "Nothing"}}) == ["x"]


def test_practice_form_has_a_field_for_every_record_field(practice_fields):
    ids = set(practice_fields)
    missing = [
        name
        for name in schema()["properties"]
        if name not in ids and not any(i.startswith(name + "_") for i in ids)
    ]
    assert missing == [], f"proponer-practica.yml has no field for {missing}"
    assert "proposed_by" in ids  # source.proposal, for a practice that no report mentions
    for required in ("type", "themes", "scope"):
        assert practice_fields[required].get("validations", {}).get("required") is True, required
    # a text may come in one language, and the report's fields are for a report's practice only
    for optional in ("title_es", "title_en", "summary_es", "summary_en", "source_event",
                     "source_section", "source_text", "proposed_by"):  # fmt: skip
        assert not practice_fields[optional].get("validations", {}).get("required"), optional


def test_link_form_asks_for_practice_and_url():
    link_fields = fields(form(LINK_FORM))
    for key in ("practice", "url"):  # `practice` is the prefill parameter of a practice page
        assert link_fields[key].get("validations", {}).get("required") is True, key
    assert {"details", "replacement"} <= set(link_fields)


# -- CONTRIBUTING.md ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def contributing() -> str:
    return CONTRIBUTING.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def halves(contributing) -> dict[str, str]:
    assert contributing.count('<a id="espanol"></a>') == 1
    assert contributing.count('<a id="english"></a>') == 1
    assert "(#espanol)" in contributing and "(#english)" in contributing
    start_es = contributing.index('<a id="espanol"></a>')
    start_en = contributing.index('<a id="english"></a>')
    assert start_es < start_en, "Spanish first"
    return {"es": contributing[start_es:start_en], "en": contributing[start_en:]}


def record_terms() -> list[str]:
    properties = schema()["properties"]
    nested = list(properties["source"]["properties"])
    nested += list(properties["links"]["items"]["properties"])
    nested += list(properties["source"]["properties"]["mentions"]["items"]["properties"])
    sources = properties["further_sources"]["items"]["properties"]
    nested += list(sources) + sources["kind"]["enum"]
    nested += ["basis", "note", "stated", "inferred", "list", "narrative"]
    return list(properties) + nested + properties["scope"]["enum"] + properties["status"]["enum"]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_contributing_names_every_field_theme_and_type(halves, lang):
    taxonomies = load_taxonomies()
    terms = record_terms() + list(taxonomies["themes"]) + list(taxonomies["types"])
    missing = [term for term in terms if f"`{term}`" not in halves[lang]]
    assert missing == [], f"the {lang} half of CONTRIBUTING.md does not name {missing}"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_contributing_blank_record_fails_only_on_placeholders(halves, lang, tmp_path):
    match = re.search(rf"<!-- blank-record:{lang} -->\s*```yaml\n(.*?)```", halves[lang], re.S)
    assert match, f"no blank record in the {lang} half"
    text = "\n".join(line.removeprefix("   ") for line in match.group(1).splitlines()) + "\n"
    record_id = re.search(r"^id: ([a-z0-9-]+)", text, re.M).group(1)
    path = tmp_path / f"{record_id}.yml"
    path.write_text(text, encoding="utf-8")
    data = load_yaml(path)[0]
    optional_details = set(DETAILS) | {"further_sources"}
    assert set(data) == set(schema()["properties"]) - optional_details, "a field is missing"
    for name in optional_details:  # offered as comments: they need a source to be filled in
        assert re.search(rf"^# {name}:", text, re.M), f"the blank record does not offer {name}"
    for key in schema()["properties"]["further_sources"]["items"]["properties"]:
        assert re.search(rf"^# +(- )?{key}:", text, re.M), f"no further source's {key}"
    for key in ("status_text", "research_note"):  # inside source:, indented like its keys
        assert re.search(rf"^  # {key}:", text, re.M), f"the blank record does not offer {key}"
    _, problems = check([path], load_taxonomies())
    assert problems, "the blank record must fail until its TODOs are filled in"
    others = [str(p) for p in problems if not p.message.startswith("placeholder not filled in")]
    assert others == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_contributing_starts_with_the_path_without_git(halves, lang):
    first = re.search(r"^### (.+)$", halves[lang], re.M).group(1)
    assert first == {"es": "1. Proponer una práctica sin git",
                     "en": "1. Propose a practice without git"}[lang]  # fmt: skip
    section = halves[lang].split("\n### ")[1]
    assert "/proponer/" in section and "issues/new?template=proponer-practica.yml" in section
    assert "convertir-en-ficha" in section
    numbers = [int(n) for n in re.findall(r"^### (\d+)\. ", halves[lang], re.M)]
    assert numbers == list(range(1, len(numbers) + 1)), numbers


def test_contributing_validator_example_is_what_the_validator_prints(contributing, tmp_path):
    command = next(
        line.strip()
        for line in contributing.splitlines()
        if line.strip().startswith(".venv/bin/python scripts/new_practice.py ")
    )
    argv = shlex.split(command)
    record_id = argv[2]
    scaffold = [sys.executable, str(ROOT / argv[1]), *argv[2:], "--practices", str(tmp_path)]
    run = subprocess.run(scaffold, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr
    path = tmp_path / f"{record_id}.yml"
    validate = [sys.executable, str(ROOT / "scripts" / "validate.py"), str(path)]
    run = subprocess.run(validate, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert run.returncode == 1
    printed = (run.stdout + run.stderr).replace(str(tmp_path) + "/", "practices/").splitlines()
    match = re.search(r"<!-- validate-example -->\s*```text\n(.*?)```", contributing, re.S)
    assert match, "no validator example in CONTRIBUTING.md"
    shown = [line.strip() for line in match.group(1).splitlines() if line.strip()]
    assert shown == printed, "update the validator example in CONTRIBUTING.md"


# -- pull request template ----------------------------------------------------------------


def test_pr_template_is_a_bilingual_checklist():
    text = PR_TEMPLATE.read_text(encoding="utf-8")
    boxes = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(boxes) >= 5, boxes
    assert all(LANG_SEP in line for line in boxes), "every item in Spanish / English"
    for topic in ("source.mentions", "inferred", "make validate", "restricted"):
        assert topic in text, topic
