"""The politeness caps hold (scripts/linkcheck_plugins/politeness.py inside LinkChecker, run by
scripts/linkcheck_run.py, and its HostGate alone).

Every assertion is on the order of events, or on a gap that must be at least so long, never on
how fast something went: these tests cannot fail because the machine is busy. Servers on
127.0.0.1 note when each request to them starts and ends (tests/conftest_links.py TimedServer:
a noted span lies inside the time the client waited, so the order is a real one). How close to
the ideal the caps keep a whole check, and the shortest gap the hosts saw, are bench/links.py's
figures (`make bench`).
"""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest

from conftest_links import TimedServer
from linkcheck_plugins import politeness
from linkcheck_plugins.politeness import HostGate, host_key
from linkcheck_run import Politeness, check_urls

WAIT = 60  # seconds: a safety net for each wait on an event, never reached when all is well


@pytest.fixture
def servers():
    made: list[TimedServer] = []

    def make(hold=None) -> TimedServer:
        made.append(TimedServer(hold))
        return made[-1]

    yield make
    for server in made:
        server.close()


def _check(servers: list[TimedServer], per_server: int, politeness: Politeness) -> None:
    urls = [f"{s.base}page/{i}" for i in range(per_server) for s in servers]
    rows = check_urls(urls, politeness, timeout=WAIT, bound=4 * WAIT)
    assert sorted(rows) == sorted(urls)
    assert all(row.result.startswith("200") for row in rows.values()), rows


def test_one_request_at_a_time_and_starts_at_least_1_over_rate_apart(servers):
    """Three hosts in ONE LinkChecker process, one request at a time per host, 4 requests/s:
    each host sees robots.txt, then each page, never two at once, and each start at least 1/rate
    after the end of the request before the previous one. (A start k+1 comes after the gate let
    it through, which is at least 1/rate after it let k through, which was after request k-1's
    answer reached LinkChecker, which is after its end was noted here.)"""
    hosts = [servers() for _ in range(3)]
    per_server, rate = 5, 4.0
    _check(hosts, per_server, Politeness(per_host=1, rate_per_host=rate, processes=1))
    for server in hosts:
        kinds = [kind for kind, *_ in server.events]
        assert kinds == ["start", "end"] * (per_server + 1), server.events  # one at a time
        paths = [path for kind, _, path, _ in server.events if kind == "start"]
        assert paths[0] == "/robots.txt" and sorted(paths[1:]) == sorted(
            f"/page/{i}" for i in range(per_server)
        )
        starts = [t for kind, _, _, t in server.events if kind == "start"]
        ends = [t for kind, _, _, t in server.events if kind == "end"]
        gaps = [starts[k + 1] - ends[k - 1] for k in range(1, len(starts) - 1)]
        assert min(gaps) >= 1 / rate, gaps


def test_per_host_concurrency_cap_is_reached_never_passed(servers):
    """A slow host and a fast one share a process with 4 checker threads: the threads freed by
    the fast host must not pile onto the slow one beyond its 2 slots. The slow host holds its
    first page until a second one is in progress (so the cap is reached whatever the load),
    and every page a while longer (so a third one let through would show)."""
    per_server = 6

    def slow_host(server, path):
        if path.startswith("/page/"):
            server.wait_until(
                lambda s: s.most_at_once() >= 2 or s.count("start", "/page/") == per_server, WAIT
            )
            time.sleep(0.3)  # a slow answer (not a wait for LinkChecker)

    slow, fast = servers(slow_host), servers()
    _check([slow, fast], per_server, Politeness(per_host=2, rate_per_host=50, processes=1))
    assert slow.count("start") == fast.count("start") == per_server + 1  # robots.txt + pages
    assert slow.most_at_once() == 2, slow.events


def test_a_host_with_a_request_in_progress_does_not_hold_up_another(servers):
    """One LinkChecker process, one request at a time per host: while the busy host's page is
    held (until every page of the other host has been answered), the other host's pages go on.
    The other host's pages wait until the busy host's page is in progress."""
    per_server = 4
    released = threading.Event()
    other_done = []

    def held(server, path):
        if path.startswith("/page/"):
            released.wait(WAIT)

    def after_busy(server, path):
        if path.startswith("/page/"):
            busy.wait_until(lambda s: s.count("start", "/page/") == 1, WAIT)

    busy, other = servers(held), servers(after_busy)

    def release_when_the_other_is_done():
        other_done.append(other.wait_until(lambda s: s.count("end", "/page/") == per_server, WAIT))
        released.set()

    releaser = threading.Thread(target=release_when_the_other_is_done, daemon=True)
    releaser.start()
    urls = [f"{busy.base}page/0"] + [f"{other.base}page/{i}" for i in range(per_server)]
    rows = check_urls(urls, Politeness(per_host=1, rate_per_host=50, processes=1), WAIT, 4 * WAIT)
    releaser.join(WAIT)
    assert other_done == [True], "the other host's pages waited for the busy host's request"
    assert all(row.result.startswith("200") for row in rows.values()) and len(rows) == 5, rows


def test_host_gate_alone(monkeypatch):
    """The gate without LinkChecker: at most `per_host` holders of a host at once, their starts
    (the moments the gate lets them through) at least 1/rate apart, and a host whose next
    start is not due yet holds up no other host. The gate's waits for a due start are made
    observable: the first one blocks until the test lets it go on."""
    gate = HostGate(per_host=2, rate=5)
    claims: list[tuple[str, float]] = []  # every start the gate let through, in order

    class Claims(dict):
        def __setitem__(self, host, when):  # HostGate notes each start here, under its lock
            claims.append((host, when))
            super().__setitem__(host, when)

    gate._last = Claims()
    waiting, go_on = threading.Event(), threading.Event()

    def sleep(seconds):
        if not waiting.is_set():
            waiting.set()
            go_on.wait(WAIT)
        time.sleep(seconds)

    monkeypatch.setattr(politeness, "time", SimpleNamespace(monotonic=time.monotonic, sleep=sleep))
    log: list[tuple[str, str]] = []  # (host, "start" | "end"), in the order they happened
    changed = threading.Condition()
    released = threading.Event()

    def note(host: str, what: str) -> None:
        with changed:
            log.append((host, what))
            changed.notify_all()

    def request(host: str) -> None:
        slot = gate.enter(host)
        note(host, "start")
        released.wait(WAIT)
        note(host, "end")
        slot.release()

    busy = [threading.Thread(target=request, args=("busy:1",), daemon=True) for _ in range(6)]
    for thread in busy:
        thread.start()
    assert waiting.wait(WAIT), "busy:1's second holder did not wait for its start to be due"
    other = threading.Thread(target=gate.enter, args=("other:2",), daemon=True)
    other.start()
    other.join(WAIT)
    assert not other.is_alive(), "another host waited behind busy:1's pending start"
    assert [host for host, _ in claims] == ["busy:1", "other:2"]
    go_on.set()
    with changed:
        assert changed.wait_for(lambda: len(log) == 2, WAIT)  # both slots of busy:1 taken
        # a third holder must not come in, however long it is given (were it let in, its
        # start would be due 1/rate later: three times that is enough to see it, here)
        assert not changed.wait_for(lambda: len(log) > 2, 3 * gate.interval), log
    released.set()
    for thread in busy:
        thread.join(WAIT)
    starts = [when for host, when in claims if host == "busy:1"]
    assert len(starts) == 6
    assert all(b - a >= gate.interval - 1e-9 for a, b in zip(starts, starts[1:], strict=False))
    level = most = 0
    for _, what in log:
        level += 1 if what == "start" else -1
        most = max(most, level)
    assert most == 2


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://Example.org/a", "example.org"),
        ("https://u:p@example.org:8443/", "example.org:8443"),
    ],
)
def test_host_key(url, key):
    assert host_key(url) == key


def test_gate_refuses_nonsense():
    with pytest.raises(ValueError):
        HostGate(per_host=0, rate=1)
    with pytest.raises(ValueError):
        HostGate(per_host=1, rate=0)
