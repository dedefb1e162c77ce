"""Helpers of the site tests: which practices a page links to, and URL arithmetic.

linked_practices(soup, page_path, "ul.bp-practice-list") -> {"capmir-guatemala", ...}
resolve(page_path, href) -> site path ("en/practicas/x/")
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

BASE = "http://site.invalid/"
PRACTICE_PATH = re.compile(r"^(?:en/)?practicas/([a-z0-9-]+)/$")


def resolve(page_path: str, href: str) -> str:
    return urlsplit(urljoin(BASE + page_path, href)).path.lstrip("/")


def linked_practices(soup, page_path: str, selector: str) -> set[str]:
    found = set()
    for element in soup.select(selector):
        for a in element.select("a[href]"):
            match = PRACTICE_PATH.match(resolve(page_path, a["href"]))
            if match:
                found.add(match.group(1))
    return found


def lang_prefix(lang: str) -> str:
    return "" if lang == "es" else f"{lang}/"
