"""With the site's address known (BP_SITE_URL, as the Pages workflow sets it), a practice
page's citation, og:url and JSON-LD carry its absolute address, and the JSON-LD breadcrumb
links the home and theme pages (issue 11, point 4). Built from the fixture record."""

from __future__ import annotations

import json

from site_fixtures import FIXTURES, build, fixture_record

BASE = "https://example.org/bp/"


def test_absolute_addresses_with_a_site_url(tmp_path):
    from bs4 import BeautifulSoup

    record = fixture_record()
    site_dir = tmp_path / "site"
    result = build(FIXTURES / "practices", site_dir, env={"BP_SITE_URL": BASE})
    assert result.returncode == 0, result.stdout + result.stderr
    for prefix in ("", "en/"):
        lang = "en" if prefix else "es"
        path = f"{prefix}practicas/{record['id']}/"
        soup = BeautifulSoup((site_dir / path / "index.html").read_text("utf-8"), "html.parser")
        url = BASE + path
        assert soup.select_one(".bp-cite__url").get_text() == url
        assert soup.select_one("meta[property='og:url']")["content"] == url
        data = json.loads(soup.select_one("script[type='application/ld+json']").string)
        assert data["url"] == url and data["inLanguage"] == lang
        assert data["isPartOf"]["url"] == BASE + prefix
        items = [i["item"] for i in data["breadcrumb"]["itemListElement"]]
        assert items == [BASE + prefix, f"{BASE}{prefix}temas/{record['themes'][0]}/", url]
