"""Debian's Chromium for Playwright: the one place for its path and launch flags.

    browser = chromium.launch(playwright)     # headless, /usr/bin/chromium

Used by the browser tests and the site benchmark. Never a browser that Playwright downloads
(`playwright install` is not used): `make chromium` installs Debian's package. The flags keep
Chromium from reaching the network on its own (updates, first-run pages, background services).
"""

from pathlib import Path

EXECUTABLE = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def launch(playwright):
    if not EXECUTABLE.is_file():
        raise FileNotFoundError(
            f"{EXECUTABLE} is missing: install Debian's chromium (make chromium)"
        )
    return playwright.chromium.launch(executable_path=str(EXECUTABLE), args=ARGS, headless=True)
