"""The one Jinja2 environment factory of the project (templates/ as its loader).

    environment()                    # HTML: autoescape on, strict undefined
    environment(autoescape=False)    # Markdown/YAML text (links.md, PR summary, scaffold)

Record text reaches pages only through HTML environments (autoescape), so a title such as
`{{ 7*7 }}` or `<script>` shows literally.
"""

from __future__ import annotations

import jinja2

from paths import TEMPLATES_DIR


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
