"""Session fixtures over the BUILT site (imported by conftest.py, so every test can use them).

    built_site      the site built ONCE per session by scripts/build_site.py from a snapshot of
                    practices/ and its own link report (tests/fixtures/links.json) into a tmp
                    folder: .root (site folder), .records (the snapshot's records),
                    .taxonomies, .html(path) -> BeautifulSoup, .exists(path)
    hostile_site    the same for a tmp catalogue of the fixture record
                    (tests/fixtures/practices/) and hostile records ({{ 7*7 }}, <script>, a
                    formula) and a link report (links.json) marking one link as not-found
    site_server     built_site served by a threaded HTTP server on 127.0.0.1 (random port):
                    .url(path) -> "http://127.0.0.1:PORT/path"

build(practices, site_dir, *extra, env=None) runs the build script as the Makefile does and
returns the CompletedProcess (stdout/stderr as text), for tests of failing builds.
fixture_record() is a fresh copy of the fixture record, tests/fixtures/practices/.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from catalogue import PRACTICES_DIR, ROOT, load_practices, load_taxonomies, practice_files

BUILD_SCRIPT = ROOT / "scripts" / "build_site.py"
FIXTURES = ROOT / "tests" / "fixtures"
HOSTILE_ES = "{{ 7*7 }}"
HOSTILE_EN = "<script>alert(1)</script>"
HOSTILE_SUMMARY = "</title></script><script>alert(2)</script> {% raw %}{{ config }}"
HOSTILE_LINK_TEXT = '"><img src=x onerror=alert(3)>'
FORMULA = '=HYPERLINK("http://example.org")'


def fixture_record() -> dict:
    from conftest import EXAMPLE

    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def build(
    practices: Path, site_dir: Path, *extra: str, env: dict | None = None
) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--practices", str(practices)]
        + ["--site-dir", str(site_dir), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        env={**os.environ, **(env or {})},
    )


@dataclass
class BuiltSite:
    root: Path
    practices: Path
    records: list[dict]
    taxonomies: dict = field(default_factory=load_taxonomies)
    _pages: dict = field(default_factory=dict, repr=False)

    def exists(self, path: str) -> bool:
        return (self.root / path / "index.html").is_file() or (self.root / path).is_file()

    def html(self, path: str) -> BeautifulSoup:
        """The page at site path `path` ("practicas/x/", "" for home), parsed once."""
        if path not in self._pages:
            file = self.root / path
            if path.endswith("/") or not path:
                file = file / "index.html"
            self._pages[path] = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        return self._pages[path]


def _build_or_fail(practices: Path, site_dir: Path, *extra: str) -> BuiltSite:
    result = build(practices, site_dir, *extra)
    assert result.returncode == 0, f"site build failed:\n{result.stdout}\n{result.stderr}"
    return BuiltSite(root=site_dir, practices=practices, records=load_practices(practices))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    snapshot = tmp_path_factory.mktemp("practices")
    for file in practice_files(PRACTICES_DIR):
        shutil.copy2(file, snapshot / file.name)
    site_dir = tmp_path_factory.mktemp("built") / "site"
    return _build_or_fail(snapshot, site_dir, "--links", str(FIXTURES / "links.json"))


def hostile_records(example: dict) -> list[dict]:
    """Two valid records whose text is hostile, built from a valid example record."""
    hostile = {
        **example,
        "id": "hostile-record",
        "title": {"es": HOSTILE_ES, "en": HOSTILE_EN},
        "themes": ["irregular-migration"],  # the theme of its one mention's section (session-2)
        "summary": {"es": HOSTILE_SUMMARY, "en": HOSTILE_SUMMARY},
        "links": [
            {"url": "https://example.org/a?x=1&y=<2>", "text": HOSTILE_LINK_TEXT},
            {"url": "https://example.org/internal", "restricted": True},
        ],
    }
    hostile["source"] = {
        **example["source"],
        "mentions": [{"section": "session-2", "kind": "list", "text": HOSTILE_EN}],
    }
    formula = {
        **example,
        "id": "formula-record",
        "title": {"es": FORMULA, "en": "-1+1"},
        "links": [],
    }
    return [hostile, formula]


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> BuiltSite:
    import json

    import yaml

    example = fixture_record()
    folder = tmp_path_factory.mktemp("hostile-practices")
    for record in [example, *hostile_records(example)]:
        (folder / f"{record['id']}.yml").write_text(
            yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    report = folder.parent / "links.json"
    report.write_text(
        json.dumps(
            {
                "links": [
                    {
                        "url": "https://example.org/a?x=1&y=<2>",
                        "result": "not-found",
                        "checked_at": "2024-05-01T10:00:00Z",
                        "final_url": "https://example.org/<b>moved</b>",
                        "broken": False,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    site_dir = tmp_path_factory.mktemp("hostile-built") / "site"
    return _build_or_fail(folder, site_dir, "--links", str(report))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@dataclass
class SiteServer:
    base: str

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")


@pytest.fixture(scope="session")
def site_server(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site.root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SiteServer(f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
