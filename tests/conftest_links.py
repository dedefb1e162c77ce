"""Local HTTP servers for the link-check tests, all on 127.0.0.1, started and stopped by the tests.

    # registered as a plugin by tests/conftest.py; use the fixture as an argument:
    def test_x(link_servers): link_servers.url("not-found")  -> "http://127.0.0.1:PORT/status/404"

One threaded HTTP server answers by path (CASES maps a case name to its path and to the result
check_links must give it), plus raw sockets for what HTTP servers do not do on purpose: a server
that accepts and never answers, one that resets the connection, and a port where nothing
listens. Every case lives on its own port (its own "host" for the politeness caps), so the slow
cases do not hold up the fast ones.
"""

from __future__ import annotations

import socket
import ssl
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

BIG_BODY = 50 * 1024 * 1024  # bytes in the "big" case
TRICKLE_SECONDS = 0.2  # between two bytes of the "trickle" case (its body never ends in a test)

# case -> (path on the HTTP server or a raw-socket kind, expected result)
CASES = {
    "ok": ("/ok", "ok"),
    "moved-301": ("/redirect/301/ok", "redirected"),
    "moved-308": ("/redirect/308/ok", "redirected"),
    "chain-301-308": ("/redirect/301/redirect/308/ok", "redirected"),
    "found-302": ("/redirect/302/ok", "ok"),
    "chain-302-301": ("/redirect/302/redirect/301/ok", "ok"),
    "moved-to-404": ("/redirect/301/status/404", "not-found"),
    "loop": ("/loop", "unreachable"),
    "not-found": ("/status/404", "not-found"),
    "gone": ("/status/410", "not-found"),
    "unauthorized": ("/status/401", "restricted"),
    "forbidden": ("/status/403", "restricted"),
    "rate-limited": ("/status/429", "restricted"),
    "login-page": ("/redirect/302/login", "restricted"),
    "server-error": ("/status/500", "server-error"),
    "unavailable": ("/status/503", "server-error"),
    "trickle": ("/trickle", "ok"),
    "big": ("/big", "ok"),
    "hang": ("raw:hang", "unreachable"),
    "reset": ("raw:reset", "unreachable"),
    "closed-port": ("raw:closed", "unreachable"),
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"<html><body>ok</body></html>", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/robots.txt":
            return self._send(404, b"")
        if path in ("/ok", "/login"):
            return self._send(200)
        if path.startswith("/redirect/"):
            _, _, code, rest = path.split("/", 3)
            return self._send(int(code), b"", {"Location": "/" + rest})
        if path == "/loop":
            return self._send(301, b"", {"Location": "/loop"})
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            headers = {"Retry-After": "3600"} if code == 429 else {}
            if code == 401:
                headers["WWW-Authenticate"] = 'Basic realm="test"'
            return self._send(code, b"<html>status</html>", headers)
        if path == "/trickle":
            return self._trickle()
        if path == "/big":
            return self._big()
        return self._send(404, b"unknown test path")

    def _trickle(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            while not self.server.stopping.is_set():
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(TRICKLE_SECONDS)
        except OSError:
            pass

    def _big(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(BIG_BODY))
        self.end_headers()
        chunk = b"<p>" + b"x" * 65533
        try:
            for _ in range(BIG_BODY // len(chunk)):
                self.wfile.write(chunk)
            self.wfile.write(b"x" * (BIG_BODY % len(chunk)))
        except OSError:
            pass


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stopping = threading.Event()


class _RawServer:
    """A listening socket that either holds each connection silently or resets it; `accepted`
    counts the connections (wait_for_connection waits for a new one)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.accepted = 0
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with self.changed:
                self.accepted += 1
                self.changed.notify_all()
            if self.kind == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                try:
                    conn.recv(1024)
                finally:
                    conn.close()  # linger 0: the peer gets a RST
            else:
                self.held.append(conn)  # accepted, never answered

    def wait_for_connection(self, after: int, timeout: float, stop=lambda: False) -> bool:
        """Wait until more than `after` connections were accepted (True), or `stop()` holds, or
        `timeout` seconds (a safety net) have passed (False)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while self.accepted <= after:
                if stop() or time.monotonic() > deadline:
                    return False
                self.changed.wait(0.1)
        return True

    def close(self):
        self.stopping.set()
        self.thread.join(timeout=2)
        for conn in self.held:
            conn.close()
        self.sock.close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LinkServers:
    """The running servers of every CASE; url(case) gives the case's URL."""

    def __init__(self):
        self._http: list[_HttpServer] = []
        self._raw: dict[str, _RawServer] = {}
        self.urls: dict[str, str] = {}
        for case, (path, _) in CASES.items():
            if path == "raw:closed":
                port = _closed_port()
                self.urls[case] = f"http://127.0.0.1:{port}/"
            elif path.startswith("raw:"):
                raw = self._raw[case] = _RawServer(path[4:])
                self.urls[case] = f"http://127.0.0.1:{raw.port}/"
            else:
                server = _HttpServer()
                threading.Thread(target=server.serve_forever, daemon=True).start()
                self._http.append(server)
                self.urls[case] = f"http://127.0.0.1:{server.server_address[1]}{path}"

    def url(self, case: str) -> str:
        return self.urls[case]

    def expected(self, case: str) -> str:
        return CASES[case][1]

    def raw(self, case: str) -> _RawServer:
        """The raw-socket server of a case ("hang", "reset")."""
        return self._raw[case]

    def close(self):
        for server in self._http:
            server.stopping.set()
            server.shutdown()
            server.server_close()
        for raw in self._raw.values():
            raw.close()


@pytest.fixture(scope="session")
def link_servers():
    servers = LinkServers()
    yield servers
    servers.close()


def serve_directory(directory) -> tuple[ThreadingHTTPServer, str]:
    """Serve `directory` over HTTP on 127.0.0.1 (a free port) in a thread; returns (server, URL).

    Answers carry a `LinkChecker` header: LinkChecker's documented way for a server to let it
    go faster than 10 requests per second (otherwise it waits 0.1-0.6 s between two requests
    to one host, minutes for a whole site)."""
    from functools import partial
    from http.server import SimpleHTTPRequestHandler

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def end_headers(self):
            self.send_header("LinkChecker", "allow")
            super().end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(directory)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def quiet_disconnects(server) -> None:
    """A client (LinkChecker) hanging up is no error of the server: no traceback for it."""
    default = server.handle_error

    def handle_error(request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError | ssl.SSLError):
            default(request, client_address)

    server.handle_error = handle_error


class SwitchServer:
    """An HTTP server on 127.0.0.1 whose every answer has the status set in `.status`."""

    def __init__(self, status: int = 200):
        self.status = status
        owner = self

        class Handler(_Handler):
            def do_GET(self):
                if self.path == "/robots.txt":
                    return self._send(404, b"")
                return self._send(owner.status)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        quiet_disconnects(self.server)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def switch_server():
    server = SwitchServer()
    yield server
    server.close()


# Markdown a linked server could try to put into the nightly issue (links.md is its body): a
# mention, a link, an image, HTML, and a backtick that would close a code span around it.
HOSTILE = (
    "@org/maintainers [Fix here](https://evil.example) ![p](https://evil.example/p.png) "
    "<img src=https://evil.example/q.png> `x` "
)


class HostileServer:
    """An HTTP server on 127.0.0.1 whose words are HOSTILE: url("not-found") answers 404 with it
    as the reason phrase, url("rate-limited") 429 with it as Retry-After, url("login-page")
    redirects to a login page whose address carries it, url("moved") moves permanently to such
    an address."""

    PATHS = {"not-found": "/404", "rate-limited": "/429", "login-page": "/login-page",
             "moved": "/moved"}  # fmt: skip

    def __init__(self):
        class Handler(_Handler):
            def do_GET(self):
                if self.path == "/404":
                    self.send_response(404, HOSTILE)
                    self.send_header("Content-Length", "0")
                    return self.end_headers()
                if self.path == "/429":
                    return self._send(429, b"", {"Retry-After": HOSTILE})
                if self.path == "/login-page":
                    return self._send(302, b"", {"Location": "/login?" + HOSTILE})
                if self.path == "/moved":
                    return self._send(301, b"", {"Location": "/new " + HOSTILE})
                return self._send(200 if self.path.startswith(("/login", "/new")) else 404)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        quiet_disconnects(self.server)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, case: str) -> str:
        return self.base + self.PATHS[case]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hostile_server():
    server = HostileServer()
    yield server
    server.close()


class TimedServer:
    """An HTTP server on 127.0.0.1 (its own port = its own host) that answers 200 to every request
    (robots.txt too) and notes, in the order they happen, when each request starts and ends:
    `.events`, a list of (kind, number, path, time.monotonic()), kind "start" or "end", number
    the request's rank of arrival. A start is noted once the request has been read and an end
    before the answer is sent, so a request's noted span lies inside the time its client waited
    for it: requests that overlap here overlapped in the client too, and `.events` is an order
    in which things really happened, however loaded the machine.

    `hold(server, path)`, if given, runs between the two (a test's condition: an Event, a wait
    for other requests); `wait_until(predicate)` waits for the events to satisfy one."""

    def __init__(self, hold=None):
        self.events: list[tuple[str, int, str, float]] = []
        self.changed = threading.Condition()
        owner = self

        class Handler(_Handler):
            def do_GET(self):
                number = owner._note("start", self.path)
                if hold is not None:
                    hold(owner, self.path)
                owner._note("end", self.path, number)
                self._send(200)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        quiet_disconnects(self.server)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def _note(self, kind: str, path: str, number: int | None = None) -> int:
        with self.changed:
            if number is None:
                number = self.count("start")
            self.events.append((kind, number, path, time.monotonic()))
            self.changed.notify_all()
            return number

    def count(self, kind: str, prefix: str = "/") -> int:
        """How many requests whose path starts with `prefix` have started (or ended) so far."""
        return sum(
            1 for k, _, path, _ in list(self.events) if k == kind and path.startswith(prefix)
        )

    def most_at_once(self) -> int:
        """The most requests in progress at once, by the order of `.events`."""
        level = most = 0
        for kind, *_ in list(self.events):
            level += 1 if kind == "start" else -1
            most = max(most, level)
        return most

    def wait_until(self, predicate, timeout: float = 60) -> bool:
        """Wait (at most `timeout` s, a safety net) until predicate(self) holds; whether it does."""
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self), timeout)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
