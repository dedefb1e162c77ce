"""A practice proposal issue to a record: `python scripts/issue_to_record.py BODY [--number N]`.

BODY_FILE is the body of an issue opened with the form .github/ISSUE_TEMPLATE/proponer-practica.yml
(GitHub writes each answer under a `### <label>` heading, `_No response_` when left blank, a
`render: text` answer inside a ``` fence, ticked boxes as `- [X] <label>`). The form file itself
says which label is which field and what the options are, so the two never drift apart.

On success the record is printed (YAML, every string quoted: scripts/recordyaml.py) and the exit
status is 0; it passes scripts/validate.py together with the records of practices/. Otherwise a
Markdown list of what is missing or wrong is printed, in the language the proposer chose in the
form (Spanish when unknown), with the form's own labels, and the exit status is 1: the workflow
.github/workflows/propuesta.yml posts it as a comment. Exit status 2: usage error or a broken
catalogue (an error of the run, not of the proposal). Exit status 3: an unexpected error (a bug
of this script), its traceback on standard error: the workflow tells the proposer, in Spanish
and English, that a maintainer will look, and fails the run.

How answers become fields:

- dropdowns ("id — es / en") give their ids; "other" for the event or section is an error (a
  maintainer must add that report to taxonomies/events.yml first);
- countries: one per line, an ISO code or a country name in Spanish or English, then `stated` or
  `inferred: <what it was inferred from>` (`PA — stated`);
- links and further sources: one per line, the URL then its title (a further source needs one);
  only http:// and https:// addresses;
- the optional details (the practice sheet, rules.DETAILS) are written in the sheet's order; a
  further source is written {url, title, publisher, accessed, supports}: publisher is the URL's
  host without a leading "www." (what the URL itself shows, until a maintainer names the
  publisher), accessed is today's date (UTC), supports every detail the proposal gives, in
  rules.DETAILS order (the form cannot say which source states which detail: the proposer says
  so in the notes). A source with no detail to support is refused; `kind` is left out (the
  schema allows it; a maintainer adds it). status "unknown" needs no source and no source
  supports it; any other detail without a source is refused by the validator (message under
  the detail's own field);
- the source's text: one paragraph (blank-line separated) per section chosen, in order; with one
  section, each paragraph is one mention of it; lines of a paragraph are joined with a space;
- organisations: ids, names or acronyms of taxonomies/organizations.yml, comma-separated; one
  whose site only hosts a link and that the source's text does not name is refused (the
  host-domain rule of scripts/rules.py, `only_hosting`): its evidence is a maintainer's call;
- themes follow the report's placement (scripts/rules.py): the theme of each section chosen is
  added when missing; any other theme needs a line `theme-id: reason` in "Reason for other
  themes" (source.theme_reasons), each line checked (known theme, chosen, not a section's, once);
- a regional or international scope with countries is refused (the countries would go nowhere:
  a country that proposed or presided over it goes in the notes, for a maintainer);
- the id: the one suggested, else one made from the Spanish title (rules.id_from_title), with
  -2, -3... added when a record already has it or the site reserves it (rules.RESERVED_IDS:
  "index"); a suggested id that exists is an error.

Nothing of the body is executed or evaluated; values are only compared with known options and
copied into strings. An answer longer than the schema's text limit is refused before any answer
is read, and every pattern that reads one runs in time linear in its length.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

from catalogue import LANGUAGES, PRACTICES_DIR, ROOT, load_taxonomies, practice_files
from countries import country_codes, country_name, is_country
from recordyaml import dump
from rules import (
    BILINGUAL_DETAILS,
    DETAILS,
    ID_PATTERN,
    NO_COUNTRY_SCOPES,
    RESERVED_IDS,
    check,
    id_from_title,
    only_hosting,
    schema,
)
from sitedata import sort_key
from templating import code_span
from yamlsafe import load_yaml

FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "proponer-practica.yml"
NO_RESPONSE = "_No response_"
MAX_BODY = 300_000  # bytes; GitHub caps an issue body at 65,536 characters
CRASHED = 3  # exit status of a bug: the workflow comments that a maintainer will look
SEP, LANG_SEP, OTHER = " — ", " / ", "other"
BASIS = {
    "stated": "stated", "declarado": "stated", "declarada": "stated",
    "inferred": "inferred", "inferido": "inferred", "inferida": "inferred",
    "deducido": "inferred", "deducida": "inferred",
}  # fmt: skip
# A country line "country — basis[: note]" (country_line): the separator is a run of dashes or a
# colon, and what follows it is the basis word, then an optional colon and note.
COUNTRY_SEPARATOR = re.compile(r"[—–-]+|:")
COUNTRY_BASIS = re.compile(r"\s*(?P<basis>[A-Za-zÀ-ÿ]+)\s*(?::\s*(?P<note>.*))?$")
URL_LINE = re.compile(r"^(?P<url>\S+)(?:\s+(?:[—–|-]\s+)?(?P<text>.*))?$")
TICKED = re.compile(r"^- \[[xX]\] (?P<label>.+)$")

MESSAGES = {
    "es": {
        "intro": "No se pudo convertir la propuesta en una ficha. Corrija lo siguiente "
        "(editando el issue) y un responsable volverá a intentarlo:",
        "missing": "{label}: falta; es obligatorio.",
        "no_heading": "{label}: la sección no está en el texto del issue (¿se borró su título "
        "«### …»?).",
        "twice": "{label}: la sección aparece dos veces.",
        "option": "{label}: opción desconocida {got}; elija una de la lista.",
        "other_event": "{label}: «other»: un responsable debe añadir primero ese informe "
        "(taxonomies/events.yml).",
        "other_section": "{label}: «other»: indique en las notas la sección y un responsable la "
        "elegirá.",
        "mentions": "{label}: {paragraphs} párrafo(s) para {sections} secciones; escriba un "
        "párrafo por sección elegida, en el mismo orden, separados por una línea en blanco.",
        "country_line": "{label}, línea {n}: no se entiende {got}; escriba el código ISO (p. ej. "
        "PA) y «stated» o «inferred: de qué lo dedujo».",
        "country_unknown": "{label}, línea {n}: país desconocido {got}.",
        "country_note": "{label}, línea {n}: «inferred» necesita una nota: de qué lo dedujo.",
        "country_twice": "{label}, línea {n}: {got} ya está en otra línea.",
        "url": "{label}, línea {n}: {got} no es una dirección http:// o https://.",
        "source_title": "{label}, línea {n}: falta el título de la fuente después de la URL.",
        "source_unused": "{label}: una fuente sirve para los detalles opcionales que afirma, y "
        "no ha dado ninguno; escriba los detalles que dice la fuente o quítela.",
        "organization": "{label}: organización desconocida {got}; las conocidas: {known}. "
        "Si es otra, dígalo en las notas.",
        "gcm": "{label}: {got} no es un número del 1 al 23.",
        "date": "{label}: {got} no es un año, año-mes o fecha (2019, 2019-05, 2019-05-31).",
        "id_invalid": "{label}: {got} no vale; use minúsculas ASCII, cifras y guiones "
        "(p. ej. proyecto-turquesa).",
        "id_taken": "{label}: ya existe una ficha {got}; elija otro identificador, o proponga "
        "una corrección de esa ficha si es la misma práctica.",
        "id_none": "{label}: no se puede formar un identificador con el nombre; escriba uno.",
        "bilingual": "{label}: falta el texto en la otra lengua ({other}).",
        "unchecked": "{label}: falta marcar {got}.",
        "too_long": "{label}: demasiado largo ({n} caracteres; como máximo {max}).",
        "body_too_long": "El texto del issue es demasiado largo ({n} bytes; como máximo {max}).",
        "invalid": "{label}: la ficha no pasa la validación: `{path}`: {message}",
        "theme_reason": "{label}: el tema {got} no es el de ninguna sección elegida ({sections}); "
        "explique por qué lo lleva según la fuente en {reasons}, con una línea «{theme}: motivo», "
        "o quítelo.",
        "reason_line": "{label}, línea {n}: no se entiende {got}; escriba una línea por tema: su "
        "id, dos puntos y el motivo (p. ej. «communication: una campaña que el informe cita en la "
        "sesión 3»).",
        "reason_unknown": "{label}, línea {n}: tema desconocido {got}; use el id de un tema de "
        "{themes} (p. ej. communication).",
        "reason_unticked": "{label}, línea {n}: el tema {got} no está elegido en {themes}; elíjalo "
        "o quite la línea.",
        "reason_given": "{label}, línea {n}: {got} ya es el tema de la sección {section}; no "
        "necesita motivo: quite la línea.",
        "reason_twice": "{label}, línea {n}: el tema {got} ya tiene motivo en otra línea.",
        "reason_empty": "{label}, línea {n}: falta el motivo después de {got}.",
        "scope_countries": "{label}: una práctica de alcance {scope} no lleva países (dio {got}); "
        "deje {label} en blanco. Si un país la propuso o la presidió, dígalo en {notes}: un "
        "responsable lo anotará.",
        "org_host": "{label}: {got} solo aloja un enlace ({host}) y el texto de la fuente no la "
        "nombra; quítela. Si otra cosa muestra que la ejecuta o apoya, dígalo en {notes}: un "
        "responsable la añadirá con esa prueba.",
    },
    "en": {
        "intro": "The proposal could not be turned into a record. Please fix the following "
        "(by editing the issue) and a maintainer will try again:",
        "missing": "{label}: missing; it is required.",
        "no_heading": '{label}: the section is not in the issue\'s text (was its "### …" '
        "heading deleted?).",
        "twice": "{label}: the section appears twice.",
        "option": "{label}: unknown option {got}; choose one of the list.",
        "other_event": '{label}: "other": a maintainer must first add that report '
        "(taxonomies/events.yml).",
        "other_section": '{label}: "other": say the section in the notes and a maintainer will '
        "choose it.",
        "mentions": "{label}: {paragraphs} paragraph(s) for {sections} sections; write one "
        "paragraph per section chosen, in the same order, separated by a blank line.",
        "country_line": "{label}, line {n}: cannot read {got}; write the ISO code (e.g. PA) and "
        '"stated" or "inferred: what you inferred it from".',
        "country_unknown": "{label}, line {n}: unknown country {got}.",
        "country_note": '{label}, line {n}: "inferred" needs a note: what you inferred it from.',
        "country_twice": "{label}, line {n}: {got} is already on another line.",
        "url": "{label}, line {n}: {got} is not an http:// or https:// address.",
        "source_title": "{label}, line {n}: the source's title is missing after the URL.",
        "source_unused": "{label}: a source is there for the optional details it states, and "
        "you gave none; write the details the source states or remove it.",
        "organization": "{label}: unknown organisation {got}; the known ones: {known}. If it is "
        "another one, say so in the notes.",
        "gcm": "{label}: {got} is not a number from 1 to 23.",
        "date": "{label}: {got} is not a year, year-month or date (2019, 2019-05, 2019-05-31).",
        "id_invalid": "{label}: {got} is not valid; use lower-case ASCII letters, digits and "
        "hyphens (e.g. proyecto-turquesa).",
        "id_taken": "{label}: a record {got} already exists; choose another identifier, or "
        "propose a correction of that record if it is the same practice.",
        "id_none": "{label}: no identifier can be made from the name; please write one.",
        "bilingual": "{label}: the text in the other language is missing ({other}).",
        "unchecked": "{label}: {got} is not ticked.",
        "too_long": "{label}: too long ({n} characters; at most {max}).",
        "body_too_long": "The issue's text is too long ({n} bytes; at most {max}).",
        "invalid": "{label}: the record does not pass validation: `{path}`: {message}",
        "theme_reason": "{label}: the theme {got} is not that of any section chosen ({sections}); "
        'explain why it carries it according to the source under {reasons}, with a line "{theme}: '
        'reason", or remove it.',
        "reason_line": "{label}, line {n}: cannot read {got}; write one line per theme: its id, a "
        'colon and the reason (e.g. "communication: a campaign the report cites in session 3").',
        "reason_unknown": "{label}, line {n}: unknown theme {got}; use the id of a theme of "
        "{themes} (e.g. communication).",
        "reason_unticked": "{label}, line {n}: the theme {got} is not chosen under {themes}; "
        "choose it or remove the line.",
        "reason_given": "{label}, line {n}: {got} is already the theme of the section {section}; "
        "it needs no reason: remove the line.",
        "reason_twice": "{label}, line {n}: the theme {got} already has a reason on another line.",
        "reason_empty": "{label}, line {n}: the reason is missing after {got}.",
        "scope_countries": "{label}: a practice of {scope} scope lists no country (got {got}); "
        "leave {label} blank. If a country proposed or presided over it, say so under {notes}: a "
        "maintainer will note it.",
        "org_host": "{label}: {got} only hosts a link ({host}) and the source's text does not name "
        "it; remove it. If something else shows that it runs or supports the practice, say so "
        "under {notes}: a maintainer will add it with that evidence.",
    },
}


class Proposal:
    """The parsed answers of one issue body and the problems found, in one language."""

    def __init__(self, body: str, form: dict, lang: str = "es"):
        self.form = form
        self.elements = {e["id"]: e for e in form["body"] if e["type"] != "markdown"}
        self.lang = lang
        self.errors: list[str] = []
        self.comments: list[str] = []  # comment lines on top of the record
        self.answers, self.ticked, repeated = self._sections(body.replace("\r\n", "\n"))
        chosen = self.option_ids("language")
        if chosen and chosen[0] in LANGUAGES:
            self.lang = chosen[0]
        for field in repeated:
            self.error("twice", field)

    # -- wording ----------------------------------------------------------------------------

    def label(self, field: str) -> str:
        label = self.elements[field]["attributes"]["label"]
        es, _, en = label.partition(LANG_SEP)
        return f"**{es if self.lang == 'es' else (en or es)}**"

    def error(self, key: str, field: str | None = None, **values) -> None:
        if field:
            values["label"] = self.label(field)
        self.errors.append(MESSAGES[self.lang][key].format(**values))

    # -- the body ---------------------------------------------------------------------------

    def _sections(self, body: str):
        by_label = {e["attributes"]["label"].strip(): k for k, e in self.elements.items()}
        answers: dict[str, list[str]] = {}
        repeated: list[str] = []
        current = None
        for line in body.split("\n"):
            heading = line[4:].strip() if line.startswith("### ") else None
            if heading in by_label:
                current = by_label[heading]
                if current in answers:
                    repeated.append(current)
                answers[current] = []
            elif current:
                answers[current].append(line)
        values, ticked = {}, {}
        for key, lines in answers.items():
            text = "\n".join(lines).strip()
            if self.elements[key]["type"] == "checkboxes":
                ticked[key] = [m["label"].strip() for m in map(TICKED.match, lines) if m]
                continue
            if self.elements[key]["attributes"].get("render") and text.startswith("```"):
                inner = text.split("\n")
                if len(inner) >= 2 and inner[-1].strip() == "```":
                    text = "\n".join(inner[1:-1]).strip()
            values[key] = None if text in ("", NO_RESPONSE) else text
        return values, ticked, repeated

    def text(self, field: str) -> str | None:
        return self.answers.get(field)

    def option_ids(self, field: str) -> list[str]:
        """The ids of the options chosen in a dropdown (several when it is `multiple`)."""
        raw = self.text(field)
        if raw is None:
            return []
        options = self.elements[field]["attributes"]["options"]
        chosen, rest = [], raw
        while rest:
            match = next((o for o in options if rest == o or rest.startswith(o + ", ")), None)
            if match is None:
                self.error("option", field, got=show(rest))
                return []
            chosen.append(match.split(SEP, 1)[0])
            rest = rest[len(match) + 2 :]
        return chosen


def show(value: str, limit: int = 60) -> str:
    """A value of the body shown in a comment: inline code (no Markdown, no @mention),
    one line, cut at `limit` characters (templating.code_span)."""
    return code_span(value, limit)


def country_line(line: str) -> tuple[str, str, str | None] | None:
    """(country, basis word, note or None) of a country line, or None when it has no
    separator followed by a basis word. The country is what comes before the first separator
    that a basis word follows ("Guinea-Bissau — stated"). Linear in the line's length: each
    separator is looked at once, and the check after it stops at the next one (one pattern
    with a lazy country before a run of dashes backtracked for minutes on 60,000 dashes)."""
    for separator in COUNTRY_SEPARATOR.finditer(line):
        tail = COUNTRY_BASIS.match(line, separator.end()) if separator.start() else None
        if tail:
            return line[: separator.start()], tail["basis"], tail["note"]
    return None


def _fold(text: str) -> str:
    return sort_key(text).strip()


def country_names() -> dict[str, str]:
    """Folded country name (Spanish and English CLDR names) -> ISO code."""
    names = {}
    for lang in LANGUAGES:
        for code in country_codes():
            names.setdefault(_fold(country_name(code, lang)), code)
    return names


def organization_names(organizations: dict) -> dict[str, str]:
    """Folded id, name or acronym (in parentheses in the labels) -> organisation id."""
    names = {}
    for key, org in organizations.items():
        names[_fold(key)] = key
        for label in org["label"].values():
            names.setdefault(_fold(label), key)
            for acronym in re.findall(r"\(([^)]+)\)", label):
                names.setdefault(_fold(acronym), key)
    return names


def _single_line(text: str) -> str:
    return " ".join(text.split())


def build(p: Proposal, taxonomies: dict, existing: set[str]) -> dict | None:
    """The record the answers describe, or None when p.errors says why not."""
    text_limit = schema()["$defs"]["text"]["maxLength"]
    too_long = False
    for key, elem in p.elements.items():
        required = elem.get("validations", {}).get("required")
        if key not in p.answers and key not in p.ticked:
            p.error("no_heading", key)
        elif required and elem["type"] != "checkboxes" and p.text(key) is None:
            p.error("missing", key)
        elif p.text(key) and len(p.text(key)) > text_limit:
            p.error("too_long", key, n=len(p.text(key)), max=text_limit)
            too_long = True
    for key, elem in p.elements.items():
        if elem["type"] != "checkboxes":
            continue
        for option in elem["attributes"]["options"]:
            if option.get("required") and option["label"].strip() not in p.ticked.get(key, []):
                es, _, en = option["label"].partition(LANG_SEP)
                p.error("unchecked", key, got=show(es if p.lang == "es" else en or es, 80))
    if too_long:
        return None  # no answer is read (no pattern runs on it) before every one is in bounds

    record: dict = {}
    title = {lang: _single_line(p.text(f"title_{lang}") or "") for lang in LANGUAGES}
    summary = {lang: p.text(f"summary_{lang}") or "" for lang in LANGUAGES}

    # id
    given = p.text("id")
    if given:
        given = given.strip()
        if not ID_PATTERN.match(given):
            p.error("id_invalid", "id", got=show(given))
        elif given in existing:
            p.error("id_taken", "id", got=show(given))
        record_id = given
    else:
        base = id_from_title(title["es"])
        record_id, n = base, 2
        while record_id in existing or record_id in RESERVED_IDS:
            record_id, n = f"{base}-{n}", n + 1
        if not base and title["es"]:
            p.error("id_none", "id")
    record.update(id=record_id, title=title, summary=summary)
    types = p.option_ids("type")
    record["type"] = types[0] if types else ""
    record["themes"] = p.option_ids("themes")

    # countries and their evidence
    names = country_names()
    countries, evidence = [], {}
    for n, line in enumerate((p.text("countries") or "").split("\n"), 1):
        if not line.strip():
            continue
        parts = country_line(line.strip())
        basis = BASIS.get(parts[1].lower()) if parts else None
        if not basis:
            p.error("country_line", "countries", n=n, got=show(line))
            continue
        name, note = parts[0].strip(), (parts[2] or "").strip()
        code = name.upper() if is_country(name.upper()) else names.get(_fold(name))
        if not code:
            p.error("country_unknown", "countries", n=n, got=show(name))
        elif code in countries:
            p.error("country_twice", "countries", n=n, got=show(code))
        elif basis == "inferred" and not note:
            p.error("country_note", "countries", n=n)
        else:
            countries.append(code)
            evidence[code] = {"basis": basis}
            if note:
                evidence[code]["note"] = _single_line(note)
    record["countries"] = countries
    scopes = p.option_ids("scope")
    record["scope"] = scopes[0] if scopes else ""

    orgs = organization_names(taxonomies["organizations"])
    organizations = []
    for item in re.split(r"[,;\n]", p.text("organizations") or ""):
        if not item.strip():
            continue
        key = orgs.get(_fold(item))
        if key is None:
            p.error("organization", "organizations", got=show(item.strip()),
                    known=", ".join(taxonomies["organizations"]))  # fmt: skip
        elif key not in organizations:
            organizations.append(key)
    if organizations:
        record["organizations"] = organizations
    objectives = []
    for item in re.split(r"[,;\s]+", p.text("gcm_objectives") or ""):
        if not item:
            continue
        # ASCII digits only: str.isdigit() also takes "²" and "①", which int() refuses
        if not (re.fullmatch(r"0*[0-9]{1,2}", item) and 1 <= int(item) <= 23):
            p.error("gcm", "gcm_objectives", got=show(item))
        elif int(item) not in objectives:
            objectives.append(int(item))
    if objectives:
        record["gcm_objectives"] = objectives
    record["links"] = [
        {"url": url, "text": text} if text else {"url": url}
        for url, text in url_lines(p, "links", title_required=False)
    ]

    # optional details: the practice sheet, in its order (rules.DETAILS)
    details: dict = {}
    date = re.compile(schema()["$defs"]["date"]["pattern"])
    period = {}
    for part in ("start", "end"):
        value = (p.text(f"period_{part}") or "").strip()
        if value and not date.match(value):
            p.error("date", f"period_{part}", got=show(value))
        elif value:
            period[part] = value
    if period:
        details["period"] = period
    statuses = p.option_ids("status")
    if statuses:
        details["status"] = statuses[0]
    for name in BILINGUAL_DETAILS:
        es, en = p.text(f"{name}_es"), p.text(f"{name}_en")
        if bool(es) != bool(en):
            field = f"{name}_en" if es else f"{name}_es"
            p.error("bilingual", field, other=p.label(f"{name}_es" if es else f"{name}_en"))
        elif es:
            details[name] = {"es": es, "en": en}
    contact = {}
    for part in ("name", "email", "url"):
        value = p.text(f"contact_{part}")
        if value:
            contact[part] = _single_line(value)
    if contact.get("url") and not re.match(r"^https?://", contact["url"]):
        p.error("url", "contact_url", n=1, got=show(contact["url"]))
    if contact:
        details["contact"] = contact
    record.update((name, details[name]) for name in DETAILS if name in details)
    # what a source can state: every detail but the status "unknown" (which needs none)
    supports = [n for n in DETAILS if n in details and details[n] != "unknown"]
    accessed = datetime.now(UTC).date().isoformat()
    sources = [
        {"url": url, "title": title, "publisher": publisher(url), "accessed": accessed,
         "supports": supports}
        for url, title in url_lines(p, "further_sources", title_required=True)
    ]  # fmt: skip
    if sources and not supports:
        p.error("source_unused", "further_sources")
    if sources:
        record["further_sources"] = sources

    # the source
    events = p.option_ids("source_event")
    sections = p.option_ids("source_section")
    kinds = p.option_ids("source_kind")
    if OTHER in events:
        p.error("other_event", "source_event")
    if OTHER in sections:
        p.error("other_section", "source_section")
    paragraphs = [
        _single_line(block) for block in re.split(r"\n\s*\n", p.text("source_text") or "")
    ]
    paragraphs = [block for block in paragraphs if block]
    if len(sections) == 1:
        pairs = [(sections[0], block) for block in paragraphs]
    elif len(sections) == len(paragraphs):
        pairs = list(zip(sections, paragraphs, strict=True))
    else:
        pairs = []
        p.error("mentions", "source_text", paragraphs=len(paragraphs), sections=len(sections))
    kind = kinds[0] if kinds else "list"
    record["source"] = {
        "event": events[0] if events else "",
        "mentions": [{"section": s, "kind": kind, "text": t} for s, t in pairs],
        "countries": evidence,
    }
    event = taxonomies["events"].get(record["source"]["event"])
    if event and sections and OTHER not in sections:
        reasons = theme_reasons(p, record["themes"], sections, event, taxonomies["themes"])
        if reasons:
            record["source"]["theme_reasons"] = reasons
    if record["scope"] in NO_COUNTRY_SCOPES and countries:
        p.error("scope_countries", "countries", scope=show(record["scope"]),
                got=show(", ".join(countries)), notes=p.label("notes"))  # fmt: skip
    for _, org_id, host in only_hosting(record, taxonomies):
        p.error("org_host", "organizations", got=show(org_id), host=show(host),
                notes=p.label("notes"))  # fmt: skip
    return None if p.errors else record


def theme_reasons(
    p: Proposal, themes: list[str], sections: list[str], event: dict, known: dict
) -> dict[str, str]:
    """The report's placement (scripts/rules.py): the theme of each section chosen is added to
    `themes` when missing; every other theme needs a line "theme-id: reason" in the answer
    theme_reasons. Returns {theme: reason}; problems go to p.errors in the proposer's words."""
    given: dict[str, str] = {}
    for section in sections:
        theme = event["sections"].get(section, {}).get("theme")
        if theme:
            given.setdefault(theme, section)
    themes.extend(t for t in given if t not in themes)
    reasons: dict[str, str] = {}
    named: set[str] = set()  # themes with a line, right or wrong (a wrong one is said already)
    for n, line in enumerate((p.text("theme_reasons") or "").split("\n"), 1):
        if not line.strip():
            continue
        theme, colon, reason = line.strip().partition(":")  # "theme-id: reason"
        theme = theme.strip()
        named.add(theme)
        if not colon or not theme:
            p.error("reason_line", "theme_reasons", n=n, got=show(line))
        elif theme not in known:
            p.error("reason_unknown", "theme_reasons", n=n, got=show(theme),
                    themes=p.label("themes"))  # fmt: skip
        elif theme not in themes:
            p.error("reason_unticked", "theme_reasons", n=n, got=show(theme),
                    themes=p.label("themes"))  # fmt: skip
        elif theme in given:
            p.error("reason_given", "theme_reasons", n=n, got=show(theme),
                    section=show(given[theme]))  # fmt: skip
        elif theme in reasons:
            p.error("reason_twice", "theme_reasons", n=n, got=show(theme))
        elif not reason.strip():
            p.error("reason_empty", "theme_reasons", n=n, got=show(theme + ":"))
        else:
            reasons[theme] = _single_line(reason)
    for theme in themes:
        if theme not in given and theme not in named and theme in known:
            p.error("theme_reason", "themes", got=show(theme), theme=theme,
                    sections=", ".join(show(s) for s in sections),
                    reasons=p.label("theme_reasons"))  # fmt: skip
    return reasons


def url_lines(p: Proposal, field: str, title_required: bool) -> list[tuple[str, str]]:
    """(url, title) of each line of an answer; its title "" when none is given."""
    items = []
    for n, line in enumerate((p.text(field) or "").split("\n"), 1):
        if not line.strip():
            continue
        match = URL_LINE.match(line.strip())
        url, text = match["url"], (match["text"] or "").strip()
        if not re.match(r"^https?://", url):
            p.error("url", field, n=n, got=show(url))
        elif title_required and not text:
            p.error("source_title", field, n=n)
        else:
            items.append((url, text))
    return items


def publisher(url: str) -> str:
    """The host an http(s) URL shows, lower case, without a port, user or leading "www."
    (docs/assets/propose.js has the same function: the two forms write the same record)."""
    host = re.match(r"^https?://([^/?#]*)", url)[1].rpartition("@")[2]
    return re.sub(r":[0-9]*$", "", host).lower().removeprefix("www.")


# Which form field a validator problem is about (the longest matching field path prefix).
FIELD_OF_PATH = {
    "id": "id", "title.es": "title_es", "title.en": "title_en", "summary.es": "summary_es",
    "summary.en": "summary_en", "type": "type", "themes": "themes", "countries": "countries",
    "scope": "scope", "organizations": "organizations", "gcm_objectives": "gcm_objectives",
    "links": "links", "source.event": "source_event", "source.mentions": "source_text",
    "source.theme_reasons": "theme_reasons",
    "source.countries": "countries", "period.start": "period_start", "period.end": "period_end",
    "contact.name": "contact_name", "contact.email": "contact_email", "contact.url": "contact_url",
    "contact": "contact_email", "further_sources": "further_sources", "status": "status",
    **{f"{d}.{lang}": f"{d}_{lang}" for d in BILINGUAL_DETAILS for lang in LANGUAGES},
    **{d: f"{d}_es" for d in BILINGUAL_DETAILS},
    "period": "period_start",
}  # fmt: skip


def form_field(path: str) -> str:
    candidates = [k for k in FIELD_OF_PATH if path == k or path.startswith((k + ".", k + "["))]
    return FIELD_OF_PATH[max(candidates, key=len)] if candidates else "title_es"


def validate(p: Proposal, record: dict, practices: Path, taxonomies: dict) -> str:
    """The record as YAML once it passes the validator with the catalogue, else ''."""
    with tempfile.TemporaryDirectory(prefix="bp-proposal-") as tmp:
        path = Path(tmp) / f"{record['id']}.yml"
        text = dump(record, p.comments)
        path.write_text(text, encoding="utf-8")
        _, problems = check([*practice_files(practices), path], taxonomies)
    others = [str(x) for x in problems if x.file != str(path)]
    if others:
        raise RuntimeError("the catalogue itself is invalid:\n" + "\n".join(others))
    for problem in problems:
        message = show(problem.message, 300)
        p.error("invalid", form_field(problem.field), path=problem.field, message=message)
    return "" if problems else text


def convert(
    body: str, practices: Path = PRACTICES_DIR, number: int | None = None, size: int = 0
) -> tuple[str, list[str], str]:
    """(record YAML, [], lang) or ("", [error, ...], lang of the errors). `size`: the body's
    size in bytes when `body` is only its beginning."""
    form = load_yaml(FORM)[0]
    taxonomies = load_taxonomies()
    p = Proposal(body, form)
    if number is not None:
        p.comments = [f"Propuesta en el issue #{number} / Proposed in issue #{number}"]
    size = max(size, len(body.encode("utf-8")))
    if size > MAX_BODY:
        p.error("body_too_long", n=size, max=MAX_BODY)
        return "", p.errors, p.lang
    existing = {path.stem for path in practice_files(practices)}
    record = build(p, taxonomies, existing)
    if record is None:
        return "", p.errors, p.lang
    text = validate(p, record, practices, taxonomies)
    return text, p.errors, p.lang


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("body", type=Path, metavar="BODY_FILE")
    parser.add_argument("--number", type=int, help="the issue's number (noted in the record)")
    parser.add_argument("--practices", type=Path, default=PRACTICES_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        with args.body.open("rb") as file:
            raw = file.read(MAX_BODY + 1)
        size = args.body.stat().st_size
        body = raw[:MAX_BODY].decode("utf-8", errors="replace")
        text, errors, lang = convert(body, args.practices, args.number, size)
    except (OSError, RuntimeError) as exc:
        print(f"issue_to_record: error: {exc}", file=sys.stderr)
        return 2
    except Exception:  # a bug: said apart from a rejection (1), which would be an empty list
        traceback.print_exc()
        print("issue_to_record: unexpected error (a bug of this script, not of the proposal)",
              file=sys.stderr)  # fmt: skip
        return CRASHED
    if errors:
        print(MESSAGES[lang]["intro"] + "\n")
        print("\n".join(f"- {e}" for e in errors))
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
