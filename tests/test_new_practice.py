"""The scaffold: a record that fails validation only on its placeholders; never overwrites; it
offers the practice sheet (every detail, the further source's keys, source.status_text and
source.research_note) as comments which, uncommented, are the record's own format."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import yaml

from catalogue import ROOT, load_taxonomies
from rules import DETAILS, check

NEW = [sys.executable, str(ROOT / "scripts" / "new_practice.py")]


def run_new(tmp_path, *args):
    return subprocess.run(
        NEW + ["--practices", str(tmp_path), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def test_scaffold_fails_validation_on_each_placeholder_only(tmp_path):
    run = run_new(
        tmp_path, "mi-practica", "--title-es", 'Ventanilla "única": sí', "--country", "pa"
    )
    assert run.returncode == 0, run.stderr
    path = tmp_path / "mi-practica.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/practice.schema.json")
    _, problems = check([path], load_taxonomies())
    fields = [p.field for p in problems]
    assert fields == [
        "title.en",
        "summary.es",
        "summary.en",
        "type",
        "themes[0]",
        "scope",
        "links[0].url",
        "source.mentions[0].section",
        "source.mentions[0].text",
    ]
    assert all("placeholder not filled in" in p.message for p in problems)
    data = yaml.safe_load(text)
    assert data["title"]["es"] == 'Ventanilla "única": sí'
    assert data["countries"] == ["PA"] and data["source"]["countries"] == {
        "PA": {"basis": "stated"}
    }


SOURCE_KEYS = ("url", "title", "publisher", "published", "accessed", "kind", "language", "supports")
ALL_GIVEN = ["--title-es", "Ventanilla", "--title-en", "Window", "--type", "service-centre",
             "--theme", "local-governments", "--scope", "local", "--url",
             "https://www.example.gob.pa/ventanilla"]  # fmt: skip


def test_scaffold_offers_the_practice_sheet_as_comments(tmp_path):
    assert run_new(tmp_path, "con-ficha", *ALL_GIVEN).returncode == 0
    text = (tmp_path / "con-ficha.yml").read_text(encoding="utf-8")
    for name in (*DETAILS, "further_sources"):
        assert re.search(rf"^# {name}:", text, re.M), name
    for key in SOURCE_KEYS:
        assert re.search(rf"^# +(- )?{key}:", text, re.M), key
    for key in ("status_text", "research_note"):  # inside source:, indented like its keys
        assert re.search(rf"^  # {key}:", text, re.M), key
    assert not set(yaml.safe_load(text)) & {*DETAILS, "further_sources"}


def test_the_sheet_uncommented_is_the_record_format(tmp_path):
    """Remove the "# " of the sheet's lines (naming every detail in supports): the validator
    finds nothing but the scaffold's own placeholders, so each key offered is the schema's."""
    assert run_new(tmp_path, "con-ficha", *ALL_GIVEN).returncode == 0
    path = tmp_path / "con-ficha.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("# To use one, remove"))
    sheet = [line[2:] if line.startswith("# ") else line for line in lines[start + 1 :]]
    text = "".join(lines[: start + 1] + sheet)
    text = re.sub(r"supports: \[[^]]*\]", f"supports: [{', '.join(DETAILS)}]", text)
    path.write_text(text, encoding="utf-8")
    data = yaml.safe_load(text)
    assert set(DETAILS) <= set(data) and list(data["further_sources"][0]) == list(SOURCE_KEYS)
    _, problems = check([path], load_taxonomies())
    assert [p.field for p in problems] == [
        "summary.es", "summary.en", "source.mentions[0].section", "source.mentions[0].text",
    ]  # fmt: skip
    assert all("placeholder not filled in" in p.message for p in problems)
    # and the supports must name the details: one left out is reported
    path.write_text(text.replace("supports: [description, ", "supports: ["), encoding="utf-8")
    _, problems = check([path], load_taxonomies())
    assert "description" in [p.field for p in problems]


def test_never_overwrites(tmp_path):
    path = tmp_path / "existente.yml"
    path.write_text("id: existente\n")
    run = run_new(tmp_path, "existente", "--title-es", "Otra")
    assert run.returncode == 1 and "already exists" in run.stderr
    assert path.read_text() == "id: existente\n"


def test_bad_values_refused_nothing_written(tmp_path):
    run = run_new(tmp_path, "Mala_ID", "--theme", "weather", "--country", "XX")
    assert run.returncode == 1
    assert "ID: invalid" in run.stderr and "--theme: unknown" in run.stderr
    assert "--country: unknown" in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_asks_for_missing_fields_in_a_terminal(tmp_path):
    pid, fd = pty.fork()
    if pid == 0:  # child: the scaffold with a terminal as stdin
        os.execv(sys.executable, NEW + ["--practices", str(tmp_path), "desde-terminal"])
    answers = iter(
        [
            "Práctica desde la terminal",
            "Practice from the terminal",
            "campaign",
            "communication, observatory",
            "PA, CO",
        ]
    )
    output = b""
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if chunk.rstrip().endswith(b":"):
            os.write(fd, (next(answers) + "\n").encode())
    os.waitpid(pid, 0)
    data = yaml.safe_load((tmp_path / "desde-terminal.yml").read_text(encoding="utf-8"))
    assert data["title"] == {"es": "Práctica desde la terminal", "en": "Practice from the terminal"}
    assert data["type"] == "campaign" and data["themes"] == ["communication", "observatory"]
    assert data["countries"] == ["PA", "CO"]
