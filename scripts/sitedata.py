"""The site's view of the catalogue: URLs, indexes, labels and link health, in one place.

    site = load_site(practices_dir)                 # validated records + taxonomies
    site.url("practice", "capmir-guatemala", "en")  # -> "en/practicas/capmir-guatemala/"
    site.keys("country")                            # the country index pages: ["AR", ...]
    site.members("country", "GT")                   # records of Guatemala, sorted by title
    site.label("country", "GT", "es")               # -> "Guatemala"
    site.link_state("https://...")                  # -> entry of data/links.json or None
    site.link_report                                # the whole link report, or None

Used by the page generator (generate_pages.py), the macros (macros.py), the open
data export (opendata.py) and the tests, so every URL and every grouping has one
definition. URLs are relative to the site root, without a leading slash; the
English page of any page is the same path under `en/`:

    practice      practicas/<id>/
    theme         temas/<theme-id>/
    country       paises/<iso-3166 alpha-2, lower case>/
    type          tipos/<type-id>/
    organization  organizaciones/<organization-id>/
    gcm           objetivos/<n>/        (n = 1..23, Global Compact for Migration objective)

Index pages exist for every theme, type, organisation and GCM objective of the
taxonomies, and for every country that has a practice or is a member of the CRM
or the CSM. Link health comes from the optional link report of scripts/check_links.py
({"links": [{"url", "result", "checked_at", "final_url", "broken", ...}]}), read from
$BP_LINKS_FILE, else data/links.json, else build/links/links.json; links are matched
by rules.url_key(). Without a report, pages say "not checked yet".
"""

from __future__ import annotations

import copy
import json
import os
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from catalogue import (
    LANGUAGES,
    PRACTICES_DIR,
    ROOT,
    TAXONOMIES_DIR,
    load_practices,
    load_taxonomies,
    practice_files,
)
from countries import country_name, country_slug
from rules import url_key

# The link report: data/links.json when present (a published copy), else the link checker's
# own output (scripts/check_links.py writes build/links/links.json).
LINKS_FILES = (ROOT / "data" / "links.json", ROOT / "build" / "links" / "links.json")
# Environment variables through which build_site.py tells the macros module what to read.
ENV_PRACTICES = "BP_PRACTICES_DIR"
ENV_LINKS = "BP_LINKS_FILE"

SECTIONS = {
    "practice": "practicas",
    "theme": "temas",
    "country": "paises",
    "type": "tipos",
    "organization": "organizaciones",
    "gcm": "objetivos",
}
INDEX_KINDS = ("theme", "country", "type", "organization", "gcm")
PROCESSES = ("crm", "csm")  # the two consultative processes (organizations.yml `members`)


class InvalidLinksFile(Exception):
    """data/links.json exists but is not what the link checker should write."""


def sort_key(text: str) -> str:
    """Case- and accent-insensitive sort key ("Ámbito" sorts with "ambito")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def values(record: dict, kind: str) -> list:
    """The index keys a record belongs to, for one kind of index."""
    if kind == "theme":
        return list(record["themes"])
    if kind == "country":
        return list(record["countries"])
    if kind == "type":
        return [record["type"]]
    if kind == "organization":
        return list(record.get("organizations", []))
    if kind == "gcm":
        return list(record.get("gcm_objectives", []))
    raise KeyError(kind)


def slug(kind: str, key) -> str:
    """The URL segment of an index key (country codes are lower-cased)."""
    return country_slug(key) if kind == "country" else str(key)


def page_url(path: str, lang: str) -> str:
    """The URL of a page (given by its Spanish path, e.g. "buscar/") in `lang`."""
    return path if lang == LANGUAGES[0] else f"{lang}/{path}"


def load_link_report(path: str | Path | None = None) -> dict | None:
    """The link report of scripts/check_links.py (links.json) as a dict, None when there is
    none: `path`, else $BP_LINKS_FILE, else the first of LINKS_FILES that exists."""
    if not path and os.environ.get(ENV_LINKS):
        path = os.environ[ENV_LINKS]
    if not path:
        path = next((p for p in LINKS_FILES if p.is_file()), LINKS_FILES[0])
    path = Path(path)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = [e for e in data["links"] if isinstance(e.get("url"), str)]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InvalidLinksFile(
            f"{path}: not a link report (expected a JSON object with a 'links' list of "
            f"objects with 'url'; got {type(exc).__name__}: {exc})"
        ) from exc
    return {**data, "links": entries}


def load_links(path: str | Path | None = None) -> dict[str, dict]:
    """url_key -> entry of the link report; {} when there is none."""
    return _by_url(load_link_report(path))


def _by_url(report: dict | None) -> dict[str, dict]:
    return {url_key(e["url"]): e for e in report["links"]} if report else {}


@dataclass
class Site:
    records: list[dict]
    taxonomies: dict
    links: dict = field(default_factory=dict)
    link_report: dict | None = None  # the whole links.json (generated_at, links, ...) or None

    @cached_property
    def by_id(self) -> dict[str, dict]:
        return {r["id"]: r for r in self.records}

    def url(self, kind: str, key=None, lang: str = "es") -> str:
        """URL of an index or practice page; without `key`, of the kind's overview page."""
        path = SECTIONS[kind] + "/"
        if key is not None:
            path += slug(kind, key) + "/"
        return page_url(path, lang)

    def keys(self, kind: str) -> list:
        """Every key that has an index page, in display order."""
        tax = self.taxonomies
        if kind == "theme":
            return list(tax["themes"])
        if kind == "type":
            return list(tax["types"])
        if kind == "organization":
            return list(tax["organizations"])
        if kind == "gcm":
            return sorted(int(n) for n in tax["gcm_objectives"])
        if kind == "country":
            codes = {c for r in self.records for c in r["countries"]}
            for process in PROCESSES:
                codes.update(tax["organizations"][process].get("members", []))
            return sorted(codes)
        raise KeyError(kind)

    def label(self, kind: str, key, lang: str) -> str:
        tax = self.taxonomies
        if kind == "theme":
            return tax["themes"][key]["label"][lang]
        if kind == "type":
            return tax["types"][key]["label"][lang]
        if kind == "organization":
            return tax["organizations"][key]["label"][lang]
        if kind == "gcm":
            return tax["gcm_objectives"][int(key)][lang]
        if kind == "country":
            return country_name(key, lang)
        raise KeyError(kind)

    def title(self, record: dict, lang: str) -> str:
        return record["title"][lang]

    def sorted_records(self, records, lang: str) -> list[dict]:
        return sorted(records, key=lambda r: (sort_key(r["title"][lang]), r["id"]))

    def members(self, kind: str, key, lang: str = "es") -> list[dict]:
        """The records of one index page, sorted by title in `lang`."""
        if kind == "gcm":
            key = int(key)
        return self.sorted_records((r for r in self.records if key in values(r, kind)), lang)

    def select(self, lang: str = "es", **criteria) -> list[dict]:
        """Records matching every given criterion (theme=, country=, type=, organization=, gcm=)."""
        chosen = self.records
        for kind, key in criteria.items():
            if key is None:
                continue
            if kind not in INDEX_KINDS:
                raise KeyError(f"unknown criterion {kind!r} (expected one of {INDEX_KINDS})")
            if kind == "gcm":
                key = int(key)
            if kind != "country" and key not in self.keys(kind):
                raise KeyError(f"unknown {kind} {key!r}")
            chosen = [r for r in chosen if key in values(r, kind)]
        return self.sorted_records(chosen, lang)

    def counts(self, kind: str) -> list[tuple[object, int]]:
        """(key, number of records) for every key with at least one record, largest first."""
        totals: dict = {}
        for record in self.records:
            for key in values(record, kind):
                totals[key] = totals.get(key, 0) + 1
        return sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))

    def link_state(self, url: str) -> dict | None:
        return self.links.get(url_key(url))


def load_site(
    practices_dir: str | Path | None = None, links_file: str | Path | None = None
) -> Site:
    """Records of `practices_dir` (default: $BP_PRACTICES_DIR or practices/), validated."""
    directory = Path(practices_dir or os.environ.get(ENV_PRACTICES) or PRACTICES_DIR)
    records, taxonomies = _load_catalogue(directory)
    report = load_link_report(links_file)
    return Site(records, taxonomies, links=_by_url(report), link_report=report)


# Validated records and taxonomies per practices folder, with the files' (path, mtime, size)
# they were loaded from. One site build loads them three times in one process (build_site.py,
# then mkdocs-macros once per language build): strict YAML loading and validation are most of
# the cost (about 6 ms a record), so later loads reuse the first while no file has changed.
_CATALOGUE_CACHE: dict[Path, tuple[tuple, list[dict], dict]] = {}


def _load_catalogue(directory: Path) -> tuple[list[dict], dict]:
    files = practice_files(directory) + sorted(Path(TAXONOMIES_DIR).glob("*.yml"))
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    key = directory.resolve()
    cached = _CATALOGUE_CACHE.get(key)
    if cached is None or cached[0] != stamp:
        taxonomies = load_taxonomies()
        cached = (stamp, load_practices(directory, taxonomies), taxonomies)
        _CATALOGUE_CACHE[key] = cached
    # copies: a caller that changes its records must not change the next caller's
    return copy.deepcopy(cached[1]), copy.deepcopy(cached[2])
