"""Browser: the language switcher of a practice page lands on the same practice in the other
language (and back), with <html lang> and the title of that language. One language per page:
the footer's credit and the heading permalinks' tooltip in the page's language, a 404 page in
each language, one spelling of CRM–CSM (RCM–SACM), page titles at 7:1 contrast or more."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

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


# -- issue 11, point 7: one language per page ---------------------------------------------------

CHROME = {
    # what Material or Python-Markdown writes in English on every page, and our words for it
    "es": {"credit": "Hecho con", "permalink": "Enlace permanente", "not": "Made with"},
    "en": {"credit": "Made with", "permalink": "Permanent link", "not": "Hecho con"},
}
HAND_WRITTEN = ["", "temas/", "conclusiones/", "acerca/", "participantes/", "comunicado/"]
CONTRAST = """(selector) => {
  const channels = c => c.match(/[\\d.]+/g).map(Number);
  const luminance = ([r, g, b]) => [r, g, b].map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const element = document.querySelector(selector);
  let fg = channels(getComputedStyle(element).color);
  let node = element, bg;
  while (node && (!bg || bg[3] === 0)) {
    bg = channels(getComputedStyle(node).backgroundColor);
    if (bg.length === 3) bg.push(1);
    node = node.parentElement;
  }
  if (!bg || bg[3] === 0) bg = [255, 255, 255, 1];
  const alpha = fg.length === 4 ? fg[3] : 1;
  fg = fg.slice(0, 3).map((v, i) => v * alpha + bg[i] * (1 - alpha));
  const [a, b] = [luminance(fg), luminance(bg.slice(0, 3))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.parametrize("lang", ["es", "en"])
def test_page_chrome_speaks_the_page_language(built_site, site_server, page, lang):
    words = CHROME[lang]
    for path in ["", "temas/", "acerca/", f"practicas/{built_site.records[0]['id']}/"]:
        page.goto(site_server.url(lang_prefix(lang) + path))
        footer = page.locator("footer").inner_text()
        assert words["credit"] in footer and words["not"] not in footer, f"{path}: {footer!r}"
        titles = set(page.locator("a.headerlink").evaluate_all("a => a.map(x => x.title)"))
        assert titles <= {words["permalink"]}, f"{path}: permalink titles {titles}"
    page.goto(site_server.url(lang_prefix(lang) + "acerca/"))
    assert page.locator("a.headerlink").count() > 0, "no heading permalink to check"


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [("404.html", "es", "Página no encontrada"), ("en/404.html", "en", "Page not found")],
)
def test_a_not_found_page_in_each_language(site_server, page, path, lang, heading):
    page.goto(site_server.url(path))
    assert page.get_attribute("html", "lang") == lang
    assert page.locator("h1").inner_text().strip() == heading
    assert page.locator("header form[role=search]").count() == 1
    with page.expect_navigation():
        page.locator("article a").first.click()  # the home page of that language
    assert urlsplit(page.url).path == "/" + lang_prefix(lang)
    assert page.get_attribute("html", "lang") == lang
    assert not page.watch.problems(), "\n".join(page.watch.problems())


@pytest.mark.parametrize("lang", ["es", "en"])
def test_one_spelling_of_the_processes(site_server, page, lang):
    """CRM–CSM (RCM–SACM) with an en dash in the site's own text: the header, the home and
    the hand-written pages (records keep the report's own spelling)."""
    right, wrong = ("CRM–CSM", "CRM-CSM") if lang == "es" else ("RCM–SACM", "RCM-SACM")
    seen = 0
    for path in HAND_WRITTEN:
        page.goto(site_server.url(lang_prefix(lang) + path))
        text = page.locator("body").inner_text() + page.title()
        assert wrong not in text, f"{path}: {wrong!r}"
        seen += text.count(right)
    assert seen > len(HAND_WRITTEN), f"{right!r} is hardly used"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_page_titles_have_strong_contrast(built_site, site_server, page, lang):
    record = built_site.records[0]
    for path in ["", f"practicas/{record['id']}/", f"temas/{record['themes'][0]}/"]:
        page.goto(site_server.url(lang_prefix(lang) + path))
        ratio = page.evaluate(CONTRAST, ".md-content h1")
        assert ratio >= 7, f"{path}: title contrast {ratio:.2f}:1 (expected at least 7:1)"
