"""What a change does to the catalogue: `python scripts/catalogue_diff.py BASE [HEAD]`.

Compares the records of practices/ at git revision BASE with those at HEAD (default: the
working tree) and prints a Markdown summary: practices added, changed and removed, and the
same counts by theme and by country. CI appends it to the job summary of every pull request.
Records that do not load at a revision are counted under their file name. Read-only.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

from catalogue import PRACTICES_DIR, ROOT
from templating import environment
from yamlsafe import YamlError, load_yaml

NULL_SHA = "0" * 40


def records_at(revision: str | None) -> dict[str, dict]:
    """{id: record} of practices/ at a git revision (None: the working tree)."""
    out: dict[str, dict] = {}
    if revision is None:
        files = sorted(PRACTICES_DIR.glob("*.yml"))
        for path in files:
            out[path.stem] = _load(path)
        return out
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "practices"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tmp, filter="data")
        for path in sorted(Path(tmp, "practices").glob("*.yml")):
            out[path.stem] = _load(path)
    return out


def _load(path: Path) -> dict:
    try:
        data, _ = load_yaml(path)
    except YamlError:
        return {}
    return data if isinstance(data, dict) else {}


def diff(base: dict[str, dict], head: dict[str, dict]) -> dict:
    added = sorted(set(head) - set(base))
    removed = sorted(set(base) - set(head))
    changed = sorted(i for i in set(base) & set(head) if base[i] != head[i])
    by_theme: dict[str, Counter] = {}
    by_country: dict[str, Counter] = {}
    for kind, ids, side in (
        ("added", added, head),
        ("changed", changed, head),
        ("removed", removed, base),
    ):
        for rid in ids:
            record = side[rid]
            for theme in record.get("themes") or ["(none)"]:
                by_theme.setdefault(str(theme), Counter())[kind] += 1
            for country in record.get("countries") or ["(none)"]:
                by_country.setdefault(str(country), Counter())[kind] += 1
    return {
        "added": [(i, head[i]) for i in added],
        "changed": [(i, head[i]) for i in changed],
        "removed": [(i, base[i]) for i in removed],
        "by_theme": dict(sorted(by_theme.items())),
        "by_country": dict(sorted(by_country.items())),
        "total_before": len(base),
        "total_after": len(head),
    }


def render(summary: dict) -> str:
    env = environment(autoescape=False)  # Markdown output; titles are shown inside code spans
    return env.get_template("catalogue-diff.md.jinja").render(**summary)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base", help="git revision to compare with (e.g. origin/main)")
    parser.add_argument("head", nargs="?", help="git revision (default: the working tree)")
    args = parser.parse_args(argv)
    if not args.base or args.base == NULL_SHA:
        print("## Catalogue changes\n\nNo earlier revision to compare with.")
        return 0
    try:
        summary = diff(records_at(args.base), records_at(args.head))
    except subprocess.CalledProcessError as exc:
        print(f"cannot read revision: {exc.stderr.decode().strip()}", file=sys.stderr)
        return 1
    print(render(summary), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
