"""Shared fixtures: the real catalogue, and helpers to write records into tmp folders."""

from __future__ import annotations

import copy
import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from catalogue import ROOT, load_taxonomies

# Fixture modules shared by several test files: the built site (built_site, hostile_site,
# site_server), the browser (browser, page) and the link-check servers.
pytest_plugins = ["site_fixtures", "browser_fixtures", "conftest_links"]

# A small valid record that is not a real practice (tests must not depend on the catalogue).
EXAMPLE = ROOT / "tests" / "fixtures" / "practices" / "fixture-practice.yml"


@pytest.fixture(scope="session")
def taxonomies() -> dict:
    return load_taxonomies()


@pytest.fixture
def example() -> dict:
    """A fresh copy of a valid record (tests/fixtures/practices/fixture-practice.yml) to mutate."""
    return copy.deepcopy(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))


def write_record(folder: Path, data: dict, name: str | None = None) -> Path:
    """Write `data` as folder/<name or data['id']>.yml and return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name or data['id']}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


def load_bench():
    """bench/site_build.py as a module (bench/ is not a package): its synthetic records."""
    spec = importlib.util.spec_from_file_location("site_build", ROOT / "bench" / "site_build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
