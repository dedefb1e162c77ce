"""Issue 18, point 2: every country view answers "what applies to us".

- The rule (membership.unplaced): a regional or international practice that reaches no country
  (no country of its own, no body whose membership carries it) is shown apart on every
  country view and counted on none; a practice of unspecified scope, or one a body carries,
  is not.
- Country pages, in both languages: after the country's own, regional and proposed practices,
  the unplaced ones in their own labelled group (exactly those, computed from the records),
  never in the country's count; each practice shows its themes; what the country did at the
  meetings: the sessions it led or co-led (taxonomies/events.yml `led_by`, the report's words
  in `led_by_text`, verbatim inside that section of the report, with a link to that place)
  and the practices whose source.roles name it.

The catalogue's and the search's country views are tested in the browser
(test_browser_catalogue.py, test_browser_search.py).
"""

from __future__ import annotations

import pytest

from countries import country_name, is_country
from membership import applies_to, carrying, proposed_for, unplaced
from reports import report_parts
from site_helpers import lang_prefix, resolve

LANGS = ("es", "en")
HEADINGS = {"es": "Regionales e internacionales sin país asignado",
            "en": "Regional and international, with no country named"}  # fmt: skip


def _ids(page: str, items) -> list[str]:
    return [resolve(page, li.a["href"]).rstrip("/").rsplit("/", 1)[1] for li in items]


# -- the rule ------------------------------------------------------------------------------------


def test_unplaced_is_regional_or_international_and_reaches_no_country(taxonomies, example):
    members = carrying(taxonomies)
    orgs = taxonomies["organizations"]
    carrier = next(iter(members))  # a body whose membership carries its practices
    not_carrying = next(o for o in orgs if o not in members)
    regional = {**example, "countries": [], "scope": "regional", "organizations": []}
    assert unplaced(regional, taxonomies)
    assert unplaced({**regional, "scope": "international"}, taxonomies)
    assert unplaced({**regional, "organizations": [not_carrying]}, taxonomies)
    # a body that carries it: it applies to the body's members, so it is placed
    carried = {**regional, "organizations": [carrier]}
    assert not unplaced(carried, taxonomies) and applies_to(carried, taxonomies)
    # unspecified scope and no country: it may be one country's; not shown on every country
    assert not unplaced({**regional, "scope": "unspecified"}, taxonomies)
    assert not unplaced({**example, "scope": "national", "countries": ["GT"]}, taxonomies)
    # a proposal that reaches no country is unplaced too (it is proposed for none)
    proposal = {**regional, "status": "proposed"}
    assert unplaced(proposal, taxonomies) and not proposed_for(proposal, taxonomies)


def test_the_catalogue_has_unplaced_practices(built_site):
    """Without any, the country views' group would be tested on nothing."""
    tax = built_site.taxonomies
    found = {r["id"] for r in built_site.records if unplaced(r, tax)}
    assert found, "no regional or international practice without a country"
    for record in built_site.records:
        if record["id"] in found:
            assert not applies_to(record, tax) and not proposed_for(record, tax)


# -- country pages -------------------------------------------------------------------------------


def country_codes(site) -> list[str]:
    """Every country with a page: those practices apply to or are proposed for, and the members
    of the two processes."""
    tax = site.taxonomies
    codes = {c for r in site.records for c in applies_to(r, tax) + proposed_for(r, tax)}
    for process in ("crm", "csm"):
        codes.update(tax["organizations"][process].get("members", []))
    return sorted(codes)


@pytest.mark.parametrize("lang", LANGS)
def test_every_country_page_shows_the_unplaced_practices_apart(built_site, lang):
    tax = built_site.taxonomies
    expected = {r["id"] for r in built_site.records if unplaced(r, tax)}
    for code in country_codes(built_site):
        page = f"{lang_prefix(lang)}paises/{code.lower()}/"
        soup = built_site.html(page)
        heading = soup.select_one("div.bp-country h2#unplaced")
        assert heading and heading.get_text().strip() == HEADINGS[lang], page
        apart = soup.select("ul.bp-unplaced-list > li")
        assert set(_ids(page, apart)) == expected and len(apart) == len(expected), page
        # in its own group, after the country's lists, never among them
        others = soup.select("div.bp-country ul.bp-practice-list:not(.bp-unplaced-list) > li")
        assert not expected & set(_ids(page, others)), page
        lists = soup.select("div.bp-country ul.bp-practice-list")
        assert lists[-1] is apart[0].parent, f"{page}: the group comes after the country's lists"
        intro = heading.find_next_sibling("p").get_text()
        assert country_name(code, lang) in intro, page
        # each item says its scope
        by_id = {r["id"]: r for r in built_site.records}
        for item, rid in zip(apart, _ids(page, apart), strict=True):
            assert item["data-scope"] == by_id[rid]["scope"], (page, rid)
        # the count counts what applies, and says how many are shown apart
        count = soup.select_one("p.bp-count")
        applying = sum(code in applies_to(r, tax) for r in built_site.records)
        assert count.get_text().split()[0] == str(applying), (page, count.get_text())
        assert str(len(expected)) in count.select_one(".bp-count__apart").get_text(), page


@pytest.mark.parametrize("lang", LANGS)
def test_country_pages_show_each_practice_s_themes(built_site, lang):
    by_id = {r["id"]: r for r in built_site.records}
    for code in country_codes(built_site):
        page = f"{lang_prefix(lang)}paises/{code.lower()}/"
        items = built_site.html(page).select("div.bp-country ul.bp-practice-list > li")
        assert items, page
        for item, rid in zip(items, _ids(page, items), strict=True):
            themes = item.select_one(".bp-themes")
            assert themes and themes["data-themes"].split() == by_id[rid]["themes"], (page, rid)
            for theme in by_id[rid]["themes"]:
                label = built_site.taxonomies["themes"][theme]["label"][lang]
                assert label in themes.get_text(), (page, rid, theme)


# -- what the country did at the meetings ---------------------------------------------------------


def led_sections(taxonomies) -> list[tuple[str, str, dict]]:
    return [
        (event, section, entry)
        for event, meeting in taxonomies["events"].items()
        for section, entry in meeting["sections"].items()
        if "led_by" in entry or "led_by_text" in entry
    ]


def test_each_led_by_text_is_verbatim_in_its_section_of_the_report(taxonomies):
    sections = led_sections(taxonomies)
    assert sections, "no section says who led it: nothing to test"
    for event, section, entry in sections:
        where = f"taxonomies/events.yml: {event}.sections.{section}"
        codes, text = entry.get("led_by"), entry.get("led_by_text")
        assert isinstance(codes, list) and codes, f"{where}.led_by: expected country codes"
        assert isinstance(text, str) and text.strip(), f"{where}.led_by_text: expected the words"
        assert len(set(codes)) == len(codes), where
        parts = report_parts(taxonomies["events"][event])
        body = " ".join(p for part in parts if part.section == section for p in part.paragraphs)
        assert " ".join(text.split()) in body, f"{where}.led_by_text not in that section: {text!r}"
        for code in codes:
            assert is_country(code), f"{where}.led_by: {code!r}"
            assert country_name(code, "es") in text, f"{where}: {code} not named in {text!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_country_pages_say_what_the_country_did_at_the_meetings(built_site, lang):
    tax = built_site.taxonomies
    led: dict[str, list[tuple[str, str, dict]]] = {}
    for event, section, entry in led_sections(tax):
        for code in entry["led_by"]:
            led.setdefault(code, []).append((event, section, entry))
    roles: dict[str, list[tuple[str, str]]] = {}
    for record in built_site.records:
        for role in record["source"].get("roles", []):
            roles.setdefault(role["country"], []).append((record["id"], role["role"]))
    assert led and roles, "no session leader or role: nothing to test"
    nothing = [c for c in country_codes(built_site) if c not in led and c not in roles]
    assert nothing, "every country led a session or has a role: the empty case is untested"
    for code in country_codes(built_site):
        page = f"{lang_prefix(lang)}paises/{code.lower()}/"
        soup = built_site.html(page)
        heading = soup.select_one("div.bp-country h2#meetings")
        assert heading and country_name(code, lang) in heading.get_text(), page
        items = soup.select("ul.bp-country-meeting > li")
        found_led = [li["data-led"] for li in items if li.has_attr("data-led")]
        assert found_led == [s for _, s, _ in led.get(code, [])], page
        for li in (li for li in items if li.has_attr("data-led")):
            event, section, entry = next(x for x in led[code] if x[1] == li["data-led"])
            assert li.q.get_text() == entry["led_by_text"], page
            # a link to the section's place in the report's page
            assert resolve(page, li.a["href"]) == f"{lang_prefix(lang)}reuniones/{event}/informe/"
            assert li.a["href"].endswith(f"#{section}"), (page, li.a["href"])
            others = [c for c in entry["led_by"] if c != code]
            for other in others:
                assert country_name(other, lang) in li.get_text(), (page, other)
        found_roles = sorted((li["data-practice"], li["data-role"]) for li in items
                             if li.has_attr("data-role"))  # fmt: skip
        assert found_roles == sorted(roles.get(code, [])), page
        if code in nothing:
            assert not items and soup.select_one("h2#meetings + p.bp-empty"), page
