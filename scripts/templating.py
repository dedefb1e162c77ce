"""The one Jinja2 environment factory of the project (templates/ as its loader).

    environment()                    # HTML: autoescape on, strict undefined
    environment(autoescape=False)    # Markdown/YAML text (links.md, PR summary, scaffold)
    labels()["es"]["home"]           # the interface words, per language (templates/labels.yml)
    code_span(text, limit)           # text from outside as inert Markdown (filter `code`)
    BYTECODE                         # the process's cache of compiled templates (below)

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


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process: each build of a language (and each
    `mkdocs serve` rebuild) makes new environments, ours and Material's (hooks.on_env), and
    they load a template's bytecode instead of compiling it again. A template edited
    meanwhile is compiled again: Jinja's bucket checks the source's checksum."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()


BYTECODE = MemoryBytecodeCache()

# What a dict answers as attributes (its methods): `x.name` in a template is x's method when
# it is one of these (x.get, x.items...), else its item, as Jinja does.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's Environment, with `x.name` on a dict (records, labels, view data: most lookups
    in the templates) read as x["name"] at once: Jinja tries getattr() first, whose
    AttributeError, on every such lookup, was a good part of rendering a page. Same result:
    a dict's only attributes are its methods (_DICT_ATTRIBUTES), which still win."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass  # Jinja's own lookup makes the undefined value (StrictUndefined: an error)
        return super().getattr(obj, attribute)


def environment(autoescape: bool = True, **options) -> jinja2.Environment:
    """A Jinja environment on templates/ (module docstring); `options` override the settings
    (views.Renderer: auto_reload=False, its templates do not change during a build)."""
    settings = {
        "loader": jinja2.FileSystemLoader(TEMPLATES_DIR),
        "autoescape": autoescape,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "bytecode_cache": BYTECODE,
        **options,
    }
    env = _Environment(**settings)
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
