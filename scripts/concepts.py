"""The concept vocabulary of search (taxonomies/concepts.yml): what each practice is about, in
both languages, so that a query finds a practice by what it means and not only by its words.

    vocabulary = load()                      # Vocabulary: {concept id: entry}, .stopwords
    vocabulary.concepts_of(record)           # ["children", "trafficking"], in vocabulary order
    vocabulary.as_json()                     # datos/conceptos.json, read by docs/assets/query.js
    check(data)                              # problems of a parsed concepts.yml, one string each
    tokens("Niños, NIÑAS y adolescentes")    # ["ninos", "ninas", "y", "adolescentes"]

An entry is {label: {es, en}, terms: {es: [...], en: [...]}, source: {url, title},
match?: {query_only: {es?, en?}, except: {practice id: why}}} (the file's header says what
each key means, and where the terms come from: the cited IOM and UNHCR glossary pages).

How a practice gets its concepts: computed at build time, never listed by hand. A practice
carries a concept when the title, summary or description of its record, in either language,
contains one of the concept's terms of that language as whole words (tokens() of both
sides: case, accents and punctuation ignored, so "Niños, Niñas y Adolescentes" contains the
term "niños, niñas y adolescentes" and "niños"), except the terms in `match.query_only` (a
query may use them, running text uses them for other things: "se trata de" is not
"trata") and except the practices in `match.except`, each with the reason it is not about
the concept. The same record always gets the same concepts, in vocabulary order; each field
is matched on its own, so no phrase spans two fields. sitedata.Site.concepts_of() is what
the pages use: the practice page's "Conceptos" tags, the concept pages (/conceptos/<id>/,
an index kind of sitedata.INDEX_KINDS), the catalogue's data-concept attribute and the
Pagefind filter `concept` of practice pages.

How a query uses them (docs/assets/query.js, the browser side, from as_json()): the query's
tokens are read left to right, and at each position the longest term of any concept, in either
language, that starts there names that concept; the other tokens are plain words, stopwords
dropped when anything else is left. A concept named in the query finds every practice that
carries it. tokens() here and query.js's tokens() are the same rule (NFD, marks removed,
lower case, split on anything but letters and digits); tests/test_concepts.py runs both on
every term.

A term belongs to one concept only (a query must name one concept), and every term has at
least one token that is not a stopword. check() says what is wrong with a vocabulary, one
problem a line; load() raises InvalidVocabulary with all of them (the build stops there).
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from catalogue import TAXONOMIES_DIR, InvalidCatalogue
from paths import LANGUAGES
from rules import ID_PATTERN
from yamlsafe import YamlError, load_yaml

FILE = "concepts.yml"
MATCHED_FIELDS = ("title", "summary", "description")  # record texts a concept is looked for in
ENTRY_KEYS = {"label", "terms", "source", "match"}
TOKEN = re.compile(r"[^\W_]+")  # letters and digits; docs/assets/query.js: /[^\p{L}\p{N}]+/u


class InvalidVocabulary(InvalidCatalogue):
    """taxonomies/concepts.yml is not a valid vocabulary; .problems lists why (one string
    each). A kind of InvalidCatalogue, so the build reports it like an invalid record."""


def fold(text: str) -> str:
    """Lower case without accents or other marks ("Niñez" -> "ninez")."""
    decomposed = unicodedata.normalize("NFD", text)
    if not decomposed.isascii():  # drop the marks (Unicode category M), each distinct one once
        marks = {ord(c): None for c in set(decomposed) if unicodedata.category(c).startswith("M")}
        decomposed = decomposed.translate(marks)
    return decomposed.lower()


def tokens(text: str) -> list[str]:
    """The words of `text` as search compares them: fold()ed, split on anything but letters
    and digits."""
    return TOKEN.findall(fold(text))


# (vocabulary, record id, matched texts) -> the record's concepts, for the process: the same
# records are matched for each language's build and each `mkdocs serve` rebuild
_MEMO: dict[tuple, list[str]] = {}


class Vocabulary(dict):
    """{concept id: entry} in file order (what sitedata's label() and keys() read), with the
    query stopwords per language and the record matcher."""

    def __init__(self, concepts: dict, stopwords: dict):
        super().__init__(concepts)
        self.stopwords = {lang: list(stopwords.get(lang, [])) for lang in LANGUAGES}
        # what the matching depends on: the memo (_MEMO) is the process's, and a vocabulary
        # loaded again unchanged (each `mkdocs serve` rebuild) finds its records' concepts there
        self._key = json.dumps([concepts, self.stopwords], sort_keys=True, default=str)
        # first token -> [(term tokens, concept)], longest first; record terms per language
        self._index: dict[str, dict[str, list[tuple[tuple[str, ...], str]]]] = {}
        for lang in LANGUAGES:
            index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
            for concept, entry in self.items():
                skip = {fold(t) for t in entry.get("match", {}).get("query_only", {}).get(lang, [])}
                for term in entry["terms"][lang]:
                    words = tuple(tokens(term))
                    if words and " ".join(words) not in skip:
                        index.setdefault(words[0], []).append((words, concept))
            for candidates in index.values():
                candidates.sort(key=lambda c: -len(c[0]))
            self._index[lang] = index

    def _found(self, text: str, lang: str) -> set[str]:
        words = tokens(text)
        index = self._index[lang]
        found = set()
        for i, word in enumerate(words):
            for term, concept in index.get(word, ()):
                if tuple(words[i : i + len(term)]) == term:
                    found.add(concept)
        return found

    def concepts_of(self, record: dict) -> list[str]:
        """The concepts `record` carries (module docstring), in vocabulary order; computed
        once per text: by the id and the matched texts, so a record loaded again unchanged
        (each `mkdocs serve` rebuild) is not matched again."""
        texts = tuple(
            (name, lang, value[lang])
            for lang in LANGUAGES
            for name in MATCHED_FIELDS
            if isinstance(value := record.get(name), dict) and isinstance(value.get(lang), str)
        )
        key = (self._key, record.get("id"), texts)
        memo = _MEMO.get(key)
        if memo is not None:
            return list(memo)
        found: set[str] = set()
        for _name, lang, text in texts:
            found |= self._found(text, lang)
        concepts = [
            c
            for c in self
            if c in found and record.get("id") not in self[c].get("match", {}).get("except", {})
        ]
        if len(_MEMO) > 100_000:  # a long `mkdocs serve` session: start again
            _MEMO.clear()
        _MEMO[key] = concepts
        return list(concepts)

    def as_json(self) -> dict:
        """datos/conceptos.json: what the browser needs to read a query (query.js):
        {"stopwords": {es, en}, "concepts": {id: {"label", "terms", "source"}}}, every term
        (query-only ones too) as written in concepts.yml."""
        return {
            "stopwords": self.stopwords,
            "concepts": {
                c: {"label": e["label"], "terms": e["terms"], "source": e["source"]}
                for c, e in self.items()
            },
        }


def _texts(value, where: str, problems: list[str], allow_empty: bool = False) -> list[str]:
    """`value` as a list of non-empty strings, or a problem."""
    if not isinstance(value, list) or (not value and not allow_empty):
        problems.append(f"{where}: expected a non-empty list of words or phrases")
        return []
    good = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            problems.append(f"{where}[{i}]: expected a non-empty text (got {item!r})")
        else:
            good.append(item)
    return good


def _bilingual(value, where: str, problems: list[str]) -> bool:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        problems.append(f"{where}: expected exactly the languages {list(LANGUAGES)}")
        return False
    return True


def check(data) -> list[str]:
    """Every problem of a parsed concepts.yml (module docstring), "where: what" each."""
    problems: list[str] = []
    if not isinstance(data, dict) or set(data) != {"stopwords", "concepts"}:
        return ["(file): expected the keys stopwords and concepts"]
    stopwords = data["stopwords"]
    stop = {lang: set() for lang in LANGUAGES}
    if _bilingual(stopwords, "stopwords", problems):
        for lang in LANGUAGES:
            stop[lang] = {fold(w) for w in _texts(stopwords[lang], f"stopwords.{lang}", problems)}
    concepts = data["concepts"]
    if not isinstance(concepts, dict) or not concepts:
        return [*problems, "concepts: expected at least one concept"]
    owner: dict[str, str] = {}  # folded term -> the concept it names
    for concept, entry in concepts.items():
        where = f"concepts.{concept}"
        if not isinstance(concept, str) or not ID_PATTERN.match(concept) or concept == "index":
            problems.append(f"{where}: the id must be kebab-case a-z, 0-9 (not index)")
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected label, terms and source")
            continue
        for key in sorted(set(entry) - ENTRY_KEYS, key=str):
            problems.append(f"{where}.{key}: unknown key (expected {sorted(ENTRY_KEYS)})")
        for key in ("label", "terms", "source"):
            if key not in entry:
                problems.append(f"{where}.{key}: missing")
        label = entry.get("label")
        if "label" in entry and _bilingual(label, f"{where}.label", problems):
            for lang in LANGUAGES:
                if not isinstance(label[lang], str) or not label[lang].strip():
                    problems.append(f"{where}.label.{lang}: expected a non-empty text")
        terms = entry.get("terms")
        folded: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
        if "terms" in entry and _bilingual(terms, f"{where}.terms", problems):
            for lang in LANGUAGES:
                for i, term in enumerate(_texts(terms[lang], f"{where}.terms.{lang}", problems)):
                    words = tokens(term)
                    key = " ".join(words)
                    folded[lang].add(key)
                    if not words or all(w in stop[lang] for w in words):
                        problems.append(
                            f"{where}.terms.{lang}[{i}]: {term!r} has no word but stopwords"
                        )
                    elif owner.setdefault(key, concept) != concept:
                        problems.append(
                            f"{where}.terms.{lang}[{i}]: {term!r} also names the concept "
                            f"{owner[key]!r} (a term names one concept)"
                        )
        source = entry.get("source")
        if "source" in entry:
            if not isinstance(source, dict) or set(source) != {"url", "title"}:
                problems.append(f"{where}.source: expected url and title")
            else:
                if not isinstance(source["url"], str) or not re.match(
                    r"https?://[^\s/]+\.[^\s]+$", source["url"]
                ):
                    problems.append(f"{where}.source.url: expected an http(s) address")
                if not isinstance(source["title"], str) or not source["title"].strip():
                    problems.append(f"{where}.source.title: expected a non-empty text")
        match = entry.get("match", {})
        if not isinstance(match, dict) or set(match) - {"query_only", "except"}:
            problems.append(f"{where}.match: expected query_only and/or except")
            continue
        query_only = match.get("query_only", {})
        if not isinstance(query_only, dict) or set(query_only) - set(LANGUAGES):
            problems.append(f"{where}.match.query_only: expected {{es: [...], en: [...]}}")
        else:
            for lang, words in query_only.items():
                for term in _texts(words, f"{where}.match.query_only.{lang}", problems):
                    if " ".join(tokens(term)) not in folded[lang]:
                        problems.append(
                            f"{where}.match.query_only.{lang}: {term!r} is not one of its terms"
                        )
        excepted = match.get("except", {})
        if not isinstance(excepted, dict):
            problems.append(f"{where}.match.except: expected {{practice id: why}}")
        else:
            for practice, why in excepted.items():
                if not isinstance(practice, str) or not ID_PATTERN.match(practice):
                    problems.append(f"{where}.match.except: {practice!r} is not a practice id")
                if not isinstance(why, str) or not why.strip():
                    problems.append(f"{where}.match.except.{practice}: say why (a text)")
    return problems


def load(directory: str | Path = TAXONOMIES_DIR) -> Vocabulary:
    """The vocabulary of `directory`/concepts.yml; raises InvalidVocabulary with every
    problem, each prefixed with the file."""
    path = Path(directory) / FILE
    try:
        data, _ = load_yaml(path)
    except YamlError as exc:
        raise InvalidVocabulary([str(exc)]) from exc
    except OSError as exc:
        raise InvalidVocabulary([f"{path}: cannot read the concept vocabulary ({exc})"]) from exc
    problems = check(data)
    if problems:
        raise InvalidVocabulary([f"{path}: {p}" for p in problems])
    return Vocabulary(data["concepts"], data["stopwords"])
