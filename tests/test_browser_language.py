"""Browser: the language switcher of a practice page lands on the same practice in the other
language (and back), with <html lang> and the title of that language."""

from __future__ import annotations

from urllib.parse import urlsplit

from site_helpers import lang_prefix


def switch_language(page, lang: str) -> None:
    """Open the header's language menu (it opens on hover) and pick `lang`, as a reader does."""
    link = page.locator(f"a.md-select__link[hreflang='{lang}']")
    assert link.count() == 1, f"{page.url}: expected one switcher link to {lang!r}"
    page.locator(".md-select").filter(has=link).hover()
    with page.expect_navigation():
        link.click()


def assert_practice_page(page, base: str, record: dict, lang: str) -> None:
    path = f"/{lang_prefix(lang)}practicas/{record['id']}/"
    assert urlsplit(page.url).path == path, f"switcher landed on {page.url}, expected {path}"
    html_lang = page.get_attribute("html", "lang")
    assert html_lang == lang, f"{page.url}: <html lang={html_lang!r}>, expected {lang!r}"
    heading = page.locator("article.bp-practice h1").inner_text().strip()
    assert heading == record["title"][lang], f"{page.url}: h1 {heading!r}"


def test_language_switcher_on_a_practice_page_lands_on_its_translation(
    built_site, site_server, page
):
    translated = [r for r in built_site.records if r["title"]["es"] != r["title"]["en"]]
    assert translated, "no record has different Spanish and English titles"
    record = translated[len(translated) // 2]
    page.goto(site_server.url(f"practicas/{record['id']}/"))
    assert_practice_page(page, site_server.base, record, "es")

    switch_language(page, "en")
    assert_practice_page(page, site_server.base, record, "en")

    switch_language(page, "es")
    assert_practice_page(page, site_server.base, record, "es")
    assert not page.watch.problems(), "\n".join(page.watch.problems())
