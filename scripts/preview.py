"""The live preview's incremental rebuild: which pages a change of the records touches.

`make serve` runs `mkdocs serve --dirty`: on every save MkDocs builds again, and renders and
writes only the pages whose File.is_modified() is true. The hooks (scripts/hooks.py) answer
it from a Plan made here, in three cases:

  everything   the first build; or anything but the records changed: mkdocs.yml, docs/,
               overrides/, templates/, taxonomies/, the link report, the records' git
               history (Frame below); or a record was removed (its pages, citation files and
               spreadsheets must go: the site folder is emptied first, as a full build does)
  nothing      no record's content changed (a save without changes)
  some pages   records changed or were added (`changed`, their ids): of the generated pages,
               those whose content reads one of them before or after the change:
                 practice page   its own record and its related practices (Site.related):
                                 the changed record, the pages that listed it, and those it
                                 now enters (it shares a value and outranks their last one)
                 index page      the records counted on it (Site.index_keys, before and
                                 after); a country's page also lists every unplaced practice
                                 and the roles countries had at the meetings
                 overview, meeting, report pages   every record: always rebuilt
               Hand-written pages: those that call a macro (they list or count records) are
               rebuilt; the others are read again (MkDocs needs their titles for the
               navigation) but not written: Plan.modified answers True until on_env, the
               event between MkDocs' reading and writing of pages (Plan.start_writing);
               their macros draw nothing then (hooks.py: _build.title_only).
               All this per language: a record counts as changed for a language when its
               texts there changed (in_language: of {"es": ..., "en": ...} only that
               language's) or what every language reads of it (its index pages, its values
               for related practices); so a Spanish title rebuilds no English page, and
               when no page of another language changes (Plan.untouched), that language's
               build is left out altogether: its pages, 404 page and the sitemap (which
               lists the same pages) stay as the last build wrote them.

What it cannot see: a change of the code (scripts/: restart `make serve`), of installed
packages, or of anything outside the watched folders; the year in "how to cite" at New Year.
Pages that a full build would no longer write are removed only with a full rebuild (a
removed record triggers one). `mkdocs serve` without --dirty, and `make site`, always build
everything. tests/test_preview.py checks that after edits every served page equals a full
build's.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from paths import LANGUAGES
from sitedata import INDEX_KINDS, RELATED, RELATED_KINDS, values

# What the hooks log when a `mkdocs serve` build's background work (the data files, the search
# index) is done: livepreview.LivePreview.wait_for_log waits for it (tests, bench/).
BUILD_DONE = "data files and search index written"


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def frame(paths: list[Path], history) -> str:
    """A fingerprint of everything a page depends on except the records: every file under
    `paths` (path, size, modification time) and the records' git history."""
    entries = []
    for path in paths:
        if path.is_file():
            stat = path.stat()
            entries.append((str(path), stat.st_size, stat.st_mtime_ns))
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    stat = os.stat(os.path.join(root, name))
                    entries.append((os.path.join(root, name), stat.st_size, stat.st_mtime_ns))
        else:
            entries.append((str(path), None, None))
    return digest([entries, repr(history)])


def in_language(value, lang: str):
    """A record as the pages of `lang` read it: of every text in both languages ({"es": ...,
    "en": ...}) only `lang`'s; the rest (codes, dates, addresses, the report's quotes) as is."""
    if isinstance(value, dict):
        if value and set(value) <= set(LANGUAGES):
            return value.get(lang)
        return {k: in_language(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [in_language(v, lang) for v in value]
    return value


@dataclass
class RecordFacts:
    """What the previous build's pages read of one record."""

    digest: str
    texts: dict  # language -> digest of the record as its pages read it (in_language)
    keys: set  # (kind, key) of every index page counting it
    unplaced: bool
    related: list[str] | None = None  # its practice page's related ids, once rendered
    values: dict = field(default_factory=dict)  # RELATED_KINDS -> its values


def facts(site, record: dict, digest_: str, before: RecordFacts | None = None) -> RecordFacts:
    keys = {
        (kind, key)
        for kind, spec in INDEX_KINDS.items()
        if spec.generated
        for key in site.index_keys(record, kind)
    }
    source = record.get("source", {})
    codes = set(record.get("countries", [])) | set(source.get("countries") or {})
    codes.update(role["country"] for role in source.get("roles") or [])  # Site.at_meetings
    keys.update(("country", code) for code in codes)
    return RecordFacts(
        digest=digest_,
        texts={lang: digest(in_language(record, lang)) for lang in LANGUAGES},
        keys=keys,
        unplaced=bool(site.unplaced(record)),
        related=before.related if before else None,
        values={kind: set(values(record, kind)) for kind in RELATED_KINDS},
    )


class Plan:
    """One build's answer to File.is_modified, per language: a change of one language's texts
    of a record (its title in Spanish) rebuilds no page of the other language."""

    def __init__(self, everything: bool, changed: dict[str, set[str]], pages: dict):
        self.everything = everything
        self.changed = changed  # language -> ids of the records whose pages there change
        self.pages = pages  # (generated page's spec key, language) -> rebuilt?
        self.writing = False

    def start_reading(self) -> None:
        """A language's build starts reading its pages (on_files)."""
        self.writing = False

    def start_writing(self) -> None:
        """MkDocs has read every page and now writes them (on_env)."""
        self.writing = True

    def modified(self, rebuilt: bool, in_nav: bool) -> bool:
        """File.is_modified of a page: `rebuilt` if the change touches it; a page in the
        navigation is read in any case (MkDocs prints its title in every page's navigation,
        404.html too), and written only when touched."""
        if self.everything:
            return True
        return rebuilt or (in_nav and not self.writing)

    def generated(self, key, lang: str) -> bool:
        return self.everything or self.pages.get((key, lang), True)

    def hand_written(self, calls_macros: bool, lang: str) -> bool:
        return self.everything or (bool(self.changed[lang]) and calls_macros)

    def untouched(self, lang: str) -> bool:
        """No page of `lang` changes: its build can be left out (the hooks skip the other
        languages' builds then: i18n_adapter.skip_other_languages)."""
        if self.everything or self.changed[lang]:
            return False
        return not any(rebuilt for (_key, at), rebuilt in self.pages.items() if at == lang)


class Preview:
    """The state kept between the builds of one `mkdocs serve --dirty`."""

    def __init__(self):
        self.frame: str | None = None
        self.records: dict[str, RecordFacts] = {}
        self.macro_pages: set[str] = set()  # hand-written pages (src_uri) that call a macro

    def plan(self, site, frame_now: str, specs: list[tuple]) -> Plan:
        """The plan of a build of `site`; `specs` are the generated pages as
        (key, view, args). Forgets the previous build: call once per build."""
        before = self.records
        now = {}
        for record in site.records:
            old = before.get(record["id"])
            digest_now = digest(record)
            same = old is not None and old.digest == digest_now
            now[record["id"]] = old if same else facts(site, record, digest_now, old)
        removed = set(before) - set(now)
        everything = self.frame != frame_now or bool(removed) or not before
        changed = {i for i, f in now.items() if before.get(i) is not f}
        self.frame, self.records = frame_now, now
        if everything:
            return Plan(True, {lang: set(now) for lang in LANGUAGES}, {})
        by_lang = {lang: self._changed_in(lang, changed, before, now) for lang in LANGUAGES}
        pages = {}
        for lang, changed_here in by_lang.items():
            for key, rebuilt in self._pages(site, changed_here, before, now, specs).items():
                pages[(key, lang)] = rebuilt
        return Plan(False, by_lang, pages)

    @staticmethod
    def _changed_in(lang: str, changed: set[str], before: dict, now: dict) -> set[str]:
        """The changed records whose change shows on `lang`'s pages: its texts there, or what
        both languages' pages read of it (the index pages it is on, its related values)."""

        def read(f: RecordFacts | None):
            return f and (f.texts[lang], f.keys, f.unplaced, f.values)

        return {i for i in changed if before.get(i) is None or read(before[i]) != read(now[i])}

    def _pages(self, site, changed: set[str], before: dict, now: dict, specs) -> dict:
        """Spec key -> rebuilt?, for the records `changed` on one language's pages."""
        pages = {}
        touched_keys, unplaced = set(), False
        for i in changed:
            for f in (before.get(i), now[i]):
                if f is not None:
                    touched_keys |= f.keys
                    unplaced = unplaced or f.unplaced
        entering = self._entering(site, changed, before, now)
        for key, view, args in specs:
            if view == "practice_page":
                (pid,) = args
                old = before.get(pid)
                listed = old.related if old else None
                pages[key] = (
                    pid in changed
                    or listed is None
                    or bool(changed.intersection(listed))
                    or pid in entering
                )
            elif view == "index_page":
                kind, k = args
                pages[key] = (kind, k) in touched_keys or (kind == "country" and unplaced)
            else:
                pages[key] = bool(changed)
        return pages

    def _entering(self, site, changed, before, now) -> set[str]:
        """Practices whose related list a changed record may now enter: it shares a value
        with them and scores at least as high as the last one they list (Site.related's
        order: shared values, then id; RELATED of them)."""
        out = set()
        by_value: dict[tuple, set[str]] = {}
        for i, f in now.items():
            for kind, vals in f.values.items():
                for v in vals:
                    by_value.setdefault((kind, v), set()).add(i)
        for c in changed:
            mine = now[c].values
            sharing = set().union(*(by_value.get((k, v), set()) for k in mine for v in mine[k]))
            for pid in sharing - {c}:
                listed = now[pid].related
                if listed is None or len(listed) < RELATED:
                    out.add(pid)
                    continue
                last = listed[-1]
                if last in changed:
                    out.add(pid)
                    continue
                theirs = now[pid].values
                score = sum(len(mine[k] & theirs[k]) for k in RELATED_KINDS)
                last_score = sum(len(now[last].values[k] & theirs[k]) for k in RELATED_KINDS)
                if (-score, c) <= (-last_score, last):
                    out.add(pid)
        return out

    def rendered_practice(self, site, record: dict) -> None:
        """Remember the related practices a practice page was rendered with."""
        f = self.records.get(record["id"])
        if f is not None:
            f.related = [other["id"] for other, _ in site.related(record)]
