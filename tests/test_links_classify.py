"""linkclass: LinkChecker's words -> link-health results, for what local servers cannot show."""

from __future__ import annotations

import pytest

from linkcheck_run import Row, _groups
from linkclass import classify, dns_down, offline

NXDOMAIN = (
    "ConnectionError: HTTPSConnectionPool(host='gone.example', port=443): Max retries exceeded "
    "(Caused by NameResolutionError(\"Failed to resolve 'gone.example' ([Errno -2] Name or "
    'service not known)"))'
)


def row(result: str, info=(), final="https://a.example/x", warning=()) -> Row:
    return Row("https://a.example/x", result, not result[0].isalpha(), final, list(info),
               list(warning))  # fmt: skip


@pytest.mark.parametrize(
    ("result", "info", "final", "expected"),
    [
        (NXDOMAIN, [], "https://a.example/x", "not-found"),
        ("SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed", [],
         "https://a.example/x", "unreachable"),
        ("ConnectTimeout: timed out", [], "https://a.example/x", "unreachable"),
        ("200 OK", ["Redirected to `https://login.microsoftonline.com/a' status: 302 Found."],
         "https://login.microsoftonline.com/a", "restricted"),
        ("200 OK", ["Redirected to `https://b.example/' status: 307 Temporary Redirect."],
         "https://b.example/", "ok"),
        ("200 OK", ["Redirected to `https://b.example/' status: 308 Permanent Redirect."],
         "https://b.example/", "redirected"),
        ("syntax OK", ["Access denied by robots.txt, checked only syntax."],
         "https://a.example/x", "restricted"),
        ("451 Unavailable For Legal Reasons", [], "https://a.example/x", "not-found"),
        ("502 Bad Gateway", [], "https://a.example/x", "server-error"),
    ],
)  # fmt: skip
def test_classify(result, info, final, expected):
    assert classify(row(result, info, final)).result == expected


def test_dns_down_turns_unknown_hosts_into_unreachable():
    all_dns = {"u": classify(row(NXDOMAIN)), "v": classify(row("ReadTimeout: x"))}
    assert dns_down(all_dns)
    assert {offline(v).result for v in all_dns.values()} == {"unreachable"}
    some_answer = {**all_dns, "w": classify(row("200 OK"))}
    assert not dns_down(some_answer)


def test_groups_keep_each_host_in_one_process():
    urls = [f"http://h{h}.example/{i}" for h in range(7) for i in range(h + 1)]
    groups = _groups(urls, 3)
    assert len(groups) == 3 and sorted(u for g in groups for u in g) == sorted(urls)
    hosts = [{u.split("/")[2] for u in g} for g in groups]
    assert all(not (a & b) for i, a in enumerate(hosts) for b in hosts[i + 1 :])
