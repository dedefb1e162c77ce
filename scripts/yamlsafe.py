"""Strict, safe YAML loading for untrusted records and taxonomies.

    data, lines = load_yaml(path)

`data` is plain Python (dict, list, str, int, float, bool, None); `lines` maps a
field path (a tuple of keys and list indexes, `()` for the document) to the
1-based line where that value starts, so errors can point at the right line.

Everything a contributor could get wrong, or an attacker could try, raises
`YamlError(file, line, message)` instead of loading:

- files larger than MAX_BYTES (checked before reading), non-UTF-8 bytes;
- empty documents, several documents in one file, malformed YAML;
- duplicate keys (PyYAML would silently keep the last one);
- aliases (`*name`): rejected at the first one, so alias bombs ("billion laughs")
  fail fast with bounded memory;
- explicit tags (`!!python/object/apply`, `!!binary`, `!custom`, ...);
- nesting deeper than MAX_DEPTH.

Dates are not converted: `2023-08-23` stays the string "2023-08-23", as in JSON.
Nothing is ever executed and the file is never written.

Speed: when PyYAML has libyaml (yaml.__with_libyaml__), its C parser produces the events
and the same Python composer, checks and constructor run on top of them (loading is about
five times faster than with the pure-Python parser); without libyaml, the pure-Python SafeLoader
parser is used. Both give the same data, lines and checks; only the wording of
"malformed YAML" errors differs (libyaml's or PyYAML's own).
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

MAX_BYTES = 256 * 1024
MAX_DEPTH = 50


class YamlError(Exception):
    """A file that cannot be loaded: `file`, 1-based `line` (0 if unknown), `message`."""

    def __init__(self, file: str | Path, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = str(file), line, message


class _Strict:
    """The strict checks, over any event source (Python or C parser): refuses aliases,
    explicit tags, non-text keys and duplicate keys; no timestamp conversion."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise YamlError("", event.start_mark.line + 1, "YAML aliases (*name) are not allowed")
        if isinstance(event, ScalarEvent | CollectionStartEvent) and event.tag not in (None, "!"):
            raise YamlError(
                "", event.start_mark.line + 1, f"YAML tags are not allowed (got {event.tag})"
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise YamlError(
                    "", key_node.start_mark.line + 1, f"keys must be text (got {key!r})"
                )
            if key in seen:
                raise YamlError(
                    "",
                    key_node.start_mark.line + 1,
                    f"duplicate key '{key}' (first at line {seen[key]})",
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(_Strict, yaml.SafeLoader):
    """Pure-Python parser."""


try:
    from yaml._yaml import CParser  # libyaml's parser (yaml.__with_libyaml__)
except ImportError:  # PyYAML without libyaml
    CParser = None

if CParser is not None:

    class _StrictCLoader(_Strict, Composer, CParser, SafeConstructor, Resolver):
        """libyaml's C parser for the events; the Python composer (with the checks) and
        constructor. Composer comes before CParser, so its compose_node (checked) is used."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    LOADER: type = _StrictCLoader
else:
    LOADER = _StrictLoader


def _lines(node: Node, path: tuple, out: dict, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise YamlError("", node.start_mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels")
    out[path] = node.start_mark.line + 1
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            if isinstance(key, str) and key.isdigit():
                key = int(key)
            _lines(value_node, path + (key,), out, depth + 1)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, path + (i,), out, depth + 1)


def load_yaml(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[object, dict[tuple, int]]:
    """Load one YAML file strictly; return (data, lines) or raise YamlError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlError(
                path, 0, f"file too large (got {size} bytes; expected at most {max_bytes})"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlError(path, 0, f"cannot read file ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            path, line, f"not UTF-8 (byte 0x{raw[exc.start]:02x}; expected UTF-8 text)"
        ) from exc
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise YamlError(path, 1, "empty file (expected a YAML mapping of fields)")
    loader = LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlError(path, 1, "empty file (expected a YAML mapping of fields)")
        lines: dict[tuple, int] = {}
        _lines(node, (), lines)
        data = loader.construct_document(node)
    except YamlError as exc:
        raise YamlError(path, exc.line, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or str(exc)
        if "could not determine a constructor" in problem:
            problem = "YAML tags are not allowed"
        raise YamlError(path, line, f"malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(path, 0, f"malformed YAML: {exc}") from None
    except RecursionError:
        raise YamlError(path, 0, "malformed YAML: nesting too deep") from None
    finally:
        loader.dispose()
    return data, lines
