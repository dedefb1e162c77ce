"""When each practice was published and last changed, from the repository's history.

    history = read(practices_dir)          # one `git log` over the folder, run in the folder
    dates = history.dates("capmir-guatemala")  # Dates, or None: no dates for this record
    dates.published, dates.modified        # aware datetimes, in UTC
    dates.changes                          # (Change, ...) newest first; the last one added it
    history.events()                       # every Change of every record, newest first
    history.unavailable                    # None, or why no record has dates
    iso(moment)                            # "2026-12-04T00:25:06Z"

What the dates are. `published` is the date of the first commit that added practices/<id>.yml,
`modified` the date of the last commit that touched it. Renames are followed (git's rename
detection, -M): a record renamed from a.yml to b.yml keeps the first date of a.yml, and its
rename is one of its changes. Dates are commit dates (when a commit was made, or rebased onto
the branch), in UTC. Merge commits list no files in `git log`, so each change is dated and
described by the commit that made it: its subject line (Change.subject) is what the "what's new"
page and the Atom feeds (feeds.py) say the change was. A record deleted and added again
starts afresh.

The history is read with one `git log --name-status -M --relative -- .` in the practices
folder (not in the current directory: the build may read records from elsewhere, as the tests
do, and git finds the checkout that holds the folder), plus `git rev-parse
--is-shallow-repository` before it. The hooks read it once per build (scripts/hooks.py: the
second language's build of mkdocs-static-i18n reuses it; each `mkdocs serve` rebuild reads it
again, so a new commit shows).

No dates, and nothing false said about them (the page prints no date line, the open data has
null / empty cells, the JSON-LD leaves out datePublished and dateModified, the feeds and the
"what's new" page leave the record out, the sitemap keeps MkDocs' own lastmod, the build date,
as for every other page):

    - for every record, when the folder is not in a git checkout (a source archive, the tests'
      copies of the records), git is missing or fails (for instance a checkout owned by another
      user), or the clone is shallow (`git clone --depth N`, and actions/checkout's default
      fetch-depth of 1): the oldest commit of a shallow clone would pass for the first one of
      every record. History.unavailable says which, and read() logs it once as a warning, on
      a logger outside MkDocs' own (`buenas_practicas.history`), so that `mkdocs build
      --strict` still builds such a copy. The Pages workflow checks out with fetch-depth: 0
      (.github/workflows/pages.yml; tests/test_history.py keeps it so); a fresh `git clone`
      has the whole history;
    - for a record that is not committed yet (a new file in the working tree): it has not
      been published, and the build time would say it was; it gets its dates once committed.
      A committed record edited in the working tree keeps the dates of its commits.

Why not mkdocs-git-revision-date-localized-plugin (or mkdocs-rss-plugin's git dates): they date
a page by its own source file, and a practice page has none (the hooks generate it from
practices/<id>.yml, with no file in docs/); the first gives every generated page the build
time, the second needs a page's source path, which a generated page lacks. Both run git
once per page.
"""

from __future__ import annotations

import logging
import os
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger("buenas_practicas.history")

RECORD = "\x1e"  # starts each commit in the log's output
UNIT = "\x1f"  # separates a commit's hash, date and subject
LOG_FORMAT = f"--format={RECORD}%H{UNIT}%cI{UNIT}%s"
GIT_TIMEOUT = 120  # seconds; a log of the whole history takes well under one
# What the environment may say about *another* repository (a git hook sets GIT_DIR...): the
# history is that of the checkout that holds the practices folder.
GIT_ENV_DROPPED = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR")


@dataclass(frozen=True)
class Change:
    """One commit that touched one record."""

    record: str  # the record's id today (after any rename)
    date: datetime  # commit date, UTC
    subject: str  # the commit's subject line
    commit: str  # its hash
    added: bool  # the commit that added the record (its first)


@dataclass(frozen=True)
class Dates:
    published: datetime
    modified: datetime
    changes: tuple[Change, ...]  # newest first


@dataclass
class History:
    records: dict[str, Dates] = field(default_factory=dict)
    unavailable: str | None = "the history was not read"

    def dates(self, record_id: str) -> Dates | None:
        return self.records.get(record_id)

    def events(self) -> list[Change]:
        """Every change of every record, newest first (ties: by record id)."""
        changes = [c for dates in self.records.values() for c in dates.changes]
        return sorted(changes, key=lambda c: (-c.date.timestamp(), c.record, not c.added))


def iso(moment: datetime) -> str:
    """An aware datetime as ISO 8601 in UTC to the second: "2026-12-04T00:25:06Z"."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in GIT_ENV_DROPPED}
    return subprocess.run(
        ["git", "-c", "core.quotePath=false", "-c", "log.showSignature=false", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=GIT_TIMEOUT,
        env=env,
    )


def _unavailable(folder: Path, reason: str) -> History:
    log.warning(
        "no publication dates for the practices in %s: %s (pages, open data and feeds "
        "show none; build from a full git clone for them)",
        folder,
        reason,
    )
    return History(unavailable=reason)


def read(folder: str | Path) -> History:
    """The history of the records (*.yml) directly in `folder`, from the git checkout that
    holds it; see the module docstring for what happens without one."""
    folder = Path(folder).resolve()
    try:
        shallow = _git(folder, "rev-parse", "--is-shallow-repository")
        if shallow.returncode != 0:
            message = (shallow.stderr.strip().splitlines() or ["git rev-parse failed"])[0]
            return _unavailable(folder, f"not in a git checkout ({message})")
        if shallow.stdout.strip() == "true":
            return _unavailable(folder, "a shallow clone (its first commits are not there)")
        result = _git(
            folder, "log", LOG_FORMAT, "--name-status", "-M", "--relative", "--no-color", "--", "."
        )
    except FileNotFoundError:
        return _unavailable(folder, "git is not installed")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return _unavailable(folder, f"git failed ({exc})")
    if result.returncode != 0:
        message = (result.stderr.strip().splitlines() or ["git log failed"])[0]
        return _unavailable(folder, f"git log failed ({message})")
    return History(records=parse(result.stdout), unavailable=None)


def _record_id(path: str) -> str | None:
    """The record id of a path relative to the folder: a.yml -> "a"; None for anything else
    (a file in a subfolder, a quoted name)."""
    if "/" in path or not path.endswith(".yml") or path.startswith('"'):
        return None
    return path[: -len(".yml")]


def parse(output: str) -> dict[str, Dates]:
    """Dates of every record from the output of read()'s `git log` (newest commit first)."""
    owner: dict[str, str | None] = {}  # file name -> the record it is today (None: no record)
    changes: dict[str, list[Change]] = {}

    def touch(path: str, date: datetime, subject: str, commit: str, added: bool) -> str | None:
        record = owner.get(path, _record_id(path))
        if record is not None:
            changes.setdefault(record, []).append(Change(record, date, subject, commit, added))
        return record

    for block in output.split(RECORD)[1:]:
        header, _, body = block.partition("\n")
        commit, date_text, subject = header.split(UNIT, 2)
        date = datetime.fromisoformat(date_text).astimezone(UTC)
        for line in body.splitlines():
            status, *paths = line.split("\t")
            if not status or not paths:
                continue
            kind = status[0]
            if kind == "R" and len(paths) == 2:  # older commits knew the record by its old name
                old, new = paths
                owner[old] = touch(new, date, subject, commit, False)
                owner[new] = None  # before this commit, no record had the new name
            elif kind == "A":
                touch(paths[0], date, subject, commit, True)
                owner[paths[0]] = None  # older commits of that name: a record since deleted
            elif kind == "D":
                owner[paths[0]] = None
            else:  # M (modified), T (type changed), C (copied: the new file is paths[-1])...
                touch(paths[-1], date, subject, commit, kind == "C")
                if kind == "C":
                    owner[paths[-1]] = None
    return {
        record: Dates(published=found[-1].date, modified=found[0].date, changes=tuple(found))
        for record, found in changes.items()
    }
