"""Browser: the main pages load in both languages without console errors, uncaught script
errors, failed or erroneous requests, and without a single request leaving 127.0.0.1 (no CDN,
no web fonts, no repository statistics). The search page runs a query, so Pagefind's code,
wasm and index chunks are part of what is checked."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_fixtures import LOCAL_HOST
from site_helpers import lang_prefix

PAGES = {
    "home": "",
    "practice": "practicas/{id}/",
    "catalogue": "practicas/",
    "search": "buscar/?q=migracion",
}


@pytest.mark.parametrize("lang", ["es", "en"])
def test_main_pages_load_cleanly_and_only_from_localhost(built_site, site_server, page, lang):
    record = built_site.records[0]
    report = []
    for name, path in PAGES.items():
        url = site_server.url(lang_prefix(lang) + path.format(id=record["id"]))
        page.watch.clear()
        page.goto(url, wait_until="networkidle")
        if name == "search":
            page.wait_for_selector("li.bp-search__result a.bp-search__link")
            page.wait_for_load_state("networkidle")
        watch = page.watch
        assert watch.requests, f"{url}: no request recorded"
        hosts = {urlsplit(u).hostname for u in watch.requests} - {None}
        assert hosts <= {LOCAL_HOST}, f"{url}: requests to {sorted(hosts - {LOCAL_HOST})}"
        report += [f"{name} ({url}): {problem}" for problem in watch.problems()]
        if name == "search":  # the search really ran on the language's own index
            loaded = [u for u in watch.requests if "/pagefind/" in u]
            assert any(f"/pagefind/wasm.{lang}." in u for u in loaded), loaded
            assert any(f"/pagefind/index/{lang}_" in u for u in loaded), loaded
    assert not report, "\n".join(report)
