"""yamlsafe's two paths give the same data, lines and errors: libyaml's composer with the
Python walk (texts without `*` or `!`) and the reference path (checked composer)."""

from __future__ import annotations

from pathlib import Path

import pytest

import yamlsafe
from catalogue import ROOT
from yamlsafe import YamlError, load_yaml_bytes

EDGE_CASES = [
    "a: 1\nb: 0x1A\nc: 1_000\nd: 1:30\ne: .inf\nf: ~\ng: yes\nh: 2023-08-23\ni: 1e3\nj: 0o17\n",
    "1: a\n0x1: b\n",  # the same key twice, once in hexadecimal
    "1: a\n2: b\n10: c\n03: d\n",
    "yes: x\n",
    "1.5: x\n",
    "[a, b]: x\n",
    "? [a]\n: b\n",
    "<<: {a: 1}\nb: 2\n",
    "=: x\n",
    "a: b\n---\nc: d\n",
    "a: [unclosed\n",
    "a:\n  b: 1\n  b: 2\n",
    "x: " + "[" * 60 + "]" * 60 + "\n",
    "x: " + "[" * 5000 + "]" * 5000 + "\n",
    "just text\n",
    "- a\n- b\n",
    "a: &x 1\n",
    "a: &x 1\nb: &x 2\n",
    "\ufeffa: 1\n",
    "a: 'it''s'\nb: \"\\x01\"\n",
    "null: 1\n",
    "a: null\nb: Null\nc: ''\nd:\n",
    "a:\n  - b: 1\n    c: [1, {d: e}]\n  - 2\n",
    "a: ¡Hola!\n",
    "a: *b\n",
]


def both(text: str, monkeypatch):
    def load():
        try:
            return load_yaml_bytes(text.encode("utf-8"), "f.yml")
        except YamlError as exc:
            return ("error", exc.line, exc.message)

    fast = load()
    with monkeypatch.context() as patch:
        patch.setattr(yamlsafe, "_fast", lambda text: None)
        reference = load()
    return fast, reference


def texts() -> list[Path]:
    return sorted((ROOT / "practices").glob("*.yml")) + sorted((ROOT / "taxonomies").glob("*.yml"))


@pytest.mark.parametrize("text", EDGE_CASES)
def test_same_result_on_edge_cases(text, monkeypatch):
    fast, reference = both(text, monkeypatch)
    assert fast == reference


def test_same_result_on_every_record_and_taxonomy(monkeypatch):
    for path in texts():
        fast, reference = both(path.read_text(encoding="utf-8"), monkeypatch)
        assert fast == reference, path


def test_the_real_records_take_the_fast_path(monkeypatch):
    """Else the speed-up is silently lost (each record would go through the Python composer)."""
    walked = []
    tree = yamlsafe._tree
    monkeypatch.setattr(
        yamlsafe, "_tree", lambda node, path, *a: walked.append(path) or tree(node, path, *a)
    )
    records = sorted((ROOT / "practices").glob("*.yml"))
    for path in records:
        load_yaml_bytes(path.read_bytes(), path)
    assert walked.count(()) == len(records)  # one walk from each document's root


@pytest.mark.parametrize("text", ["a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !custom x\n"])
def test_aliases_and_tags_go_the_reference_way(text, monkeypatch):
    monkeypatch.setattr(yamlsafe, "_tree", lambda *a: pytest.fail("the fast walk saw " + text))
    with pytest.raises(YamlError, match="not allowed"):
        load_yaml_bytes(text.encode(), "f.yml")
