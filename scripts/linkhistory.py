"""The history of link checks: which links failed in how many runs in a row.

    previous = load_history(path)                 # {url: entry}; {} if the file does not exist
    text = fetch_history(url)                     # a published links.json; None if not there
    links = advance(previous, verdicts, practices, now, threshold=3, unchecked={url: why})
    document = report(links, now, threshold)      # what links.json holds

    python scripts/linkhistory.py fetch URL FILE  # FILE <- the published copy at URL

The history file is the links.json of an earlier run (the same format), so a run reads the last
report and writes the next one. Per link (`entry`):

    url, result, http_status, final_url, practices (record ids), checked_at,
    consecutive_failures, first_failed, last_ok, broken, detail

Rules: a failure (not-found, server-error, unreachable) adds one to `consecutive_failures` and
keeps `first_failed` from the run where the streak began; the link is `broken` once the streak
reaches `threshold` runs. `ok` and `redirected` clear the streak (`first_failed` back to null)
and set `last_ok`. `restricted` ("could not verify") clears the streak and leaves `last_ok`.
Links no longer in any record leave the history. A link that got no result in this run
(`unchecked`: cut by the run's time bound) keeps its previous entry as it was, its streak
neither advanced nor cleared (a link never checked before stays out). A history file that is
not valid JSON or not in this format raises HistoryError with what is wrong: it is reported,
never silently replaced.

Where the history lives: the nightly workflow keeps links.json in the Actions cache, and the
Pages build publishes a copy with the site (datos/enlaces.json). When the cache is empty
(evicted), the check reads that published copy instead (fetch_history, check_links.py
--history-url): an HTTP 404 means nothing was published yet (a first run); any other failure
raises HistoryUnavailable, and the check stops rather than silently start every streak again.
`python scripts/linkhistory.py fetch URL FILE` does the same for the Pages build: FILE is
written (atomically) only with a valid report; exit status 0 when written or when nothing was
published yet, 1 when the copy is malformed, 3 when it could not be fetched.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

from atomic import write_atomic
from linkclass import FAILURES, RESULTS

FETCH_TIMEOUT = 30  # seconds for the published copy


class HistoryError(Exception):
    """The history is malformed (file or published copy)."""


class HistoryUnavailable(Exception):
    """The published copy of the history could not be fetched."""


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
    return parse_history(path.read_bytes(), path)


def parse_history(raw: bytes, path) -> dict[str, dict]:
    """{url: entry} of a links.json's bytes; `path` names it in messages (file or URL)."""
    try:
        data = json.loads(raw.decode("utf-8"))
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
    unchecked: dict[str, str] | None = None,
) -> list[dict]:
    """This run's entries: `verdicts` {url: linkclass.Verdict}, `practices` {url: [record ids]},
    `unchecked` {url: why} for links without a result (their previous entry is kept)."""
    links = []
    for url in sorted(unchecked or {}):
        if url in previous and url not in verdicts:
            links.append({**previous[url], "practices": sorted(practices.get(url, []))})
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
    return sorted(links, key=lambda link: link["url"])


def report(
    links: list[dict], now: str, threshold: int, unchecked: dict[str, str] | None = None
) -> dict:
    """links.json: `summary` counts the entries' results (a link without a result in this run
    counts with the state it keeps); `unchecked` lists those links with the reason."""
    summary = {result: 0 for result in RESULTS}
    for link in links:
        summary[link["result"]] += 1
    return {
        "generated_at": now,
        "failure_threshold": threshold,
        "summary": summary,
        "links": links,
        "unchecked": [{"url": u, "reason": why} for u, why in sorted((unchecked or {}).items())],
    }


def fetch_history(url: str, timeout: float = FETCH_TIMEOUT) -> bytes | None:
    """The bytes of the links.json published at `url`; None when the server says it is not
    there (404, 410); HistoryUnavailable (one line: why) for any other failure."""
    request = urllib.request.Request(url, headers={"User-Agent": "buenas-practicas-link-check"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.read()
    except urllib.error.HTTPError as exc:
        if exc.code in (404, 410):
            return None
        raise HistoryUnavailable(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise HistoryUnavailable(f"{url}: {_words(exc.reason)}") from None
    except (TimeoutError, OSError) as exc:
        raise HistoryUnavailable(f"{url}: {_words(exc)}") from None


def _words(error) -> str:
    """A network error in plain words."""
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, OSError) and getattr(error, "errno", None) in (-2, -3, -5):
        return "host not found or DNS down"
    return getattr(error, "strerror", None) or str(error)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3 or args[0] != "fetch":
        print("usage: python scripts/linkhistory.py fetch URL FILE", file=sys.stderr)
        return 2
    _, url, target = args
    try:
        raw = fetch_history(url)
        if raw is None:
            print(f"{url}: no link report published yet; {target} left as it is", file=sys.stderr)
            return 0
        parse_history(raw, url)
    except HistoryUnavailable as exc:
        print(f"link history not available: {exc}", file=sys.stderr)
        return 3
    except HistoryError as exc:
        print(f"malformed published link history: {exc}", file=sys.stderr)
        return 1
    write_atomic(target, raw.decode("utf-8"))
    print(f"{target}: link history restored from {url}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
