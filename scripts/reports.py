"""An event's report as the site shows it: its text cut into the sections of taxonomies/events.yml.

    from reports import folded_text, report_parts
    folded_text(event)       # the whole report, whitespace folded (verbatim checks of quotes)
    report_parts(event)      # [Part(section="introduction", paragraphs=[...], note=None), ...]

An event of taxonomies/events.yml with a `report_file` (a path relative to the repository
root, or absolute) has its report's text there. Each of its sections may give its `start`:
the words where it begins in the report, found in order, each after the previous one, with
any whitespace between the words (the text is extracted from a PDF: line breaks fall
anywhere). `report_parts` cuts the text at those starts, one Part per section in the
report's order (text before the first start, a cover, is dropped); `report_omits` lists
spans the site does not reproduce (`from` one marker `to` another or to the end, replaced
by the span's `note` {es, en}: the attendance list names people). Paragraphs are the text's
blank-line-separated blocks with their line breaks folded; a bullet (•) starts a paragraph.
A start that is not found is an error (ReportError), never a silently shorter page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from paths import ROOT


class ReportError(Exception):
    """The report file or one of its markers is missing."""


@dataclass
class Part:
    section: str | None  # a section id of the event (None for an omitted span's note)
    paragraphs: list[str] = field(default_factory=list)
    note: dict | None = None  # {es, en} for an omitted span
    continued: bool = False  # the rest of a section after an omitted span (no heading again)


def _path(report_file: str) -> Path:
    return ROOT / report_file


@cache
def _raw(report_file: str) -> str:
    try:
        return _path(report_file).read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"{report_file}: cannot read the report ({exc.strerror})") from exc


@cache
def folded(report_file: str) -> str:
    """The report's text with every run of whitespace folded to one space."""
    return " ".join(_raw(report_file).split())


def folded_text(event: dict) -> str:
    return folded(event["report_file"])


def _pattern(marker: str) -> re.Pattern:
    return re.compile(r"\s+".join(re.escape(word) for word in marker.split()))


def _find(text: str, marker: str, start: int, report_file: str) -> int:
    match = _pattern(marker).search(text, start)
    if match is None:
        raise ReportError(f"{report_file}: {marker!r} not found after character {start}")
    return match.start()


def paragraphs(text: str) -> list[str]:
    """Blank-line-separated blocks, line breaks folded; a bullet starts a new paragraph."""
    out = []
    for block in re.split(r"\n\s*\n", text):
        for piece in re.split(r"(?=•)", block):
            words = " ".join(piece.split())
            if words:
                out.append(words)
    return out


def report_parts(event: dict) -> list[Part]:
    """The report cut at its sections' starts, in the report's order, omitted spans noted."""
    report_file = event["report_file"]
    text = _raw(report_file)
    cuts, position = [], 0
    for section, entry in event["sections"].items():
        if entry.get("start"):
            position = _find(text, entry["start"], position, report_file)
            cuts.append((position, section))
    omitted = []
    for omit in event.get("report_omits", []):
        begin = _find(text, omit["from"], 0, report_file)
        end = _find(text, omit["to"], begin, report_file) if omit.get("to") else len(text)
        omitted.append((begin, end, omit["note"]))
    parts = []
    bounds = [c[0] for c in cuts[1:]] + [len(text)]
    for (begin, section), end in zip(cuts, bounds, strict=True):
        part = Part(section)
        parts.append(part)
        cursor = begin
        for o_begin, o_end, note in sorted(omitted, key=lambda o: o[0]):
            if begin <= o_begin < end:
                part.paragraphs += paragraphs(text[cursor:o_begin])
                parts.append(Part(None, note=note))
                part = Part(section, continued=True)  # the section goes on after the span
                parts.append(part)
                cursor = min(o_end, end)
        part.paragraphs += paragraphs(text[cursor:end])
    return [p for p in parts if p.paragraphs or p.note]
