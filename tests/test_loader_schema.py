"""The compiled schema (rules.compile_schema) says "valid" exactly when jsonschema finds no
error: on the real records, the validator's rule cases and many randomly broken records."""

from __future__ import annotations

import copy
import random

import pytest

import rules
from catalogue import practice_files
from rules import compile_schema, schema
from test_validate import CASES, DELETE, set_path
from yamlsafe import load_yaml

GARBAGE = [None, True, False, 0, 1, 7, 24, -1, 1.5, 3.0, "", " ", "x", "GT", "gt", "XX",
           "session-1", "https://example.org/x", "ftp://x", "2019", "2019-13", "2019-05-31",
           "a" * 4001, "kebab-case", "Not Kebab", [], ["x"], ["x", "x"], [1, True], [1, 1.0],
           {}, {"es": "a", "en": "b"}, {"es": " "}, {"GT": {"basis": "stated"}},
           {"url": "https://example.org", "email": "a@b.org"}]  # fmt: skip


def paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from paths(item, path + (i,))


def jsonschema_valid(data) -> bool:
    return not any(True for _ in rules._validator().iter_errors(data))


def test_the_schema_compiles():
    assert rules._schema_valid() is not None  # else every record goes through jsonschema


def test_agrees_on_the_real_records():
    for path in practice_files():
        data = load_yaml(path)[0]
        assert rules._schema_valid()(data) is jsonschema_valid(data) is True, path


@pytest.mark.parametrize("path,value", [(c[0], c[1]) for c in CASES])
def test_agrees_on_the_rule_cases(example, path, value):
    set_path(example, path, value)
    assert rules._schema_valid()(example) == jsonschema_valid(example)


def test_agrees_on_randomly_broken_records(example):
    rng = random.Random(2026)
    valid = rules._schema_valid()
    outcomes = {True: 0, False: 0}
    for _ in range(3000):
        record = copy.deepcopy(example)
        for _ in range(rng.choice([1, 1, 2, 3])):
            where = rng.choice(list(paths(record)))
            if not where:
                continue
            change = rng.random()
            parent = record
            for key in where[:-1]:
                parent = parent[key]
            if change < 0.2 and isinstance(parent, dict):
                set_path(record, where, DELETE)
            elif change < 0.3 and isinstance(parent, dict):
                parent[rng.choice(["extra", "es", "en", "url", "basis", "note"])] = rng.choice(
                    GARBAGE
                )
            else:
                set_path(record, where, copy.deepcopy(rng.choice(GARBAGE)))
        expected = jsonschema_valid(record)
        assert valid(record) == expected, record
        outcomes[expected] += 1
    assert min(outcomes.values()) > 100, outcomes  # both answers were put to the test


@pytest.mark.parametrize(
    "extra", [{"not": {"type": "string"}}, {"patternProperties": {"^x": {}}}, {"oneOf": [{}]}]
)
def test_an_unknown_keyword_sends_every_record_to_jsonschema(extra):
    assert compile_schema(dict(copy.deepcopy(schema()), **extra)) is None


def test_without_the_compiled_schema_the_problems_are_the_same(monkeypatch, taxonomies, tmp_path,
                                                              example):  # fmt: skip
    from conftest import write_record

    example["title"] = "Solo texto"
    example["gcm_objectives"] = [24]
    write_record(tmp_path, example)
    fast = rules.check(sorted(tmp_path.glob("*.yml")), taxonomies)
    monkeypatch.setattr(rules, "_schema_valid", lambda: None)
    assert rules.check(sorted(tmp_path.glob("*.yml")), taxonomies) == fast
    assert len(fast[1]) >= 2


@pytest.mark.parametrize("name", sorted(rules._TYPES))
def test_types_are_jsonschemas(name):
    checker = rules.jsonschema.Draft202012Validator.TYPE_CHECKER
    for value in GARBAGE + [2**70, float("nan"), float("inf"), -0.0, (), b"x"]:
        assert rules._TYPES[name](value) == checker.is_type(value, name), (name, value)
