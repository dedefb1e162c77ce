"""Classify one LinkChecker result into the link-health results.

    verdict = classify(row, restricted=False)      # Verdict(result, http_status, final_url, detail)
    verdict = missing(url, why)                    # a URL LinkChecker never reported

RESULTS, in the order reports list them:

- `ok`: a 2xx answer, directly or after temporary redirects (302, 303, 307);
- `redirected`: the first hop is a permanent redirect (301, 308) and the chain ends in a 2xx
  answer: `final_url` is the address to put in the record instead;
- `not-found`: 404, 410, or a host name that does not exist (DNS "name or service not known");
- `restricted`: 401, 403, 429 (rate limited; LinkChecker does not retry it), a login page at
  the end of the redirects, a page robots.txt closes to checkers, or a link marked
  `restricted: true` in its record (such as the report's SharePoint links): "could not verify",
  never counted as broken;
- `server-error`: any 5xx answer;
- `unreachable`: timeout, refused or reset connection, TLS error, redirect loop, a DNS failure
  other than an unknown name, or no answer within the run's time bound.

LinkChecker follows redirects itself; with `ignorewarnings=http-redirected` each hop is an info
line "Redirected to `URL' status: 301 Moved Permanently." that gives the status of every hop,
so 301/308 are told apart from 302/303/307. The final status is the number that starts the
result ("404 Not Found"); errors without an answer are "ExceptionName: message".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

RESULTS = ("not-found", "server-error", "unreachable", "redirected", "restricted", "ok")
FAILURES = ("not-found", "server-error", "unreachable")  # count towards "broken"
PERMANENT = (301, 308)

_HOP = re.compile(r"^Redirected to `(?P<url>.*)' status: (?P<code>\d{3})\b")
_STATUS = re.compile(r"^'?(?P<code>[1-5]\d\d)'? ")
_UNKNOWN_HOST = re.compile(
    r"Name or service not known|nodename nor servname|Hostname not found|\[Errno -2\]"
    r"|No address associated with hostname|\[Errno -5\]",
    re.IGNORECASE,
)
_ROBOTS = "Access denied by robots.txt"
# Final URLs that are sign-in pages rather than the content that was linked.
_LOGIN_HOSTS = ("login.microsoftonline.com", "login.live.com", "accounts.google.com")
_LOGIN_PATH = re.compile(
    r"(^|/)(log-?in|log-?on|sign-?in|sso|auth|authenticate\.aspx|accessdenied\.aspx)(/|$|\.|\?)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    result: str
    http_status: int | None
    final_url: str
    detail: str


def hops(info: list[str]) -> list[tuple[str, int]]:
    """(target URL, status) of each redirect hop, in order."""
    out = []
    for line in info:
        match = _HOP.match(line)
        if match:
            out.append((match["url"], int(match["code"])))
    return out


def is_login_page(url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host in _LOGIN_HOSTS or bool(_LOGIN_PATH.search(parts.path))


def _status(result: str) -> int | None:
    match = _STATUS.match(result)
    return int(match["code"]) if match else None


def classify(row, restricted: bool = False) -> Verdict:
    """The Verdict for a linkcheck_run.Row; `restricted` is the record's flag for the link."""
    status = _status(row.result)
    chain = hops(row.info)
    final_url = row.final_url or row.url
    detail = row.result
    if status is None:
        if any(_ROBOTS in line for line in row.info):
            result, detail = "restricted", "robots.txt closes this page to link checkers"
        elif row.result.startswith("TooManyRedirects"):
            result, detail = "unreachable", f"redirect loop: {row.result}"
        elif _UNKNOWN_HOST.search(row.result):
            result = "not-found"
        else:
            result = "unreachable"
    elif status in (401, 403, 429):
        result = "restricted"
        detail = "; ".join([row.result, *[w for w in row.warning if "Retry-After" in w]])
    elif status in (404, 410):
        result = "not-found"
    elif status >= 500:
        result = "server-error"
    elif status >= 400:
        result = "not-found"
    elif chain and is_login_page(final_url):
        result, detail = "restricted", f"redirected to a login page ({final_url})"
    elif chain and chain[0][1] in PERMANENT:
        result = "redirected"
        detail = "permanent redirect: " + " -> ".join(f"{code} {url}" for url, code in chain)
    else:
        result = "ok"
    if restricted:
        result, detail = "restricted", f"marked restricted in the record ({detail})"
    return Verdict(result, status, final_url, detail)


def missing(url: str, why: str, restricted: bool = False) -> Verdict:
    """The Verdict for a URL that got no result from LinkChecker."""
    return Verdict("restricted" if restricted else "unreachable", None, url, why)


def dns_down(verdicts: dict[str, Verdict]) -> bool:
    """True when some host names failed to resolve and no URL got any HTTP answer: the resolver
    or the network is down, so "unknown host" says nothing about those links (the caller then
    counts them as unreachable, not as not-found)."""
    unknown = any(
        v.http_status is None and _UNKNOWN_HOST.search(v.detail) for v in verdicts.values()
    )
    return unknown and all(v.http_status is None for v in verdicts.values())


def offline(verdict: Verdict) -> Verdict:
    """The Verdict of a link when name resolution is down for the whole run."""
    if verdict.result != "not-found" or verdict.http_status is not None:
        return verdict
    return Verdict(
        "unreachable", None, verdict.final_url, f"name resolution failed: {verdict.detail}"
    )
