"""A LinkChecker plugin that makes the per-host politeness caps exact: `HostPoliteness`.

LinkChecker's own throttle (Aggregate.wait_for_host) waits a random 1/rate..6/rate seconds
(at least 0.1..0.6 s) between two requests to a host, 3.5/rate on average, and sleeps while it
holds a lock shared by every host, so throttled hosts hold each other up. This plugin replaces
it. Enabled by a `[HostPoliteness]` section in the configuration file

    [HostPoliteness]
    per_host=2      ; requests to one host at once
    rate=2.0        ; requests per second to one host (a cap: starts are >= 1/rate s apart)

it wraps `requests.Session.send`, which every HTTP request of LinkChecker goes through (the
checked URL, each redirect hop, robots.txt), with a HostGate: for the request's host (the URL's
`host:port`) it takes one of `per_host` slots, then, under a short lock, lets the request start
if the host's previous start is at least 1/rate s ago (and records this start), or else sleeps
OUTSIDE the lock until that moment and looks again, so hosts never wait on each other and a
thread that wakes late delays the next start instead of crowding it. A slot is held until the
same checker thread sends its next request or LinkChecker closes the URL's connection
(UrlBase.close_connection, called after every URL), or at once if the request fails; a thread
holds at most one slot, so slots never deadlock. LinkChecker's wait_for_host becomes a no-op.

LinkChecker loads plugins only from its user data folder ($XDG_DATA_HOME/linkchecker/plugins);
scripts/linkcheck_run.py copies this file there for each run. The module is imported twice
(once to read the configuration, once to enable the plugin) but patches LinkChecker only when
the plugin is enabled, once per process. HostGate itself uses nothing of LinkChecker and is
usable (and tested) on its own.

Written against LinkChecker 10.6.0 (LINKCHECKER_VERSION), the version pinned in pyproject.toml:
tests/test_links_internals.py fails, saying what to re-check, when the installed LinkChecker
is another or lacks what this plugin uses.
"""

from __future__ import annotations

import threading
import time
from urllib.parse import urlsplit

from linkcheck.plugins import _ConnectionPlugin

LINKCHECKER_VERSION = "10.6.0"  # the LinkChecker whose internals this plugin patches

DEFAULTS = {"per_host": 2, "rate": 2.0}


class HostGate:
    """At most `per_host` holders per host at once; starts >= 1/rate s apart per host."""

    def __init__(self, per_host: int, rate: float):
        if per_host < 1 or rate <= 0:
            raise ValueError("per_host must be >= 1 and rate > 0")
        self.per_host = per_host
        self.interval = 1.0 / rate
        self._lock = threading.Lock()  # held only to look and claim; never while sleeping
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._last: dict[str, float] = {}  # host -> time its latest request was let through

    def enter(self, host: str) -> threading.BoundedSemaphore:
        """Block until a request to `host` may start; returns the slot to release()."""
        with self._lock:
            slot = self._slots.get(host)
            if slot is None:
                slot = self._slots[host] = threading.BoundedSemaphore(self.per_host)
        slot.acquire()
        while True:
            with self._lock:
                now = time.monotonic()
                wait = self._last.get(host, now - self.interval) + self.interval - now
                if wait <= 0:
                    self._last[host] = now  # the start is claimed when it happens, so a
                    return slot  # thread that wakes late pushes the next start back
            time.sleep(wait)


def host_key(url: str) -> str:
    """The politeness key of a URL: its host and port, lower-case, without user info."""
    return urlsplit(url).netloc.rpartition("@")[2].lower()


_held = threading.local()  # .slot: the slot this thread holds, if any


def _release() -> None:
    slot = getattr(_held, "slot", None)
    if slot is not None:
        _held.slot = None
        slot.release()


def install(gate: HostGate) -> None:
    """Route LinkChecker's HTTP requests through `gate` (once per process)."""
    import requests
    from linkcheck.checker.urlbase import UrlBase
    from linkcheck.director.aggregator import Aggregate

    if getattr(requests.Session.send, "_host_gate", None) is not None:
        return
    send = requests.Session.send
    close_connection = UrlBase.close_connection

    def gated_send(self, request, **kwargs):
        _release()  # the thread's previous response is done with
        _held.slot = gate.enter(host_key(request.url))
        try:
            return send(self, request, **kwargs)
        except BaseException:
            _release()
            raise

    def gated_close(self):
        try:
            close_connection(self)
        finally:
            _release()

    gated_send._host_gate = gate
    requests.Session.send = gated_send
    UrlBase.close_connection = gated_close
    Aggregate.wait_for_host = lambda self, host: None


class HostPoliteness(_ConnectionPlugin):
    """Exact per-host caps (see the module docstring); checks nothing itself."""

    def __init__(self, config):
        super().__init__(config)
        install(HostGate(int(config["per_host"]), float(config["rate"])))

    def applies_to(self, url_data, **kwargs):
        return False

    def check(self, url_data):
        pass

    @classmethod
    def read_config(cls, configparser):
        section = cls.__name__
        config = dict(DEFAULTS)
        for option in config:
            if configparser.has_option(section, option):
                config[option] = configparser.get(section, option)
        return config
