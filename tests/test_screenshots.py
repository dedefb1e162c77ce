"""scripts/screenshots.py takes the README's screenshots from a built site: 1366 px wide PNGs
of the home and of a practice page, small (palette PNGs), and the README shows both."""

from __future__ import annotations

import re
import struct
import subprocess
import sys

from catalogue import ROOT
from screenshots import SHOTS

SCRIPT = ROOT / "scripts" / "screenshots.py"


def main(argv: list[str]) -> int:
    """The script as `make screenshots` runs it: its own process (and Playwright instance)."""
    return subprocess.run([sys.executable, str(SCRIPT), *argv], timeout=300).returncode


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_script_writes_small_screenshots_of_the_built_site(built_site, tmp_path):
    record = built_site.records[0]
    code = main(
        ["--site-dir", str(built_site.root), "--out", str(tmp_path), "--practice", record["id"]]
    )
    assert code == 0
    for name in SHOTS:
        data = (tmp_path / f"{name}.png").read_bytes()
        assert png_size(data) == (1366, 900), name
        assert len(data) < 300_000, f"{name}.png is {len(data)} bytes"


def test_script_fails_on_a_missing_page(built_site, tmp_path):
    code = main(["--site-dir", str(built_site.root), "--out", str(tmp_path), "--practice", "nope"])
    assert code == 1


def test_readme_shows_the_committed_screenshots():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"!\[[^\]]+\]\((screenshots/[\w-]+\.png)\)", readme))
    assert shown == {f"screenshots/{name}.png" for name in SHOTS}, shown
    for path in shown:
        assert png_size((ROOT / path).read_bytes())[0] == 1366, path
