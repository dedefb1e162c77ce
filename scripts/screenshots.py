"""Screenshots of the built site for the README: `python scripts/screenshots.py`
(also `make screenshots`, which builds the site first).

Serves the built site (default site/) on 127.0.0.1 (a random free port), opens it in
headless Chromium (Debian's, scripts/chromium.py) at 1366 x 900 and writes, for each page of
SHOTS, the visible part of the page (not the whole scroll height) as a PNG reduced to a
256-colour palette (Pillow), so each file stays small:

    screenshots/home.png        the Spanish home page
    screenshots/practice.png    the Spanish page of one practice (--practice ID)

Options: --site-dir DIR (default site/), --out DIR (default screenshots/), --practice ID
(default capmir-guatemala, the README's example record), --width, --height. Fails (exit 1)
when the site is missing or a page does not load (HTTP status >= 400).
"""

from __future__ import annotations

import argparse
import functools
import io
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from catalogue import ROOT
from chromium import launch

SHOTS = {"home": "", "practice": "practicas/{practice}/"}
DEFAULT_PRACTICE = "capmir-guatemala"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def optimise(png: bytes) -> bytes:
    """The PNG as a 256-colour palette image, compressed as far as zlib goes."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", optimize=True)
    return out.getvalue()


def take(site_dir: Path, out: Path, practice: str, width: int, height: int) -> list[Path]:
    from playwright.sync_api import sync_playwright

    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"{site_dir}/index.html is missing: build the site (make site)")
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                page = browser.new_page(viewport={"width": width, "height": height})
                for name, path in SHOTS.items():
                    url = base + path.format(practice=practice)
                    response = page.goto(url, wait_until="networkidle")
                    if response is None or response.status >= 400:
                        status = response.status if response else "no response"
                        raise RuntimeError(f"{url}: {status}")
                    target = out / f"{name}.png"
                    target.write_bytes(optimise(page.screenshot(type="png")))
                    written.append(target)
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--practice", default=DEFAULT_PRACTICE)
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)
    try:
        files = take(args.site_dir, args.out, args.practice, args.width, args.height)
    except (OSError, RuntimeError) as exc:
        print(f"screenshots: error: {exc}", file=sys.stderr)
        return 1
    for file in files:
        print(f"screenshots: wrote {file} ({file.stat().st_size / 1024:.1f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
