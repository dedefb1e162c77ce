"""The validator: every rule and every kind of bad input gives a clear, located error."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

import yamlsafe
from catalogue import ROOT
from conftest import write_record
from rules import CONTROL, RESERVED_IDS, check
from yamlsafe import MAX_BYTES, YamlError, load_yaml

VALIDATE = [sys.executable, str(ROOT / "scripts" / "validate.py")]


def problems_for(folder: Path, taxonomies: dict) -> list[str]:
    _, problems = check(sorted(folder.glob("*.yml")), taxonomies)
    return [str(p) for p in problems]


def only_problem(folder: Path, taxonomies: dict) -> str:
    found = problems_for(folder, taxonomies)
    assert len(found) == 1, found
    return found[0]


# --- the schema and the rules ------------------------------------------------------------


def test_example_is_valid(tmp_path, example, taxonomies):
    write_record(tmp_path, example)
    assert problems_for(tmp_path, taxonomies) == []


def set_path(data: dict, path: tuple, value):
    for key in path[:-1]:
        data = data[key]
    if value is DELETE:
        del data[path[-1]]
    else:
        data[path[-1]] = value


DELETE = object()

# (path to change, new value, field path in the message, words the message must contain)
CASES = [
    (("title", "en"), DELETE, "title.en", "missing"),
    (("summary", "es"), "   ", "summary.es", "empty text"),
    (("title",), "Solo texto", "title", "wrong type"),
    (("type",), "shop", "type", "taxonomies/types.yml"),
    (("themes",), [], "themes", "empty list"),
    (("themes",), ["observatory", "observatory"], "themes", "repeated items"),
    (("themes",), ["weather"], "themes[0]", "taxonomies/themes.yml"),
    (("countries",), ["gt"], "countries[0]", "ISO 3166-1 alpha-2 code in upper case"),
    (("countries",), ["GT", "XX"], "countries[1]", "unknown country"),
    (("countries",), ["GT", "PA"], "source.countries", "no evidence for PA"),
    (("source", "countries", "PA"), {"basis": "stated"}, "source.countries.PA", "not in countries"),
    (("source", "countries", "GT"), {"basis": "inferred"}, "source.countries.GT.note", "missing"),
    (("source", "countries", "GT"), {"basis": "guessed"}, "source.countries.GT.basis", "stated"),
    (("scope",), "global", "scope", "local, national, regional, international"),
    (("organizations",), ["acme"], "organizations[0]", "taxonomies/organizations.yml"),
    (("gcm_objectives",), [24], "gcm_objectives[0]", "from 1 to 23"),
    (("gcm_objectives",), ["7"], "gcm_objectives[0]", "whole number"),
    (("source", "event"), "v-plenary", "source.event", "taxonomies/events.yml"),
    (("source", "mentions", 0, "section"), "session-9", "source.mentions[0].section", "session-1"),
    (("source", "mentions", 0, "kind"), "rumour", "source.mentions[0].kind", "list, narrative"),
    (("source", "mentions"), [], "source.mentions", "empty list"),
    (("links", 0, "url"), "ftp://example.org/x", "links[0].url", "http:// or https://"),
    (("links", 0, "url"), "https://ex ample.org", "links[0].url", "without spaces"),
    (("links", 0, "url"), "http://127.0.0.1:8000/x", "links[0].url", "loopback"),
    (("links", 0, "url"), "http://localhost/x", "links[0].url", "loopback"),
    (("links", 0, "url"), "http://[::1]/x", "links[0].url", "loopback"),
    (("links", 0, "url"), "https://10.1.2.3/x", "links[0].url", "private"),
    (("links", 0, "url"), "https://192.168.0.1/x", "links[0].url", "private"),
    (("links", 0, "url"), "http://169.254.169.254/latest", "links[0].url", "link-local"),
    # the same addresses as a browser's URL parser (WHATWG) also reads them
    (("links", 0, "url"), "http://127.1/x", "links[0].url", "loopback"),
    (("links", 0, "url"), "http://2130706433/x", "links[0].url", "loopback"),
    (("links", 0, "url"), "http://0x7f000001/x", "links[0].url", "loopback"),
    (("links", 0, "url"), "http://0177.0.0.1/x", "links[0].url", "loopback"),
    (("links", 0, "url"), "http://127.0.0.1./x", "links[0].url", "loopback"),
    (("links", 0, "url"), "http://127%2E0.0.1/x", "links[0].url", "loopback"),
    (
        ("links", 0, "url"),
        "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/x",
        "links[0].url",
        "loopback",
    ),
    (("links", 0, "url"), "http://127\u30020\u30020\u30021/x", "links[0].url", "loopback"),
    (
        ("links", 0, "url"),
        "http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/x",
        "links[0].url",
        "loopback",
    ),
    (("links", 0, "url"), "http://[::ffff:127.0.0.1]/x", "links[0].url", "loopback"),
    (("links", 0, "url"), "http://0/x", "links[0].url", "private or reserved"),
    (("links", 0, "url"), "http://0xa.1/x", "links[0].url", "private"),
    (("links", 0, "url"), "http://2852039166/latest", "links[0].url", "link-local"),
    (("links", 0, "url"), "http://256.0.0.1/x", "links[0].url", "invalid host"),
    (("links", 0, "url"), "http://1.2.3.4.5/x", "links[0].url", "invalid host"),
    (("links", 0, "url"), "https://user:pw@example.org/", "links[0].url", "credentials"),
    (("links", 0, "restricted"), "yes", "links[0].restricted", "true or false"),
    (("links", 0, "title"), "x", "links[0].title", "unknown field"),
    (("links",), "https://example.org", "links", "a list"),
    (("colour",), "blue", "colour", "unknown field"),
    (("id",), "Capmir_Guatemala", "id", "kebab-case"),
    # a regional (or international) practice lists no country; a proposer goes in source.roles
    (("scope",), "regional", "countries", "regional practice with countries"),
    (("scope",), "international", "countries", "expected [] for a regional or international"),
    (
        ("source", "roles"),
        [{"country": "XX", "role": "proposer", "text": "x"}],
        "source.roles[0].country",
        "unknown country",
    ),
    (
        ("source", "roles"),
        [{"country": "PA", "role": "host", "text": "x"}],
        "source.roles[0].role",
        "proposer, pro-tempore-presidency",
    ),
    (
        ("source", "roles"),
        [{"country": "PA", "role": "proposer"}],
        "source.roles[0].text",
        "missing",
    ),
    # section and theme follow the report's placement (the example is in sessions 2 and 6)
    (("themes",), ["irregular-migration"], "themes", "theme of a mention's section missing"),
    (
        ("themes",),
        ["irregular-migration", "local-governments", "observatory"],
        "themes[2]",
        "source.theme_reasons.observatory",
    ),
    (
        ("source", "theme_reasons"),
        {"observatory": "x"},
        "source.theme_reasons.observatory",
        "not in themes",
    ),
    (
        ("source", "theme_reasons"),
        {"local-governments": "x"},
        "source.theme_reasons.local-governments",
        "given by a mention's section",
    ),
    # the site that hosts a link is not an organisation (acnur.org hosts the example's 2nd link)
    (("organizations",), ["iom", "unhcr"], "organizations[1]", "organisation only hosts a link"),
    (
        ("source", "organizations"),
        {"oas": {"basis": "inferred", "note": "x"}},
        "source.organizations.oas",
        "not in organizations",
    ),
    (
        ("source", "organizations"),
        {"iom": {"basis": "inferred"}},
        "source.organizations.iom.note",
        "missing",
    ),
]


@pytest.mark.parametrize("path,value,field,words", CASES, ids=[c[2] + ":" + c[3] for c in CASES])
def test_rule(tmp_path, example, taxonomies, path, value, field, words):
    set_path(example, path, value)
    write_record(tmp_path, example, name="fixture-practice")
    problems = problems_for(tmp_path, taxonomies)
    matching = [p for p in problems if f": {field}: " in p and words in p]
    assert matching, problems
    file, line = matching[0].split(":")[0:2]
    assert file.endswith("fixture-practice.yml") and int(line) >= 1


@pytest.mark.parametrize(
    "host",
    ["example.org", "EXAMPLE.org", "www.oim.int.", "1.2.3.4", "8.8.8.8", "[2606:4700:4700::1111]",
     "0x1.example", "a.b.0x1g", "xn--nxasmq6b.com"],
)  # fmt: skip
def test_public_hosts_pass(tmp_path, example, taxonomies, host):
    example["links"][0]["url"] = f"http://{host}/x"
    write_record(tmp_path, example)
    assert problems_for(tmp_path, taxonomies) == []


def test_reserved_id_is_refused(tmp_path, example, taxonomies):
    """A record "index" would have practicas/index/, the catalogue's own page: the build stops."""
    example["id"] = "index"
    path = write_record(tmp_path, example)
    id_line = path.read_text().splitlines().index("id: index") + 1
    assert only_problem(tmp_path, taxonomies) == (
        f'{path}:{id_line}: id: reserved id (got "index"; expected another id: index is the '
        "address of a page of the site)"
    )


def test_reserved_ids_cover_the_hand_written_pages_beside_the_practices():
    pages = {page.name.split(".")[0] for page in (ROOT / "docs" / "practicas").glob("*.md")}
    assert pages and pages <= set(RESERVED_IDS)


@pytest.mark.parametrize(
    ("path", "field"),
    [(("title", "es"), "title.es"), (("summary", "en"), "summary.en"),
     (("links", 0, "text"), "links[0].text"), (("links", 0, "url"), "links[0].url"),
     (("source", "mentions", 1, "text"), "source.mentions[1].text")],
)  # fmt: skip
@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1b", "\x1f", "\x7f", "\x80", "\x9f"])
def test_control_character_in_any_text_is_refused(tmp_path, example, taxonomies, path, field, char):
    """The XLSX export (openpyxl) crashes on most of them; YAML lets them in through escapes."""
    record = example
    for key in path[:-1]:
        record = record[key]
    record[path[-1]] += char + "x"
    write_record(tmp_path, example)
    problems = problems_for(tmp_path, taxonomies)  # a URL also has the schema's "no spaces"
    matching = [p for p in problems if f": {field}: control character U+{ord(char):04X} at " in p]
    assert len(matching) == 1, problems
    assert ".yml:" in matching[0] and "expected text without control characters" in matching[0]


def test_control_character_message_points_at_it(tmp_path, example, taxonomies):
    example["summary"]["es"] = "x" * 100 + "\x07 y"
    path = write_record(tmp_path, example)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "\\a" in text)
    assert only_problem(tmp_path, taxonomies) == (
        f'{path}:{line}: summary.es: control character U+0007 at character 101 (got …"'
        + "x" * 20
        + '\\u0007 y"; expected text without control characters: line breaks and tabs only)'
    )


def test_tabs_and_line_breaks_are_text(tmp_path, example, taxonomies):
    example["summary"]["es"] = "Una línea\tcon tabulador.\nY otra.\n"
    write_record(tmp_path, example)
    assert problems_for(tmp_path, taxonomies) == []


def test_every_character_the_validator_lets_through_the_xlsx_writer_takes():
    refused_by_xlsx = re.compile(ILLEGAL_CHARACTERS_RE.pattern)
    let_through = (chr(c) for c in range(0x110000) if not CONTROL.match(chr(c)))
    assert [hex(ord(c)) for c in let_through if refused_by_xlsx.match(c)] == []


def test_evidence_lets_a_host_be_an_organisation_and_a_reason_an_extra_theme(
    tmp_path, example, taxonomies
):
    example["organizations"] = ["iom", "unhcr"]
    example["source"]["organizations"] = {
        "unhcr": {"basis": "inferred", "note": "the release says UNHCR runs the centre"}
    }
    example["themes"].append("observatory")
    example["source"]["theme_reasons"] = {"observatory": "a reason"}
    write_record(tmp_path, example)
    assert problems_for(tmp_path, taxonomies) == []


def test_an_organisation_the_report_names_needs_no_evidence(tmp_path, example, taxonomies):
    example["organizations"] = ["iom", "unhcr"]
    example["source"]["mentions"][1]["text"] += " | ACNUR"
    write_record(tmp_path, example)
    assert problems_for(tmp_path, taxonomies) == []


def test_error_names_file_line_field_value_and_expectation(tmp_path, example, taxonomies):
    example["type"] = "shop"
    path = write_record(tmp_path, example)
    type_line = path.read_text().splitlines().index("type: shop") + 1
    assert only_problem(tmp_path, taxonomies) == (
        f'{path}:{type_line}: type: unknown id (got "shop"; expected an id of taxonomies/types.yml)'
    )


def test_all_problems_of_all_files_in_one_run(tmp_path, example, taxonomies):
    example["type"] = "shop"
    example["scope"] = "galactic"
    example["countries"] = ["GT", "XX"]
    write_record(tmp_path, example)
    (tmp_path / "empty.yml").write_text("")
    problems = problems_for(tmp_path, taxonomies)
    assert len(problems) == 4, problems
    assert sum("empty.yml" in p for p in problems) == 1


def test_id_must_equal_file_name(tmp_path, example, taxonomies):
    write_record(tmp_path, example, name="another-name")
    assert "id differs from file name" in only_problem(tmp_path, taxonomies)


def test_ids_unique_across_folders(tmp_path, example, taxonomies):
    first = write_record(tmp_path / "a", example)
    example["links"] = []
    second = write_record(tmp_path / "b", example)
    _, problems = check([first, second], taxonomies)
    assert [p.message.split(" (")[0] for p in problems] == ["duplicate id"], problems


def test_url_shared_by_two_records(tmp_path, example, taxonomies):
    write_record(tmp_path, example)
    example["id"] = "otra-practica"
    example["links"] = example["links"][:1]
    example["links"][0]["url"] += "#section"  # a fragment does not make it another page
    write_record(tmp_path, example)
    problem = only_problem(tmp_path, taxonomies)
    assert "otra-practica.yml" in problem and "URL already used" in problem


def test_url_twice_in_one_record(tmp_path, example, taxonomies):
    example["links"].append(dict(example["links"][0]))
    write_record(tmp_path, example)
    last = len(example["links"]) - 1
    assert f"links[{last}].url: URL already used" in only_problem(tmp_path, taxonomies)


def test_valid_records_are_returned_and_invalid_ones_are_not(tmp_path, example, taxonomies):
    write_record(tmp_path, example)
    bad = dict(example, id="mala", links=[])
    bad["type"] = "shop"
    write_record(tmp_path, bad)
    records, problems = check(sorted(tmp_path.glob("*.yml")), taxonomies)
    assert [r["id"] for r in records] == ["fixture-practice"] and len(problems) == 1


# --- bad input: nothing is executed, nothing is written ----------------------------------

BAD_FILES = {
    "empty.yml": (b"", "empty file"),
    "comments-only.yml": (b"# nothing here\n", "empty file"),
    "top-level-list.yml": (b"- id: a\n- id: b\n", "expected a mapping of fields"),
    "scalar.yml": (b"just text\n", "expected a mapping of fields"),
    "malformed.yml": (b"id: [unclosed\n", "malformed YAML"),
    "tabs.yml": (b"id: x\n\ttitle: y\n", "malformed YAML"),
    "two-documents.yml": (b"id: a\n---\nid: b\n", "malformed YAML"),
    "duplicate-key.yml": (
        b"id: x\ntype: law\ntype: policy\n",
        "duplicate key 'type' (first at line 2)",
    ),
    "latin1.yml": ("id: práctica\n".encode("latin-1"), "not UTF-8"),
    "python-tag.yml": (
        b'id: x\ntitle: !!python/object/apply:os.system ["touch /tmp/pwned-by-yaml"]\n',
        "YAML tags are not allowed",
    ),
    "custom-tag.yml": (b"id: !include other.yml\n", "YAML tags are not allowed"),
    "binary-tag.yml": (b"id: !!binary aGVsbG8=\n", "YAML tags are not allowed"),
    "alias.yml": (b"a: &x hello\nb: *x\n", "aliases"),
}


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_parser(request, monkeypatch):
    """Run a test with each event parser yamlsafe can use (libyaml's C parser, or PyYAML's)."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlsafe, "LOADER", yamlsafe._StrictLoader)
    else:
        assert yamlsafe.LOADER is not yamlsafe._StrictLoader, "libyaml is expected here"
    return request.param


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_reported_and_untouched(tmp_path, taxonomies, name, yaml_parser):
    content, words = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    problem = only_problem(tmp_path, taxonomies)
    assert problem.startswith(f"{path}:") and words in problem, problem
    assert path.read_bytes() == content
    assert not Path("/tmp/pwned-by-yaml").exists()


def test_error_line_of_duplicate_key(tmp_path, yaml_parser):
    path = tmp_path / "dup.yml"
    path.write_text("id: x\ntitle:\n  es: a\n  en: b\n  es: c\n")
    with pytest.raises(YamlError) as err:
        load_yaml(path)
    assert (err.value.line, err.value.message) == (5, "duplicate key 'es' (first at line 3)")


def test_billion_laughs_rejected_fast_with_bounded_memory(tmp_path, taxonomies, yaml_parser):
    lines = ['lol0: &lol0 "lol"']
    for i in range(1, 10):
        refs = ", ".join([f"*lol{i - 1}"] * 10)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    path = tmp_path / "bomb.yml"
    path.write_text("\n".join(lines) + "\n")
    tracemalloc.start()
    problem = only_problem(tmp_path, taxonomies)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "aliases" in problem and ":2:" in problem
    assert peak < 5_000_000, f"peak memory {peak} bytes"


def test_file_over_size_limit(tmp_path, taxonomies):
    path = tmp_path / "huge.yml"
    path.write_text("id: x\nnote: '" + "a" * MAX_BYTES + "'\n")
    assert "file too large" in only_problem(tmp_path, taxonomies)


def test_deep_nesting(tmp_path, taxonomies, yaml_parser):
    path = tmp_path / "deep.yml"
    path.write_text("id: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nesting" in only_problem(tmp_path, taxonomies)


def test_same_data_and_lines_with_both_parsers(taxonomies):
    for path in sorted((ROOT / "practices").glob("*.yml"))[:10]:
        fast = yamlsafe.load_yaml(path)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(yamlsafe, "LOADER", yamlsafe._StrictLoader)
            slow = yamlsafe.load_yaml(path)
        assert fast == slow, path


def test_dates_stay_text(tmp_path, yaml_parser):
    path = tmp_path / "d.yml"
    path.write_text("when: 2023-08-23\n")
    assert load_yaml(path)[0] == {"when": "2023-08-23"}


# --- the command line --------------------------------------------------------------------


def digest(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_cli_exit_1_one_line_per_problem_files_untouched(tmp_path, example):
    example["type"] = "shop"
    write_record(tmp_path, example)
    (tmp_path / "dup.yml").write_text("id: dup\nid: dup\n")
    before = digest(tmp_path)
    run = subprocess.run(VALIDATE + [str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 2 and all(line.startswith(str(tmp_path)) for line in lines)
    assert "2 problem(s) in 2 of 2 file(s)" in run.stderr
    assert digest(tmp_path) == before


def test_cli_github_annotations(tmp_path, example):
    example["scope"] = "galactic"
    path = write_record(tmp_path, example)
    run = subprocess.run(VALIDATE + ["--github", str(path)], capture_output=True, text=True)
    assert run.returncode == 1
    assert any(
        line.startswith("::error file=") and ",line=" in line for line in run.stdout.splitlines()
    )


def test_cli_clean_folder_exit_0(tmp_path, example):
    write_record(tmp_path, example)
    run = subprocess.run(VALIDATE + [str(tmp_path)], capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, "")
    assert "OK: 1 record(s) valid" in run.stderr


def test_cli_no_records(tmp_path):
    run = subprocess.run(VALIDATE + [str(tmp_path)], capture_output=True, text=True)
    assert run.returncode == 1 and "no .yml records" in run.stderr


def test_organization_named_is_each_name_as_a_whole_word(taxonomies):
    """The one compiled pattern per organisation says what a search for each name would."""
    from rules import organization_named

    def by_name(text, org):
        labels = [v for v in org.get("label", {}).values() if isinstance(v, str)]
        names = set(labels)
        for label in labels:
            names.update(re.findall(r"\(([^()]+)\)\s*$", label))
        return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names if n)

    orgs = taxonomies["organizations"]
    texts = [f"apoyo de la {acronym} y" for acronym in ("OIM", "ACNUR", "OIMX", "xOIM", "SICA")]
    texts += [label for org in orgs.values() for label in org.get("label", {}).values()]
    texts += [label[1:] + "x" for org in orgs.values() for label in org["label"].values()]
    answers = [(organization_named(t, o), by_name(t, o)) for t in texts for o in orgs.values()]
    assert all(a == b for a, b in answers) and any(a for a, _ in answers)
    assert not all(a for a, _ in answers)
