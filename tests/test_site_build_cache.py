"""The build's shortcuts change no page: the sidebars of pages outside the navigation are
rendered once per key (hooks._nav_key, overrides/main.html bp_fragment) and the data files
are written by a forked child beside the pages (hooks._start_outputs). The catalogue's site
(built_site, with both) is compared with a build of the same records without the sidebar
cache (BP_NAV_CACHE=0): every HTML page byte for byte."""

from __future__ import annotations

from site_fixtures import FIXTURES, build


def test_every_page_equals_a_build_without_the_sidebar_cache(built_site, tmp_path):
    site_dir = tmp_path / "site"
    links = ("--links", str(FIXTURES / "links.json"))
    result = build(built_site.practices, site_dir, *links, env={"BP_NAV_CACHE": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    pages = sorted(p.relative_to(site_dir) for p in site_dir.rglob("*.html"))
    practice_pages = [p for p in pages if p.parts[0] == "practicas" and len(p.parts) == 3]
    assert len(practice_pages) == len(built_site.records)
    assert pages == sorted(p.relative_to(built_site.root) for p in built_site.root.rglob("*.html"))
    differing = [
        str(p) for p in pages if (site_dir / p).read_bytes() != (built_site.root / p).read_bytes()
    ]
    assert not differing, f"{len(differing)} page(s) differ: {differing[:5]}"


def test_the_data_files_come_from_the_child_process(built_site):
    """The forked child's files are all there, complete: open data, spreadsheets, citations,
    feeds (a child that fails fails the build: test_a_failing_child_fails_the_build)."""
    root = built_site.root
    for path in ("datos/practicas.json", "datos/practicas.csv", "datos/practicas-es.xlsx"):
        assert (root / path).stat().st_size > 0, path
    for record in built_site.records:
        for name in (f"{record['id']}-es.bib", f"{record['id']}-en.ris"):
            assert (root / "datos" / "citas" / name).is_file(), name
    assert (root / "feed.xml").read_text("utf-8").rstrip().endswith("</feed>")


def test_a_failing_child_fails_the_build(monkeypatch, tmp_path):
    """A data file that cannot be written is an error of the build, with the child's own
    message, never a site without it."""
    from types import SimpleNamespace

    import pytest
    from mkdocs.exceptions import PluginError

    import hooks

    def broken(*args):
        raise OSError("disk full (test)")

    monkeypatch.setattr(hooks, "write_outputs", broken)
    monkeypatch.setattr(hooks._build, "renderer", SimpleNamespace(site=None))
    config = SimpleNamespace(
        site_dir=str(tmp_path), site_url=None, repo_name="r", repo_url="https://example.org/r"
    )
    hooks._start_outputs(config)
    forked = hooks._build.outputs is not None
    with pytest.raises((PluginError, OSError), match="disk full"):
        hooks._finish_outputs(config)
    assert forked, "pytest runs one thread here: the data files went to a child process"
