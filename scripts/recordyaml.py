"""Write a practice record as YAML text, every string safely quoted.

    text = dump(record)                  # "# yaml-language-server: ...\nid: \"x\"\n..."
    text = dump(record, comments=["Propuesta en el issue #12 / Proposed in issue #12"])

The one writer of proposed records: scripts/issue_to_record.py uses it (the site's proposal form
only prefills the issue form). The rules:

- every string is a double-quoted scalar with backslash escapes for `"`, `\\`, control
  characters, the characters YAML reads as line breaks (U+0085, U+2028, U+2029) and the
  byte-order mark, so no value can end its line, start another key (a line break followed by
  `id: evil` stays inside the string) or be read as a number, a date, a boolean or a tag;
- keys are bare only when they are lower-case field names (a country code key such as "NO",
  which YAML 1.1 reads as false, is quoted);
- mappings are block style in the given key order; a list of scalars is one flow list
  (`themes: ["a", "b"]`), a list of mappings is a block list, empty ones are `[]` and `{}`.
"""

from __future__ import annotations

import re

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema/practice.schema.json"
_BARE_KEY = re.compile(r"^[a-z_]+$")
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _needs_escape(char: str) -> bool:
    code = ord(char)
    return (
        char in _ESCAPES
        or code < 0x20
        or 0x7F <= code <= 0x9F
        or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
        or 0xD800 <= code <= 0xDFFF
    )


def quote(text: str) -> str:
    """A YAML double-quoted scalar that loads back as exactly `text`."""
    out = []
    for char in text:
        if not _needs_escape(char):
            out.append(char)
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        else:
            out.append(f"\\u{ord(char):04x}")
    return '"' + "".join(out) + '"'


def _key(key) -> str:
    key = str(key)
    return key if _BARE_KEY.match(key) and key not in _YAML11_WORDS else quote(key)


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return quote(value)
    raise TypeError(f"not a record value: {value!r}")


def _lines(value: dict, indent: int) -> list[str]:
    pad = " " * indent
    out = []
    for key, item in value.items():
        head = f"{pad}{_key(key)}:"
        if isinstance(item, dict):
            out += [f"{head} {{}}"] if not item else [head, *_lines(item, indent + 2)]
        elif isinstance(item, list) and item and all(isinstance(i, dict) for i in item):
            out.append(head)
            for element in item:
                inner = _lines(element, indent + 4)
                out.append(f"{pad}  - {inner[0].lstrip()}")
                out += inner[1:]
        elif isinstance(item, list):
            out.append(f"{head} [{', '.join(_scalar(i) for i in item)}]")
        else:
            out.append(f"{head} {_scalar(item)}")
    return out


def dump(record: dict, comments: list[str] = ()) -> str:
    header = [SCHEMA_COMMENT] + [f"# {c}" for c in comments]
    return "\n".join(header + _lines(record, 0)) + "\n"
