"""A link check that could not check counts against no link (issue 9): each inconclusive case
exits 3 with one line saying why, no traceback, and leaves the history and the report byte for
byte as they were; a mixed run (some hosts answer, one 404s) still advances the streaks.

Everything runs against servers on 127.0.0.1. Host names (alpha.test ...) and the failures of
DNS and of the network are played by tests/support/fakenet/sitecustomize.py, loaded into the
LinkChecker processes through PYTHONPATH ($BP_FAKENET says what the "network" does).
check_links.py runs as a subprocess, so everything it and LinkChecker print is seen.
"""

from __future__ import annotations

import json
import os
import shutil
import ssl
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from catalogue import ROOT
from conftest_links import (
    SwitchServer,
    _closed_port,
    _Handler,
    quiet_disconnects,
    serve_directory,
)
from test_links_check import write_records

FAKENET = ROOT / "tests" / "support" / "fakenet"
SCRIPT = ROOT / "scripts" / "check_links.py"
HOSTS = (
    "alpha.test=127.0.0.1 beta.test=127.0.0.1 shut.test=127.0.0.1 secure.test=127.0.0.1 "
    "gone.test=unknown"
)
LONG_PATH = "/documentos/" + "informe-de-la-conferencia-regional-sobre-migracion-" * 3 + "2023.pdf"
FILES = ("links.json", "links.md")


class TlsServer:
    """An HTTPS server on 127.0.0.1 whose certificate is self-signed (made with openssl)."""

    def __init__(self, folder: Path):
        cert, key = folder / "cert.pem", folder / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=secure.test", "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True, timeout=60)  # fmt: skip
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        quiet_disconnects(self.server)  # the checker hangs up on the handshake
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.port = self.server.server_address[1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Catalogue:
    """Five records: a page that answers 200, one that answers 404, a host whose port is
    closed (connection refused; a long path, so LinkChecker's error text is cut before the
    cause), a self-signed certificate and a host name that does not exist."""

    def __init__(self, base: Path):
        self.ok_server, self.missing_server = SwitchServer(200), SwitchServer(404)
        self.tls_server = TlsServer(base)
        ok_port = self.ok_server.server.server_address[1]
        missing_port = self.missing_server.server.server_address[1]
        self.urls = {
            "ok": f"http://alpha.test:{ok_port}/page",
            "not-found": f"http://beta.test:{missing_port}/gone",
            "refused": f"http://shut.test:{_closed_port()}{LONG_PATH}",
            "certificate": f"https://secure.test:{self.tls_server.port}/",
            "unknown-host": f"http://gone.test:{ok_port}/x",
        }
        self.practices = write_records(
            base / "practices", {f"rec-{k}": [{"url": u}] for k, u in self.urls.items()}
        )

    def close(self):
        self.ok_server.close()
        self.missing_server.close()
        self.tls_server.close()


def check(practices: Path, output: Path, fakenet: str = HOSTS, *extra: str, **env: str):
    """Run scripts/check_links.py in a subprocess; the CompletedProcess."""
    command = [sys.executable, str(SCRIPT), "--practices", str(practices), "--output",
               str(output), "--allow-private", "--timeout", "2", "--bound", "40", "--rate", "10",
               *extra]  # fmt: skip
    environment = {**os.environ, "PYTHONPATH": str(FAKENET), "BP_FAKENET": fakenet, **env}
    environment.pop("GITHUB_ACTIONS", None) if "GITHUB_ACTIONS" not in env else None
    environment.pop("BP_LINKS_HISTORY_URL", None)
    return subprocess.run(command, capture_output=True, text=True, timeout=180, env=environment)


def links_of(output: Path) -> dict[str, dict]:
    document = json.loads((output / "links.json").read_text(encoding="utf-8"))
    return {link["url"]: link for link in document["links"]}


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    base = tmp_path_factory.mktemp("inconclusive")
    cat = Catalogue(base)
    first = check(cat.practices, base / "baseline")
    assert first.returncode == 0, first.stderr
    cat.baseline = base / "baseline"
    yield cat
    cat.close()


def _copy_baseline(catalogue, tmp_path) -> tuple[Path, dict[str, bytes]]:
    output = tmp_path / "out"
    shutil.copytree(catalogue.baseline, output)
    return output, {name: (output / name).read_bytes() for name in FILES}


def _assert_inconclusive(result, output: Path, before: dict[str, bytes], *words: str):
    assert result.returncode == 3, result.stdout + result.stderr
    text = result.stdout + result.stderr
    assert "Traceback" not in text and "HTTPConnectionPool" not in text, text
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and not result.stdout, text  # one message
    assert lines[0].startswith("link check inconclusive: ") and "Nothing was written" in lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    assert {name: (output / name).read_bytes() for name in FILES} == before
    assert sorted(p.name for p in output.iterdir()) == sorted(FILES)  # no stray file either


def test_baseline_run_counts_each_failure_with_its_reason_in_plain_words(catalogue):
    links = links_of(catalogue.baseline)
    expected = {  # case -> (result, detail)
        "ok": ("ok", "HTTP 200 OK"),
        "not-found": ("not-found", "HTTP 404 Not Found"),
        "refused": ("unreachable", "connection refused"),
        "certificate": ("unreachable", "certificate problem: self-signed certificate"),
        "unknown-host": ("not-found", "host not found (the domain name does not exist)"),
    }
    for case, url in catalogue.urls.items():
        assert (links[url]["result"], links[url]["detail"]) == expected[case], links[url]
        assert links[url]["consecutive_failures"] == (0 if case == "ok" else 1)
    for name in FILES:
        text = (catalogue.baseline / name).read_text(encoding="utf-8")
        assert "Max retries" not in text and "Error(" not in text and "[Errno" not in text


def test_missing_linkchecker_says_how_to_install_it(catalogue, tmp_path):
    output, before = _copy_baseline(catalogue, tmp_path)
    missing = tmp_path / "nowhere" / "linkchecker"
    result = check(catalogue.practices, output, BP_LINKCHECKER=str(missing))
    _assert_inconclusive(result, output, before, "LinkChecker is not installed", str(missing),
                         "make links", "requirements/links.txt")  # fmt: skip


def test_missing_linkchecker_in_github_actions_is_an_error_annotation(catalogue, tmp_path):
    output, before = _copy_baseline(catalogue, tmp_path)
    result = check(catalogue.practices, output, BP_LINKCHECKER=str(tmp_path / "none"),
                   GITHUB_ACTIONS="true")  # fmt: skip
    assert result.returncode == 3
    assert result.stderr.startswith("::error title=Link check inconclusive::link check incon")
    assert {name: (output / name).read_bytes() for name in FILES} == before


def test_crashing_linkchecker(catalogue, tmp_path):
    output, before = _copy_baseline(catalogue, tmp_path)
    result = check(catalogue.practices, output, "crash")
    _assert_inconclusive(result, output, before, "LinkChecker crashed (exit status 2)",
                         "RuntimeError: fake resolver bug")  # fmt: skip


def test_dns_down(catalogue, tmp_path):
    output, before = _copy_baseline(catalogue, tmp_path)
    result = check(catalogue.practices, output, "dns-down")
    _assert_inconclusive(result, output, before, "no host name could be resolved", "DNS is down")


def test_no_network(catalogue, tmp_path):
    output, before = _copy_baseline(catalogue, tmp_path)
    result = check(catalogue.practices, output, "offline " + HOSTS)
    _assert_inconclusive(result, output, before, "no site answered", "network unreachable",
                         "the network is down")  # fmt: skip


def test_every_server_down_is_no_network_either(catalogue, tmp_path):
    """Real loopback failures only: every host name resolves, nothing listens."""
    output, before = _copy_baseline(catalogue, tmp_path)
    port = _closed_port()
    hosts = HOSTS.replace("unknown", "127.0.0.1")
    practices = write_records(tmp_path / "p", {
        f"rec-{k}": [{"url": f"http://{u.split('/')[2].split(':')[0]}:{port}/"}]
        for k, u in catalogue.urls.items()
    })  # fmt: skip
    result = check(practices, output, hosts)
    _assert_inconclusive(result, output, before, "no site answered (connection refused: 5)")


def test_most_links_cut_by_the_time_bound(tmp_path):
    """Twelve pages on one host at one request every 4 s: a 12-s run checks two or three."""
    server = SwitchServer(200)
    try:
        urls = [f"{server.base}p{i}" for i in range(12)]
        practices = write_records(tmp_path / "p", {f"page-{i}": [{"url": u}] for i, u in
                                                   enumerate(urls)})  # fmt: skip
        output = tmp_path / "out"
        assert check(practices, output, "").returncode == 0  # a complete run first
        before = {name: (output / name).read_bytes() for name in FILES}
        command = ["--timeout", "1", "--bound", "12", "--rate", "0.25", "--per-host", "1"]
        result = check(practices, output, "", *command)
        _assert_inconclusive(result, output, before, "of 12 links got no result within the "
                             "run's time bound")  # fmt: skip
    finally:
        server.close()


def test_history_copy_unreachable_while_the_cache_is_empty(catalogue, tmp_path):
    output = tmp_path / "out"
    url = f"http://127.0.0.1:{_closed_port()}/datos/enlaces.json"
    result = check(catalogue.practices, output, HOSTS, "--history-url", url)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "its published copy could not be fetched" in result.stderr
    assert "connection refused" in result.stderr
    assert not output.exists()


def test_mixed_run_advances_the_streaks_until_broken(catalogue, tmp_path):
    output, _ = _copy_baseline(catalogue, tmp_path)
    for streak in (2, 3):
        result = check(catalogue.practices, output)
        assert result.returncode == 0, result.stderr
        links = links_of(output)
        for case in ("not-found", "refused", "certificate", "unknown-host"):
            link = links[catalogue.urls[case]]
            assert link["consecutive_failures"] == streak, link
            assert link["broken"] is (streak == 3)
        assert links[catalogue.urls["ok"]]["consecutive_failures"] == 0
    report = (output / "links.md").read_text(encoding="utf-8")
    assert "## Broken links (4)" in report
    assert "HTTP 404 Not Found" in report and "connection refused" in report
    assert "certificate problem: self-signed certificate" in report
    assert "the site's secure connection fails" in report


def test_history_falls_back_to_the_published_copy(catalogue, tmp_path):
    """The cache is empty (no links.json): the site's copy of the report, served on 127.0.0.1,
    is the history, so the streaks go on from it."""
    site = tmp_path / "site"
    (site / "datos").mkdir(parents=True)
    shutil.copy(catalogue.baseline / "links.json", site / "datos" / "enlaces.json")
    server, base = serve_directory(site)
    try:
        output = tmp_path / "out"
        result = check(catalogue.practices, output, HOSTS, "--history-url",
                       base + "datos/enlaces.json")  # fmt: skip
        assert result.returncode == 0, result.stderr
        links = links_of(output)
        assert links[catalogue.urls["not-found"]]["consecutive_failures"] == 2
        assert (
            links[catalogue.urls["not-found"]]["first_failed"]
            == links_of(catalogue.baseline)[catalogue.urls["not-found"]]["first_failed"]
        )
        assert "history read from the published copy" in (output / "links.md").read_text()

        # Not published yet (404): a first run, said in the report.
        fresh = tmp_path / "fresh"
        result = check(catalogue.practices, fresh, HOSTS, "--history-url", base + "none.json")
        assert result.returncode == 0, result.stderr
        assert links_of(fresh)[catalogue.urls["not-found"]]["consecutive_failures"] == 1
        assert "no history yet" in (fresh / "links.md").read_text(encoding="utf-8")

        # A history file that exists wins over the published copy.
        result = check(catalogue.practices, output, HOSTS, "--history-url", base + "none.json")
        assert links_of(output)[catalogue.urls["not-found"]]["consecutive_failures"] == 3
    finally:
        server.shutdown()
        server.server_close()


def _fetch(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "scripts" / "linkhistory.py"), "fetch", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def test_pages_build_fetches_the_published_copy(catalogue, tmp_path):
    """`linkhistory.py fetch URL FILE`, the Pages build's fallback when the cache is empty."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(catalogue.baseline / "links.json", site / "good.json")
    (site / "bad.json").write_text('{"links": "nope"}', encoding="utf-8")
    server, base = serve_directory(site)
    try:
        target = tmp_path / "build" / "links.json"
        assert _fetch(base + "missing.json", str(target)).returncode == 0
        assert not target.exists()
        bad = _fetch(base + "bad.json", str(target))
        assert bad.returncode == 1 and "malformed" in bad.stderr and not target.exists()
        assert _fetch(base + "good.json", str(target)).returncode == 0
        assert target.read_bytes() == (catalogue.baseline / "links.json").read_bytes()
    finally:
        server.shutdown()
        server.server_close()
    down = _fetch(f"http://127.0.0.1:{_closed_port()}/x.json", str(tmp_path / "other.json"))
    assert down.returncode == 3 and "connection refused" in down.stderr
    assert "Traceback" not in down.stderr and not (tmp_path / "other.json").exists()


def test_python_without_linkchecker_beside_it(catalogue, tmp_path, monkeypatch, capsys):
    """The issue's case: a Python with the site's packages only (after `make site`), no
    linkchecker next to it nor on PATH: one line saying how to install it, nothing written."""
    import check_links

    output, before = _copy_baseline(catalogue, tmp_path)
    monkeypatch.delenv("BP_LINKCHECKER", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "bin" / "python"))
    args = ["--practices", str(catalogue.practices), "--output", str(output), "--allow-private"]
    assert check_links.main(args) == 3
    err = capsys.readouterr().err
    assert f"LinkChecker is not installed (no {tmp_path / 'bin' / 'linkchecker'})" in err
    assert "`make links` installs it" in err and len(err.strip().splitlines()) == 1
    assert {name: (output / name).read_bytes() for name in FILES} == before


def test_linkchecker_that_cannot_start(catalogue, tmp_path):
    output, before = _copy_baseline(catalogue, tmp_path)
    broken = tmp_path / "linkchecker"
    broken.write_bytes(b"\x7fELF not really a program")
    broken.chmod(0o755)
    result = check(catalogue.practices, output, BP_LINKCHECKER=str(broken))
    _assert_inconclusive(result, output, before, f"{broken} could not be started (Exec format")
