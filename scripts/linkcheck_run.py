"""Run LinkChecker's command line over a list of URLs and read its CSV from standard output.

    rows = check_urls(urls, Politeness(), timeout=20, bound=240)   # {url: Row}
    rows = check_site("http://127.0.0.1:8000/", timeout=10, bound=300)  # recursive, 127.0.0.1 only

External URLs are checked with recursion level 0 (never crawled). Politeness: the URLs are
grouped by host (`host:port`) and the hosts are spread over at most `processes` LinkChecker
processes (a host is checked by one process only). In each process the HostPoliteness plugin
(scripts/linkcheck_plugins/politeness.py) lets at most `per_host` requests to one host run at
once and starts them at least 1/`rate_per_host` seconds apart: a cap, not an average, with no
other wait (LinkChecker's own random 1/rate..6/rate wait, taken under a lock all hosts share,
is switched off). Each process has `per_host` threads per host it checks (at most
MAX_THREADS), so every host can use its whole cap.

Each process gets a configuration file written from templates/links/linkcheckerrc.ini and the
plugins (copied to $XDG_DATA_HOME/linkchecker/plugins, where LinkChecker looks: politeness.py,
and causes.py, which adds a "Cause: ..." info line to each failure) in a temporary folder,
and writes CSV to standard output (LinkChecker run as root drops privileges to `nobody` and
could not write output files here). The whole run has a hard bound: LinkChecker is
told to stop itself (maxrunseconds) a little before it, and at the bound it is killed (SIGKILL).
LinkChecker is one process (threads, no children), and it stays in the caller's process group on
purpose: a Ctrl-C, or a kill of the caller's group, ends it too instead of leaving it orphaned.
URLs it never reported are missing from the result (the caller decides what that means).

A LinkChecker that cannot be started (not installed: $BP_LINKCHECKER, else the `linkchecker`
next to the running Python, else on PATH) or that crashes (an exit status other than 0 or 1,
or a Python traceback or LinkChecker's "internal error" on its standard error) raises
CheckerError with one line saying why: such a run says nothing about the links. A process
killed at the bound is not a crash: what it reported before is kept.
A Row keeps LinkChecker's words: `result` ("200 OK", "404 Not Found", "ReadTimeout: ..."),
`valid`, the final `url` after redirects, and the `info` and `warning` lines (redirect hops
are info lines "Redirected to `URL' status: 301 ...").
"""

from __future__ import annotations

import csv
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from catalogue import ROOT

ENV_LINKCHECKER = "BP_LINKCHECKER"  # path of the linkchecker command, to use another one
INSTALL_HINT = (
    "`make links` installs it into .venv from the lock and runs the check; or install the "
    "locked version into this Python with "
    "`python -m pip install --require-hashes -r requirements/links.txt`"
)
CONFIG_TEMPLATE = ROOT / "templates" / "links" / "linkcheckerrc.ini"
PLUGINS = [ROOT / "scripts" / "linkcheck_plugins" / name for name in ("politeness.py", "causes.py")]
MAX_THREADS = 64  # checker threads in one LinkChecker process
STOP_MARGIN = 5  # seconds between LinkChecker's own stop (maxrunseconds) and the hard kill


class CheckerError(Exception):
    """LinkChecker could not run or crashed; the message says why, in one line."""


def linkchecker() -> Path:
    """The linkchecker command: $BP_LINKCHECKER, else next to this Python, else on PATH."""
    if os.environ.get(ENV_LINKCHECKER):
        return Path(os.environ[ENV_LINKCHECKER])
    beside = Path(sys.executable).with_name("linkchecker")
    if beside.exists():
        return beside
    found = shutil.which("linkchecker")
    return Path(found) if found else beside


@dataclass(frozen=True)
class Politeness:
    per_host: int = 2  # requests to one host at once
    rate_per_host: float = 2.0  # requests per second to one host: starts >= 1/rate s apart
    processes: int = 2  # LinkChecker processes at once (CPU only: each host is in one of them)


@dataclass
class Row:
    url: str  # the URL as given to LinkChecker
    result: str
    valid: bool
    final_url: str
    info: list[str] = field(default_factory=list)
    warning: list[str] = field(default_factory=list)
    parent: str = ""


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _config(**values) -> str:
    template = jinja2.Template(CONFIG_TEMPLATE.read_text(encoding="utf-8"), autoescape=False)
    return template.render(**values)


def parse_csv(text: str) -> list[Row]:
    """Rows of LinkChecker's `-o csv` output (comment lines start with '#')."""
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    rows = []
    for record in csv.DictReader(io.StringIO("".join(lines)), delimiter=";"):
        if not record.get("urlname"):
            continue
        rows.append(
            Row(
                url=record["urlname"],
                result=record.get("result") or "",
                valid=record.get("valid") == "True",
                final_url=record.get("url") or record["urlname"],
                info=[s for s in (record.get("infostring") or "").splitlines() if s],
                warning=[s for s in (record.get("warningstring") or "").splitlines() if s],
                parent=record.get("parentname") or "",
            )
        )
    return rows


def _groups(urls: list[str], processes: int) -> list[list[str]]:
    """Spread the URLs' hosts over at most `processes` groups, biggest hosts first."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        by_host.setdefault(host_of(url), []).append(url)
    groups: list[list[str]] = [[] for _ in range(max(1, min(processes, len(by_host))))]
    for host_urls in sorted(by_host.values(), key=len, reverse=True):
        min(groups, key=len).extend(host_urls)
    # Interleave hosts inside a group so one slow host does not hold the queue.
    out = []
    for group in groups:
        hosts: dict[str, list[str]] = {}
        for url in group:
            hosts.setdefault(host_of(url), []).append(url)
        lanes = list(hosts.values())
        out.append(
            [lane[i] for i in range(max(map(len, lanes))) for lane in lanes if i < len(lane)]
        )
    return out


@dataclass
class _Outcome:
    stdout: str = ""
    stderr: str = ""
    returncode: int | None = None
    killed: bool = False  # by us, at the run's bound
    error: str = ""  # it could not be started


def _run_one(command: Path, args: list[str], config: str, deadline: float, out: _Outcome) -> None:
    with tempfile.TemporaryDirectory(prefix="linkcheck-") as tmp:
        rc = Path(tmp) / "linkcheckerrc"
        rc.write_text(config, encoding="utf-8")
        plugins = Path(tmp) / "data" / "linkchecker" / "plugins"
        plugins.mkdir(parents=True)
        for source in PLUGINS:
            (plugins / source.name).write_bytes(source.read_bytes())
        # LinkChecker run as root reads them after dropping to `nobody`; it refuses plugins
        # from folders or files others can write to.
        for folder in (Path(tmp), plugins.parent.parent, plugins.parent, plugins):
            os.chmod(folder, 0o755)
        for path in (rc, *plugins.iterdir()):
            os.chmod(path, 0o644)
        try:
            proc = subprocess.Popen(
                [str(command), "--config", str(rc), "-o", "csv", *args],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                errors="replace",
                env={**os.environ, "HOME": tmp, "XDG_DATA_HOME": str(Path(tmp) / "data")},
            )
        except OSError as exc:
            out.error = f"{command} could not be started ({exc.strerror or exc})"
            return
        try:
            out.stdout, out.stderr = proc.communicate(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            out.killed = True
            out.stdout, out.stderr = proc.communicate()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        out.returncode = proc.returncode


def _run_guarded(command: Path, args: list[str], config: str, deadline: float, out: _Outcome):
    """_run_one in a thread: whatever fails becomes the outcome's error, never a traceback."""
    try:
        _run_one(command, args, config, deadline, out)
    except Exception as exc:
        out.error = f"LinkChecker could not be run ({type(exc).__name__}: {exc})"


_ERROR_LINE = re.compile(r"^\s*(?P<line>[A-Za-z_][\w.]*(Error|Exception|Exit)\b.*)$")


def _crash(out: _Outcome) -> str | None:
    """Why this LinkChecker process failed as a program, or None."""
    if out.error:
        return out.error
    if out.killed:
        return None
    internal = "Traceback" in out.stderr or "Oops, I did it again" in out.stderr
    if out.returncode in (0, 1) and not internal:
        return None
    errors = [m["line"] for line in out.stderr.splitlines() if (m := _ERROR_LINE.match(line))]
    # LinkChecker's internal-error report can run its "System info:" on to the error's line.
    why = f": {errors[-1].split('System info:')[0].strip()[:200]}" if errors else ""
    if out.returncode is not None and out.returncode < 0:
        return f"LinkChecker was killed by signal {-out.returncode}{why}"
    return f"LinkChecker crashed (exit status {out.returncode}){why}"


def closed_to_others(path: Path, top: Path = Path("/")) -> Path | None:
    """The first folder from `top` down to `path` (both included) that users other than its owner
    cannot enter, or None. LinkChecker run as root drops to `nobody` and only then loads its
    plugins (the anchor check, ours): from a package behind such a folder it loads none, and
    says nothing, so anchors and politeness would silently be off."""
    for folder in [*reversed(path.parents), path]:
        if folder.is_relative_to(top) and folder.is_dir() and not folder.stat().st_mode & 0o001:
            return folder
    return None


def _run(jobs: list[tuple[list[str], str]], bound: float) -> list[Row]:
    command = linkchecker()
    if not command.is_file() or not os.access(command, os.X_OK):
        raise CheckerError(f"LinkChecker is not installed (no {command}): {INSTALL_HINT}")
    package = Path(importlib.util.find_spec("linkcheck").origin).parent
    if os.geteuid() == 0 and (closed := closed_to_others(package)):
        raise CheckerError(
            f"LinkChecker, run as root, drops to `nobody`, who cannot enter {closed} (mode "
            f"{closed.stat().st_mode & 0o777:o}) to load its plugins from {package}: the anchor "
            f"check and the politeness plugin would be silently off. Run from a folder others "
            f"can enter (chmod o+x {closed}) or as another user than root."
        )
    deadline = time.monotonic() + bound
    outcomes = [_Outcome() for _ in jobs]
    threads = [
        threading.Thread(
            target=_run_guarded, args=(command, args, config, deadline, out), daemon=True
        )
        for (args, config), out in zip(jobs, outcomes, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for out in outcomes:
        if why := _crash(out):
            raise CheckerError(why)
    rows: list[Row] = []
    for out in outcomes:
        rows.extend(parse_csv(out.stdout))
    return rows


def check_urls(
    urls: list[str], politeness: Politeness = Politeness(), timeout: int = 20, bound: int = 240
) -> dict[str, Row]:
    """Check each URL once (recursion level 0); {url: Row} for every URL LinkChecker reported.
    Raises CheckerError when LinkChecker is missing or crashes."""
    urls = list(dict.fromkeys(urls))
    if not urls:
        return {}
    max_run = max(1, int(bound) - STOP_MARGIN)
    jobs = []
    for group in _groups(urls, politeness.processes):
        hosts = len({host_of(url) for url in group})
        config = _config(
            threads=min(MAX_THREADS, politeness.per_host * hosts),
            per_host=politeness.per_host,
            timeout=int(timeout),
            recursion=0,
            rate=politeness.rate_per_host,
            max_run=max_run,
            abort=max(1, min(STOP_MARGIN - 1, int(timeout))),
            extern=True,
            anchors=False,
        )
        jobs.append((["--check-extern", "--recursion-level", "0", *group], config))
    rows = _run(jobs, bound)
    return {row.url: row for row in rows if row.url in set(urls)}


def check_site(start_url: str, timeout: int = 10, bound: int = 300, threads: int = 4) -> list[Row]:
    """Crawl a site served on 127.0.0.1 (pages and #anchors), never leaving it; every Row."""
    host = urlsplit(start_url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"check_site only crawls a local server (got {start_url})")
    config = _config(
        threads=threads,
        per_host=threads,
        timeout=int(timeout),
        recursion=-1,
        rate=1000,
        max_run=max(1, int(bound) - STOP_MARGIN),
        abort=STOP_MARGIN - 1,
        extern=False,
        anchors=True,
    )
    return _run([(["--no-robots", start_url], config)], bound)


def site_problems(rows: list[Row]) -> list[str]:
    """The broken links and anchors among check_site()'s rows, one line each."""
    problems = []
    for row in rows:
        where = f"{row.final_url} (linked as {row.url} on {row.parent or 'the start page'})"
        if not row.valid:
            problems.append(f"{where}: {row.result}")
        problems.extend(f"{where}: {w}" for w in row.warning if w.startswith("Anchor"))
    return problems
