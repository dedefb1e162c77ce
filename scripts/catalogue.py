"""The one loader of the catalogue: taxonomies and practice records.

    taxonomies = load_taxonomies()        # {"themes": {...}, "types": {...}, ...}
    practices = load_practices()          # [record, ...] sorted by id; raises InvalidCatalogue

Paths are relative to the repository root (paths.ROOT, re-exported here). Records are validated by
rules.check() before they are returned, so code that builds pages or checks
links only ever sees valid records. Taxonomy files are loaded with the same
strict YAML loader as records (yamlsafe).

load_practices() is incremental within one process (`mkdocs serve` reloads the catalogue on
every save): CACHE, a rules.RecordCache, keeps each valid file's record and checks, so after
one edit only that file is parsed and checked again, and the rules across records (unique
ids, URLs) run on them all (rules' docstring says what is cached and what never is).
"""

from __future__ import annotations

from pathlib import Path

from paths import LANGUAGES, PRACTICES_DIR, ROOT, SCHEMA_PATH, TAXONOMIES_DIR
from rules import RecordCache, check
from yamlsafe import load_yaml

__all__ = ["LANGUAGES", "PRACTICES_DIR", "ROOT", "SCHEMA_PATH", "TAXONOMIES_DIR"]

# taxonomy name (key of load_taxonomies()) -> file in taxonomies/
TAXONOMY_FILES = {
    "themes": "themes.yml",
    "types": "types.yml",
    "organizations": "organizations.yml",
    "events": "events.yml",
    "gcm_objectives": "gcm-objectives.yml",
}


# The records of every load_practices() call of this process (rules.RecordCache);
# CACHE.parses counts the files parsed, CACHE.clear() empties it.
CACHE = RecordCache()


class InvalidCatalogue(Exception):
    """Raised by load_practices() with the list of problems (rules.Problem)."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_taxonomies(directory: str | Path = TAXONOMIES_DIR) -> dict[str, dict]:
    directory = Path(directory)
    return {name: load_yaml(directory / file)[0] for name, file in TAXONOMY_FILES.items()}


def practice_files(directory: str | Path = PRACTICES_DIR) -> list[Path]:
    return sorted(Path(directory).glob("*.yml"))


def load_practices(
    directory: str | Path = PRACTICES_DIR,
    taxonomies: dict | None = None,
    allow_private: bool = False,
) -> list[dict]:
    """Every record of `directory`, validated, sorted by id (allow_private: see rules.check)."""
    taxonomies = taxonomies or load_taxonomies()
    records, problems = check(practice_files(directory), taxonomies, allow_private, cache=CACHE)
    if problems:
        raise InvalidCatalogue(problems)
    return sorted(records, key=lambda r: r["id"])
