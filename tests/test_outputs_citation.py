"""The citations' fast paths (scripts/citation.py): clean() keeps exactly what the
per-character definition keeps (its docstring: control characters and the page's marks
dropped, whitespace folded), for every code point; site_citation()'s memo, shared by the
practice page and the files, gives the same citation while nothing it depends on changed, and
never a stale one after a record changes (as under `mkdocs serve`, which rebuilds in the same
process): a record reloaded from its edited file, a record changed in place, another history."""

from __future__ import annotations

import copy
import os
import unicodedata
from datetime import UTC, datetime

import pytest

import citation
from conftest import write_record
from history import Dates, History
from site_fixtures import fixture_record
from sitedata import Site, load_site
from templating import labels

SITE = {"es": "Buenas prácticas CRM–CSM", "en": "Good practices RCM–SACM"}
OPTIONS = dict(site_url="https://example.org/bp/", repo="owner/name", year=2026)  # fmt: skip


def reference_clean(value, keep_marks: bool = False) -> str:
    """clean() as its docstring defines it, one character at a time (the former code)."""
    marks = () if keep_marks else (citation.URL_MARK, citation.DATE_MARK)
    text = "".join(
        ch
        for ch in str(value)
        if ch not in marks and (ch.isspace() or unicodedata.category(ch) != "Cc")
    )
    return " ".join(text.split())


@pytest.mark.parametrize("keep_marks", [False, True])
def test_clean_matches_its_definition_for_every_code_point(keep_marks):
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    assert citation.clean("".join(points), keep_marks) == reference_clean(
        "".join(points), keep_marks
    )
    for ch in points[:0x3000] + [citation.URL_MARK, citation.DATE_MARK, "\x85", "\u2028"]:
        value = f" a{ch}b {ch}\n"
        assert citation.clean(value, keep_marks) == reference_clean(value, keep_marks), hex(ord(ch))


def site_of(records, taxonomies, history=None) -> Site:
    site = Site(records, taxonomies)
    if history is not None:
        site.history = history
    return site


def cite(site, record, lang="es"):
    return citation.site_citation(
        site, record, lang, site_name=SITE[lang], t=labels()[lang], **OPTIONS
    )


def test_the_memo_serves_the_page_and_the_files_one_computation(taxonomies, monkeypatch):
    record = fixture_record()
    site = site_of([record], taxonomies)
    first = cite(site, record)
    calls = []
    monkeypatch.setattr(citation, "cite", lambda *a, **k: calls.append(a) or first)
    assert cite(site, record) is first  # the files after the page: not computed again
    assert calls == []


def test_a_record_reloaded_from_its_edited_file_is_cited_anew(tmp_path, taxonomies):
    """What `mkdocs serve` does: the same process loads the edited record and writes again."""
    practices = tmp_path / "practices"
    practices.mkdir()
    record = fixture_record()
    path = write_record(practices, record)
    site = load_site(practices)
    before = cite(site, site.records[0])
    folder = tmp_path / "citas"
    citation.write(site, folder, site_names=SITE, **OPTIONS)
    assert before.title in (folder / "fixture-practice-es.bib").read_text(encoding="utf-8")

    record["title"]["es"] = "Un título corregido"
    write_record(practices, record)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    site = load_site(practices)
    after = cite(site, site.records[0])
    assert after.title == "Un título corregido"
    assert after == citation.cite(
        site.records[0],
        "es",
        taxonomies=site.taxonomies,
        url="https://example.org/bp/practicas/fixture-practice/",
        site_name=SITE["es"],
        repo="owner/name",
        year=2026,
        t=labels()["es"],
    )
    citation.write(site, folder, site_names=SITE, **OPTIONS)
    for name in ("fixture-practice-es.bib", "fixture-practice-es.ris"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "Un título corregido" in text and before.title not in text, name


def test_a_record_changed_in_place_is_cited_anew(taxonomies):
    record = fixture_record()
    site = site_of([record], taxonomies)
    before = cite(site, record, "en")
    record["title"]["en"] = "A changed title"
    assert cite(site, record, "en").title == "A changed title"
    other = copy.deepcopy(taxonomies)
    event = record["source"].get("event") or record["source"]["mentions"][0]["event"]
    other["events"][event]["report"] = {"es": "Otro informe", "en": "Another report"}
    assert "Another report" in cite(site_of([record], other), record, "en").primary
    assert before.primary is not None and "Another report" not in before.primary


def test_a_new_history_gives_the_year_of_the_last_change(taxonomies):
    record = fixture_record()
    assert cite(site_of([record], taxonomies), record).year == 2026  # no history: the build's
    when = datetime(2024, 6, 4, tzinfo=UTC)
    history = History({record["id"]: Dates(when, when, ())}, None)
    assert cite(site_of([record], taxonomies, history), record).year == 2024
