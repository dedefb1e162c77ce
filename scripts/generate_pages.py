"""Write the page skeletons of practices and indexes into a docs folder.

    generate(site, docs_dir)   # -> number of files written

Each generated page source is one macro call with a validated id and nothing else,
for example docs/paises/gt.md:

    {{ index_page("country", "gt") }}

Record text never goes into a page source (mkdocs-macros renders sources as
unsandboxed Jinja2); the macros insert it escaped at build time. Every page is
written twice, `<name>.md` (Spanish) and `<name>.en.md` (English). Written pages:

    practicas/_shell.md                       {{ practice_shell() }}: the one practice page
                                              mkdocs renders; build_site.py fills a copy
                                              of it per record (macros.practice_pages)
    paises/, tipos/, organizaciones/,         index.md (overview) and <key>.md for
    objetivos/                                every key of sitedata.Site.keys(kind)

Theme pages (temas/) are prose pages written by hand; they call practice_list().
build_site.py runs this on a staging copy of docs/, so the repository's docs/ only
holds hand-written pages.
"""

from __future__ import annotations

from pathlib import Path

from catalogue import LANGUAGES
from macros import SHELL_ID
from rules import ID_PATTERN
from sitedata import SECTIONS, Site, slug

GENERATED_INDEXES = ("country", "type", "organization", "gcm")


def _checked(value: str) -> str:
    if not ID_PATTERN.match(value) or value == "index":
        raise ValueError(f"unusable page id {value!r} (expected kebab-case a-z, 0-9, not 'index')")
    return value


def _write_both(folder: Path, name: str, source: str) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        suffix = ".md" if lang == LANGUAGES[0] else f".{lang}.md"
        (folder / f"{name}{suffix}").write_text(source + "\n", encoding="utf-8")
    return len(LANGUAGES)


def generate(site: Site, docs_dir: str | Path) -> int:
    docs_dir = Path(docs_dir)
    written = 0
    for record in site.records:
        _checked(record["id"])
    written += _write_both(docs_dir / SECTIONS["practice"], SHELL_ID, "{{ practice_shell() }}")
    for kind in GENERATED_INDEXES:
        folder = docs_dir / SECTIONS[kind]
        written += _write_both(folder, "index", f'{{{{ index_overview("{kind}") }}}}')
        for key in site.keys(kind):
            name = _checked(slug(kind, key))
            written += _write_both(folder, name, f'{{{{ index_page("{kind}", "{name}") }}}}')
    return written
