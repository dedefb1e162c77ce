"""Check every record's links with LinkChecker: `python scripts/check_links.py` (also `make links`).

    python scripts/check_links.py [--practices DIR] [--output DIR] [--history FILE]
                                  [--history-url URL] [--allow-private] [--threshold N]
                                  [--timeout S] [--bound S] [--per-host N] [--rate R]
                                  [--processes P]

The records of --practices (default practices/) are validated first (catalogue.load_practices);
if any is invalid the validator's messages are printed and nothing is checked. Every URL of every
record is then checked once by LinkChecker (scripts/linkcheck_run.py: recursion level 0, at most
--per-host requests to one host at once and --rate per second, --timeout seconds per request, the
whole run killed at --bound seconds) and classified (scripts/linkclass.py) as ok, redirected,
not-found, restricted, server-error or unreachable, with the reason in plain words. The history
(scripts/linkhistory.py; by default the previous <output>/links.json, else, when that file does
not exist, the published copy at --history-url or $BP_LINKS_HISTORY_URL) turns failures into
"broken" after --threshold consecutive failed runs and clears links that recover.

An inconclusive run counts against no link: LinkChecker missing (the message says how to
install it) or crashing, no site answering at all (no network, DNS down), most hosts failing
for the machine's own resolver or network, most links without a result within --bound, or
the history's published copy unreachable while the history file is missing. It prints one
line saying why, writes nothing (history and report stay byte for byte as they were) and
exits 3. In a conclusive run, a link that got no result within --bound keeps its previous
state (not counted, listed in the report).

Writes, each atomically (scripts/atomic.py): <output>/links.md, the report a maintainer reads
(broken links first, grouped by practice with the record file to edit and the fix; template
templates/links/links.md.j2; what a server said, its reason phrase, Retry-After or redirect
target, only as inert text: templating.code_span, as it becomes the nightly issue's body),
<output>/links.json (generated_at, failure_threshold, summary {result: count}, links [{url,
result, http_status, final_url, practices, checked_at, consecutive_failures, first_failed,
last_ok, broken, detail}], unchecked [{url, reason}]) and, when --history names another
file, the same JSON there. URLs to loopback and private hosts, in any spelling (127.1,
2130706433...: rules.browser_host, the validator's own check), are refused unless
--allow-private (for tests against servers on 127.0.0.1).

Exit status: 0 when the run completed (whatever the links' state: read links.json), 1 when the
records do not validate or the history is malformed (it is left as it is), 2 on a usage
error, 3 when the run was inconclusive.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

# Said (exit status 3) when this Python lacks a package the check needs, at import or later.
NO_PACKAGES = (
    "link check inconclusive: this Python lacks the project's packages ({}); `make links` "
    "installs them and LinkChecker into .venv and runs the check"
)

try:
    from atomic import write_atomic
    from catalogue import PRACTICES_DIR, ROOT, InvalidCatalogue, load_practices, load_taxonomies
    from linkcheck_run import CheckerError, Politeness, check_urls
    from linkclass import CAUSES, classify, run_problem
    from linkhistory import (
        HistoryError,
        HistoryUnavailable,
        advance,
        fetch_history,
        load_history,
        parse_history,
        report,
    )
    from linkreport import WAYBACK, view
    from templating import environment
except ModuleNotFoundError as missing:  # run by a Python without the project's packages
    if __name__ != "__main__":
        raise
    print(NO_PACKAGES.format(missing), file=sys.stderr)
    sys.exit(3)

DEFAULT_OUTPUT = ROOT / "build" / "links"
ENV_HISTORY_URL = "BP_LINKS_HISTORY_URL"  # the published copy of links.json (see the README)
INCONCLUSIVE = 3  # exit status of a run that says nothing about the links


def collect(records: list[dict]) -> tuple[dict[str, list[str]], set[str]]:
    """({url: [record ids]}, {urls marked restricted}) over every record's links and further
    sources (the practice sheet's sources are checked like the report's links)."""
    practices: dict[str, list[str]] = {}
    restricted: set[str] = set()
    for record in records:
        for link in [*record.get("links", []), *record.get("further_sources", [])]:
            ids = practices.setdefault(link["url"], [])
            if record["id"] not in ids:
                ids.append(record["id"])
            if link.get("restricted"):
                restricted.add(link["url"])
    return practices, restricted


def _fix(link: dict) -> str:
    archive = f"{WAYBACK}{link['url']}"
    if link["result"] == "not-found":
        return (
            "find the page's new address on the publisher's site and replace `url:`; "
            f"if it is gone, link the archived copy <{archive}>."
        )
    if link["result"] == "server-error":
        return (
            f"the site answers with an error; if it persists, link the archived copy <{archive}>."
        )
    if link["detail"].startswith((CAUSES["certificate"], CAUSES["tls"])):
        return (
            "the site's secure connection fails (browsers warn about it too); check it by hand, "
            f"and if it persists link the archived copy <{archive}>."
        )
    return (
        "the site does not answer; open it by hand, and if it is gone link the archived copy "
        f"<{archive}>."
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _by_practice(groups: dict[str, list[dict]], practices_dir: Path) -> list[dict]:
    return [
        {"practice": p, "file": _display(practices_dir / f"{p}.yml"), "links": links}
        for p, links in groups.items()
    ]


def render_markdown(document: dict, practices_dir: Path, notes: list[str]) -> str:
    """links.md from the same view model as the site's link-health page (linkreport.py)."""
    env = environment(autoescape=False, keep_trailing_newline=True)
    model = view(document)
    broken = {
        practice: [dict(link, fix=_fix(link)) for link in links]
        for practice, links in model.groups("broken").items()
    }
    return env.get_template("links/links.md.j2").render(
        generated_at=model.generated_at,
        threshold=model.threshold,
        summary=document["summary"],
        total=model.total,
        practice_count=len({p for link in model.links for p in link["practices"]}),
        notes=notes,
        broken=_by_practice(broken, practices_dir),
        redirected=_by_practice(model.groups("redirected"), practices_dir),
        failing=model.sections["failing"],
        restricted=model.sections["restricted"],
        ok_count=document["summary"]["ok"],
        unchecked=document.get("unchecked", []),
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--practices", type=Path, default=PRACTICES_DIR, metavar="DIR")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, metavar="DIR")
    parser.add_argument(
        "--history", type=Path, metavar="FILE", help="earlier report (default: OUTPUT/links.json)"
    )
    parser.add_argument(
        "--history-url",
        default=os.environ.get(ENV_HISTORY_URL) or None,
        metavar="URL",
        help=f"published copy of the report, read when FILE is missing (${ENV_HISTORY_URL})",
    )
    parser.add_argument("--allow-private", action="store_true", help="accept 127.0.0.1 & co.")
    parser.add_argument("--threshold", type=int, default=3, help="failed runs before 'broken'")
    parser.add_argument("--timeout", type=int, default=20, help="seconds per request")
    parser.add_argument("--bound", type=int, default=240, help="seconds for the whole run")
    parser.add_argument("--per-host", type=int, default=Politeness.per_host, metavar="N")
    parser.add_argument("--rate", type=float, default=Politeness.rate_per_host, metavar="R")
    parser.add_argument("--processes", type=int, default=Politeness.processes, metavar="P")
    return parser


def _inconclusive(why: str, output: Path) -> int:
    """One line (a GitHub error annotation in Actions), nothing written; exit status 3."""
    message = (
        f"link check inconclusive: {why}. Nothing was written: {_display(output)} and the "
        "history are as they were, and no link counts as failed."
    )
    if os.environ.get("GITHUB_ACTIONS") == "true":
        message = f"::error title=Link check inconclusive::{message}"
    print(message, file=sys.stderr)
    return INCONCLUSIVE


def _previous(history_path: Path, url: str | None, notes: list[str]) -> dict[str, dict]:
    """The history: the file, else its published copy at `url` (HistoryError,
    HistoryUnavailable)."""
    if history_path.exists() or not url:
        return load_history(history_path)
    raw = fetch_history(url)
    if raw is None:
        notes.append(f"no history yet (none at {url}): every streak starts with this run.")
        return {}
    notes.append(f"history read from the published copy <{url}> (the cache was empty).")
    return parse_history(raw, url)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if min(args.threshold, args.timeout, args.per_host, args.processes) < 1 or args.rate <= 0:
        parser.error("--threshold, --timeout, --per-host, --processes and --rate must be > 0")
    if args.bound < args.timeout + 10:
        parser.error("--bound must be at least --timeout + 10 seconds")
    history_path = args.history or args.output / "links.json"

    try:
        records = load_practices(args.practices, load_taxonomies(), args.allow_private)
    except InvalidCatalogue as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s): fix the records first", file=sys.stderr)
        return 1
    notes: list[str] = []
    try:
        previous = _previous(history_path, args.history_url, notes)
    except HistoryError as exc:
        print(f"malformed history, left as it is: {exc}", file=sys.stderr)
        return 1
    except HistoryUnavailable as exc:
        why = f"{history_path} is missing and its published copy could not be fetched ({exc})"
        return _inconclusive(why, args.output)

    practices, restricted = collect(records)
    started = time.monotonic()
    politeness = Politeness(args.per_host, args.rate, args.processes)
    try:
        rows = check_urls(list(practices), politeness, timeout=args.timeout, bound=args.bound)
    except CheckerError as exc:
        return _inconclusive(str(exc), args.output)
    elapsed = time.monotonic() - started
    verdicts = {url: classify(rows[url], url in restricted) for url in practices if url in rows}
    why_unchecked = f"{CAUSES['no-result']} of {args.bound} s"
    unchecked = {url: why_unchecked for url in practices if url not in rows}
    if problem := run_problem(verdicts, unchecked):
        return _inconclusive(problem, args.output)
    if unchecked:
        notes.append(
            f"{len(unchecked)} link(s) got no result within the run's time bound of "
            f"{args.bound} s: they keep their previous state and count neither way."
        )

    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    links = advance(previous, verdicts, practices, now, args.threshold, unchecked)
    document = report(links, now, args.threshold, unchecked)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_atomic(args.output / "links.md", render_markdown(document, args.practices, notes))
    write_atomic(args.output / "links.json", text)
    if history_path.resolve() != (args.output / "links.json").resolve():
        write_atomic(history_path, text)

    counts = ", ".join(f"{k}: {v}" for k, v in document["summary"].items() if v)
    broken = sum(link["broken"] for link in links)
    print(
        f"{len(verdicts)} link(s) checked in {elapsed:.1f} s ({counts or 'none'}); "
        f"{len(unchecked)} without a result; {broken} broken; report in "
        f"{args.output / 'links.md'}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ModuleNotFoundError as missing:
        print(NO_PACKAGES.format(missing), file=sys.stderr)
        sys.exit(INCONCLUSIVE)
