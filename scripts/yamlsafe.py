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

Speed: when PyYAML has libyaml (yaml.__with_libyaml__), a text with no `*` and no `!` (so
no alias and no tag can be in it) is parsed and composed by libyaml's C code (libyaml stops
any nesting deeper than 1,000 levels) and one Python walk builds the data and the lines, with
the same checks (duplicate and non-text keys, depth) and PyYAML's SafeConstructor for every
scalar that is not text. Any other text, and any text that walk refuses, goes through the
reference path: libyaml's events, the checked Python composer (aliases and tags refused at
the first event), then the constructor; so every error is the reference path's, and the walk
only ever returns what the reference path returns (tests/test_validate.py compares them).
Without libyaml, the pure-Python SafeLoader parser is used. Both parsers give the same data,
lines and checks; only the wording of "malformed YAML" errors differs (libyaml's or PyYAML's).

`read_bytes(path)` (size limit, then the bytes) and `load_yaml_bytes(raw, path)` are the two
halves of `load_yaml`, for callers that key a cache on the bytes (rules.RecordCache).
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

    class _TreeCLoader(CParser, SafeConstructor, Resolver):
        """libyaml's parser and composer (both C) and PyYAML's constructor, for the fast walk
        (_tree) of texts without aliases or tags; the timestamp resolver is left out as in
        _Strict."""

        yaml_implicit_resolvers = _Strict.yaml_implicit_resolvers

        def __init__(self, stream):
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    LOADER: type = _StrictCLoader
else:
    LOADER = _StrictLoader
    _TreeCLoader = None


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


_STR = "tag:yaml.org,2002:str"


class _Doubt(Exception):
    """The fast walk met something only the reference path may judge (an error, a merge key)."""


def _tree(node: Node, path: tuple, lines: dict, constructor, depth: int = 0):
    """The data of a composed node (no aliases, no tags), filling `lines` as _lines does.
    Raises _Doubt wherever the reference path would raise or might differ."""
    if depth > MAX_DEPTH:
        raise _Doubt
    lines[path] = node.start_mark.line + 1
    if isinstance(node, ScalarNode):
        return node.value if node.tag == _STR else constructor.construct_object(node)
    if isinstance(node, SequenceNode):
        return [
            _tree(item, path + (i,), lines, constructor, depth + 1)
            for i, item in enumerate(node.value)
        ]
    if not isinstance(node, MappingNode):
        raise _Doubt
    keys = []
    for key_node, _ in node.value:
        if not isinstance(key_node, ScalarNode):
            raise _Doubt
        key = key_node.value if key_node.tag == _STR else constructor.construct_object(key_node)
        if not isinstance(key, str | int) or isinstance(key, bool):
            raise _Doubt
        keys.append(key)
    if len(set(keys)) != len(keys):
        raise _Doubt  # a duplicate key: the reference path says which, and where
    out = {}
    for key, (key_node, value_node) in zip(keys, node.value, strict=True):
        name = key_node.value  # the lines' key, as _lines makes it
        if name.isdigit():
            name = int(name)
        out[key] = _tree(value_node, path + (name,), lines, constructor, depth + 1)
    return out


def _fast(text: str) -> tuple[object, dict[tuple, int]] | None:
    """(data, lines) by libyaml's composer and _tree, or None when the reference path must
    decide: a text that may hold an alias or a tag, or anything _tree doubts."""
    if _TreeCLoader is None or LOADER is not _StrictCLoader or "*" in text or "!" in text:
        return None
    loader = _TreeCLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        lines: dict[tuple, int] = {}
        return _tree(node, (), lines, loader), lines
    except (_Doubt, yaml.YAMLError, RecursionError, TypeError, ValueError):
        return None
    finally:
        loader.dispose()


def read_bytes(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of one file, after checking its size; raise YamlError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlError(
                path, 0, f"file too large (got {size} bytes; expected at most {max_bytes})"
            )
        return path.read_bytes()
    except OSError as exc:
        raise YamlError(path, 0, f"cannot read file ({exc.strerror})") from exc


def load_yaml(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[object, dict[tuple, int]]:
    """Load one YAML file strictly; return (data, lines) or raise YamlError."""
    return load_yaml_bytes(read_bytes(path, max_bytes), path)


def load_yaml_bytes(raw: bytes, path: str | Path) -> tuple[object, dict[tuple, int]]:
    """Load the bytes of the file `path` (named in errors) strictly, as load_yaml does."""
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
    fast = _fast(text)
    if fast is not None:
        return fast
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
