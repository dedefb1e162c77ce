"""Build the site and publish it atomically: `python scripts/build_site.py [options]` (`make site`).

The build itself is `mkdocs build --strict` (mkdocs.yml; its hooks module, scripts/hooks.py,
loads the records, adds the practice and index pages, writes the open data and runs Pagefind).
This script runs it in-process into a temporary folder beside the site folder and replaces
the site folder with it in one rename, so a failed build (invalid records, a macro error, a
warning under --strict, Pagefind failing) exits with status 1 and a message saying why, and
leaves the previous site untouched, with no temporary folder left behind. Options:

    --practices DIR   records to build from (default: mkdocs.yml extra.catalogue.practices)
    --taxonomies DIR  taxonomies to check them against (default: extra.catalogue.taxonomies;
                      the tests' second meeting lives in a copy of taxonomies/ of their own)
    --links FILE      link report (default: extra.catalogue.links, build/links/links.json;
                      optional: without one, nothing is shown beside the links)
    --site-dir DIR    where the site goes (default site/)
    --docs-dir DIR    hand-written pages (default docs/)
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from paths import ROOT

CONFIG = ROOT / "mkdocs.yml"


class BuildError(Exception):
    """The build failed; the message says why."""


def mkdocs_build(
    site_dir: Path,
    docs_dir: Path | None,
    practices: Path | None,
    links: Path | None,
    taxonomies: Path | None = None,
):
    """`mkdocs build --strict` of mkdocs.yml into `site_dir`, as the mkdocs command runs it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    logging.basicConfig(format="%(levelname)s - %(message)s", level=logging.WARNING)
    overrides = {"docs_dir": str(docs_dir)} if docs_dir else {}
    try:
        config = load_config(
            config_file=str(CONFIG), site_dir=str(site_dir), strict=True, **overrides
        )
        catalogue = dict(config.extra.get("catalogue") or {})
        if practices:
            catalogue["practices"] = str(practices.resolve())
        if taxonomies:
            catalogue["taxonomies"] = str(taxonomies.resolve())
        if links:
            catalogue["links"] = str(links.resolve())
        config.extra["catalogue"] = catalogue
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, MkDocsException) as exc:
        raise BuildError(f"mkdocs build --strict failed: {exc}") from exc
    except SystemExit as exc:  # mkdocs-macros exits on a macro error (on_error_fail)
        raise BuildError(
            f"mkdocs build --strict failed: a macro failed (exit status {exc.code}; "
            "its error is printed above)"
        ) from None


def replace_dir(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def build_site(site_dir: Path, docs_dir=None, practices=None, links=None, taxonomies=None) -> None:
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{site_dir.name}-", dir=site_dir.parent) as work:
        built = Path(work) / "site"
        mkdocs_build(built, docs_dir, practices, links, taxonomies)
        replace_dir(built, site_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=Path, default=None)
    parser.add_argument("--taxonomies", type=Path, default=None)
    parser.add_argument("--links", type=Path, default=None)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--docs-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        build_site(args.site_dir, args.docs_dir, args.practices, args.links, args.taxonomies)
    except BuildError as exc:
        print(f"build_site: error: {exc}", file=sys.stderr)
        return 1
    print(
        f"build_site: built {args.site_dir} in {time.perf_counter() - start:.1f} s", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
