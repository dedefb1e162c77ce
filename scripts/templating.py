"""The one Jinja2 environment factory of the project (templates/ as its loader).

    environment()                    # HTML: autoescape on, strict undefined
    environment(autoescape=False)    # Markdown/YAML text (links.md, PR summary, scaffold)
    labels()["es"]["home"]           # the interface words, per language (templates/labels.yml)
    code_span(text, limit)           # text from outside as inert Markdown (filter `code`)
    BYTECODE                         # compiled templates, for the process and the next (below)

Record text reaches pages only through HTML environments (autoescape), so a title such as
`{{ 7*7 }}` or `<script>` shows literally. Markdown has no escaping that Jinja could apply, so
text that others wrote (a linked server's status line, Retry-After or redirect target, an
issue's answers, a record's title in a pull request's summary) enters Markdown only through
code_span(): one inline code span, in which GitHub shows links, images, HTML and @mentions as
the characters they are.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import jinja2

from paths import CACHE_DIR, TEMPLATES_DIR
from yamlsafe import load_yaml


class BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept for the life of the process and, in `directory`, for the next
    build: each build of a language (and each `mkdocs serve` rebuild) makes new environments,
    ours and Material's (hooks.on_env), and they load a template's bytecode instead of
    compiling it again (73 templates, about half a second a process). A template edited
    meanwhile, or another Python, is compiled again: Jinja's bucket checks the source's
    checksum and its own bytecode version, and drops a file it cannot read. Each entry is
    also keyed by the settings that change the compiled code (delimiters, whitespace,
    autoescape, finalize, extensions: Jinja keys by template only), so an environment set up
    otherwise compiles its own. A folder that cannot be written is only a slower next build."""

    def __init__(self, directory: Path):
        super().__init__(str(directory), "%s.cache")
        self.store: dict[str, bytes] = {}

    def get_bucket(self, environment, name, filename, source):
        """Jinja's, with the environment's settings in the key."""
        key = self.get_cache_key(f"{name}\0{_settings(environment)}", filename)
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket):
        if bucket.key not in self.store:
            try:
                super().load_bytecode(bucket)  # Jinja's: the file, if it is this source's
            except OSError:
                return  # no folder where one is expected (Jinja lets this one through)
            if bucket.code is not None:
                self.store[bucket.key] = bucket.bytecode_to_string()
            return
        bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket):
        self.store[bucket.key] = bucket.bytecode_to_string()
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)  # Jinja's: a temporary file, renamed into place
        except OSError:
            pass


BYTECODE = BytecodeCache(CACHE_DIR / "jinja")  # `make clean` removes it


# What in an environment changes the code a template compiles to (besides autoescape, finalize
# and the extensions: _settings).
_CODE_SETTINGS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix",
    "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
    "keep_trailing_newline", "optimized", "is_async",
)  # fmt: skip


def _settings(env: jinja2.Environment) -> str:
    def named(value):
        plain = isinstance(value, bool | str) or value is None
        return value if plain else getattr(value, "__qualname__", repr(value))

    values = [getattr(env, name) for name in _CODE_SETTINGS]
    extra = (named(env.autoescape), named(env.finalize), sorted(env.extensions))
    return repr((type(env).__qualname__, *values, *extra))


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
