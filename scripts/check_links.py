"""Check every record's links with LinkChecker: `python scripts/check_links.py` (also `make links`).

    python scripts/check_links.py [--practices DIR] [--output DIR] [--history FILE]
                                  [--allow-private] [--threshold N] [--timeout S] [--bound S]
                                  [--per-host N] [--rate R] [--processes P]

The records of --practices (default practices/) are validated first (catalogue.load_practices);
if any is invalid the validator's messages are printed and nothing is checked. Every URL of every
record is then checked once by LinkChecker (scripts/linkcheck_run.py: recursion level 0, at most
--per-host requests to one host at once and --rate per second, --timeout seconds per request, the
whole run killed at --bound seconds) and classified (scripts/linkclass.py) as ok, redirected,
not-found, restricted, server-error or unreachable. The history (scripts/linkhistory.py; by
default the previous <output>/links.json) turns failures into "broken" after --threshold
consecutive failed runs and clears links that recover.

Writes, each atomically (scripts/atomic.py): <output>/links.md, the report a maintainer reads
(broken links first, grouped by practice with the record file to edit and the fix; template
templates/links/links.md.j2), <output>/links.json (generated_at, failure_threshold, summary
{result: count}, links [{url, result, http_status, final_url, practices, checked_at,
consecutive_failures, first_failed, last_ok, broken, detail}]) and, when --history names another
file, the same JSON there. URLs to loopback and private hosts are refused unless --allow-private
(for tests against servers on 127.0.0.1).

Exit status: 0 when the run completed (whatever the links' state: read links.json), 1 when the
records do not validate or the history file is malformed (it is left as it is), 2 on a usage
error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from atomic import write_atomic
from catalogue import PRACTICES_DIR, ROOT, InvalidCatalogue, load_practices, load_taxonomies
from linkcheck_run import Politeness, check_urls
from linkclass import classify, dns_down, missing, offline
from linkhistory import HistoryError, advance, load_history, report
from linkreport import view
from templating import environment

DEFAULT_OUTPUT = ROOT / "build" / "links"
WAYBACK = "https://web.archive.org/web/2023/"


def collect(records: list[dict]) -> tuple[dict[str, list[str]], set[str]]:
    """({url: [record ids]}, {urls marked restricted}) over every record's links."""
    practices: dict[str, list[str]] = {}
    restricted: set[str] = set()
    for record in records:
        for link in record.get("links", []):
            practices.setdefault(link["url"], []).append(record["id"])
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
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--practices", type=Path, default=PRACTICES_DIR, metavar="DIR")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, metavar="DIR")
    parser.add_argument(
        "--history", type=Path, metavar="FILE", help="earlier report (default: OUTPUT/links.json)"
    )
    parser.add_argument("--allow-private", action="store_true", help="accept 127.0.0.1 & co.")
    parser.add_argument("--threshold", type=int, default=3, help="failed runs before 'broken'")
    parser.add_argument("--timeout", type=int, default=20, help="seconds per request")
    parser.add_argument("--bound", type=int, default=240, help="seconds for the whole run")
    parser.add_argument("--per-host", type=int, default=Politeness.per_host, metavar="N")
    parser.add_argument("--rate", type=float, default=Politeness.rate_per_host, metavar="R")
    parser.add_argument("--processes", type=int, default=Politeness.processes, metavar="P")
    return parser


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
    try:
        previous = load_history(history_path)
    except HistoryError as exc:
        print(f"malformed history, left as it is: {exc}", file=sys.stderr)
        return 1

    practices, restricted = collect(records)
    started = time.monotonic()
    politeness = Politeness(args.per_host, args.rate, args.processes)
    rows = check_urls(list(practices), politeness, timeout=args.timeout, bound=args.bound)
    elapsed = time.monotonic() - started
    verdicts = {}
    for url in practices:
        row = rows.get(url)
        verdicts[url] = (
            classify(row, url in restricted)
            if row
            else missing(
                url, f"no result within the run's bound of {args.bound} s", url in restricted
            )
        )
    notes = []
    if dns_down(verdicts):
        verdicts = {url: offline(v) for url, v in verdicts.items()}
        notes.append(
            "no host name could be resolved and no site answered: the network or DNS was "
            "down during this run, so every link is counted as unreachable."
        )
    if len(rows) < len(practices):
        notes.append(
            f"{len(practices) - len(rows)} link(s) got no answer within the run's bound of "
            f"{args.bound} s and are counted as unreachable."
        )

    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    links = advance(previous, verdicts, practices, now, args.threshold)
    document = report(links, now, args.threshold)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    write_atomic(args.output / "links.md", render_markdown(document, args.practices, notes))
    write_atomic(args.output / "links.json", text)
    if history_path.resolve() != (args.output / "links.json").resolve():
        write_atomic(history_path, text)

    counts = ", ".join(f"{k}: {v}" for k, v in document["summary"].items() if v)
    broken = sum(link["broken"] for link in links)
    print(
        f"{len(links)} link(s) checked in {elapsed:.1f} s ({counts or 'none'}); "
        f"{broken} broken; report in {args.output / 'links.md'}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
