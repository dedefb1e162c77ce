"""Internal links of the built site (pages and #anchors) checked by LinkChecker over HTTP on
127.0.0.1: a broken internal link fails the tests."""

from __future__ import annotations

from conftest_links import serve_directory
from linkcheck_run import check_site, site_problems


def _crawl(folder):
    server, url = serve_directory(folder)
    try:
        return check_site(url, timeout=10, bound=400)
    finally:
        server.shutdown()
        server.server_close()


def test_built_site_has_no_broken_internal_link(built_site):
    rows = _crawl(built_site.root)
    pages = {r.final_url for r in rows if r.final_url.startswith("http://127.0.0.1")}
    assert len(pages) > 2 * len(built_site.records)  # it really crawled both languages
    assert site_problems(rows) == []


def test_a_dead_link_and_a_missing_anchor_are_detected(tmp_path):
    """The good anchor is on another page than the missing one: LinkChecker checks a page's
    anchors once per page (its cache ignores the fragment), so two anchors of one page would
    make the result depend on which link its threads check first."""
    (tmp_path / "index.html").write_text(
        '<html><body><a href="good.html#here">ok</a> <a href="page.html#nope">anchor</a> '
        '<a href="missing.html">dead</a> <a href="https://example.org/">outside</a></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "good.html").write_text('<html><h1 id="here">x</h1></html>', encoding="utf-8")
    (tmp_path / "page.html").write_text('<html><h1 id="here">x</h1></html>', encoding="utf-8")
    problems = site_problems(_crawl(tmp_path))
    assert len(problems) == 2, problems
    assert any("missing.html" in p and "404" in p for p in problems)
    assert any("Anchor `nope'" in p for p in problems)


def test_a_folder_closed_to_others_is_found(tmp_path):
    """What makes the run an error as root (linkcheck_run.closed_to_others): a folder on the way
    to LinkChecker's package that `nobody` cannot enter (a `mktemp -d` clone is mode 700)."""
    from linkcheck_run import closed_to_others

    package = tmp_path / "clone" / ".venv" / "linkcheck"
    package.mkdir(parents=True)
    for folder in (tmp_path, tmp_path / "clone", package.parent, package):
        folder.chmod(0o755)
    assert closed_to_others(package, top=tmp_path) is None
    (tmp_path / "clone").chmod(0o700)
    try:
        assert closed_to_others(package, top=tmp_path) == tmp_path / "clone"
    finally:
        (tmp_path / "clone").chmod(0o755)
