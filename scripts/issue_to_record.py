"""A practice proposal issue to a record: `python scripts/issue_to_record.py BODY [--number N]
[--pending FILE]`.

BODY_FILE is the body of an issue opened with the form .github/ISSUE_TEMPLATE/proponer-practica.yml
(scripts/issueform.py), by hand or from the site's form, which fills it in through the link's
query (GitHub writes each answer under a `### <label>` heading, `_No response_` when left blank,
a `render: text` answer inside a ``` fence, ticked boxes as `- [X] <label>`). The form file says
which label is which field, so the two never drift apart. This script is the one writer of a
proposed record; scripts/rules.py, through scripts/validate.py, judges it.

On success the record is printed (YAML, every string quoted: scripts/recordyaml.py) and the exit
status is 0; it passes scripts/validate.py together with the records of practices/, but for the
translations still to write (below). Otherwise a Markdown list of what is missing or wrong is
printed, in the language the proposer chose in the form (Spanish when unknown), with the form's
own labels, and the exit status is 1: the workflow .github/workflows/propuesta.yml posts it as a
comment. Exit status 2: usage error or a broken catalogue (an error of the run, not of the
proposal). Exit status 3: an unexpected error (a bug of this script), its traceback on standard
error: the workflow tells the proposer, in Spanish and English, that a maintainer will look, and
fails the run.

How answers become fields:

- a choice (language, type, themes, scope, meeting, sections, kind of mention, status) is a
  label of taxonomies/*.yml or templates/labels.yml in Spanish or English, or its id, case and
  accents aside (vocabularies()); a section also by the words before " - " in its label
  ("Sesión 6"); several (themes, sections) one per line;
- countries: one per line, a country name in Spanish or English or its ISO code, then the basis
  (`declarado`/`stated`, or `deducido`/`inferred` and `: <what it was inferred from>`);
- links and further sources: one per line, the URL then its title (a further source needs one);
  only http:// and https:// addresses;
- the texts (name, summary, the sheet's bilingual details) may come in one language only: the
  other one is then rules.PLACEHOLDER text ("TODO: traducir del español / translate from
  Spanish"), which the validator refuses, so no such record reaches main; its paths (title.en,
  ...) are the translations pending: written one per line to --pending FILE, for the workflow to
  list in the pull request;
- where it comes from: a meeting whose report mentions it (source.event; its sections and the
  report's words, one paragraph per section, in order, become source.mentions; with one section,
  each paragraph is one mention of it), or, when no report mentions it, the proposing institution
  (source.proposal: {institution, date: today (UTC), issue: --number}), which then rests on its
  further sources (the validator requires one);
- the optional details (the practice sheet, rules.DETAILS) are written in the sheet's order; a
  further source is written {url, title, publisher, accessed, supports}: publisher is the URL's
  host without a leading "www." (what the URL itself shows, until a maintainer names the
  publisher), accessed is today's date (UTC), supports every detail the proposal gives, in
  rules.DETAILS order (the form cannot say which source states which detail: the proposer says
  so in the notes). A source with no detail to support is refused; `kind` is left out (the
  schema allows it; a maintainer adds it). status "unknown" needs no source and no source
  supports it; any other detail without a source is refused by the validator (message under
  the detail's own field);
- organisations (ids, names or acronyms of taxonomies/organizations.yml, one per line or
  comma-separated) and Global Compact objectives (numbers) are written as lists, [] when none,
  as in every record of the catalogue; an organisation whose site only hosts a link and that
  the source's text does not name is refused (the host-domain rule of scripts/rules.py,
  `only_hosting`): its evidence is a maintainer's call;
- themes follow the report's placement (scripts/rules.py): the theme of each section chosen is
  added when missing; any other theme needs a line `theme: reason` in "Reason for other themes"
  (source.theme_reasons), each line checked (known theme, chosen, not a section's, once);
- a regional or international scope with countries is refused (the countries would go nowhere:
  a country that proposed or presided over it goes in the notes, for a maintainer);
- the id: the one suggested, else one made from the title (the Spanish one when given;
  rules.id_from_title), with -2, -3... added when a record already has it or the site reserves
  it (rules.RESERVED_IDS: "index"); a suggested id that exists is an error.

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
from typing import NamedTuple

from catalogue import LANGUAGES, PRACTICES_DIR, load_taxonomies, practice_files
from countries import country_codes, country_name, is_country
from issueform import form
from recordyaml import dump
from rules import (
    BILINGUAL_DETAILS,
    DETAILS,
    ID_PATTERN,
    NO_COUNTRY_SCOPES,
    PLACEHOLDER,
    RESERVED_IDS,
    check,
    id_from_title,
    only_hosting,
    schema,
)
from sitedata import sort_key
from templating import code_span, labels

NO_RESPONSE = "_No response_"
MAX_BODY = 300_000  # bytes; GitHub caps an issue body at 65,536 characters
CRASHED = 3  # exit status of a bug: the workflow comments that a maintainer will look
SEP, LANG_SEP = " — ", " / "
BASIS = {
    "stated": "stated", "declarado": "stated", "declarada": "stated",
    "inferred": "inferred", "inferido": "inferred", "inferida": "inferred",
    "deducido": "inferred", "deducida": "inferred",
}  # fmt: skip
# The names a proposer may give each language of the replies (and of the texts).
LANGUAGE_NAMES = {
    "es": {"es": "Español", "en": "Spanish", "also": ("castellano",)},
    "en": {"es": "Inglés", "en": "English", "also": ()},
}
# What "no meeting" may be written as in the meeting's field (besides leaving it blank).
NO_EVENT = ("ninguno", "ninguna", "none", "no", "-", "—")
# The text written for a translation still to do (rules.PLACEHOLDER: the validator refuses it).
TRANSLATE = {
    "es": f"{PLACEHOLDER}: traducir del inglés / translate from English",
    "en": f"{PLACEHOLDER}: traducir del español / translate from Spanish",
}
# The fields that only a practice mentioned in a report has.
REPORT_FIELDS = ("source_section", "source_kind", "source_text", "theme_reasons")
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
        "missing_text": "{label}: falta; escríbalo al menos en una lengua (aquí o en {other}).",
        "no_heading": "{label}: la sección no está en el texto del issue (¿se borró su título "
        "«### …»?).",
        "twice": "{label}: la sección aparece dos veces.",
        "option": "{label}: no se reconoce {got}; escriba una de estas opciones: {known}.",
        "unknown_event": "{label}: reunión desconocida {got}; las conocidas: {known}. Si es otro "
        "informe, dígalo en {notes}: un responsable debe añadirlo primero. Si ningún informe la "
        "menciona, deje {label} en blanco y escriba {proposer}.",
        "no_origin": "{label}: falta. Escriba la reunión cuyo informe menciona la práctica o, si "
        "ningún informe la menciona, {proposer} (y al menos una fuente publicada en {sources}).",
        "both_origins": "{label}: solo para una práctica que ningún informe menciona, y esta la "
        "menciona el informe de {event}; deje {label} en blanco.",
        "report_only": "{label}: solo para una práctica que menciona un informe; escriba la "
        "reunión en {event} o deje {label} en blanco.",
        "mentions": "{label}: {paragraphs} párrafo(s) para {sections} secciones; escriba un "
        "párrafo por sección elegida, en el mismo orden, separados por una línea en blanco.",
        "country_line": "{label}, línea {n}: no se entiende {got}; escriba el país (nombre o "
        "código ISO, p. ej. Panamá o PA) y «declarado» o «deducido: de qué lo dedujo».",
        "country_unknown": "{label}, línea {n}: país desconocido {got}.",
        "country_note": "{label}, línea {n}: «deducido» necesita una nota: de qué lo dedujo.",
        "country_twice": "{label}, línea {n}: {got} ya está en otra línea.",
        "url": "{label}, línea {n}: {got} no es una dirección http:// o https://.",
        "source_title": "{label}, línea {n}: falta el título de la fuente después de la URL.",
        "source_unused": "{label}: una fuente sirve para los detalles opcionales que afirma, y "
        "no ha dado ninguno; escriba los detalles que dice la fuente o quítela.",
        "proposal_detail": "{label}: una práctica que ningún informe menciona se apoya en sus "
        "fuentes publicadas; escriba al menos un detalle que diga la fuente (p. ej. {detail}).",
        "organization": "{label}: organización desconocida {got}; las conocidas: {known}. "
        "Si es otra, dígalo en las notas.",
        "gcm": "{label}: {got} no es un número del 1 al 23.",
        "date": "{label}: {got} no es un año, año-mes o fecha (2019, 2019-05, 2019-05-31).",
        "id_invalid": "{label}: {got} no vale; use minúsculas ASCII, cifras y guiones "
        "(p. ej. proyecto-turquesa).",
        "id_taken": "{label}: ya existe una ficha {got}; elija otro identificador, o proponga "
        "una corrección de esa ficha si es la misma práctica.",
        "id_none": "{label}: no se puede formar un identificador con el nombre; escriba uno.",
        "unchecked": "{label}: falta marcar {got}.",
        "too_long": "{label}: demasiado largo ({n} caracteres; como máximo {max}).",
        "body_too_long": "El texto del issue es demasiado largo ({n} bytes; como máximo {max}).",
        "invalid": "{label}: la ficha no pasa la validación: `{path}`: {message}",
        "theme_reason": "{label}: el tema {got} no es el de ninguna sección elegida ({sections}); "
        "explique por qué lo lleva según la fuente en {reasons}, con una línea «{theme}: motivo», "
        "o quítelo.",
        "reason_line": "{label}, línea {n}: no se entiende {got}; escriba una línea por tema: el "
        "tema, dos puntos y el motivo (p. ej. «Campaña regional de comunicación: una campaña que "
        "el informe cita en la sesión 3»).",
        "reason_unknown": "{label}, línea {n}: tema desconocido {got}; use un tema de {themes}.",
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
        "missing_text": "{label}: missing; write it in at least one language (here or under "
        "{other}).",
        "no_heading": '{label}: the section is not in the issue\'s text (was its "### …" '
        "heading deleted?).",
        "twice": "{label}: the section appears twice.",
        "option": "{label}: {got} is not recognised; write one of these options: {known}.",
        "unknown_event": "{label}: unknown meeting {got}; the known ones: {known}. If it is "
        "another report, say so under {notes}: a maintainer must add it first. If no report "
        "mentions the practice, leave {label} blank and fill in {proposer}.",
        "no_origin": "{label}: missing. Write the meeting whose report mentions the practice or, "
        "if no report mentions it, fill in {proposer} (and at least one published source under "
        "{sources}).",
        "both_origins": "{label}: only for a practice that no report mentions, and the report of "
        "{event} mentions this one; leave {label} blank.",
        "report_only": "{label}: only for a practice that a report mentions; write the meeting "
        "under {event} or leave {label} blank.",
        "mentions": "{label}: {paragraphs} paragraph(s) for {sections} sections; write one "
        "paragraph per section chosen, in the same order, separated by a blank line.",
        "country_line": "{label}, line {n}: cannot read {got}; write the country (name or ISO "
        'code, e.g. Panama or PA) and "stated" or "inferred: what you inferred it from".',
        "country_unknown": "{label}, line {n}: unknown country {got}.",
        "country_note": '{label}, line {n}: "inferred" needs a note: what you inferred it from.',
        "country_twice": "{label}, line {n}: {got} is already on another line.",
        "url": "{label}, line {n}: {got} is not an http:// or https:// address.",
        "source_title": "{label}, line {n}: the source's title is missing after the URL.",
        "source_unused": "{label}: a source is there for the optional details it states, and "
        "you gave none; write the details the source states or remove it.",
        "proposal_detail": "{label}: a practice that no report mentions rests on its published "
        "sources; write at least one detail that the source states (e.g. {detail}).",
        "organization": "{label}: unknown organisation {got}; the known ones: {known}. If it is "
        "another one, say so in the notes.",
        "gcm": "{label}: {got} is not a number from 1 to 23.",
        "date": "{label}: {got} is not a year, year-month or date (2019, 2019-05, 2019-05-31).",
        "id_invalid": "{label}: {got} is not valid; use lower-case ASCII letters, digits and "
        "hyphens (e.g. proyecto-turquesa).",
        "id_taken": "{label}: a record {got} already exists; choose another identifier, or "
        "propose a correction of that record if it is the same practice.",
        "id_none": "{label}: no identifier can be made from the name; please write one.",
        "unchecked": "{label}: {got} is not ticked.",
        "too_long": "{label}: too long ({n} characters; at most {max}).",
        "body_too_long": "The issue's text is too long ({n} bytes; at most {max}).",
        "invalid": "{label}: the record does not pass validation: `{path}`: {message}",
        "theme_reason": "{label}: the theme {got} is not that of any section chosen ({sections}); "
        'explain why it carries it according to the source under {reasons}, with a line "{theme}: '
        'reason", or remove it.',
        "reason_line": "{label}, line {n}: cannot read {got}; write one line per theme: the "
        'theme, a colon and the reason (e.g. "Regional communication campaign: a campaign the '
        'report cites in session 3").',
        "reason_unknown": "{label}, line {n}: unknown theme {got}; use a theme of {themes}.",
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


class Vocabulary:
    """The answers one choice takes: every option's id and its labels in both languages, case
    and accents aside (and, for labels "Sesión 6 - Fortalecimiento…", the words before " - "
    when no other option shares them); `labels` keeps them for messages."""

    def __init__(self, entries: dict[str, dict], extra: dict[str, tuple] | None = None):
        self.labels = {
            key: {lang: str(value[lang]) for lang in LANGUAGES if lang in value}
            for key, value in entries.items()
        }
        self.names: dict[str, str] = {}
        heads: dict[str, set[str]] = {}
        for key, names in self.labels.items():
            for name in (key, *names.values(), *(extra or {}).get(key, ())):
                self.names.setdefault(_fold(name), key)
            for name in names.values():
                head = name.split(" - ", 1)[0]
                if head != name:
                    heads.setdefault(_fold(head), set()).add(key)
        for head, keys in heads.items():
            if len(keys) == 1:
                self.names.setdefault(head, keys.pop())

    def find(self, text: str) -> str | None:
        """The id an answer names, or None. "id — es / en" (the way the form's dropdowns once
        wrote a choice) names its id."""
        found = self.names.get(_fold(text))
        if found is None and SEP in text:
            found = self.names.get(_fold(text.split(SEP, 1)[0]))
        return found

    def label(self, key: str, lang: str) -> str:
        return self.labels[key].get(lang) or self.labels[key].get("es") or key

    def known(self, lang: str) -> str:
        return "; ".join(f"«{self.label(key, lang)}»" for key in self.labels)


def languages() -> Vocabulary:
    names = {k: {lang: v[lang] for lang in LANGUAGES} for k, v in LANGUAGE_NAMES.items()}
    return Vocabulary(names, {k: v["also"] for k, v in LANGUAGE_NAMES.items()})


def vocabularies(taxonomies: dict) -> dict[str, Vocabulary]:
    """The vocabulary of each choice of the form (the sections: section_vocabulary())."""
    words = labels()
    record = schema()["properties"]

    def _status(w, k):
        return w["status_values"][k]

    def interface(keys, key_of) -> dict:
        return {k: {lang: key_of(words[lang], k) for lang in LANGUAGES} for k in keys}

    return {
        "type": Vocabulary({k: v["label"] for k, v in taxonomies["types"].items()}),
        "themes": Vocabulary({k: v["label"] for k, v in taxonomies["themes"].items()}),
        "scope": Vocabulary(interface(record["scope"]["enum"], lambda w, k: w[f"scope_{k}"])),
        "source_event": Vocabulary({k: v["label"] for k, v in taxonomies["events"].items()}),
        "source_kind": Vocabulary(interface(("list", "narrative"), lambda w, k: w[f"mention_{k}"])),
        "status": Vocabulary(interface(record["status"]["enum"], _status)),
    }


def section_vocabulary(event: dict) -> Vocabulary:
    return Vocabulary(event["sections"])


class Proposal:
    """The parsed answers of one issue body and the problems found, in one language."""

    def __init__(self, body: str, form: dict, lang: str = "es"):
        self.form = form
        self.elements = {e["id"]: e for e in form["body"] if e["type"] != "markdown"}
        self.lang = lang
        self.errors: list[str] = []
        self.comments: list[str] = []  # comment lines on top of the record
        self.pending: list[str] = []  # paths of the texts to translate (placeholders)
        self.answers, self.ticked, repeated = self._sections(body.replace("\r\n", "\n"))
        language = self.text("language")
        chosen = languages().find(language) if language else None
        if chosen:
            self.lang = chosen
        elif language:
            self.error("option", "language", got=show(language), known=languages().known(self.lang))
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

    def choices(self, field: str, vocabulary: Vocabulary, multiple: bool = False) -> list[str]:
        """The ids an answer names: one, or with `multiple` one per line (a line that names no
        option is also read as a comma-separated list)."""
        raw = self.text(field)
        if raw is None:
            return []
        lines = [line.strip() for line in raw.split("\n") if line.strip()]
        items = lines if multiple else [" ".join(raw.split())]
        chosen: list[str] = []
        for item in items:
            found = [vocabulary.find(item)]
            parts = [part.strip() for part in re.split(r"[,;]", item) if part.strip()]
            if found[0] is None and multiple and len(parts) > 1:
                found = [vocabulary.find(part) for part in parts]
            for key, part in zip(found, parts if len(found) > 1 else [item], strict=True):
                if key is None:
                    self.error("option", field, got=show(part), known=vocabulary.known(self.lang))
                elif key not in chosen:
                    chosen.append(key)
        return chosen

    def bilingual(self, name: str) -> dict[str, str] | None:
        """{es, en} of a text given in one language or both, None when in neither; a language
        left blank gets the translation placeholder (TRANSLATE), its path noted in pending."""
        texts = {lang: self.text(f"{name}_{lang}") for lang in LANGUAGES}
        if not any(texts.values()):
            return None
        for lang in LANGUAGES:
            if not texts[lang]:
                texts[lang] = TRANSLATE[lang]
                self.pending.append(f"{name}.{lang}")
        return texts


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
    return sort_key(" ".join(text.split())).strip()


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


def _other(lang: str) -> str:
    return next(other for other in LANGUAGES if other != lang)


def build(
    p: Proposal, taxonomies: dict, existing: set[str], number: int | None = None
) -> dict | None:
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

    vocab = vocabularies(taxonomies)
    today = datetime.now(UTC).date().isoformat()
    record: dict = {}
    texts = {}
    for name in ("title", "summary"):
        texts[name] = p.bilingual(name)
        if texts[name] is None:
            p.error("missing_text", f"{name}_{p.lang}", other=p.label(f"{name}_{_other(p.lang)}"))
            texts[name] = {lang: "" for lang in LANGUAGES}
    title = {lang: _single_line(text) for lang, text in texts["title"].items()}

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
        named = title["en"] if "title.es" in p.pending else title["es"]
        base = id_from_title(named)
        record_id, n = base, 2
        while record_id in existing or record_id in RESERVED_IDS:
            record_id, n = f"{base}-{n}", n + 1
        if not base and named:
            p.error("id_none", "id")
    record.update(id=record_id, title=title, summary=texts["summary"])
    types = p.choices("type", vocab["type"])
    record["type"] = types[0] if types else ""
    record["themes"] = p.choices("themes", vocab["themes"], multiple=True)

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
    scopes = p.choices("scope", vocab["scope"])
    record["scope"] = scopes[0] if scopes else ""

    orgs = organization_names(taxonomies["organizations"])
    organizations = []
    for line in (p.text("organizations") or "").split("\n"):
        whole = orgs.get(_fold(line))
        for item in [line] if whole else re.split(r"[,;]", line):
            if not item.strip():
                continue
            key = orgs.get(_fold(item))
            if key is None:
                p.error("organization", "organizations", got=show(item.strip()),
                        known=", ".join(taxonomies["organizations"]))  # fmt: skip
            elif key not in organizations:
                organizations.append(key)
    record["organizations"] = organizations  # [] when none, as every record of the catalogue
    objectives = []
    for item in re.split(r"[,;\s]+", p.text("gcm_objectives") or ""):
        if not item:
            continue
        # ASCII digits only: str.isdigit() also takes "²" and "①", which int() refuses
        if not (re.fullmatch(r"0*[0-9]{1,2}", item) and 1 <= int(item) <= 23):
            p.error("gcm", "gcm_objectives", got=show(item))
        elif int(item) not in objectives:
            objectives.append(int(item))
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
    statuses = p.choices("status", vocab["status"])
    if statuses:
        details["status"] = statuses[0]
    for name in BILINGUAL_DETAILS:
        value = p.bilingual(name)
        if value:
            details[name] = value
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
    sources = [
        {"url": url, "title": title, "publisher": publisher(url), "accessed": today,
         "supports": supports}
        for url, title in url_lines(p, "further_sources", title_required=True)
    ]  # fmt: skip
    if sources:
        record["further_sources"] = sources

    # where it comes from: a meeting's report, or the institution that proposes it
    event_text = p.text("source_event")
    no_event = event_text is None or _fold(event_text) in NO_EVENT
    event = None if no_event else vocab["source_event"].find(event_text)
    proposer = p.text("proposed_by")
    if not no_event and event is None:
        p.error("unknown_event", "source_event", got=show(event_text),
                known=vocab["source_event"].known(p.lang), notes=p.label("notes"),
                proposer=p.label("proposed_by"))  # fmt: skip
    if event:
        if proposer:
            p.error("both_origins", "proposed_by",
                    event=show(vocab["source_event"].label(event, p.lang)))  # fmt: skip
        record["source"] = report_source(
            p, record["themes"], taxonomies["events"][event], event, vocab
        )
        record["source"]["countries"] = evidence
        reasons = record["source"].pop("theme_reasons", None)
        if reasons:
            record["source"]["theme_reasons"] = reasons
        if sources and not supports:
            p.error("source_unused", "further_sources")
    elif no_event and proposer:
        for field in REPORT_FIELDS:
            if p.text(field):
                p.error("report_only", field, event=p.label("source_event"))
        proposal = {"institution": _single_line(proposer), "date": today}
        if number is not None:
            proposal["issue"] = number
        record["source"] = {"proposal": proposal, "countries": evidence}
        if sources and not supports:
            detail = p.label("description_es" if p.lang == "es" else "description_en")
            p.error("proposal_detail", "further_sources", detail=detail)
    elif no_event:
        p.error("no_origin", "source_event", proposer=p.label("proposed_by"),
                sources=p.label("further_sources"))  # fmt: skip

    if record["scope"] in NO_COUNTRY_SCOPES and countries:
        p.error("scope_countries", "countries", scope=show(record["scope"]),
                got=show(", ".join(countries)), notes=p.label("notes"))  # fmt: skip
    for _, org_id, host in only_hosting(record, taxonomies):
        p.error("org_host", "organizations", got=show(org_id), host=show(host),
                notes=p.label("notes"))  # fmt: skip
    return None if p.errors else record


def report_source(
    p: Proposal, themes: list[str], event: dict, event_id: str, vocab: dict[str, Vocabulary]
) -> dict:
    """source.event, source.mentions and source.theme_reasons of a practice that the report of
    `event` mentions; `themes` gets the theme of each section given."""
    sections = p.choices("source_section", section_vocabulary(event), multiple=True)
    kinds = p.choices("source_kind", vocab["source_kind"])
    for field in ("source_section", "source_kind", "source_text"):
        if p.text(field) is None:
            p.error("missing", field)
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
        if sections and paragraphs:
            p.error("mentions", "source_text", paragraphs=len(paragraphs), sections=len(sections))
    kind = kinds[0] if kinds else "list"
    source = {
        "event": event_id,
        "mentions": [{"section": s, "kind": kind, "text": t} for s, t in pairs],
    }
    if sections:
        reasons = theme_reasons(p, themes, sections, event, vocab["themes"])
        if reasons:
            source["theme_reasons"] = reasons
    return source


def theme_reasons(
    p: Proposal, themes: list[str], sections: list[str], event: dict, vocabulary: Vocabulary
) -> dict:
    """The report's placement (scripts/rules.py): the theme of each section chosen is added to
    `themes` when missing; every other theme needs a line "theme: reason" in the answer
    theme_reasons (the theme by its label or id). Returns {theme id: reason}; problems go to
    p.errors in the proposer's words."""
    given: dict[str, str] = {}  # theme -> the first section that gives it
    for section in sections:
        theme = event["sections"].get(section, {}).get("theme")
        if theme:
            given.setdefault(theme, section)
    themes.extend(t for t in given if t not in themes)
    reasons: dict[str, str] = {}
    named: set[str] = set()  # themes with a line, right or wrong (a wrong one is said already)

    def label(theme: str) -> str:
        return vocabulary.label(theme, p.lang)

    for n, line in enumerate((p.text("theme_reasons") or "").split("\n"), 1):
        if not line.strip():
            continue
        name, colon, reason = line.strip().partition(":")  # "theme: reason"
        theme = vocabulary.find(name) if name.strip() else None
        if theme:
            named.add(theme)
        if not colon or not name.strip():
            p.error("reason_line", "theme_reasons", n=n, got=show(line))
        elif theme is None:
            p.error("reason_unknown", "theme_reasons", n=n, got=show(name.strip()),
                    themes=p.label("themes"))  # fmt: skip
        elif theme not in themes:
            p.error("reason_unticked", "theme_reasons", n=n, got=show(label(theme)),
                    themes=p.label("themes"))  # fmt: skip
        elif theme in given:
            section = event["sections"][given[theme]].get(p.lang, given[theme])
            p.error("reason_given", "theme_reasons", n=n, got=show(label(theme)),
                    section=show(section, 120))  # fmt: skip
        elif theme in reasons:
            p.error("reason_twice", "theme_reasons", n=n, got=show(label(theme)))
        elif not reason.strip():
            p.error("reason_empty", "theme_reasons", n=n, got=show(name.strip() + ":"))
        else:
            reasons[theme] = _single_line(reason)
    for theme in themes:
        if theme not in given and theme not in named and theme in vocabulary.labels:
            p.error("theme_reason", "themes", got=show(label(theme)), theme=label(theme),
                    sections=", ".join(show(event["sections"][s].get(p.lang, s), 120)
                                       for s in sections),
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
    """The host an http(s) URL shows, lower case, without a port, user or leading "www."."""
    host = re.match(r"^https?://([^/?#]*)", url)[1].rpartition("@")[2]
    return re.sub(r":[0-9]*$", "", host).lower().removeprefix("www.")


# Which form field a validator problem is about (the longest matching field path prefix).
FIELD_OF_PATH = {
    "id": "id", "title.es": "title_es", "title.en": "title_en", "summary.es": "summary_es",
    "summary.en": "summary_en", "type": "type", "themes": "themes", "countries": "countries",
    "scope": "scope", "organizations": "organizations", "gcm_objectives": "gcm_objectives",
    "links": "links", "source.event": "source_event", "source.mentions": "source_text",
    "source.theme_reasons": "theme_reasons", "source.proposal": "proposed_by",
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


def pending_translation(problem, pending: list[str]) -> bool:
    """Whether a validator problem is only a translation still to write (its placeholder)."""
    return problem.field in pending and problem.message.startswith("placeholder not filled in")


def validate(p: Proposal, record: dict, practices: Path, taxonomies: dict) -> str:
    """The record as YAML once it passes the validator with the catalogue (but for the
    translations pending, p.pending), else ''."""
    with tempfile.TemporaryDirectory(prefix="bp-proposal-") as tmp:
        path = Path(tmp) / f"{record['id']}.yml"
        text = dump(record, p.comments)
        path.write_text(text, encoding="utf-8")
        _, problems = check([*practice_files(practices), path], taxonomies)
    others = [str(x) for x in problems if x.file != str(path)]
    if others:
        raise RuntimeError("the catalogue itself is invalid:\n" + "\n".join(others))
    problems = [x for x in problems if not pending_translation(x, p.pending)]
    for problem in problems:
        message = show(problem.message, 300)
        p.error("invalid", form_field(problem.field), path=problem.field, message=message)
    return "" if problems else text


class Result(NamedTuple):
    text: str  # the record's YAML, "" when it could not be written
    errors: list[str]  # what is missing or wrong, in the proposer's language
    lang: str  # the language of the errors
    pending: list[str]  # paths of the texts still to translate (placeholders in the record)


def convert(
    body: str, practices: Path = PRACTICES_DIR, number: int | None = None, size: int = 0
) -> Result:
    """The record of an issue body, or what is wrong with it. `size`: the body's size in bytes
    when `body` is only its beginning."""
    taxonomies = load_taxonomies()
    p = Proposal(body, form())
    if number is not None:
        p.comments = [f"Propuesta en el issue #{number} / Proposed in issue #{number}"]
    size = max(size, len(body.encode("utf-8")))
    if size > MAX_BODY:
        p.error("body_too_long", n=size, max=MAX_BODY)
        return Result("", p.errors, p.lang, [])
    existing = {path.stem for path in practice_files(practices)}
    record = build(p, taxonomies, existing, number)
    if record is None:
        return Result("", p.errors, p.lang, [])
    text = validate(p, record, practices, taxonomies)
    return Result(text, p.errors, p.lang, p.pending if text else [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("body", type=Path, metavar="BODY_FILE")
    parser.add_argument("--number", type=int, help="the issue's number (noted in the record)")
    parser.add_argument(
        "--pending",
        type=Path,
        metavar="FILE",
        help="write there the paths of the texts still to translate, one per line",
    )
    parser.add_argument("--practices", type=Path, default=PRACTICES_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        with args.body.open("rb") as file:
            raw = file.read(MAX_BODY + 1)
        size = args.body.stat().st_size
        body = raw[:MAX_BODY].decode("utf-8", errors="replace")
        result = convert(body, args.practices, args.number, size)
        if args.pending and not result.errors:
            args.pending.write_text("".join(f"{path}\n" for path in result.pending), "utf-8")
    except (OSError, RuntimeError) as exc:
        print(f"issue_to_record: error: {exc}", file=sys.stderr)
        return 2
    except Exception:  # a bug: said apart from a rejection (1), which would be an empty list
        traceback.print_exc()
        print("issue_to_record: unexpected error (a bug of this script, not of the proposal)",
              file=sys.stderr)  # fmt: skip
        return CRASHED
    if result.errors:
        print(MESSAGES[result.lang]["intro"] + "\n")
        print("\n".join(f"- {e}" for e in result.errors))
        return 1
    sys.stdout.write(result.text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
