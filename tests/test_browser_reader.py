"""Browser: the small things that cost readers (issue 18, item 7, and who maintains the site),
in a real headless Chromium, in both languages.

- Print (page.emulate_media(media="print")): a practice page prints without the site's
  header, menu, breadcrumb and footer, the citation's copy button (nor any other button, its
  disclosures opened) and the edit and correction links, all of which the same page shows on
  screen.
- Tab order: the first Tab from page load focuses the skip link on every kind of page (the
  hooks' pages and the 404 page had none, the first Tab went to the header); following it,
  the next Tab is in the content, not on the title's own permalink.
- Touch targets at 390 px: every link, button, field, checkbox and summary of a practice page
  (also its menu, opened) and of the search page with its filters open is at least 24 x 24
  CSS px (WCAG 2.2, 2.5.8 Target Size (Minimum)), but for the criterion's Inline exception:
  "the target is in a sentence or its size is otherwise constrained by the line-height of
  non-target text". A link counts as inline when the line box it sits in holds other words:
  the text of its nearest non-inline ancestor, without its own text, other targets' text,
  text in block-level descendants (lines of their own) and punctuation (list separators).
  Controls (buttons, fields, checkboxes, summaries) are never exempt.
- No "(/)" shortcut hint on phones: the header field's placeholder has none, and the "/" key
  shown beside the field on wide screens is hidden at 390 px.
- The menu's title never covers a menu item as the menu scrolls: in the drawer (390 px) and
  in the wide screens' sidebar, where Material's sticky title covered the first items.
- Theme pages: the first practice is within the first 900 px of the page (it was 1,600 to
  2,700 px down at 1,280 px, 2,400 to 4,400 at 390).
- The footer of every page and the about page name the maintainers (the GitHub repository,
  mkdocs.yml repo_url) and how to reach them (its issues page).
- axe-core finds no violation on the pages this changed: the about page, a theme page and the
  search page with its filters open, wide and at 390 px.
"""

from __future__ import annotations

import pytest
import yaml

from browser_fixtures import describe
from catalogue import ROOT
from site_helpers import lang_prefix

LANGS = ("es", "en")
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
MIN_TARGET = 24  # CSS px, WCAG 2.2 success criterion 2.5.8 (AA)
THEME_TOP = 900  # px from the top of the page to the theme's first practice
MKDOCS = yaml.safe_load(
    "\n".join(
        line for line in (ROOT / "mkdocs.yml").read_text("utf-8").splitlines() if "!ENV" not in line
    )
)
REPO = MKDOCS["repo_url"].rstrip("/")

# What can be pointed at: links, buttons, fields, checkboxes, disclosure summaries, and
# Material's labels that act as buttons (the menu button, the menu's sections and back title).
TARGETS = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary,"
    " label.md-header__button, label.md-nav__link, label.md-nav__title"
)
# Every visible target under `root` (not in the hidden sidebars unless root is one) smaller
# than MIN_TARGET either way and not inline in running text: [description], plus the number
# of targets measured and of checkboxes among them (so that an empty result means something).
UNDERSIZED = """([root, selector, min, skipSidebars]) => {
  const LINE = ['inline', 'inline-block', 'inline-flex', 'contents'];
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const onScreen = r => r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth;
  function inRunningText(el) {
    if (el.tagName !== 'A') return false;  // controls are never exempt
    let box = el.parentElement;
    while (box && ['inline', 'contents'].includes(getComputedStyle(box).display)) {
      box = box.parentElement;
    }
    if (!box) return false;
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let words = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.parentElement.getBoundingClientRect();  // visually hidden text: 1 px
      if (el.contains(n) || !shown(n.parentElement) || at.width <= 1 || at.height <= 1) continue;
      let counts = true;
      for (let a = n.parentElement; a && a !== box; a = a.parentElement) {
        if (a.matches(selector) || !LINE.includes(getComputedStyle(a).display)) counts = false;
      }
      if (counts) words += n.textContent;
    }
    return /[\\p{L}\\p{N}]/u.test(words);
  }
  const found = Array.from(document.querySelector(root).querySelectorAll(selector))
    .filter(e => shown(e) && onScreen(e.getBoundingClientRect()))
    .filter(e => !(skipSidebars && e.closest('.md-sidebar')));
  const small = found.filter(e => {
    const r = e.getBoundingClientRect();
    return (r.width < min || r.height < min) && !inRunningText(e);
  }).map(e => {
    const r = e.getBoundingClientRect();
    const name = (e.textContent || e.value || e.getAttribute('aria-label') || '').trim();
    const where = e.parentElement;
    return `${e.tagName.toLowerCase()}.${e.getAttribute('class') || ''} "${name.slice(0, 40)}"`
      + ` ${r.width.toFixed(1)} x ${r.height.toFixed(1)}`
      + ` in ${where.tagName.toLowerCase()}.${where.getAttribute('class') || ''}`;
  });
  return [small, found.length, found.filter(e => e.type === 'checkbox').length];
}"""

# Pairs (title, menu item) of the primary sidebar whose visible parts overlap: each box is
# cut to what its scrolling ancestors and the window show, so a menu item scrolled out of its
# list (clipped) does not count, one drawn under a sticky title does.
COVERED = """() => {
  const side = document.querySelector('.md-sidebar--primary');
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  function visiblePart(e) {
    const b = e.getBoundingClientRect();
    let r = {l: b.left, t: b.top, r: b.right, b: b.bottom};
    for (let a = e.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const c = a.getBoundingClientRect();
        r = {l: Math.max(r.l, c.left), t: Math.max(r.t, c.top),
             r: Math.min(r.r, c.right), b: Math.min(r.b, c.bottom)};
      }
    }
    return {l: Math.max(r.l, 0), t: Math.max(r.t, 0),
            r: Math.min(r.r, innerWidth), b: Math.min(r.b, innerHeight)};
  }
  const area = r => r.r - r.l > 1 && r.b - r.t > 1;
  const titles = Array.from(side.querySelectorAll('.md-nav__title')).filter(shown);
  const items = Array.from(side.querySelectorAll('.md-nav__link, .md-nav__source a')).filter(shown);
  const out = [];
  for (const title of titles) {
    const t = visiblePart(title);
    if (!area(t)) continue;
    for (const item of items) {
      if (title.contains(item)) continue;
      const i = visiblePart(item);
      if (!area(i)) continue;
      const w = Math.min(t.r, i.r) - Math.max(t.l, i.l);
      const h = Math.min(t.b, i.b) - Math.max(t.t, i.t);
      if (w > 1 && h > 1) {
        const names = `"${title.textContent.trim()}" covers "${item.textContent.trim()}"`;
        out.push(`${names} by ${h.toFixed(0)} px`);
      }
    }
  }
  return out;
}"""
# Scroll the primary sidebar by `top` px (the drawer scrolls its list, wide screens the
# sidebar): returns how far each scrolling box went.
SCROLL_MENU = """(top) => Array.from(document.querySelectorAll(
    '.md-sidebar--primary .md-sidebar__scrollwrap, .md-sidebar--primary .md-nav__list'))
  .filter(e => e.scrollHeight > e.clientHeight)
  .map(e => { e.scrollTop = top; return e.scrollTop; })"""
# The drawer has slid in: on screen, its transition over.
DRAWER_OPEN = """() => {
  const side = document.querySelector('.md-sidebar--primary');
  return side.getBoundingClientRect().left >= 0 && side.getAnimations({subtree: true}).length === 0;
}"""


def practices(built_site) -> list[dict]:
    """Practice pages with the most to measure: the most links and sources, and a proposal."""
    records = built_site.records
    richest = max(
        records,
        key=lambda r: len(r.get("links", [])) + len(r.get("further_sources") or []),
    )
    chosen = [richest]
    proposal = next((r for r in records if r.get("status") == "proposed"), None)
    if proposal and proposal is not richest:
        chosen.append(proposal)
    return chosen


def open_drawer(page) -> None:
    page.locator("label.md-header__button[for=__drawer]").click()
    page.wait_for_function(DRAWER_OPEN)


# ---- print --------------------------------------------------------------------------------

PRINTED_AWAY = {
    "header": "header.md-header",
    "menu": ".md-sidebar--primary",
    "breadcrumb": "nav.bp-breadcrumb",
    "footer": "footer.md-footer",
    "copy button": ".bp-cite__copy",
    "edit link": "ul.bp-contribute a[href*='/edit/']",
    "correction link": "ul.bp-contribute a[href*='/issues/new']",
    "contribute heading": "h2#contribute",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_practice_prints_without_navigation_or_controls(built_site, site_server, page, lang):
    record = practices(built_site)[0]
    url = site_server.url(f"{lang_prefix(lang)}practicas/{record['id']}/")
    page.goto(url)
    page.locator(".bp-cite__copy:not([hidden])").wait_for()  # site.js shows it
    for details in page.locator("article.bp-practice details").all():  # opened, if any
        details.locator("summary").click()
    buttons = page.locator("article.bp-practice button:visible")
    on_screen = {name: page.locator(css).first.is_visible() for name, css in PRINTED_AWAY.items()}
    assert all(on_screen.values()), f"not on screen to begin with: {on_screen}"
    assert buttons.count() >= 1
    page.emulate_media(media="print")
    printed = [name for name, css in PRINTED_AWAY.items() if page.locator(css).first.is_visible()]
    assert not printed, f"printed: {printed}"
    assert buttons.count() == 0, f"buttons printed: {buttons.all_inner_texts()}"
    # the practice itself is printed
    assert page.locator("article.bp-practice h1").is_visible()
    assert page.locator("dl.bp-sheet").is_visible()
    assert page.locator(".bp-cite__text").is_visible()
    assert not page.watch.problems(), page.watch.problems()


# ---- Tab order ----------------------------------------------------------------------------

FOCUSED = """() => { const e = document.activeElement; return {
  tag: e.tagName.toLowerCase(), cls: e.getAttribute('class') || '', href: e.getAttribute('href'),
  inContent: !!e.closest('.md-content'), visible: (() => { const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; })() }; }"""


def tab_pages(built_site) -> dict[str, str]:
    record = practices(built_site)[0]
    country = next(c for r in built_site.records for c in r["countries"])
    return {
        "home": "",
        "practice": f"practicas/{record['id']}/",
        "theme": f"temas/{record['themes'][0]}/",
        "country": f"paises/{country.lower()}/",
        "countries": "paises/",
        "meetings": "reuniones/",
        "search": "buscar/",
        "about": "acerca/",
        "not found": "404.html",
    }


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_tab_is_the_skip_link(built_site, site_server, page, lang):
    wrong = []
    for name, path in tab_pages(built_site).items():
        page.goto(site_server.url(lang_prefix(lang) + path))
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUSED)
        if "md-skip" not in first["cls"].split():
            wrong.append(f"{name}: the first Tab focused {first}")
            continue
        target = first["href"]
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        after = page.evaluate(FOCUSED)
        if not after["inContent"]:
            wrong.append(f"{name}: after the skip link, Tab went to {after}, not the content")
        elif "headerlink" in after["cls"].split() and after["href"] == target:
            wrong.append(f"{name}: after the skip link, Tab went to the title's own ¶")
        elif not after["visible"]:
            wrong.append(f"{name}: after the skip link, Tab went to {after}, not visible")
    assert not wrong, "\n".join(wrong)


# ---- touch targets at 390 px ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_practice_page_targets_are_at_least_24_px_on_a_phone(built_site, site_server, page, lang):
    page.set_viewport_size(PHONE)
    small = []
    for record in practices(built_site):
        page.goto(site_server.url(f"{lang_prefix(lang)}practicas/{record['id']}/"))
        page.locator(".bp-cite__copy:not([hidden])").wait_for()
        found, measured, _ = page.evaluate(UNDERSIZED, ["body", TARGETS, MIN_TARGET, True])
        assert measured >= 15, f"{record['id']}: only {measured} targets found"
        small += [f"{record['id']}: {line}" for line in found]
        open_drawer(page)  # the menu's items too
        found, measured, _ = page.evaluate(
            UNDERSIZED, [".md-sidebar--primary", TARGETS, MIN_TARGET, False]
        )
        assert measured >= 3, f"{record['id']}: only {measured} menu targets found"
        small += [f"{record['id']} (menu): {line}" for line in found]
    assert not small, "\n".join(small)


@pytest.mark.parametrize("lang", LANGS)
def test_search_filter_targets_are_at_least_24_px_on_a_phone(site_server, page, lang):
    page.set_viewport_size(PHONE)
    page.goto(site_server.url(lang_prefix(lang) + "buscar/?q=migracion"))
    page.locator("#bp-search li.bp-search__result a").first.wait_for()
    page.locator("#bp-search details summary").click()
    page.locator("#bp-search fieldset input[type=checkbox]").first.wait_for()
    found, measured, boxes = page.evaluate(UNDERSIZED, ["body", TARGETS, MIN_TARGET, True])
    assert boxes >= 20, f"only {boxes} checkboxes measured"
    assert measured > boxes, "no target besides the checkboxes measured"
    assert not found, "\n".join(found)


# ---- the "/" hint -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_no_shortcut_hint_on_a_phone(site_server, page, lang):
    field = page.locator("#bp-header-q")
    key = page.locator("header .bp-header-search__key")
    page.set_viewport_size(WIDE)
    page.goto(site_server.url(lang_prefix(lang)))
    assert key.is_visible(), "the / hint is not shown on a wide screen"
    field.focus()
    assert not key.is_visible(), "the / hint stays over the field being typed in"
    page.set_viewport_size(PHONE)
    page.goto(site_server.url(lang_prefix(lang)))
    assert field.is_visible()
    assert "/" not in (field.get_attribute("placeholder") or "")
    assert not key.is_visible()
    assert "(/)" not in page.locator("header").inner_text()


# ---- the menu's title -------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 480}, {"width": 1280, "height": 480}],
    ids=["drawer", "wide"],
)
def test_the_menu_title_never_covers_a_menu_item(site_server, page, lang, viewport):
    page.set_viewport_size(viewport)
    page.goto(site_server.url(lang_prefix(lang)))
    if viewport["width"] < 1220:  # Material's drawer below 76.25em
        open_drawer(page)
    covered = []
    moved = 0
    for top in (0, 8, 16, 24, 40, 60, 100):
        moved = max([moved, *page.evaluate(SCROLL_MENU, top)])
        covered += [f"scrolled {top} px: {line}" for line in page.evaluate(COVERED)]
    assert moved > 0, "the menu did not scroll: make the window shorter"
    assert not covered, "\n".join(covered)


# ---- theme pages ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
def test_theme_pages_show_their_practices_near_the_top(
    built_site, site_server, page, lang, viewport
):
    page.set_viewport_size(viewport)
    far = []
    for theme in built_site.taxonomies["themes"]:
        page.goto(site_server.url(f"{lang_prefix(lang)}temas/{theme}/"))
        first = page.locator("ul.bp-practice-list a").first
        top = first.evaluate("(e) => e.getBoundingClientRect().top + scrollY")
        if top > THEME_TOP:
            far.append(f"{theme}: the first practice is {top:.0f} px down")
    assert not far, "\n".join(far)


# ---- who maintains the site -----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_footer_and_about_page_say_who_maintains_the_site(built_site, site_server, page, lang):
    record = practices(built_site)[0]
    for path in ["", f"practicas/{record['id']}/", "acerca/", "404.html"]:
        page.goto(site_server.url(lang_prefix(lang) + path))
        footer = page.locator("footer .bp-maintainers")
        assert footer.is_visible(), path
        hrefs = footer.locator("a").evaluate_all("(links) => links.map(a => a.href)")
        assert hrefs == [REPO, f"{REPO}/issues"], (path, hrefs)
    page.goto(site_server.url(lang_prefix(lang) + "acerca/"))
    content = page.locator(".md-content")
    assert content.locator(f"a[href='{REPO}']").count() >= 1
    assert content.locator(f"a[href='{REPO}/issues']").is_visible()


# ---- axe ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["wide", "phone"])
@pytest.mark.parametrize("name", ["about", "theme", "search filters"])
def test_no_accessibility_violation(built_site, site_server, page, axe, name, viewport, lang):
    page.set_viewport_size(viewport)
    theme = next(iter(built_site.taxonomies["themes"]))
    path = {"about": "acerca/", "theme": f"temas/{theme}/", "search filters": "buscar/?q=a"}
    url = site_server.url(lang_prefix(lang) + path[name])
    page.goto(url, wait_until="networkidle")
    if name == "search filters":
        page.locator("#bp-search li.bp-search__result a").first.wait_for()
        page.locator("#bp-search details summary").click()
        page.locator("#bp-search fieldset input[type=checkbox]").first.wait_for()
    violations = axe.run(page).response["violations"]
    assert not violations, f"{url}:\n" + "\n".join(describe(v) for v in violations)
