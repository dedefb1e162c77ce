"""The scaffold: a record that fails validation only on its placeholders; never overwrites."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import yaml

from catalogue import ROOT, load_taxonomies
from rules import check

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
