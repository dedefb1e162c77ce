"""history.py: a practice's dates from the repository's history, read from temporary git
repositories whose commits have known dates (GIT_AUTHOR_DATE, GIT_COMMITTER_DATE): added,
changed, renamed, deleted and added again, not committed; and the fallbacks: a shallow clone,
a folder outside any checkout, no git. The Pages workflow keeps the whole history."""

from __future__ import annotations

import logging
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

import history
from catalogue import ROOT

LOGGER = "buenas_practicas.history"


class Repo:
    """A git repository in a temporary folder, with its records in practices/."""

    def __init__(self, root: Path):
        self.root = root
        self.practices = root / "practices"
        self.practices.mkdir(parents=True)
        self.git("init", "--quiet")

    def git(self, *args: str, date: str | None = None) -> str:
        env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(self.root.parent)}
        for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
            env.pop(name, None)
        if date:
            env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        settings = ["user.name=Test", "user.email=test@example.org", "commit.gpgsign=false"]
        settings += ["core.hooksPath=/dev/null", "init.defaultBranch=main"]
        options = [part for setting in settings for part in ("-c", setting)]
        return subprocess.run(
            ["git", *options, *args],
            cwd=self.root,
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout

    def write(self, name: str, text: str) -> None:
        (self.practices / name).write_text(text, encoding="utf-8")

    def commit(self, message: str, date: str) -> str:
        self.git("add", "--all")
        self.git("commit", "--quiet", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path / "repo")


def record_text(record_id: str, words: str = "") -> str:
    """A record-like YAML file (history.py reads file names only, not their contents); long
    enough that git's rename detection sees a renamed file with one line changed as renamed."""
    lines = {"id": record_id, "words": words, **{f"line_{n}": "x" * 40 for n in range(12)}}
    return yaml.safe_dump(lines)


def test_added_changed_renamed_and_not_committed(repo):
    repo.write("a.yml", record_text("a"))
    repo.write("old-name.yml", record_text("old-name"))
    first = repo.commit("Add a and old-name", "2024-03-01T10:00:00+00:00")
    repo.write("a.yml", record_text("a", "a sharper summary"))
    repo.commit("a: a sharper summary", "2024-04-02T09:30:00+02:00")  # 07:30 UTC
    repo.git("mv", "practices/old-name.yml", "practices/new-name.yml")
    repo.write("new-name.yml", record_text("new-name"))
    repo.commit("Rename old-name to new-name", "2024-05-03T12:00:00+00:00")
    (repo.root / "README").write_text("not a record\n")  # a commit outside practices/
    repo.commit("Readme", "2024-06-01T00:00:00+00:00")
    repo.write("draft.yml", record_text("draft"))  # in the working tree only

    found = history.read(repo.practices)

    assert found.unavailable is None
    a = found.dates("a")
    assert (a.published, a.modified) == (utc("2024-03-01T10:00:00Z"), utc("2024-04-02T07:30:00Z"))
    assert [(c.subject, c.added) for c in a.changes] == [
        ("a: a sharper summary", False),
        ("Add a and old-name", True),
    ]
    assert a.changes[-1].commit == first
    renamed = found.dates("new-name")  # keeps the first date of its old name
    assert renamed.published == utc("2024-03-01T10:00:00Z")
    assert renamed.modified == utc("2024-05-03T12:00:00Z")
    assert [c.subject for c in renamed.changes] == [
        "Rename old-name to new-name",
        "Add a and old-name",
    ]
    assert found.dates("old-name") is None  # that name is no record any more
    assert found.dates("draft") is None  # not published: no dates rather than the build time
    assert set(found.records) == {"a", "new-name"}
    assert [(c.record, c.date.month) for c in found.events()] == [
        ("new-name", 5),
        ("a", 4),
        ("a", 3),
        ("new-name", 3),
    ]
    assert history.iso(a.modified) == "2024-04-02T07:30:00Z"


def test_a_record_deleted_and_added_again_starts_afresh(repo):
    repo.write("a.yml", record_text("a"))
    repo.commit("Add a", "2024-01-01T00:00:00+00:00")
    (repo.practices / "a.yml").unlink()
    repo.commit("Remove a", "2024-02-01T00:00:00+00:00")
    repo.write("a.yml", record_text("a", "again"))
    repo.commit("Add a again", "2024-03-01T00:00:00+00:00")

    dates = history.read(repo.practices).dates("a")

    assert dates.published == dates.modified == utc("2024-03-01T00:00:00Z")
    assert [c.subject for c in dates.changes] == ["Add a again"]


def test_one_git_log_for_the_whole_folder(repo, monkeypatch):
    for name in ("a", "b", "c"):
        repo.write(f"{name}.yml", record_text(name))
    repo.commit("Add three", "2024-01-01T00:00:00+00:00")
    calls = []
    real = history._git
    monkeypatch.setattr(history, "_git", lambda *a: calls.append(a[1:]) or real(*a))

    assert len(history.read(repo.practices).records) == 3
    assert [c[0] for c in calls] == ["rev-parse", "log"]


def test_a_shallow_clone_has_no_dates_and_says_so_once(repo, tmp_path, caplog):
    repo.write("a.yml", record_text("a"))
    repo.commit("Add a", "2024-01-01T00:00:00+00:00")
    repo.write("a.yml", record_text("a", "changed"))
    repo.commit("Change a", "2024-02-01T00:00:00+00:00")
    shallow = tmp_path / "shallow"
    repo.git("clone", "--quiet", "--depth", "1", f"file://{repo.root}", str(shallow))

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        found = history.read(shallow / "practices")

    assert found.records == {} and found.dates("a") is None
    assert "shallow" in found.unavailable
    assert [r.levelname for r in caplog.records if r.name == LOGGER] == ["WARNING"]
    assert "shallow" in caplog.records[0].getMessage()


def test_outside_a_git_checkout_there_are_no_dates(tmp_path, monkeypatch, caplog):
    folder = tmp_path / "copy" / "practices"
    folder.mkdir(parents=True)
    (folder / "a.yml").write_text(record_text("a"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no checkout above it

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        found = history.read(folder)

    assert found.records == {} and "not in a git checkout" in found.unavailable
    assert len([r for r in caplog.records if r.name == LOGGER]) == 1


def test_without_git_there_are_no_dates(repo, monkeypatch, tmp_path, caplog):
    repo.write("a.yml", record_text("a"))
    repo.commit("Add a", "2024-01-01T00:00:00+00:00")
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no git to run

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        found = history.read(repo.practices)

    assert found.records == {} and found.unavailable == "git is not installed"
    assert len([r for r in caplog.records if r.name == LOGGER]) == 1


def test_the_pages_workflow_checks_out_the_whole_history():
    """actions/checkout fetches one commit by default: a shallow clone, so no dates."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text("utf-8"))
    checkouts = [
        step
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if str(step.get("uses", "")).startswith("actions/checkout@")
    ]
    assert checkouts, "the Pages workflow has no checkout"
    for step in checkouts:
        assert step.get("with", {}).get("fetch-depth") == 0, step
