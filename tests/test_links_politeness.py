"""The politeness caps hold exactly, with no extra waiting (scripts/linkcheck_plugins/politeness.py
inside LinkChecker, run by scripts/linkcheck_run.py): servers on 127.0.0.1 note when each
request to them starts and ends (robots.txt included)."""

from __future__ import annotations

import threading
import time

import pytest

from conftest_links import TimedServer
from linkcheck_plugins.politeness import HostGate, host_key
from linkcheck_run import Politeness, check_urls

TOLERANCE = 0.05  # seconds: a request seen by the server vs. its start in LinkChecker


@pytest.fixture
def servers(request):
    made: list[TimedServer] = []

    def make(count: int, latency: float) -> list[TimedServer]:
        made.extend(TimedServer(latency) for _ in range(count))
        return made[-count:]

    yield make
    for server in made:
        server.close()


def _check(servers: list[TimedServer], per_server: int, politeness: Politeness) -> None:
    urls = [f"{s.base}page/{i}" for i in range(per_server) for s in servers]
    rows = check_urls(urls, politeness, timeout=5, bound=60)
    assert sorted(rows) == sorted(urls)
    assert all(row.result.startswith("200") for row in rows.values()), rows


def test_rate_cap_is_a_minimum_interval_and_hosts_do_not_wait_on_each_other(servers):
    """Three hosts in ONE LinkChecker process, 2 requests/s each: every host's starts are at
    least 0.5 s apart, and each host finishes as if it were alone (LinkChecker's own throttle
    waits 1.75 s on average and makes hosts queue behind one lock: ~3x and ~9x slower)."""
    hosts = servers(3, latency=0.05)
    per_server, rate = 6, 2.0
    _check(hosts, per_server, Politeness(per_host=2, rate_per_host=rate, processes=1))
    alone = per_server / rate  # robots.txt + 6 pages: 6 intervals of 1/rate
    first = min(s.starts()[0] for s in hosts)
    for server in hosts:
        starts = server.starts()
        assert len(starts) == per_server + 1  # robots.txt once, then each page once
        gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
        assert min(gaps) >= 1 / rate - TOLERANCE, gaps
        assert starts[0] - first < 0.5  # nobody waited for another host to be done
        assert starts[-1] - starts[0] < alone + 0.6, gaps  # no wait beyond the cap
    assert max(s.starts()[-1] for s in hosts) - first < alone + 0.8


def test_per_host_concurrency_cap_is_reached_never_passed(servers):
    """A slow host and a fast one share a process with 4 checker threads: the threads freed by
    the fast host must not pile onto the slow one beyond its 2 slots."""
    slow, fast = servers(1, latency=0.6)[0], servers(1, latency=0.0)[0]
    per_server = 6
    _check([slow, fast], per_server, Politeness(per_host=2, rate_per_host=50, processes=1))
    assert len(slow.spans) == per_server + 1
    assert slow.most_at_once() == 2
    starts = slow.starts()  # robots.txt alone, then the pages two at a time: 4 rounds
    assert starts[-1] - starts[0] < 3 * 0.6 + 0.6


def test_host_gate_alone():
    """The gate without LinkChecker: a busy host neither delays another host nor lets more than
    `per_host` holders in or two starts closer than 1/rate."""
    gate = HostGate(per_host=2, rate=5)
    log: list[tuple[str, str, float]] = []
    lock = threading.Lock()

    def request(host: str, hold: float) -> None:
        slot = gate.enter(host)
        with lock:
            log.append((host, "start", time.monotonic()))
        time.sleep(hold)
        with lock:
            log.append((host, "end", time.monotonic()))
        slot.release()

    began = time.monotonic()
    threads = [threading.Thread(target=request, args=("busy:1", 0.5)) for _ in range(6)]
    threads.append(threading.Thread(target=request, args=("other:2", 0.0)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    other = [t for host, what, t in log if host == "other:2" and what == "start"]
    assert other[0] - began < 0.1  # not behind the six requests to the busy host
    starts = [t for host, what, t in log if host == "busy:1" and what == "start"]
    assert min(b - a for a, b in zip(starts, starts[1:], strict=False)) >= 0.2 - 0.02
    level = most = 0
    for _, what, _ in sorted((x for x in log if x[0] == "busy:1"), key=lambda x: x[2]):
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
