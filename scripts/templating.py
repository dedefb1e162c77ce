"""The one Jinja2 environment factory of the project (templates/ as its loader).

    environment()                    # HTML: autoescape on, strict undefined
    environment(autoescape=False)    # Markdown/YAML text (links.md, PR summary, scaffold)
    labels()["es"]["home"]           # the interface words, per language (templates/labels.yml)
    code_span(text, limit)           # text from outside as inert Markdown (filter `code`)

Record text reaches pages only through HTML environments (autoescape), so a title such as
`{{ 7*7 }}` or `<script>` shows literally. Markdown has no escaping that Jinja could apply, so
text that others wrote (a linked server's status line, Retry-After or redirect target, an
issue's answers, a record's title in a pull request's summary) enters Markdown only through
code_span(): one inline code span, in which GitHub shows links, images, HTML and @mentions as
the characters they are.
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
    env = jinja2.Environment(**settings)
    env.filters["code"] = code_span
    return env


def code_span(value, limit: int | None = None) -> str:
    """`value` as one inline code span that does nothing in Markdown: on one line (a line
    break could end the span's paragraph), its backticks turned into ' (one could close it),
    cut at `limit` characters with an ellipsis."""
    flat = " ".join(str(value).split()).replace("`", "'")
    if limit is not None and len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return f"`{flat}`"


@cache
def labels() -> dict:
    """templates/labels.yml: the interface words of pages and exports, {lang: {key: text}}.
    Read once per process; callers must not change it."""
    return load_yaml(TEMPLATES_DIR / "labels.yml")[0]
