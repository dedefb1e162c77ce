"""Classify one LinkChecker result into the link-health results, with its reason in plain words.

    verdict = classify(row, restricted=False)   # Verdict(result, http_status, final_url,
                                                #         detail, cause)
    problem = run_problem(verdicts, unchecked)  # why the whole run says nothing, or None

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
- `unreachable`: timeout, refused or reset connection, certificate or other TLS problem,
  redirect loop, a DNS failure other than an unknown name.

`detail` says why in plain words a maintainer can act on ("HTTP 404 Not Found", "host not
found", "connection refused", "timed out", "certificate problem: certificate has expired",
"redirect loop" ...), never LinkChecker's Python exception text; `cause` is the same as a short
code (CAUSES). The cause of an error comes from the info line "Cause: refused" that the plugin
scripts/linkcheck_plugins/causes.py adds from the exception objects; without it (an older
report, a Row made by hand) from LinkChecker's text, which it cuts at 240 characters: its
start (the exception's name) and the errno and phrases urllib3 puts in it.

LinkChecker follows redirects itself; with `ignorewarnings=http-redirected` each hop is an info
line "Redirected to `URL' status: 301 Moved Permanently." that gives the status of every hop,
so 301/308 are told apart from 302/303/307. The final status is the number that starts the
result ("404 Not Found"); errors without an answer are "ExceptionName: message".

A run is inconclusive (run_problem() says why) when it shows that the checker's side failed,
not the links: no site answered at all (no network, or DNS down: no name could be resolved),
most hosts failed with a failure of the machine's own resolver or network (a temporary DNS
failure, "network unreachable"), or most links got no result within the run's time bound.
Otherwise every failure counts: some hosts answered, so the network and the resolver worked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

RESULTS = ("not-found", "server-error", "unreachable", "redirected", "restricted", "ok")
FAILURES = ("not-found", "server-error", "unreachable")  # count towards "broken"
PERMANENT = (301, 308)

# cause -> the words of the report. "http" (the answer's status line), "certificate" (with
# the verifier's own words) and "connection" (with the error's name) are completed by reason().
CAUSES = {
    "http": "HTTP {status}",
    "host-not-found": "host not found (the domain name does not exist)",
    "dns-failure": "the host name could not be looked up (no answer from DNS)",
    "network-unreachable": "network unreachable (no route to the host)",
    "refused": "connection refused",
    "reset": "connection reset or closed by the server before it answered",
    "timeout": "timed out",
    "certificate": "certificate problem",
    "tls": "secure connection (TLS) failed",
    "redirect-loop": "redirect loop (more than 10 redirects)",
    "connection": "connection failed",
    "robots": "robots.txt closes this page to link checkers",
    "login": "redirected to a login page",
    "no-result": "not checked: no result within the run's time bound",
}
# Failures of the checking machine's own resolver or network, never of one link.
LOCAL_CAUSES = ("dns-failure", "network-unreachable")
NO_ANSWER_CAUSES = ("host-not-found", "dns-failure")  # the name was never resolved

_HOP = re.compile(r"^Redirected to `(?P<url>.*)' status: (?P<code>\d{3})\b")
_STATUS = re.compile(r"^'?(?P<code>[1-5]\d\d)'? ")
# (cause, pattern on LinkChecker's error text), first match wins; errno values are Linux's.
_ERRORS = [
    ("redirect-loop", r"^TooManyRedirects\b"),
    ("host-not-found", r"Name or service not known|nodename nor servname|Hostname not found"
                       r"|\[Errno -[25]\]|No address associated with hostname"),
    ("dns-failure", r"Temporary failure in name resolution|\[Errno -3\]|NameResolutionError"
                    r"|Failed to resolve|getaddrinfo failed|^gaierror\b"),
    ("certificate", r"CERTIFICATE_VERIFY_FAILED|SSLCertVerificationError|certificate verify"),
    ("tls", r"SSLError|\bSSL\b|\bTLS\b"),
    ("timeout", r"^(Read|Connect)?Timeout\b|timed out|\[Errno 110\]"),
    ("refused", r"\[Errno 111\]|Connection refused"),
    ("reset", r"\[Errno 104\]|Connection reset|Connection aborted|RemoteDisconnected"
              r"|BadStatusLine|\[Errno 32\]|Broken pipe"),
    ("network-unreachable", r"\[Errno 10[01]\]|\[Errno 113\]|Network is unreachable"
                            r"|No route to host|Network is down"),
]  # fmt: skip
_ERRORS_RE = [(cause, re.compile(pattern, re.IGNORECASE)) for cause, pattern in _ERRORS]
_VERIFY = re.compile(r"certificate verify failed: (?P<why>[^()'\"]+?)\s*(\(|'|\"|$)")
_CAUSE_LINE = re.compile(r"^Cause: (?P<cause>[a-z-]+)(?: \((?P<words>.*)\))?$")
_ERROR_NAME = re.compile(r"^(?P<name>[A-Za-z_][\w.]*)(:|$)")
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
    detail: str  # the reason in plain words
    cause: str = "http"  # a key of CAUSES


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


def error_cause(text: str) -> str:
    """The CAUSES key of LinkChecker's text for an error without an HTTP answer."""
    return next((cause for cause, pattern in _ERRORS_RE if pattern.search(text)), "connection")


def reason(cause: str, text: str = "") -> str:
    """The plain words for `cause`; `text` is LinkChecker's (status line or error)."""
    words = CAUSES[cause]
    if cause == "http":
        return words.format(status=text.strip())
    if cause == "certificate":
        match = _VERIFY.search(text)
        return f"{words}: {match['why']}" if match else words
    if cause == "connection":
        match = _ERROR_NAME.match(text)
        return f"{words} ({match['name']})" if match else words
    return words


def classify(row, restricted: bool = False) -> Verdict:
    """The Verdict for a linkcheck_run.Row; `restricted` is the record's flag for the link."""
    status = _status(row.result)
    chain = hops(row.info)
    final_url = row.final_url or row.url
    named = []
    if status is None:
        if any(_ROBOTS in line for line in row.info):
            result, cause = "restricted", "robots"
        else:
            named = [
                m for line in row.info if (m := _CAUSE_LINE.match(line)) and m["cause"] in CAUSES
            ]
            cause = named[0]["cause"] if named else error_cause(row.result)
            result = "not-found" if cause == "host-not-found" else "unreachable"
        detail = reason(cause, row.result)
        if cause == "certificate" and named and named[0]["words"]:
            detail = f"{CAUSES['certificate']}: {named[0]['words']}"
    else:
        cause, detail = "http", reason("http", row.result)
        if status in (401, 403, 429):
            result = "restricted"
            if status == 429:
                detail += " (rate limited)"
            detail = "; ".join([detail, *[w for w in row.warning if "Retry-After" in w]])
        elif status in (404, 410):
            result = "not-found"
        elif status >= 500:
            result = "server-error"
        elif status >= 400:
            result = "not-found"
        elif chain and is_login_page(final_url):
            result, cause = "restricted", "login"
            detail = f"{reason('login')} ({final_url})"
        elif chain and chain[0][1] in PERMANENT:
            result = "redirected"
            detail = "moved permanently: " + " -> ".join(f"{code} {url}" for url, code in chain)
        else:
            result = "ok"
    if restricted:
        result, detail = "restricted", f"marked restricted in the record ({detail})"
    return Verdict(result, status, final_url, detail, cause)


def answered(verdict: Verdict) -> bool:
    """The link's host answered this run (an HTTP status, or robots.txt's)."""
    return verdict.http_status is not None or verdict.cause == "robots"


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def run_problem(verdicts: dict[str, Verdict], unchecked: dict[str, str]) -> str | None:
    """Why this run cannot count against any link (see the module docstring), or None.

    `verdicts`: {url: Verdict} of the URLs LinkChecker reported; `unchecked`: {url: why} of
    the URLs it did not report (cut by the run's time bound)."""
    total = len(verdicts) + len(unchecked)
    if not total:
        return None
    if len(unchecked) * 2 > total:
        return (
            f"{len(unchecked)} of {total} links got no result within the run's time bound "
            f"({next(iter(unchecked.values()))}): the machine or the network was too slow"
        )
    if verdicts and not any(answered(v) for v in verdicts.values()):
        causes = {v.cause for v in verdicts.values()}
        if causes <= set(NO_ANSWER_CAUSES):
            return (
                f"no host name could be resolved ({len(verdicts)} links): DNS is down or "
                "unreachable from this machine"
            )
        counts = {}
        for verdict in verdicts.values():
            counts[CAUSES[verdict.cause]] = counts.get(CAUSES[verdict.cause], 0) + 1
        seen = ", ".join(f"{words}: {n}" for words, n in sorted(counts.items()))
        return f"no site answered ({seen}): the network is down or blocked on this machine"
    hosts: dict[str, set[str]] = {}
    for url, verdict in verdicts.items():
        hosts.setdefault(_host(url), set()).add(verdict.cause)
    local = [h for h, causes in hosts.items() if causes <= set(LOCAL_CAUSES)]
    if hosts and len(local) * 2 > len(hosts):
        return (
            f"{len(local)} of {len(hosts)} hosts failed because of this machine's resolver or "
            "network (DNS lookups that got no answer, network unreachable)"
        )
    return None
