"""The pull-request summary of catalogue changes."""

from __future__ import annotations

import subprocess
import sys

from catalogue import ROOT
from catalogue_diff import NULL_SHA, diff, records_at, render

SCRIPT = [sys.executable, str(ROOT / "scripts" / "catalogue_diff.py")]


def rec(title, themes, countries):
    return {"title": {"es": title, "en": title}, "themes": themes, "countries": countries}


def test_added_changed_removed_by_theme_and_country():
    base = {
        "a": rec("A", ["observatory"], ["PA"]),
        "b": rec("B", ["communication"], []),
        "c": rec("C", ["observatory"], ["CO"]),
    }
    head = {
        "a": rec("A", ["observatory"], ["PA"]),
        "b": rec("B cambiada", ["communication"], []),
        "d": rec("D `x`", ["observatory", "local-governments"], ["PA", "CL"]),
    }
    summary = diff(base, head)
    assert [i for i, _ in summary["added"]] == ["d"]
    assert [i for i, _ in summary["changed"]] == ["b"]
    assert [i for i, _ in summary["removed"]] == ["c"]
    assert summary["by_theme"]["observatory"] == {"added": 1, "removed": 1}
    assert summary["by_country"]["PA"] == {"added": 1}
    assert summary["by_country"]["(none)"] == {"changed": 1}
    text = render(summary)
    assert "3 → 3 practices: 1 added, 1 changed, 1 removed." in text
    assert "- `d` `D 'x'`" in text  # a backtick in a title cannot break out of its code span
    assert "| `CL` | 1 | 0 | 0 |" in text


def test_reads_a_git_revision():
    root = subprocess.run(
        ["git", "rev-list", "--max-parents=0", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[0]
    records = records_at(root)
    assert "capmir-guatemala" in records
    assert records["capmir-guatemala"]["type"] == "service-centre"


def test_cli_without_base_and_with_bad_revision():
    run = subprocess.run(SCRIPT + [NULL_SHA], capture_output=True, text=True)
    assert run.returncode == 0 and "No earlier revision" in run.stdout
    run = subprocess.run(SCRIPT + ["no-such-revision"], capture_output=True, text=True)
    assert run.returncode == 1 and "cannot read revision" in run.stderr
