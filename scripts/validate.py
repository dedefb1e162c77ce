"""Validate practice records: `python scripts/validate.py [PATH ...]` (also `make validate`).

PATH is a record file or a folder of records (default: practices/). Every
problem of every file is printed, one per line, as

    FILE:LINE: FIELD.PATH: problem (got VALUE; expected ...)

then a one-line summary on standard error. Exit status: 0 when every record is
valid, 1 when any problem was found, 2 on a usage error. With --github the
problems are also printed as GitHub Actions annotations (::error file=...,line=...::)
so they show on the pull request's lines. The member lists of taxonomies/organizations.yml
are checked too (membership.membership_problems: every list has its official source).
Records are only read, never written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from catalogue import PRACTICES_DIR, ROOT, load_taxonomies, practice_files
from membership import membership_problems
from rules import check
from yamlsafe import YamlError


def _files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files.extend(practice_files(path) if path.is_dir() else [path])
    return files


def _relative(file: str) -> str:
    try:
        return str(Path(file).resolve().relative_to(ROOT))
    except ValueError:
        return file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", default=[str(PRACTICES_DIR)], metavar="PATH")
    parser.add_argument("--github", action="store_true", help="also print GitHub annotations")
    args = parser.parse_args(argv)

    try:
        taxonomies = load_taxonomies()
    except YamlError as exc:
        print(f"{exc.file}:{exc.line}: (taxonomy): {exc.message}")
        return 1
    membership = membership_problems(taxonomies)
    for problem in membership:
        print(problem)
    files = _files(args.paths)
    if not files:
        print(f"no .yml records found in {', '.join(args.paths)}", file=sys.stderr)
        return 1
    records, problems = check(files, taxonomies)
    for problem in problems:
        print(problem)
        if args.github:
            message = f"{problem.field}: {problem.message}".replace("%", "%25").replace("\n", "%0A")
            print(f"::error file={_relative(problem.file)},line={problem.line}::{message}")
    bad = len({p.file for p in problems})
    if problems or membership:
        print(f"{len(problems)} problem(s) in {bad} of {len(files)} file(s)", file=sys.stderr)
        if membership:
            print(f"{len(membership)} problem(s) in taxonomies/organizations.yml", file=sys.stderr)
        return 1
    print(f"OK: {len(records)} record(s) valid", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
