"""A LinkChecker plugin that names why a check failed: `ErrorCause`.

LinkChecker reports a failure without an HTTP answer as the exception's text cut at 240
characters ("ConnectionError: HTTPSConnectionPool(host=...): Max retries exceeded with url:
/a/long/path (Caused by NewConnectionError(... [Errno 111] Conn..."), where the cause is often
cut off. Enabled by an `[ErrorCause]` section in the configuration file, this plugin wraps
`UrlBase.handle_exception` (LinkChecker calls it inside its `except` for every failed check)
and adds one info line before LinkChecker's own handling:

    Cause: refused
    Cause: certificate (certificate has expired)

The cause comes from the exception objects themselves (the chain of __cause__, __context__,
urllib3's `reason` and `args`), never from their text: one of host-not-found, dns-failure,
network-unreachable, refused, reset, timeout, certificate (with the verifier's words), tls,
redirect-loop; none when it is something else. scripts/linkclass.py reads it (CAUSES there
gives the words of the report). `cause_of` uses nothing of LinkChecker and is tested on its
own; like the politeness plugin it is copied into LinkChecker's plugin folder by
scripts/linkcheck_run.py and patches LinkChecker only when enabled, once per process.

Written against LinkChecker 10.6.0 (LINKCHECKER_VERSION), the version pinned in pyproject.toml:
tests/test_links_internals.py fails, saying what to re-check, when the installed LinkChecker
is another or lacks what this plugin uses.
"""

from __future__ import annotations

import errno
import socket
import ssl
import sys

from linkcheck.plugins import _ConnectionPlugin

LINKCHECKER_VERSION = "10.6.0"  # the LinkChecker whose internals this plugin patches

PREFIX = "Cause: "
_UNKNOWN_NAME = {socket.EAI_NONAME, getattr(socket, "EAI_NODATA", -5)}
_UNREACHABLE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}
_RESET = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)
_RESET_NAMES = {"RemoteDisconnected", "ProtocolError"}
_TIMEOUT_NAMES = {"Timeout", "TimeoutError"}


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc` and every exception it wraps, outermost first."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        item = todo.pop(0)
        if not isinstance(item, BaseException) or any(item is s for s in seen):
            continue
        seen.append(item)
        todo.extend([item.__cause__, item.__context__, getattr(item, "reason", None),
                     *getattr(item, "args", ())])  # fmt: skip
    return seen


def _names(exc: BaseException) -> set[str]:
    return {cls.__name__ for cls in type(exc).__mro__}


_TESTS = [  # (cause, test on one exception of the chain), in order: the first that holds wins
    ("redirect-loop", lambda e: "TooManyRedirects" in _names(e)),
    ("host-not-found", lambda e: isinstance(e, socket.gaierror) and e.errno in _UNKNOWN_NAME),
    ("dns-failure", lambda e: isinstance(e, socket.gaierror) or "NameResolutionError" in _names(e)),
    ("certificate", lambda e: isinstance(e, ssl.SSLCertVerificationError)),
    ("tls", lambda e: isinstance(e, ssl.SSLError) or "SSLError" in _names(e)),
    ("refused", lambda e: isinstance(e, ConnectionRefusedError)),
    ("network-unreachable", lambda e: isinstance(e, OSError) and e.errno in _UNREACHABLE),
    ("reset", lambda e: isinstance(e, _RESET) or bool(_RESET_NAMES & _names(e))),
    # urllib3's NewConnectionError is a ConnectTimeoutError too, whatever its cause
    ("timeout", lambda e: isinstance(e, TimeoutError)
     or ("NewConnectionError" not in _names(e) and bool(_TIMEOUT_NAMES & _names(e)))),
]  # fmt: skip


def cause_of(exc: BaseException) -> tuple[str, str] | None:
    """(cause, words) for a failed check's exception, or None when it is none of CAUSES."""
    chain = _chain(exc)
    for cause, test in _TESTS:
        for item in chain:
            if test(item):
                words = getattr(item, "verify_message", "") if cause == "certificate" else ""
                return cause, words or ""
    return None


def line(exc: BaseException) -> str | None:
    """The info line for `exc`, or None."""
    found = cause_of(exc)
    if not found:
        return None
    cause, words = found
    return f"{PREFIX}{cause}" + (f" ({words})" if words else "")


def install() -> None:
    """Add the cause line to every failed check (once per process)."""
    from linkcheck.checker.urlbase import UrlBase

    if getattr(UrlBase.handle_exception, "_error_cause", False):
        return
    handle_exception = UrlBase.handle_exception

    def with_cause(self):
        try:
            text = line(sys.exc_info()[1])
            if text:
                self.add_info(text)
        except Exception:
            pass
        return handle_exception(self)

    with_cause._error_cause = True
    UrlBase.handle_exception = with_cause


class ErrorCause(_ConnectionPlugin):
    """Adds the "Cause: ..." info line (see the module docstring); checks nothing itself."""

    def __init__(self, config):
        super().__init__(config)
        install()

    def applies_to(self, url_data, **kwargs):
        return False

    def check(self, url_data):
        pass

    @classmethod
    def read_config(cls, configparser):
        return {}
