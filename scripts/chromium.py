"""The browser of the browser tests, the site benchmark and the screenshots: the one place for
its path and launch flags.

    browser = chromium.launch(playwright)     # headless
    python scripts/chromium.py                # which one, and its version (make chromium)

The browser is, in this order: $BP_CHROMIUM (a Chromium or Chrome executable of your choice);
Debian's package, /usr/bin/chromium, which `make chromium` installs with apt-get (CI, Debian);
or Playwright's own Chromium, only if you downloaded it yourself with
`.venv/bin/python -m playwright install chromium` (nothing here ever downloads a browser).
The flags keep Chromium from reaching the network on its own (updates, first-run pages,
background services).

`python scripts/chromium.py` prints the browser and its version, or, when there is none, what
to install (exit status 1); `--found` only answers by its exit status.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENV = "BP_CHROMIUM"
DEBIAN = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
MISSING = f"""No Chromium for the browser tests. On Debian, `make chromium` installs it (apt-get
install chromium). Elsewhere (macOS, Fedora, Ubuntu, whose chromium is a snap), either
  - install Chromium or Google Chrome and point {ENV} at its executable, e.g.
      macOS:   brew install --cask chromium
               export {ENV}=/Applications/Chromium.app/Contents/MacOS/Chromium
      Fedora:  sudo dnf install chromium; export {ENV}=/usr/bin/chromium-browser
  - or download Playwright's own Chromium once: .venv/bin/python -m playwright install chromium
then run make test again."""


def _playwright_own(playwright=None) -> Path | None:
    """Playwright's own Chromium, if `playwright install chromium` put it on this machine."""
    try:
        if playwright is not None:
            path = playwright.chromium.executable_path
        else:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as started:
                path = started.chromium.executable_path
    except Exception:
        return None
    return Path(path) if path and Path(path).is_file() else None


def find(playwright=None) -> tuple[Path, str] | None:
    """(executable, where it comes from) of the browser to use, or None when there is none.
    A $BP_CHROMIUM that is not a file is an error (FileNotFoundError), not a fallback."""
    chosen = os.environ.get(ENV)
    if chosen:
        if not Path(chosen).is_file():
            raise FileNotFoundError(
                f"{ENV}={chosen} is not a file: point it at Chromium's executable"
            )
        return Path(chosen), f"${ENV}"
    if DEBIAN.is_file():
        return DEBIAN, "Debian's chromium package"
    own = _playwright_own(playwright)
    if own:
        return own, "Playwright's own Chromium (playwright install chromium)"
    return None


def launch(playwright):
    found = find(playwright)
    if found is None:
        raise FileNotFoundError(MISSING)
    return playwright.chromium.launch(executable_path=str(found[0]), args=ARGS, headless=True)


def main(argv: list[str]) -> int:
    try:
        found = find()
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    if "--found" in argv:
        return 0 if found else 1
    if found is None:
        print(MISSING, file=sys.stderr)
        return 1
    path, origin = found
    version = subprocess.run(
        [str(path), "--version"], capture_output=True, text=True, timeout=60, check=False
    ).stdout.strip()
    print(f"{version or path} ({origin}: {path})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
