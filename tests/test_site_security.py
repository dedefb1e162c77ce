"""Records are data: hostile record text shows literally on every page, never runs."""

from __future__ import annotations

import json

from site_fixtures import (
    HOSTILE_EN,
    HOSTILE_ES,
    HOSTILE_LINK_TEXT,
    HOSTILE_SUMMARY,
    build,
)

RAW_MARKERS = (
    "<script>alert(",
    "<img src=x",
    "<b>moved</b>",
    "</title></script>",
    "</script><script>",
)


def html_files(site):
    return sorted(site.root.rglob("*.html"))


def test_no_page_contains_an_unescaped_record_string(hostile_site):
    files = html_files(hostile_site)
    assert len(files) > 20
    for file in files:
        text = file.read_text(encoding="utf-8")
        for marker in RAW_MARKERS:
            assert marker not in text, (file, marker)


def test_template_code_in_a_record_is_shown_literally(hostile_site):
    es = hostile_site.html("practicas/hostile-record/")
    en = hostile_site.html("en/practicas/hostile-record/")
    assert es.select_one("article h1").get_text() == HOSTILE_ES
    assert en.select_one("article h1").get_text() == HOSTILE_EN
    assert es.title.get_text().startswith(HOSTILE_ES + " - ")
    assert en.title.get_text().startswith(HOSTILE_EN + " - ")
    assert es.select_one(".bp-summary").get_text() == HOSTILE_SUMMARY
    assert en.select_one(".bp-mention blockquote").get_text() == HOSTILE_EN
    assert en.select_one("meta[name=description]")["content"] == HOSTILE_SUMMARY
    assert not en.select("article script")
    # issue 11: the citation, the breadcrumb, the social meta and the JSON-LD
    assert en.select_one(".bp-cite__text").get_text().startswith("“" + HOSTILE_EN + "”. ")
    assert en.select_one(".bp-breadcrumb li[aria-current]").get_text() == HOSTILE_EN
    for selector in ("meta[property='og:title']", "meta[name='twitter:title']"):
        assert en.select_one(selector)["content"] == HOSTILE_EN, selector
        assert es.select_one(selector)["content"] == HOSTILE_ES, selector
    assert en.select_one("meta[property='og:description']")["content"] == HOSTILE_SUMMARY
    for soup, title in ((es, HOSTILE_ES), (en, HOSTILE_EN)):
        (script,) = soup.select("script[type='application/ld+json']")
        raw = script.string
        assert "<" not in raw and ">" not in raw and "&" not in raw, raw
        data = json.loads(raw)
        assert data["mainEntity"]["headline"] == data["name"] == title
        assert data["description"] == HOSTILE_SUMMARY
        assert data["breadcrumb"]["itemListElement"][-1]["name"] == title
    link = en.select_one("ul.bp-links a")
    assert (
        link.get_text() == HOSTILE_LINK_TEXT and link["href"] == "https://example.org/a?x=1&y=<2>"
    )
    listed = hostile_site.html("en/tipos/service-centre/").select("ul.bp-practice-list a")
    assert HOSTILE_EN in [a.get_text() for a in listed]


def test_link_report_state_is_shown_per_link(hostile_site):
    en = hostile_site.html("en/practicas/hostile-record/")
    states = [s.get_text() for s in en.select("ul.bp-links .bp-link-state")]
    assert states[0].startswith("(page not found, checked on 2024-05-01")
    assert "https://example.org/<b>moved</b>" in states[0]
    assert states[1] == "(link not checked yet)"  # a report exists, without this link
    items = en.select("ul.bp-links > li")
    assert items[1].select_one(".bp-restricted").get_text() == (
        "(restricted access, judging by its address (an organisation's internal site))"
    )
    assert not items[0].select(".bp-restricted")


def test_invalid_record_fails_the_build_and_keeps_the_old_site(tmp_path, example):
    from conftest import write_record

    practices = tmp_path / "practices"
    write_record(practices, {**example, "type": "no-such-type"})
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "old.html").write_text("old", encoding="utf-8")
    result = build(practices, site_dir)
    assert result.returncode == 1
    assert "invalid records" in result.stderr and "no-such-type" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["practices", "site"]  # no leftovers
    assert [p.name for p in site_dir.iterdir()] == ["old.html"]


def build_with_page_addition(tmp_path, example, repo_root, page_name: str, addition: str):
    """Build one record with a copy of docs/ where `addition` ends the page `page_name`."""
    import shutil

    from conftest import write_record

    practices = tmp_path / "practices"
    write_record(practices, example)
    docs = tmp_path / "docs"
    shutil.copytree(repo_root / "docs", docs)
    page = docs / page_name
    page.write_text(page.read_text(encoding="utf-8") + addition)
    return build(practices, tmp_path / "site", "--docs-dir", str(docs))


def test_a_macro_error_fails_the_build(tmp_path, example, repo_root):
    result = build_with_page_addition(
        tmp_path, example, repo_root, "acerca.md", '\n{{ practice_list(theme="nope") }}\n'
    )
    assert result.returncode == 1
    assert "unknown theme 'nope'" in result.stderr
    assert "mkdocs build --strict failed" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_malformed_link_report_fails_the_build(tmp_path, example):
    from conftest import write_record

    practices = tmp_path / "practices"
    write_record(practices, example)
    report = tmp_path / "links.json"
    report.write_text(json.dumps({"no": "links"}), encoding="utf-8")
    result = build(practices, tmp_path / "site", "--links", str(report))
    assert result.returncode == 1
    assert "not a link report" in result.stderr


def test_build_is_strict_a_warning_fails_it(tmp_path, example, repo_root):
    result = build_with_page_addition(
        tmp_path, example, repo_root, "acerca.en.md", "\n[missing](no-such-page.md)\n"
    )
    assert result.returncode == 1
    assert "no-such-page.md" in result.stderr and "strict" in result.stderr
