"""linkclass: LinkChecker's words -> link-health results, for what local servers cannot show."""

from __future__ import annotations

import pytest

from linkcheck_run import Row, _groups
from linkclass import Verdict, classify, run_problem

NXDOMAIN = (
    "ConnectionError: HTTPSConnectionPool(host='gone.example', port=443): Max retries exceeded "
    "(Caused by NameResolutionError(\"Failed to resolve 'gone.example' ([Errno -2] Name or "
    'service not known)"))'
)


def row(result: str, info=(), final="https://a.example/x", warning=()) -> Row:
    return Row("https://a.example/x", result, not result[0].isalpha(), final, list(info),
               list(warning))  # fmt: skip


@pytest.mark.parametrize(
    ("result", "info", "final", "expected", "detail"),
    [
        (NXDOMAIN, [], "https://a.example/x", "not-found",
         "host not found (the domain name does not exist)"),
        ("SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has "
         "expired (_ssl.c:1006)", [], "https://a.example/x", "unreachable",
         "certificate problem: certificate has expired"),
        ("ConnectTimeout: timed out", [], "https://a.example/x", "unreachable", "timed out"),
        ("ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by "
         "peer'))", [], "https://a.example/x", "unreachable",
         "connection reset or closed by the server before it answered"),
        ("TooManyRedirects: Exceeded 10 redirects.", [], "https://a.example/x", "unreachable",
         "redirect loop (more than 10 redirects)"),
        ("200 OK", ["Redirected to `https://login.microsoftonline.com/a' status: 302 Found."],
         "https://login.microsoftonline.com/a", "restricted",
         "redirected to a login page (https://login.microsoftonline.com/a)"),
        ("200 OK", ["Redirected to `https://b.example/' status: 307 Temporary Redirect."],
         "https://b.example/", "ok", "HTTP 200 OK"),
        ("200 OK", ["Redirected to `https://b.example/' status: 308 Permanent Redirect."],
         "https://b.example/", "redirected", "moved permanently: 308 https://b.example/"),
        ("syntax OK", ["Access denied by robots.txt, checked only syntax."],
         "https://a.example/x", "restricted", "robots.txt closes this page to link checkers"),
        ("451 Unavailable For Legal Reasons", [], "https://a.example/x", "not-found",
         "HTTP 451 Unavailable For Legal Reasons"),
        ("502 Bad Gateway", [], "https://a.example/x", "server-error", "HTTP 502 Bad Gateway"),
    ],
)  # fmt: skip
def test_classify_and_reason_in_plain_words(result, info, final, expected, detail):
    verdict = classify(row(result, info, final))
    assert (verdict.result, verdict.detail) == (expected, detail)


# LinkChecker's text for a refused connection to a long URL: cut at 240 characters, before
# the cause. The "Cause:" line of scripts/linkcheck_plugins/causes.py names it.
CUT = ("ConnectionError: HTTPSConnectionPool(host='www.example.gob.gt', port=443): Max retries "
       "exceeded with url: /documentos/informe-de-la-conferencia-regional-sobre-migracion-2023-"
       "version-final.pdf (Caused by NewConnectionError(\"HTTPSConnecti...")  # fmt: skip


def test_the_cause_line_names_what_the_cut_text_lost():
    assert classify(row(CUT)).detail == "connection failed (ConnectionError)"
    named = classify(row(CUT, ["Cause: refused"]))
    assert (named.result, named.detail) == ("unreachable", "connection refused")
    gone = classify(row(CUT, ["Cause: host-not-found"]))
    assert (gone.result, gone.detail) == (
        "not-found",
        "host not found (the domain name does not exist)",
    )
    cert = classify(row(CUT, ["Cause: certificate (Hostname mismatch)"]))
    assert cert.detail == "certificate problem: Hostname mismatch"


def _v(cause: str, status: int | None = None) -> Verdict:
    return Verdict("ok" if status else "unreachable", status, "u", "d", cause)


def test_run_problem():
    ok, dns, again, refused = (
        _v("http", 200),
        _v("host-not-found"),
        _v("dns-failure"),
        _v("refused"),
    )
    net = _v("network-unreachable")
    assert run_problem({}, {}) is None
    assert run_problem({"http://a/": ok, "http://b/": dns, "http://c/": refused}, {}) is None
    assert "no host name could be resolved" in run_problem(
        {"http://a/": dns, "http://b/": again}, {}
    )
    assert "no site answered (connection refused: 1" in run_problem(
        {"http://a/": refused, "http://b/": again}, {}
    )
    # Most hosts failed for this machine's resolver or network, though one answered.
    local = {"http://a/": ok, "http://b/": again, "http://c/": net, "http://c/2": net}
    assert "2 of 3 hosts failed because of this machine's resolver" in run_problem(local, {})
    # Most links without a result; a few are fine (they keep their state).
    assert "2 of 3 links got no result" in run_problem({"http://a/": ok}, {"b": "x", "c": "x"})
    assert run_problem({"http://a/": ok, "http://b/": ok}, {"c": "x"}) is None


def test_groups_keep_each_host_in_one_process():
    urls = [f"http://h{h}.example/{i}" for h in range(7) for i in range(h + 1)]
    groups = _groups(urls, 3)
    assert len(groups) == 3 and sorted(u for g in groups for u in g) == sorted(urls)
    hosts = [{u.split("/")[2] for u in g} for g in groups]
    assert all(not (a & b) for i, a in enumerate(hosts) for b in hosts[i + 1 :])


def test_cause_of_real_exceptions_on_loopback():
    """causes.py names the cause from the exception objects requests raises (127.0.0.1)."""
    import socket

    import requests

    from conftest_links import _closed_port
    from linkcheck_plugins.causes import cause_of, line

    with pytest.raises(requests.ConnectionError) as refused:
        requests.get(f"http://127.0.0.1:{_closed_port()}/a/long/path", timeout=2)
    assert cause_of(refused.value) == ("refused", "")
    with socket.socket() as silent:  # accepts in the kernel's backlog, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        with pytest.raises(requests.Timeout) as timeout:
            requests.get(f"http://127.0.0.1:{silent.getsockname()[1]}/", timeout=0.5)
    assert cause_of(timeout.value) == ("timeout", "")
    for code, cause in ((socket.EAI_NONAME, "host-not-found"), (socket.EAI_AGAIN, "dns-failure")):
        try:
            try:
                raise socket.gaierror(code, "resolver says no")
            except OSError as exc:
                raise requests.ConnectionError("Max retries exceeded") from exc
        except requests.ConnectionError as wrapped:
            assert cause_of(wrapped) == (cause, "")
    assert line(requests.TooManyRedirects("Exceeded 10 redirects.")) == "Cause: redirect-loop"
    assert cause_of(ValueError("something else")) is None
