"""The GitHub workflows pass actionlint (jactionlint, correctness profile = actionlint's checks,
with shellcheck on the run: scripts) and zizmor (its pedantic persona too); links.yml keeps the
shape the issue asks for: an inconclusive `make links` leaves the issue alone, and the history
falls back to the copy pages.yml publishes with the site."""

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


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_zizmor_pedantic(workflow):
    command = [str(BIN / "zizmor"), "--offline", "--no-progress", "--persona", "pedantic",
               str(workflow)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_pedantic_catches_an_unpinned_container(tmp_path):
    ci = (LINKS.parent / "ci.yml").read_text(encoding="utf-8")
    unpinned = tmp_path / "ci.yml"
    unpinned.write_text(re.sub(r"(container: python:3\.11-bookworm)@sha256:\w+", r"\1", ci))
    command = [str(BIN / "zizmor"), "--offline", "--no-progress", "--persona", "pedantic",
               str(unpinned)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode != 0 and "unpinned-images" in result.stdout + result.stderr


def test_ci_container_is_pinned_by_digest():
    ci = yaml.safe_load((LINKS.parent / "ci.yml").read_text(encoding="utf-8"))
    (job,) = ci["jobs"].values()
    assert re.fullmatch(r"python:3\.11-bookworm@sha256:[0-9a-f]{64}", job["container"])


def _steps(path: Path, job: str | None = None) -> list[dict]:
    jobs = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]
    return (jobs[job] if job else next(iter(jobs.values())))["steps"]


def test_an_inconclusive_check_leaves_the_issue_and_the_history_alone():
    """`make links` exits non-zero when the run was inconclusive: nothing after it may run
    anyway (no always()/failure(), no continue-on-error), so neither the cache nor the issue
    changes."""
    steps = _steps(LINKS)
    check = next(i for i, s in enumerate(steps) if "make links" in s.get("run", ""))
    assert "continue-on-error" not in steps[check]
    for step in steps[check + 1 :]:
        assert "continue-on-error" not in step, step
        assert not re.search(r"always\(\)|failure\(\)|cancelled\(\)", str(step.get("if", ""))), step
    assert any("gh issue" in step.get("run", "") for step in steps[check + 1 :])


def test_history_falls_back_to_the_copy_the_site_publishes():
    """links.yml reads the published datos/enlaces.json when its cache is empty; pages.yml
    publishes it (fetching it first itself when the cache is empty, so a deploy never drops
    it) and runs nightly after the link check."""
    check = next(s for s in _steps(LINKS) if "make links" in s.get("run", ""))
    url = check["env"]["BP_LINKS_HISTORY_URL"]
    assert url.endswith(".github.io/${{ github.event.repository.name }}/datos/enlaces.json")
    pages = yaml.safe_load((LINKS.parent / "pages.yml").read_text(encoding="utf-8"))
    steps = pages["jobs"]["build"]["steps"]
    names = [s.get("id") or s.get("run", "") for s in steps]
    restore = names.index("history")
    fetch = next(i for i, s in enumerate(steps) if "linkhistory.py fetch" in s.get("run", ""))
    build = next(i for i, s in enumerate(steps) if "make site" in s.get("run", ""))
    publish = next(i for i, s in enumerate(steps) if "site/datos/enlaces.json" in s.get("run", ""))
    assert restore < fetch < build < publish
    assert steps[fetch]["if"] == "steps.history.outputs.cache-matched-key == ''"
    assert steps[fetch]["env"]["LINKS_URL"] == url
    assert "build/links/links.json site/datos/enlaces.json" in steps[publish]["run"]
    links_cron = yaml.safe_load(LINKS.read_text(encoding="utf-8"))[True]["schedule"][0]["cron"]
    pages_cron = pages[True]["schedule"][0]["cron"]
    hour = lambda cron: int(cron.split()[1])  # noqa: E731
    assert pages_cron.split()[0] == links_cron.split()[0] and hour(pages_cron) > hour(links_cron)


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
