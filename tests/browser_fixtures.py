"""Browser fixtures: Debian's headless Chromium driven by Playwright's sync API.

Registered once as a plugin by tests/conftest.py (`pytest_plugins`; an import would define a
second session browser per module):

    browser   one Chromium per session, /usr/bin/chromium (never a downloaded browser)
    page      a new browser context and page per test, with page.watch (a Watch) recording
              console errors, uncaught page errors, failed requests, HTTP errors (>= 400) and
              every URL the page requested. Requests to any host but 127.0.0.1 are aborted
              (tests never reach the internet) and recorded in watch.foreign.

    page.goto(site_server.url("practicas/x/")); assert not page.watch.problems()

Chromium runs with --no-sandbox (containers and CI runners have no user namespaces) and
without background networking, component updates or first-run tasks, so the only traffic is
the site's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from chromium import launch as launch_chromium

LOCAL_HOST = "127.0.0.1"
# Schemes that never leave the browser (inline SVG icons, Pagefind's worker blobs).
INLINE_SCHEMES = ("data", "blob", "about")
TIMEOUT_MS = 60_000  # generous: CI machines have 2 cores and the filters load after the results


@dataclass
class Watch:
    """What happened while a page was open, for assertions and their messages."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"failed request: {m}" for m in self.failed_requests]
            + [f"HTTP error: {m}" for m in self.http_errors]
            + [f"request off {LOCAL_HOST}: {m}" for m in self.foreign]
        )

    def clear(self) -> None:
        for name in self.__dataclass_fields__:
            getattr(self, name).clear()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in INLINE_SCHEMES or parts.hostname == LOCAL_HOST


def _console(watch: Watch, message) -> None:
    if message.type == "error":
        location = message.location or {}
        watch.console_errors.append(f"{message.text} (at {location.get('url', '?')})")


def _request_failed(watch: Watch, request) -> None:
    # net::ERR_ABORTED is Chromium cancelling a request because the test navigated on (a late
    # favicon or script of the previous page under a loaded machine), not a failure of the site:
    # a missing file is an HTTP error (_response), a refused or blocked one another failure.
    if request.failure != "net::ERR_ABORTED":
        watch.failed_requests.append(f"{request.url}: {request.failure}")


def _response(watch: Watch, response) -> None:
    if response.status >= 400:
        watch.http_errors.append(f"{response.status} {response.url}")


def _route(watch: Watch, route) -> None:
    url = route.request.url
    if is_local(url):
        route.continue_()
    else:
        watch.foreign.append(url)
        route.abort("blockedbyclient")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    watch = Watch()
    context.route("**/*", lambda route: _route(watch, route))
    page = context.new_page()
    page.on("console", lambda message: _console(watch, message))
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    page.on("request", lambda request: watch.requests.append(request.url))
    page.on("requestfailed", lambda request: _request_failed(watch, request))
    page.on("response", lambda response: _response(watch, response))
    page.watch = watch
    try:
        yield page
    finally:
        context.close()


def describe(violation: dict) -> str:
    """One line of an axe-core violation: its rule, impact, help and first five nodes."""
    nodes = "; ".join(
        f"{node['target']}: {node['failureSummary'].splitlines()[-1].strip()}"
        for node in violation["nodes"][:5]
    )
    return f"{violation['id']} ({violation['impact']}): {violation['help']} -> {nodes}"


@pytest.fixture(scope="session")
def axe() -> Axe:
    """axe-core for the accessibility checks of every browser test file."""
    return Axe()
