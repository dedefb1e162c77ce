"""The history of link checks: which links failed in how many runs in a row.

    previous = load_history(path)                 # {url: entry}; {} if the file does not exist
    links = advance(previous, verdicts, practices, now, threshold=3)
    document = report(links, now, threshold)      # what links.json holds

The history file is the links.json of an earlier run (the same format), so a run reads the last
report and writes the next one. Per link (`entry`):

    url, result, http_status, final_url, practices (record ids), checked_at,
    consecutive_failures, first_failed, last_ok, broken, detail

Rules: a failure (not-found, server-error, unreachable) adds one to `consecutive_failures` and
keeps `first_failed` from the run where the streak began; the link is `broken` once the streak
reaches `threshold` runs. `ok` and `redirected` clear the streak (`first_failed` back to null)
and set `last_ok`. `restricted` ("could not verify") clears the streak and leaves `last_ok`.
Links no longer in any record leave the history. A history file that is not valid JSON or not
in this format raises HistoryError with what is wrong: it is reported, never silently replaced.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from linkclass import FAILURES, RESULTS


class HistoryError(Exception):
    pass


def _fail(path, where: str, problem: str):
    raise HistoryError(f"{path}: {where}: {problem}")


def _check_time(path, where: str, value) -> None:
    if value is None:
        return
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        _fail(path, where, f"expected an ISO 8601 date-time or null (got {value!r})")


def load_history(path: str | Path) -> dict[str, dict]:
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise HistoryError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise HistoryError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict) or not isinstance(data.get("links"), list):
        _fail(path, "(file)", 'expected an object with a "links" list (a links.json report)')
    out: dict[str, dict] = {}
    for i, entry in enumerate(data["links"]):
        where = f"links[{i}]"
        if not isinstance(entry, dict):
            _fail(path, where, f"expected an object (got {type(entry).__name__})")
        if not isinstance(entry.get("url"), str) or not entry["url"]:
            _fail(path, f"{where}.url", f"expected a URL (got {entry.get('url')!r})")
        count = entry.get("consecutive_failures")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            _fail(
                path,
                f"{where}.consecutive_failures",
                f"expected a whole number >= 0 (got {count!r})",
            )
        if entry.get("result") not in RESULTS:
            _fail(
                path,
                f"{where}.result",
                f"expected one of {', '.join(RESULTS)} (got {entry.get('result')!r})",
            )
        for key in ("first_failed", "last_ok", "checked_at"):
            _check_time(path, f"{where}.{key}", entry.get(key))
        if entry["url"] in out:
            _fail(path, f"{where}.url", f"URL listed twice ({entry['url']})")
        out[entry["url"]] = entry
    return out


def advance(
    previous: dict[str, dict],
    verdicts: dict,
    practices: dict[str, list[str]],
    now: str,
    threshold: int = 3,
) -> list[dict]:
    """This run's entries: `verdicts` {url: linkclass.Verdict}, `practices` {url: [record ids]}."""
    links = []
    for url in sorted(verdicts):
        verdict = verdicts[url]
        before = previous.get(url, {})
        streak = before.get("consecutive_failures", 0)
        if verdict.result in FAILURES:
            first_failed = before.get("first_failed") if streak else now
            streak += 1
            last_ok = before.get("last_ok")
        else:
            first_failed, streak = None, 0
            last_ok = now if verdict.result in ("ok", "redirected") else before.get("last_ok")
        links.append(
            {
                "url": url,
                "result": verdict.result,
                "http_status": verdict.http_status,
                "final_url": verdict.final_url,
                "practices": sorted(practices.get(url, [])),
                "checked_at": now,
                "consecutive_failures": streak,
                "first_failed": first_failed,
                "last_ok": last_ok,
                "broken": verdict.result in FAILURES and streak >= threshold,
                "detail": verdict.detail,
            }
        )
    return links


def report(links: list[dict], now: str, threshold: int) -> dict:
    summary = {result: 0 for result in RESULTS}
    for link in links:
        summary[link["result"]] += 1
    return {
        "generated_at": now,
        "failure_threshold": threshold,
        "summary": summary,
        "links": links,
    }
