"""Where things are: the repository's folders and files, in one place (no imports of ours,
so any module can use it without an import cycle)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRACTICES_DIR = ROOT / "practices"
TAXONOMIES_DIR = ROOT / "taxonomies"
SCHEMA_PATH = ROOT / "schema" / "practice.schema.json"
TEMPLATES_DIR = ROOT / "templates"
CACHE_DIR = ROOT / "build" / "cache"  # what one build leaves the next (templating, regionmap)
LANGUAGES = ("es", "en")  # Spanish first: the default language of the site
