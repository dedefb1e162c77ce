"""The built site's practice pages and frame pages, in both languages."""

from __future__ import annotations

import pytest

from countries import country_name
from membership import applies_to, unplaced
from site_helpers import lang_prefix, resolve
from sitedata import SEARCH_BUNDLE, page_url
from templating import labels

LANGS = ("es", "en")
FRAME_PAGES = (
    "",
    "temas/",
    "practicas/",
    "paises/",
    "tipos/",
    "organizaciones/",
    "objetivos/",
    "buscar/",
    "conclusiones/",
    "comunicado/",
    "participantes/",
    "acerca/",
)


@pytest.mark.parametrize("lang", LANGS)
def test_every_record_has_its_page_with_its_own_title(built_site, lang):
    assert built_site.records, "the catalogue has no records"
    for record in built_site.records:
        path = f"{lang_prefix(lang)}practicas/{record['id']}/"
        soup = built_site.html(path)
        title = record["title"][lang]
        assert soup.html["lang"] == lang, path
        assert [h.get_text() for h in soup.select("article h1")] == [title], path
        assert soup.title.get_text().startswith(f"{title} - "), path
        assert soup.select_one(".bp-summary").get_text() == record["summary"][lang], path


@pytest.mark.parametrize("lang", LANGS)
def test_frame_pages_exist_with_the_right_language(built_site, lang):
    for page in FRAME_PAGES:
        path = lang_prefix(lang) + page
        assert built_site.exists(path), path
        assert built_site.html(path).html["lang"] == lang, path


def test_language_switcher_lands_on_the_translation(built_site):
    for record in built_site.records:
        pages = {lang: f"{lang_prefix(lang)}practicas/{record['id']}/" for lang in LANGS}
        for lang, other in (("es", "en"), ("en", "es")):
            links = built_site.html(pages[lang]).select(f"a.md-select__link[hreflang={other}]")
            assert [resolve(pages[lang], a["href"]) for a in links] == [pages[other]]


@pytest.mark.parametrize("lang", LANGS)
def test_practice_pages_show_every_fact_of_the_record(built_site, lang):
    tax = built_site.taxonomies
    for record in built_site.records:
        path = f"{lang_prefix(lang)}practicas/{record['id']}/"
        article = built_site.html(path).select_one("article.bp-practice")
        facts = {
            resolve(path, a["href"]): a.get_text() for a in article.select(".bp-facts a[href]")
        }
        prefix = lang_prefix(lang)
        assert (
            facts[f"{prefix}tipos/{record['type']}/"] == tax["types"][record["type"]]["label"][lang]
        )
        for theme in record["themes"]:
            assert facts[f"{prefix}temas/{theme}/"] == tax["themes"][theme]["label"][lang]
        for code in record["countries"]:
            assert facts[f"{prefix}paises/{code.lower()}/"] == country_name(code, lang)
        for org in record.get("organizations", []):
            assert (
                facts[f"{prefix}organizaciones/{org}/"] == tax["organizations"][org]["label"][lang]
            )
        for n in record.get("gcm_objectives", []):
            assert f"{prefix}objetivos/{n}/" in facts
        hrefs = [a["href"] for a in article.select("ul.bp-links > li > a")]
        assert hrefs == [link["url"] for link in record["links"]], path
        restricted = article.select("ul.bp-links > li")
        for item, link in zip(restricted, record["links"], strict=True):
            assert bool(item.select(".bp-restricted")) == bool(link.get("restricted")), path
        quotes = [q.get_text() for q in article.select(".bp-mention blockquote")]
        assert quotes == [m["text"] for m in record["source"]["mentions"]], path
        edit = article.select(".bp-contribute a")
        assert edit[0]["href"].endswith(f"/edit/main/practices/{record['id']}.yml")
        assert "/issues/new?" in edit[1]["href"]


@pytest.mark.parametrize("lang", LANGS)
def test_practice_pages_carry_search_filters_in_their_language(built_site, lang):
    tax = built_site.taxonomies
    names = {"es": ("Tema", "País", "Tipo"), "en": ("Theme", "Country", "Type")}[lang]
    for record in built_site.records:
        soup = built_site.html(f"{lang_prefix(lang)}practicas/{record['id']}/")
        filters: dict[str, list[str]] = {}
        for element in soup.select("[data-pagefind-filter]"):
            filters.setdefault(element["data-pagefind-filter"], []).append(element.get_text())
        assert filters[names[0]] == [tax["themes"][t]["label"][lang] for t in record["themes"]]
        assert filters[names[2]] == [tax["types"][record["type"]]["label"][lang]]
        # the countries it applies to (issue 18: as the catalogue's country filter), its own
        # first; for a regional or international practice of no country, the value that the
        # search lists apart beside any country (membership.unplaced)
        reach = applies_to(record, tax)
        codes = [c for c in record["countries"] if c in reach]
        codes += [c for c in reach if c not in codes]
        expected = [country_name(c, lang) for c in codes]
        if unplaced(record, tax):
            expected = [labels()[lang]["unplaced_value"]]
        assert filters.get(names[1], []) == expected, record["id"]


def test_practice_pages_stay_out_of_the_navigation(built_site):
    record = built_site.records[0]
    for lang in LANGS:
        path = f"{lang_prefix(lang)}practicas/{record['id']}/"
        nav = built_site.html(path).select("nav.md-nav--primary a[href]")
        targets = {resolve(path, a["href"]) for a in nav}
        assert not any(
            t.startswith(f"{lang_prefix(lang)}practicas/") and t.count("/") > 1 + (lang != "es")
            for t in targets
        )
        assert f"{lang_prefix(lang)}practicas/" in targets


def test_no_third_party_requests_in_pages(built_site):
    for path in ("", "en/", f"practicas/{built_site.records[0]['id']}/", "buscar/"):
        soup = built_site.html(path)
        for element in soup.select("script[src], link[href][rel=stylesheet], img[src]"):
            url = element.get("src") or element.get("href")
            assert not url.startswith(("http:", "https:", "//")), (path, url)


def test_plain_mkdocs_build_builds_the_whole_site(tmp_path, repo_root):
    """`mkdocs build --strict` alone: every practice and index page in both languages, the open
    data and the search index (the hooks module does it all), from the real catalogue."""
    import subprocess
    import sys

    from catalogue import load_practices

    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    for record in load_practices():
        for lang in LANGS:
            assert (site / f"{lang_prefix(lang)}practicas/{record['id']}/index.html").is_file()
    for path in ("paises/gt/", "en/tipos/service-centre/", "objetivos/7/", "en/organizaciones/"):
        assert (site / path / "index.html").is_file(), path
    assert (site / "datos/practicas.json").is_file() and (site / "datos/practicas.csv").is_file()
    for lang in LANGS:  # each language's search bundle, with its language's index only
        indexes = {p.name for p in (site / page_url(SEARCH_BUNDLE, lang)).glob("wasm.*.pagefind")}
        assert indexes == {f"wasm.{lang}.pagefind", "wasm.unknown.pagefind"}
    assert not (site / "sitemap.xml").exists()  # no site_url: its URLs would be wrong


def test_sitemap_lists_every_page_with_its_translation(tmp_path):
    """With the site's address (BP_SITE_URL), mkdocs' own sitemap lists the generated pages
    of both languages, each with its alternates."""
    from conftest import write_record
    from site_fixtures import build, fixture_record

    practices = tmp_path / "practices"
    record = fixture_record()
    write_record(practices, record)
    write_record(practices, {**record, "id": "second-practice", "links": []})
    result = build(practices, tmp_path / "site", env={"BP_SITE_URL": "https://x.org/bp/"})
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    for path in ("practicas/fixture-practice/", "practicas/second-practice/", "paises/gt/"):
        for lang in LANGS:
            assert f"<loc>https://x.org/bp/{lang_prefix(lang)}{path}</loc>" in text, path
            alternate = f'hreflang="{lang}" href="https://x.org/bp/{lang_prefix(lang)}{path}"'
            assert text.count(alternate) == 2, path  # in the entries of both languages
    import gzip

    assert gzip.decompress((tmp_path / "site" / "sitemap.xml.gz").read_bytes()).decode() == text


# Records added by issue 8 (items the report names that had no record), with their theme.
NEW_RECORDS = {
    "campana-regional-comunicacion-migracion-irregular": "communication",
    "declaracion-principios-migratorios-csm": "irregular-migration",
    "declaracion-los-angeles-migracion-proteccion": "environment-climate",
    "etrm-lajas-blancas": "irregular-migration",
    "etrm-san-vicente": "irregular-migration",
}


@pytest.mark.parametrize("lang", LANGS)
def test_new_records_are_on_their_theme_pages(built_site, lang):
    from site_helpers import linked_practices

    for record_id, theme in NEW_RECORDS.items():
        path = f"{lang_prefix(lang)}temas/{theme}/"
        listed = linked_practices(built_site.html(path), path, "ul.bp-practice-list")
        assert record_id in listed, (lang, theme, record_id)


@pytest.mark.parametrize("lang", LANGS)
def test_observer_list_keeps_the_rrocm_apart(built_site, lang):
    """The report lists the RROCM apart from the observer organisations (annex 1)."""
    path = f"{lang_prefix(lang)}participantes/"
    lists = built_site.html(path).select("ul.bp-names")
    observers = [li.get_text() for ul in lists for li in ul.select("li")]
    assert any("UNICEF" in name for name in observers)
    assert not any("RROCM" in name for name in observers)
    # an observer is a link only where its page lists a practice
    for ul in lists:
        for link in ul.select("a"):
            target = built_site.html(resolve(path, link["href"]))
            assert target.select("ul.bp-practice-list > li"), link["href"]
