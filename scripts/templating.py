"""The one Jinja2 environment factory of the project (templates/ as its loader).

    environment()                    # HTML: autoescape on, strict undefined
    environment(autoescape=False)    # Markdown/YAML text (links.md, PR summary, scaffold)
    labels()["es"]["home"]           # the interface words, per language (templates/labels.yml)

Record text reaches pages only through HTML environments (autoescape), so a title such as
`{{ 7*7 }}` or `<script>` shows literally.
"""

from __future__ import annotations

from functools import cache

import jinja2

from paths import TEMPLATES_DIR
from yamlsafe import load_yaml


def environment(autoescape: bool = True, **options) -> jinja2.Environment:
    settings = {
        "loader": jinja2.FileSystemLoader(TEMPLATES_DIR),
        "autoescape": autoescape,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        **options,
    }
    return jinja2.Environment(**settings)


@cache
def labels() -> dict:
    """templates/labels.yml: the interface words of pages and exports, {lang: {key: text}}.
    Read once per process; callers must not change it."""
    return load_yaml(TEMPLATES_DIR / "labels.yml")[0]
