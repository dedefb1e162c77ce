"""Every rule a practice record must follow, in one place.

    records, problems = check(paths, taxonomies)

Each file is loaded strictly (yamlsafe), checked against schema/practice.schema.json
(jsonschema), then against the rules a schema cannot express: the id equals the file
name, is unique and is not a page name the site reserves (RESERVED_IDS), no text
holds a control character (CONTROL: the XLSX export refuses them), taxonomy ids
exist, country codes are ISO 3166-1 alpha-2 with evidence in source.countries, a
regional or international practice lists no country (a proposer or presidency goes
in source.roles), section and theme follow the report's placement (a record
mentioned in a session carries its theme, any other theme has a reason in
source.theme_reasons), an organisation whose site only hosts a link is not an
organisation of the practice unless source.organizations says why, URLs (links,
contact, further sources) are http(s), not shared by two records' links, and never point
at a loopback, private or link-local address in any spelling a browser reads as one
(browser_host: 127.1, 2130706433, 0x7f000001, full-width digits...), and the practice
sheet holds together (_check_sources): every detail of DETAILS (description, lead
institution, partners, period, status, results, lessons learned, contact) is named in the
`supports` of one of its further_sources, a source supports only details the record has and
is listed once, a status may instead rest on the report's own words (source.status_text,
found in the event's report file), a research note (source.research_note) stands only where
no further source does, and a period does not end before it starts. All problems of all
files are returned, never only the first. A Problem prints as

    FILE:LINE: FIELD.PATH: problem (got VALUE; expected ...)

Only records without any problem are returned in `records`.

Speed. The schema is also compiled (compile_schema) into a plain-Python test of validity, for
the keywords it uses, with jsonschema's own semantics; a record that test passes has no schema
error, and only a record that fails it goes through jsonschema, which words its errors (a
keyword the compiler does not know makes every record go through jsonschema). Lookups that
depend only on the taxonomies (organisation names' patterns, domains) are built once per
taxonomies object.

Incremental loading: `check(paths, taxonomies, cache=RecordCache())` keeps, for each file
whose own checks found no problem, its record and what the cross-file rules need from it,
keyed by the file's path (as given), the hash of its bytes, a fingerprint of the taxonomies'
content and allow_private. Every call still reads every file (to hash it) and runs the
cross-file rules on all of them; only a file whose bytes changed (or all of them, when the
taxonomies changed) is parsed and checked again. A file with a problem is never cached: it is
parsed, checked and reported again on every call. A file that is no longer among the paths is
dropped from the cache when its folder is checked again. Every record returned is a fresh
copy (callers may change theirs). `cache.parses` counts the files parsed (the test hook).
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import numbers
import pickle
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

import idna
import jsonschema

from countries import is_country
from paths import SCHEMA_PATH
from reports import folded
from yamlsafe import YamlError, load_yaml_bytes, read_bytes


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# The one id rule (kebab-case ASCII), as the schema states it: record ids, taxonomy ids, page names.
ID_PATTERN = re.compile(schema()["$defs"]["taxonomyId"]["pattern"])


def id_from_title(title: str, limit: int = 60) -> str:
    """The id a title suggests: ASCII without accents, lower case, words joined by hyphens, at
    most `limit` characters cut at a hyphen ("Ventanilla Única (Panamá)" -> "ventanilla-unica-
    panama"). The one id rule of proposals: scripts/issue_to_record.py uses it."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out or (words[0][:limit] if words else "")


@cache
def _validator():
    return jsonschema.Draft202012Validator(schema())


# ---- the schema, compiled to a test of validity ------------------------------------------

# Keywords that never make an instance invalid (annotations; `format` too: the validator has
# no format checker).
_ANNOTATIONS = frozenset(
    ["$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default",
     "deprecated", "readOnly", "writeOnly", "format"]
)  # fmt: skip


# Draft 2020-12's types as jsonschema's type checker defines them (bool is no number; a float
# with no fraction is an integer); tests/test_loader_schema.py compares them with the checker.
_TYPES = {
    "string": lambda x: isinstance(x, str),
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "integer": lambda x: (
        (isinstance(x, int) and not isinstance(x, bool))
        or (isinstance(x, float) and x.is_integer())
    ),
    "number": lambda x: isinstance(x, numbers.Number) and not isinstance(x, bool),
}


class _Unsupported(Exception):
    """A schema keyword (or form of one) compile_schema does not implement."""


def compile_schema(root: dict):
    """A function instance -> bool that is True exactly when jsonschema's Draft 2020-12
    validator finds no error in `instance` against `root`; None when the schema uses a keyword
    (or a $ref) this compiler does not implement. Each keyword follows jsonschema's own
    implementation (jsonschema/_keywords.py: the type checker, its `equal` and `uniq`);
    tests/test_loader_schema.py holds the two to agreement on many broken records."""
    from jsonschema._utils import equal, uniq  # jsonschema's own equality (bool is not 1)

    compiled: dict[str, object] = {}

    def is_type(instance, name) -> bool:
        return _TYPES[name](instance)

    def ref(target: str):
        if not target.startswith("#/$defs/") or target[8:] not in root.get("$defs", {}):
            raise _Unsupported(target)
        if target not in compiled:
            compiled[target] = None  # a reference cycle stops here
            compiled[target] = build(root["$defs"][target[8:]])
        test = compiled[target]
        if test is None:
            raise _Unsupported(f"recursive {target}")
        return test

    def build(sub):
        if sub is True:
            return lambda x: True
        if sub is False:
            return lambda x: False
        if not isinstance(sub, dict):
            raise _Unsupported(repr(sub))
        tests = []
        for key, value in sub.items():
            if key in _ANNOTATIONS or key in ("then", "else"):
                continue
            tests.append(keyword(key, value, sub))
        if len(tests) == 1:
            return tests[0]
        return lambda x: all(test(x) for test in tests)

    def keyword(key, value, sub):  # one branch per keyword
        if key == "$ref":
            test = ref(value)
            return lambda x: test(x)
        if key == "type":
            names = [value] if isinstance(value, str) else list(value)
            if not set(names) <= set(_TYPES):
                raise _Unsupported(f"type {value}")
            if len(names) == 1:
                return _TYPES[names[0]]
            tests = [_TYPES[n] for n in names]
            return lambda x: any(test(x) for test in tests)
        if key == "properties":
            tests = {name: build(item) for name, item in value.items()}
            return lambda x: (
                not isinstance(x, dict)
                or all(test(x[name]) for name, test in tests.items() if name in x)
            )
        if key == "required":
            return lambda x: not isinstance(x, dict) or all(name in x for name in value)
        if key == "additionalProperties":
            if "patternProperties" in sub:
                raise _Unsupported("patternProperties")
            known = set(sub.get("properties", {}))
            if value is False:
                return lambda x: not isinstance(x, dict) or all(k in known for k in x)
            test = build(value)
            return lambda x: (
                not isinstance(x, dict) or all(test(v) for k, v in x.items() if k not in known)
            )
        if key == "propertyNames":
            test = build(value)
            return lambda x: not isinstance(x, dict) or all(test(k) for k in x)
        if key == "items":
            if "prefixItems" in sub:
                raise _Unsupported("prefixItems")
            test = build(value)
            return lambda x: not isinstance(x, list) or all(test(item) for item in x)
        if key == "pattern":
            search = re.compile(value).search
            return lambda x: not isinstance(x, str) or search(x) is not None
        if key == "maxLength":
            return lambda x: not isinstance(x, str) or len(x) <= value
        if key == "minLength":
            return lambda x: not isinstance(x, str) or len(x) >= value
        if key == "minItems":
            return lambda x: not isinstance(x, list) or len(x) >= value
        if key == "maxItems":
            return lambda x: not isinstance(x, list) or len(x) <= value
        if key == "uniqueItems":
            return lambda x: not (value and isinstance(x, list)) or uniq(x)
        if key == "enum":
            return lambda x: any(equal(option, x) for option in value)
        if key == "const":
            return lambda x: equal(x, value)
        if key == "minimum":
            return lambda x: not is_type(x, "number") or not x < value
        if key == "maximum":
            return lambda x: not is_type(x, "number") or not x > value
        if key == "anyOf":
            tests = [build(item) for item in value]
            return lambda x: any(test(x) for test in tests)
        if key == "allOf":
            tests = [build(item) for item in value]
            return lambda x: all(test(x) for test in tests)
        if key == "if":
            condition = build(value)
            then = build(sub.get("then", True))
            otherwise = build(sub.get("else", True))
            return lambda x: then(x) if condition(x) else otherwise(x)
        raise _Unsupported(key)

    try:
        return build(root)
    except _Unsupported:
        return None


@cache
def _schema_valid():
    """compile_schema(schema()), once; None sends every record through jsonschema."""
    return compile_schema(schema())


def _schema_problems(data, file: str, lines: dict) -> list[Problem]:
    valid = _schema_valid()
    if valid is not None and valid(data):
        return []
    return [_schema_problem(e, file, lines) for e in _validator().iter_errors(data)]


# Human wording for the schema's patterns.
_PATTERNS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "kebab-case ASCII: a-z, 0-9 and single hyphens",
    "^[A-Z]{2}$": "an ISO 3166-1 alpha-2 code in upper case, like PA",
    "\\S": "non-empty text",
    "^https?://[^\\s]+$": "an absolute http:// or https:// URL without spaces",
    schema()["$defs"]["date"]["pattern"]: "a year, year-month or date: 2019, 2019-05, 2019-05-31",
    schema()["properties"]["contact"]["properties"]["email"]["pattern"]: "an e-mail address",
}
# The details of a practice sheet: each one is backed by a further source that names it in its
# `supports` (status may instead rest on the report's words, source.status_text). The order is
# the sheet's order on the page and in the open data.
BILINGUAL_DETAILS = ("description", "lead_institution", "partners", "results", "lessons_learned")
DETAILS = (
    "description",
    "lead_institution",
    "partners",
    "period",
    "status",
    "results",
    "lessons_learned",
    "contact",
)


def _show(value, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(record)"


def _line(lines: dict, path: tuple) -> int:
    path = tuple(path)
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


def _schema_problem(error, file: str, lines: dict) -> Problem:
    path = list(error.absolute_path)
    kind, value = error.validator, error.instance
    if kind == "required":
        missing = [f for f in error.validator_value if f not in value]
        name = missing[0] if missing else "?"
        sub = error.schema.get("properties", {}).get(name, {})
        what = sub.get("title") or name
        return Problem(
            file, _line(lines, path), _field(path + [name]), f"missing (expected {what.lower()})"
        )
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed))
        name = extra[0] if extra else "?"
        return Problem(
            file,
            _line(lines, path + [name]),
            _field(path + [name]),
            f"unknown field (got '{name}'; expected one of: {', '.join(allowed)})",
        )
    if kind == "type":
        expected = {
            "object": "a mapping of fields",
            "array": "a list",
            "string": "text",
            "integer": "a whole number",
            "boolean": "true or false",
        }.get(error.validator_value, error.validator_value)
        message = f"wrong type (got {_show(value)}; expected {expected})"
    elif kind == "pattern" and error.validator_value == "\\S":
        message = f"empty text (got {_show(value)}; expected non-empty text)"
    elif kind == "pattern":
        expected = _PATTERNS.get(error.validator_value, f"text matching {error.validator_value}")
        message = f"invalid value (got {_show(value)}; expected {expected})"
    elif kind == "enum":
        options = ", ".join(str(o) for o in error.validator_value)
        message = f"invalid value (got {_show(value)}; expected one of: {options})"
    elif kind == "maxLength":
        message = (
            f"too long (got {len(value)} characters; expected at most {error.validator_value})"
        )
    elif kind == "minItems":
        message = f"empty list (got []; expected at least {error.validator_value} item)"
    elif kind == "uniqueItems":
        message = f"repeated items (got {_show(value)}; expected each item once)"
    elif kind in ("minimum", "maximum"):
        message = f"out of range (got {_show(value)}; expected a number from 1 to 23)"
    elif kind == "anyOf" and path == ["contact"]:
        message = f"no address (got {_show(value)}; expected an email, a url or both)"
    elif kind == "propertyNames":
        message = f"invalid key (got {_show(value)}; expected ISO 3166-1 alpha-2 codes like PA)"
    else:
        message = f"{error.message} (got {_show(value)})"
    return Problem(file, _line(lines, path), _field(path), message)


_IPV4_DIGITS = {8: "01234567", 10: "0123456789", 16: "0123456789abcdef"}


def _ipv4_number(part: str) -> int | None:
    """One dot-separated part of an IPv4 host as the WHATWG URL standard reads it ("IPv4 number
    parser"): 0x... hexadecimal, 0... octal, else decimal; None when it is not a number."""
    if part[:2] in ("0x", "0X"):
        digits, radix = part[2:], 16
    elif len(part) > 1 and part[0] == "0":
        digits, radix = part[1:], 8
    else:
        digits, radix = part, 10
    if not part or not all(c in _IPV4_DIGITS[radix] for c in digits.lower()):
        return None  # int() alone would take "1_0" and non-ASCII digits
    return int(digits, radix) if digits else 0


def browser_host(host: str) -> str:
    """The host a browser connects to for the host of a URL, as the WHATWG URL standard's host
    parser (what browsers, and urlsplit not, implement) makes it: percent-decoded, mapped by
    UTS #46 (the idna package: full-width letters and digits, ideographic full stops, upper
    case), and, when its last label is a number, an IPv4 address written in 1 to 4 parts,
    each decimal, octal (leading 0) or hexadecimal (0x): "127.1", "2130706433", "0x7f000001",
    "0177.0.0.1" and "１２７.０.０.１" are all "127.0.0.1", "0" is "0.0.0.0". An IPv6 address
    comes back compressed, or as its IPv4 address when it is IPv4-mapped (::ffff:127.0.0.1).
    Raises ValueError for a host browsers refuse (such as 256.1.1.1 or 1.2.3.4.5)."""
    if ":" in host:  # urlsplit().hostname of [IPv6]
        ip = ipaddress.IPv6Address(host)
        return str(ip.ipv4_mapped or ip)
    try:
        host = idna.uts46_remap(unquote_to_bytes(host).decode("utf-8"), std3_rules=False)
    except UnicodeError as exc:  # a %-escape that is not UTF-8, a code point UTS #46 refuses
        raise ValueError(f"not a host name browsers accept: {exc}") from None
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()  # one trailing dot: "127.0.0.1." is 127.0.0.1
    last = parts[-1]
    if not (last and last.isascii() and last.isdigit()) and _ipv4_number(last) is None:
        return host  # a domain name
    numbers = [_ipv4_number(part) for part in parts]
    if len(parts) > 4 or None in numbers or any(n > 255 for n in numbers[:-1]):
        raise ValueError("ends in a number but is no IPv4 address")
    if numbers[-1] >= 256 ** (5 - len(numbers)):
        raise ValueError("ends in a number but is no IPv4 address")
    value = numbers[-1] + sum(n << (8 * (3 - i)) for i, n in enumerate(numbers[:-1]))
    return str(ipaddress.IPv4Address(value))


def _blocked_host(host: str) -> str | None:
    """Why a URL host (as browser_host() gives it) must not be linked (loopback, private,
    link-local), or None."""
    host = host.rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return "a loopback host"
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private or ip.is_unspecified or ip.is_reserved or ip.is_multicast:
        return "a private or reserved address"
    return None


def url_key(url: str) -> str:
    """The identity of a URL for duplicate detection: no fragment, lower-case host."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.lower(), fragment="").geturl()


def _check_url(url: str, allow_private: bool = False) -> str | None:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"invalid URL (got {_show(url)}; expected an absolute http(s) URL)"
    if parts.scheme not in ("http", "https") or not host:
        return f"invalid URL (got {_show(url)}; expected an absolute http(s) URL)"
    if parts.username or parts.password:
        return f"URL with credentials (got {_show(url)}; expected no user:password@)"
    try:
        host = browser_host(host)
    except ValueError:
        return f"invalid host (got {_show(url)}; expected a domain name or an IP address)"
    blocked = None if allow_private else _blocked_host(host)
    if blocked:
        return f"URL to {blocked} (got {_show(url)}; expected a public address)"
    return None


PLACEHOLDER = "TODO"  # text that scripts/new_practice.py leaves for the contributor to replace
# Ids no record may have: a record's page is practicas/<id>/ (sitedata.PRACTICE_SECTION), and
# docs/practicas/index.md, the catalogue, is practicas/ (MkDocs makes index.md its folder's
# page), so a record "index" would take the catalogue's address (the build stops). Every other
# address of the site is outside practicas/; a test keeps this list in step with docs/practicas/.
RESERVED_IDS = ("index",)
# The control characters no text may hold (C0 and C1 but tab and line feed): YAML lets them in
# through escapes ("\x01"), no page shows them, and the XLSX export (openpyxl) refuses most.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _strings(value, path: tuple = ()):
    """(path, text) of every string of a record, at any depth."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,))


def _placeholders(value):
    """(path, text) of every string that is still a scaffold placeholder."""
    return [(path, text) for path, text in _strings(value) if text.lstrip().startswith(PLACEHOLDER)]


def _control_characters(value):
    """(path, message) of every string that holds a control character (CONTROL)."""
    for path, text in _strings(value):
        if match := CONTROL.search(text):
            start = max(0, match.start() - 20)
            got = ("…" if start else "") + _show(text[start:], 50)
            yield (
                path,
                (
                    f"control character U+{ord(match[0]):04X} at character {match.start() + 1} "
                    f"(got {got}; expected text without control characters: line breaks and tabs "
                    "only)"
                ),
            )


def _items(parent: dict, key: str, kind: type):
    """(index, item) of parent[key] when it is a list, skipping items not of `kind`."""
    value = parent.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, kind)]


def _check_references(
    record: dict, file: str, lines: dict, tax: dict, allow_private: bool = False
) -> list[Problem]:
    out: list[Problem] = []

    def add(path, message):
        out.append(Problem(file, _line(lines, tuple(path)), _field(path), message))

    def must_exist(path, value, taxonomy: dict, name: str):
        if value not in taxonomy:
            add(path, f"unknown id (got {_show(value)}; expected an id of taxonomies/{name})")

    if record.get("id") in RESERVED_IDS:
        add(
            ["id"],
            f"reserved id (got {_show(record['id'])}; expected another id: "
            f"{', '.join(RESERVED_IDS)} is the address of a page of the site)",
        )
    for path, message in _control_characters(record):
        add(list(path), message)

    if isinstance(record.get("type"), str):
        must_exist(["type"], record["type"], tax["types"], "types.yml")
    for i, theme in _items(record, "themes", str):
        must_exist(["themes", i], theme, tax["themes"], "themes.yml")
    for i, org in _items(record, "organizations", str):
        must_exist(["organizations", i], org, tax["organizations"], "organizations.yml")
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    evidence = source.get("countries") if isinstance(source.get("countries"), dict) else {}
    event = tax["events"].get(source.get("event")) if isinstance(source.get("event"), str) else None
    if event is None and isinstance(source.get("event"), str):
        must_exist(["source", "event"], source["event"], tax["events"], "events.yml")
    elif event is not None:
        for i, mention in _items(source, "mentions", dict):
            own = _mention_event(mention, source, tax)
            if own is None:
                must_exist(["source", "mentions", i, "event"], mention["event"], tax["events"],
                           "events.yml")  # fmt: skip
            elif isinstance(mention.get("section"), str) and mention["section"] not in own.get(
                "sections", {}
            ):
                add(
                    ["source", "mentions", i, "section"],
                    f"unknown section (got {_show(mention['section'])}; expected one of: "
                    f"{', '.join(own['sections'])})",
                )
    countries = [code for _, code in _items(record, "countries", str)]
    for i, code in _items(record, "countries", str):
        if not is_country(code):
            add(
                ["countries", i],
                f"unknown country (got {_show(code)}; expected ISO 3166-1 alpha-2)",
            )
        elif code not in evidence:
            add(
                ["source", "countries"],
                f"no evidence for {code} (expected {code}: {{basis: stated}} or "
                f"{{basis: inferred, note: ...}})",
            )
    for code in evidence:
        if code not in countries:
            add(
                ["source", "countries", code],
                f"evidence for a country not in countries (got {code})",
            )
    urls = [(["links", i, "url"], link.get("url")) for i, link in _items(record, "links", dict)]
    urls += [
        (["further_sources", i, "url"], item.get("url"))
        for i, item in _items(record, "further_sources", dict)
    ]
    if isinstance(record.get("contact"), dict):
        urls.append((["contact", "url"], record["contact"].get("url")))
    for path, url in urls:
        problem = _check_url(url, allow_private) if isinstance(url, str) else None
        if problem:
            add(path, problem)
    _check_sources(record, source, event, add)
    period = record.get("period")
    if isinstance(period, dict) and all(isinstance(period.get(k), str) for k in ("start", "end")):
        common = min(len(period["start"]), len(period["end"]))  # "2019" may end "2019-05"
        if period["end"][:common] < period["start"][:common]:
            add(
                ["period", "end"],
                f"ends before it starts (got {_show(period['end'])}; expected "
                f"{_show(period['start'])} or later)",
            )
    if record.get("scope") in NO_COUNTRY_SCOPES and countries:
        add(
            ["countries"],
            f"{record['scope']} practice with countries (got {_show(countries)}; expected [] "
            "for a regional or international practice: a country that proposed or presided "
            "over it goes in source.roles)",
        )
    for i, role in _items(source, "roles", dict):
        code = role.get("country")
        if isinstance(code, str) and not is_country(code):
            add(
                ["source", "roles", i, "country"],
                f"unknown country (got {_show(code)}; expected ISO 3166-1 alpha-2)",
            )
    _check_origin(record, source, add)
    _check_placement(record, source, event, tax, add)
    _check_hosts(record, source, tax, add)
    return out


def _check_origin(record, source, add) -> None:
    """A record comes from a report (source.event and source.mentions) or from a proposal made
    outside any report (source.proposal: the institution and the date), never both; the latter
    rests on at least one published page (further_sources), since no report vouches for it."""
    report = [k for k in ("event", "mentions") if k in source]
    if "proposal" in source:
        if report:
            add(
                ["source", "proposal"],
                f"a proposal beside a report's {' and '.join(report)} (expected either the "
                "report's event and mentions, or source.proposal for a practice no report names)",
            )
        elif not record.get("further_sources"):
            add(
                ["further_sources"],
                "missing (expected at least one published page about the practice: a practice "
                "proposed outside any report rests on its further sources)",
            )
        if "status_text" in source:
            add(
                ["source", "status_text"],
                "the report's words without a report (expected status backed by a further source)",
            )
        return
    for key in ("event", "mentions"):
        if key not in source:
            add(
                ["source", key],
                f"missing (expected the report's {key}, or source.proposal for a practice that "
                "no report names)",
            )


def _normal(text: str) -> str:
    return " ".join(text.split())


def _check_sources(record, source, event, add) -> None:
    """The sheet's sources: every detail is named in the `supports` of a further source (status
    may rest on the report's words, source.status_text, found in the report); a source supports
    only details the record has; a proposal has its evidence; a research note stands only where
    no further source does; no source is listed twice."""
    sources = _items(record, "further_sources", dict)
    supported: dict[str, int] = {}
    for i, item in sources:
        for j, name in enumerate(item.get("supports") or []):
            if not isinstance(name, str):
                continue
            supported.setdefault(name, i)
            if name not in record:
                add(
                    ["further_sources", i, "supports", j],
                    f"supports a detail the record does not have (got {_show(name)}; expected "
                    f"only details the record gives: {', '.join(DETAILS)})",
                )
    status_text = source.get("status_text")
    for name in DETAILS:
        if name not in record or name in supported:
            continue
        if name == "status" and (status_text or record["status"] == "unknown"):
            continue
        hint = " or the report's words in source.status_text" if name == "status" else ""
        add(
            [name],
            f"detail without a supporting source (got {name}; expected a further_sources item "
            f"naming {name} in its supports{hint})",
        )
    if status_text is not None and record.get("status") in (None, "unknown"):
        add(
            ["source", "status_text"],
            f"the report's words for a status the record does not give (got "
            f"{_show(record.get('status'))}; expected status: in-force, ended or proposed)",
        )
    report_file = (event or {}).get("report_file")
    if isinstance(status_text, str) and isinstance(report_file, str):
        if _normal(status_text) not in folded(report_file):
            add(
                ["source", "status_text"],
                f"not in the report (got {_show(status_text)}; expected words copied "
                f"verbatim from {report_file})",
            )
    note = source.get("research_note")
    if note is not None and sources:
        add(
            ["source", "research_note"],
            f"research note beside further sources (got {len(sources)} further source(s); "
            "expected a research note only when no published source was found)",
        )
    seen: dict[str, int] = {}
    for i, item in sources:
        url = item.get("url")
        if not isinstance(url, str):
            continue
        if url_key(url) in seen:
            add(
                ["further_sources", i, "url"],
                f"source listed twice (got {_show(url)}; expected each source once, it is "
                f"further_sources[{seen[url_key(url)]}])",
            )
        seen.setdefault(url_key(url), i)


# Scopes whose practices are no country's own (schema: countries is [] for them).
NO_COUNTRY_SCOPES = ("regional", "international")


def _mention_event(mention: dict, source: dict, tax: dict) -> dict | None:
    """The event a mention is in: its own `event`, else the record's source.event."""
    event = mention.get("event", source.get("event"))
    return tax["events"].get(event) if isinstance(event, str) else None


def _check_placement(record, source, event, tax, add) -> None:
    """Section and theme follow the report's placement: a record mentioned in a session
    carries that session's theme; any other theme has its reason in source.theme_reasons."""
    if event is None:
        return
    mentions = [m for _, m in _items(source, "mentions", dict)]
    placed = []
    for mention in mentions:
        own = _mention_event(mention, source, tax)
        section = mention.get("section")
        if own is None or not isinstance(section, str) or section not in own.get("sections", {}):
            return  # an unknown event or section (or a placeholder) is reported already
        placed.append(own["sections"][section])
    given: dict[str, int] = {}
    for i, entry in enumerate(placed):
        if entry.get("theme"):
            given.setdefault(entry["theme"], i)
    themes = [t for _, t in _items(record, "themes", str)]
    reasons = source.get("theme_reasons") if isinstance(source.get("theme_reasons"), dict) else {}
    for theme, i in given.items():
        if theme not in themes:
            section = source["mentions"][i]["section"]
            add(
                ["themes"],
                f"theme of a mention's section missing (got {_show(themes)}; expected "
                f"{theme}, the theme of {section} where source.mentions[{i}] is)",
            )
    for i, theme in _items(record, "themes", str):
        if theme not in given and theme not in reasons and theme in tax["themes"]:
            add(
                ["themes", i],
                f"theme not given by the report's placement (got {_show(theme)}; expected a "
                f"mention in its session, or the reason in source.theme_reasons.{theme})",
            )
    for theme in reasons:
        if theme not in themes or theme in given:
            why = "not in themes" if theme not in themes else "given by a mention's section"
            add(
                ["source", "theme_reasons", theme],
                f"reason for a theme {why} (got {theme}; expected a reason only for a theme "
                "of themes that no mention's section gives)",
            )


def organization_named(text: str, org: dict) -> bool:
    """Whether `text` names the organisation: its label, or an acronym of its label, e.g. (OIM)."""
    labels = tuple(v for v in org.get("label", {}).values() if isinstance(v, str))
    pattern = _names_pattern(labels)
    return pattern is not None and pattern.search(text) is not None


@cache
def _names_pattern(labels: tuple[str, ...]) -> re.Pattern | None:
    """One pattern for the labels and their acronyms, each a whole word; built once per
    organisation's labels, not once per record."""
    names = set(labels)
    for label in labels:
        names.update(re.findall(r"\(([^()]+)\)\s*$", label))
    names = sorted(n for n in names if n)
    if not names:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(n) for n in names)})(?!\w)")


def only_hosting(record: dict, tax: dict) -> list[tuple[int, str, str]]:
    """(index in organizations, organisation id, host) of each organisation of `record` whose
    domain hosts one of its links, that the report's mentions (or, for a practice proposed
    outside any report, its proposing institution) do not name and that source.organizations
    does not vouch for (the host-domain rule; issue_to_record.py uses it)."""
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    evidence = source.get("organizations") if isinstance(source.get("organizations"), dict) else {}
    proposal = source.get("proposal") if isinstance(source.get("proposal"), dict) else {}
    mentioned = " ".join(
        [" ".join(str(m.get("text", "")).split()) for _, m in _items(source, "mentions", dict)]
        + [" ".join(str(proposal.get("institution", "")).split())]
    )
    hosts = []
    for _, link in _items(record, "links", dict):
        try:
            hosts.append((urlsplit(str(link.get("url", ""))).hostname or "").lower())
        except ValueError:
            continue
    out = []
    for i, org_id in _items(record, "organizations", str):
        org = tax["organizations"].get(org_id)
        if not isinstance(org, dict) or org_id in evidence or organization_named(mentioned, org):
            continue
        domains = [d.lower() for d in org.get("domains", [])]
        hosting = next((h for h in hosts for d in domains if h == d or h.endswith("." + d)), None)
        if hosting:
            out.append((i, org_id, hosting))
    return out


def _check_hosts(record, source, tax, add) -> None:
    """The site that hosts a link is not, by that alone, an organisation of the practice: an
    organisation whose domain hosts one of the record's links and that the report's mentions
    do not name needs its evidence in source.organizations."""
    evidence = source.get("organizations") if isinstance(source.get("organizations"), dict) else {}
    orgs = [o for _, o in _items(record, "organizations", str)]
    for org_id in evidence:
        if org_id not in orgs:
            add(
                ["source", "organizations", org_id],
                f"evidence for an organisation not in organizations (got {org_id})",
            )
    for i, org_id, hosting in only_hosting(record, tax):
        add(
            ["organizations", i],
            f"organisation only hosts a link (got {_show(org_id)}, whose site {hosting} hosts "
            "a link; expected an organisation the report names for the practice, or "
            f"source.organizations.{org_id}: {{basis: inferred, note: ...}} saying what "
            "more than hosting shows it)",
        )


@dataclass(frozen=True)
class _Facts:
    """What the cross-file rules need from one loaded record: its id (and line) and its links'
    URLs (index, url, line)."""

    id: object
    id_line: int
    urls: tuple[tuple[int, str, int], ...]


def _facts(data: dict, lines: dict) -> _Facts:
    links = data.get("links")
    urls = tuple(
        (i, link["url"], _line(lines, ("links", i, "url")))
        for i, link in enumerate(links if isinstance(links, list) else [])
        if isinstance(link, dict) and isinstance(link.get("url"), str)
    )
    return _Facts(data.get("id"), _line(lines, ("id",)), urls)


def _check_one(path, raw: bytes, taxonomies: dict, allow_private: bool):
    """The single-file rules of one file's bytes: (problems, record or None, facts or None)."""
    file = str(path)
    try:
        data, lines = load_yaml_bytes(raw, path)
    except YamlError as exc:
        return [Problem(file, exc.line, "(file)", exc.message)], None, None
    if not isinstance(data, dict):
        return (
            [
                Problem(
                    file,
                    1,
                    "(record)",
                    f"wrong type (got a {type(data).__name__}; "
                    "expected a mapping of fields such as id, title, summary)",
                )
            ],
            None,
            None,
        )
    errors = _schema_problems(data, file, lines)
    stem = Path(path).stem
    if data.get("id") != stem and isinstance(data.get("id"), str):
        errors.append(
            Problem(
                file,
                _line(lines, ("id",)),
                "id",
                f"id differs from file name (got {_show(data['id'])}; expected {_show(stem)})",
            )
        )
    errors.extend(_check_references(data, file, lines, taxonomies, allow_private))
    todo = {
        _field(path): Problem(
            file,
            _line(lines, path),
            _field(path),
            f"placeholder not filled in (got {_show(text, 200)}; expected your own value)",
        )
        for path, text in _placeholders(data)
    }
    # A placeholder explains itself: other complaints about the same field are noise.
    problems = list(todo.values()) + [e for e in errors if e.field not in todo]
    return problems, data, _facts(data, lines)


def taxonomies_fingerprint(taxonomies: dict) -> bytes:
    """A hash of the taxonomies' content (keys, values and their order): equal content, equal
    fingerprint, whatever the dict's identity."""
    return hashlib.blake2b(
        pickle.dumps(taxonomies, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16
    ).digest()


@dataclass(frozen=True)
class _Entry:
    digest: bytes  # blake2b of the file's bytes
    allow_private: bool
    record: bytes  # the record, pickled: every call gets its own copy
    facts: _Facts


class RecordCache:
    """The single-file results of check(), per file, for files without problems (see the
    module's docstring). `parses` counts the files parsed and checked through this cache (a
    miss: new, changed, invalid, or after a change of the taxonomies); `hits` the files served
    from it. clear() forgets everything."""

    def __init__(self, max_files: int = 100_000):
        self.max_files = max_files
        self.clear()

    def clear(self) -> None:
        self._entries: dict[str, _Entry] = {}
        self._taxonomies: bytes | None = None
        self.parses = 0
        self.hits = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, path) -> bool:
        return str(path) in self._entries

    def load(self, path, raw: bytes, taxonomies: dict, fingerprint: bytes, allow_private: bool):
        """(problems, record, facts) of one file, from the cache when its bytes, the
        taxonomies and allow_private are those of the cached result."""
        if fingerprint != self._taxonomies:
            self._entries.clear()  # a taxonomy changed: every record is checked again
            self._taxonomies = fingerprint
        key = str(path)
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        entry = self._entries.get(key)
        if entry is not None and entry.digest == digest and entry.allow_private == allow_private:
            self.hits += 1
            return [], pickle.loads(entry.record), entry.facts
        self._entries.pop(key, None)
        self.parses += 1
        problems, data, facts = _check_one(path, raw, taxonomies, allow_private)
        if not problems:
            if len(self._entries) >= self.max_files:
                self._entries.pop(next(iter(self._entries)))
            record = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
            self._entries[key] = _Entry(digest, allow_private, record, facts)
        return problems, data, facts

    def forget_missing(self, paths) -> None:
        """Drop the files of the folders of `paths` that are not among `paths` (deleted or
        renamed since they were cached)."""
        keep = {str(p) for p in paths}
        folders = {str(Path(p).parent) for p in paths}
        for key in [k for k in self._entries if k not in keep and str(Path(k).parent) in folders]:
            del self._entries[key]


def check(
    paths, taxonomies: dict, allow_private: bool = False, cache: RecordCache | None = None
) -> tuple[list[dict], list[Problem]]:
    """Check every file of `paths`; return (valid records, all problems sorted).

    allow_private=True accepts URLs to loopback and private hosts (only for the link-check
    tests, whose servers run on 127.0.0.1: scripts/check_links.py --allow-private).
    cache: a RecordCache, to parse and check again only the files that changed (the module's
    docstring); the result is the same with or without it."""
    paths = list(paths)
    problems: list[Problem] = []
    loaded: list[tuple[str, dict, _Facts]] = []
    fingerprint = taxonomies_fingerprint(taxonomies) if cache is not None else b""
    for path in paths:
        file = str(path)
        try:
            raw = read_bytes(path)
        except YamlError as exc:
            problems.append(Problem(file, exc.line, "(file)", exc.message))
            continue
        if cache is None:
            found, data, facts = _check_one(path, raw, taxonomies, allow_private)
        else:
            found, data, facts = cache.load(path, raw, taxonomies, fingerprint, allow_private)
        problems.extend(found)
        if data is not None:
            loaded.append((file, data, facts))
    if cache is not None:
        cache.forget_missing(paths)

    # Cross-file rules: unique ids, no URL shared by two records (or twice in one).
    seen_ids: dict[str, str] = {}
    seen_urls: dict[str, str] = {}
    for file, _data, facts in loaded:
        rid = facts.id
        if isinstance(rid, str):
            if rid in seen_ids:
                problems.append(
                    Problem(
                        file,
                        facts.id_line,
                        "id",
                        f"duplicate id (got {_show(rid)}; already used by {seen_ids[rid]})",
                    )
                )
            else:
                seen_ids[rid] = file
        for i, url, line in facts.urls:
            key = url_key(url)
            if key in seen_urls:
                problems.append(
                    Problem(
                        file,
                        line,
                        f"links[{i}].url",
                        f"URL already used (got {_show(url)}; expected each URL in one "
                        f"record only, it is in {seen_urls[key]})",
                    )
                )
            else:
                seen_urls[key] = file

    bad_files = {p.file for p in problems}
    records = [data for file, data, _ in loaded if file not in bad_files]
    return records, sorted(set(problems))
