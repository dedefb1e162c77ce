"""The GitHub workflows pass actionlint (jactionlint, correctness profile = actionlint's checks,
with shellcheck on the run: scripts) and zizmor; links.yml keeps the shape the issue asks for."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from catalogue import ROOT

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINKS = ROOT / ".github" / "workflows" / "links.yml"

BROKEN = """\
name: broken
on:
  push:
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - run: echo "${{ github.event.nosuchcontext.value }}"
        if: ${{ matrix.missing }}
      - uses: actions/checkout@v4
        with:
          not-an-input: true
"""


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    command = [str(BIN / "jactionlint"), "--profile", "correctness", "--no-color",
               f"--shellcheck={BIN / 'shellcheck'}", *map(str, paths)]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_actionlint(workflow):
    result = actionlint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "shellcheck was not found" not in result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(BROKEN, encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1
    for finding in ('property "missing" is not defined', 'input "not-an-input" is not defined'):
        assert finding in result.stdout, result.stdout


def test_links_workflow_passes_zizmor():
    command = [str(BIN / "zizmor"), "--offline", "--no-progress", str(LINKS)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_links_workflow_shape():
    text = LINKS.read_text(encoding="utf-8")
    flow = yaml.safe_load(text)
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert "schedule" in triggers and "workflow_dispatch" in triggers
    assert flow["permissions"] == {}
    (job,) = flow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "make links" in runs and "gh issue create" in runs and "gh issue close" in runs
    for line in re.findall(r"uses: (\S+.*)", text):
        assert re.fullmatch(r"[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", line), line


def test_pages_build_restores_the_nightly_link_report_before_the_site():
    """The deployed site shows the latest nightly state: pages.yml restores links.yml's cache
    entry (same key prefix, same pinned action) into the file the build reads, then builds."""
    links_steps = next(iter(yaml.safe_load(LINKS.read_text(encoding="utf-8"))["jobs"].values()))
    (save,) = [s for s in links_steps["steps"] if "actions/cache/save@" in s.get("uses", "")]
    pages = yaml.safe_load((LINKS.parent / "pages.yml").read_text(encoding="utf-8"))
    steps = pages["jobs"]["build"]["steps"]
    (restore,) = [i for i, s in enumerate(steps) if "actions/cache/restore@" in s.get("uses", "")]
    build = next(i for i, s in enumerate(steps) if "make site" in s.get("run", ""))
    assert restore < build
    step = steps[restore]
    assert step["uses"].split("@")[1] == save["uses"].split("@")[1]  # same pinned commit
    assert step["with"]["path"] == save["with"]["path"] == "build/links/links.json"
    prefix = step["with"]["restore-keys"]
    assert save["with"]["key"].startswith(prefix) and not step["with"]["key"] == prefix
