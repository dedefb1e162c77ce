"""Link health on the built site: the "Estado de los enlaces / Link health" page and the link
states of practice pages, over a site built from a small catalogue and a synthetic link report
(scripts/build_site.py --links FILE)."""

from __future__ import annotations

import copy
import json
import posixpath

import pytest
import yaml

from linkreport import WAYBACK
from site_fixtures import BuiltSite, _build_or_fail, fixture_record

EXAMPLE = fixture_record()
LANGS = ("es", "en")
PREFIX = {"es": "", "en": "en/"}

A_OK = "https://alpha.example.org/works"
A_BROKEN = "https://alpha.example.org/gone"
B_BROKEN = "https://beta.example.org/down"
B_MOVED = "https://beta.example.org/old"
B_MOVED_TO = "https://beta.example.org/new-home"
B_INTERNAL = "https://beta.example.org/sharepoint"
B_FAILING = "https://beta.example.org/flaky"
RECORDS = {  # id -> (Spanish title, English title, links)
    "beta-record": ("Práctica Beta", "Beta practice",
                    [{"url": B_BROKEN}, {"url": B_MOVED}, {"url": B_INTERNAL, "restricted": True},
                     {"url": B_FAILING}]),
    "alpha-record": ("Práctica Alfa", "Alpha practice", [{"url": A_OK}, {"url": A_BROKEN}]),
}  # fmt: skip
RUN = "2024-05-03T04:05:06+00:00"


def _entry(url, result, status, practices, streak=0, broken=False, final=None, last_ok=RUN):
    return {
        "url": url, "result": result, "http_status": status, "final_url": final or url,
        "practices": practices, "checked_at": RUN, "consecutive_failures": streak,
        "first_failed": "2024-05-01T04:00:00+00:00" if streak else None, "last_ok": last_ok,
        "broken": broken, "detail": result,
    }  # fmt: skip


REPORT = {
    "generated_at": RUN,
    "failure_threshold": 3,
    "links": [
        _entry(A_OK, "ok", 200, ["alpha-record"]),
        _entry(A_BROKEN, "not-found", 404, ["alpha-record"], 3, True, last_ok="2024-04-30T04:00Z"),
        _entry(B_BROKEN, "unreachable", None, ["beta-record"], 4, True, last_ok=None),
        _entry(B_MOVED, "redirected", 200, ["beta-record"], final=B_MOVED_TO),
        _entry(B_INTERNAL, "restricted", 403, ["beta-record"]),
        _entry(B_FAILING, "server-error", 500, ["beta-record"], 1, last_ok=None),
    ],
}
SECTIONS = ["broken", "redirected", "failing", "restricted", "ok"]


def _catalogue(folder):
    folder.mkdir()
    for rid, (es, en, links) in RECORDS.items():
        record = copy.deepcopy(EXAMPLE)
        record.update(id=rid, title={"es": es, "en": en}, links=links)
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        (folder / f"{rid}.yml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def health_site(tmp_path_factory) -> BuiltSite:
    base = tmp_path_factory.mktemp("health")
    report = base / "links.json"
    report.write_text(json.dumps(REPORT), encoding="utf-8")
    return _build_or_fail(_catalogue(base / "practices"), base / "site", "--links", str(report))


@pytest.fixture(scope="module")
def unchecked_site(tmp_path_factory) -> BuiltSite:
    base = tmp_path_factory.mktemp("unchecked")
    missing = base / "no-report-here.json"
    return _build_or_fail(_catalogue(base / "practices"), base / "site", "--links", str(missing))


def _resolve(page: str, href: str) -> str:
    return posixpath.normpath(posixpath.join("/" + page, href)).lstrip("/") + "/"


@pytest.mark.parametrize("lang", LANGS)
def test_health_page_lists_broken_links_first_by_practice_with_file(health_site, lang):
    page = PREFIX[lang] + "enlaces/"
    html = health_site.html(page)
    body = html.select_one(".bp-link-health")
    assert [s["data-section"] for s in body.select("section")] == SECTIONS
    states = [li["data-state"] for li in body.select("li[data-state]")]
    assert states[:2] == ["broken", "broken"] and "broken" not in states[2:]
    broken = body.select_one("section[data-section=broken]")
    groups = broken.select(".bp-health-group")
    titles = {"es": ["Práctica Alfa", "Práctica Beta"], "en": ["Alpha practice", "Beta practice"]}
    assert [g.select_one("h3").get_text() for g in groups] == titles[lang]
    for group, rid, url in zip(groups, ["alpha-record", "beta-record"], [A_BROKEN, B_BROKEN],
                               strict=True):  # fmt: skip
        assert group["data-practice"] == rid
        assert group.select_one(".bp-health-file code").get_text() == f"practices/{rid}.yml"
        assert group.select_one(".bp-health-file a")["href"].endswith(
            f"/edit/main/practices/{rid}.yml"
        )
        assert _resolve(page, group.select_one("h3 a")["href"]) == f"{PREFIX[lang]}practicas/{rid}/"
        (item,) = group.select("li")
        assert item.select_one("a")["href"] == url
        assert item.select_one("a.bp-wayback")["href"] == WAYBACK + url
    assert "2024-05-01" in groups[0].get_text() and "2024-04-30" in groups[0].get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_health_page_summary_fix_and_could_not_verify(health_site, lang):
    body = health_site.html(PREFIX[lang] + "enlaces/").select_one(".bp-link-health")
    assert "2024-05-03 04:05 UTC" in body.select_one(".bp-health-run").get_text()
    counts = [int(td.get_text()) for td in body.select(".bp-health-summary tbody td:last-child")]
    assert counts == [1, 1, 1, 1, 1, 1, 2]  # RESULTS order, then broken
    moved = body.select_one("section[data-section=redirected] li")
    assert moved.select_one(".bp-health-fix code").get_text() == B_MOVED_TO
    restricted = body.select_one("section[data-section=restricted] li")
    words = {"es": ("no se pudo verificar", "roto"), "en": ("could not verify", "broken")}[lang]
    assert words[0] in restricted.get_text() and words[1] not in restricted.get_text()
    assert not restricted.select("a.bp-wayback")
    failing = body.select_one("section[data-section=failing] li")
    assert failing["data-state"] == "server-error" and not failing.select("a.bp-wayback")


@pytest.mark.parametrize("lang", LANGS)
def test_health_page_without_report_says_no_check_has_run(unchecked_site, lang):
    """One sentence on the link-health page, nothing beside each link (issue 11, point 8)."""
    html = unchecked_site.html(PREFIX[lang] + "enlaces/")
    expected = {"es": "Todavía no se ha hecho ninguna comprobación", "en": "No link check has run"}
    readers = html.select_one(".bp-link-health-readers")
    assert readers.get_text(" ", strip=True).startswith(expected[lang])
    assert html.get_text().count(expected[lang]) == 1
    assert not html.select_one(".bp-link-health").get_text(strip=True)
    assert not html.select(".bp-link-health section, .bp-link-health li, .bp-health-down")
    practice = unchecked_site.html(PREFIX[lang] + "practicas/alpha-record/")
    assert practice.select("ul.bp-links > li"), "no link to check"
    assert not practice.select(".bp-link-state")
    not_checked = {"es": "aún no comprobado", "en": "not checked yet"}[lang]
    assert not_checked not in practice.get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_practice_page_offers_wayback_for_broken_and_could_not_verify(health_site, lang):
    items = {
        li.select_one("a")["href"]: li
        for rid in RECORDS
        for li in health_site.html(f"{PREFIX[lang]}practicas/{rid}/").select("ul.bp-links > li")
    }
    checked = {"es": "comprobado el 2024-05-03", "en": "checked on 2024-05-03"}[lang]
    for url in (A_BROKEN, B_BROKEN):
        state = items[url].select_one(".bp-link-state")
        assert state["data-state"] == "broken"
        assert state.select_one("a.bp-wayback")["href"] == f"https://web.archive.org/web/2023/{url}"
        assert checked in state.get_text()
    for url in (A_OK, B_MOVED, B_INTERNAL, B_FAILING):
        assert not items[url].select("a.bp-wayback"), url
    internal = items[B_INTERNAL].select_one(".bp-link-state")
    words = {"es": ("no se pudo verificar", "roto"), "en": ("could not verify", "broken")}[lang]
    assert internal["data-state"] == "restricted"
    assert words[0] in internal.get_text() and words[1] not in internal.get_text()
    assert checked in internal.get_text()


def test_health_page_is_in_the_navigation(health_site):
    for lang, label in (("es", "Estado de los enlaces"), ("en", "Link health")):
        nav = health_site.html(PREFIX[lang]).select("nav.md-nav--primary a.md-nav__link")
        assert label in [a.get_text(strip=True) for a in nav]


@pytest.mark.parametrize("lang", LANGS)
def test_health_page_speaks_to_readers_first(health_site, lang):
    """Issue 11, point 8: when the links were checked, how many work, which are down (each
    with its practice and the Wayback Machine's copy), before the maintainers' part."""
    html = health_site.html(PREFIX[lang] + "enlaces/")
    readers = html.select_one(".bp-link-health-readers")
    maintainers = html.select_one(".bp-link-health")
    order = [e for e in html.select(".bp-link-health-readers, h2, .bp-link-health")]
    assert order.index(readers) < order.index(maintainers)
    heading = {"es": "Para quienes mantienen el sitio", "en": "For the site's maintainers"}[lang]
    titles = [h.get_text(strip=True).rstrip("¶") for h in html.select("h2")]
    assert titles.index(heading) > titles.index(readers.select_one("h2").get_text(strip=True))
    assert "2024-05-03 04:05 UTC" in readers.select_one(".bp-health-when").get_text()
    links = REPORT["links"]
    numbers = [int(n) for n in readers.select_one(".bp-health-counts").get_text().split()
               if n.strip(",").isdigit()]  # fmt: skip
    broken = [e for e in links if e["broken"]]
    working = [e for e in links if not e["broken"] and e["result"] in ("ok", "redirected")]
    failing = [
        e
        for e in links
        if not e["broken"] and e["result"] not in ("ok", "redirected", "restricted")
    ]
    unverified = [e for e in links if not e["broken"] and e["result"] == "restricted"]
    assert numbers == [len(links), len(working), len(broken), len(failing), len(unverified)]
    down = readers.select("ul.bp-health-down > li")
    assert {(li["data-practice"], li.select_one("a.bp-url")["href"]) for li in down} == {
        (p, e["url"]) for e in broken for p in e["practices"]
    }
    for li in down:
        url = li.select_one("a.bp-url")["href"]
        assert li.select_one("a.bp-wayback")["href"] == WAYBACK + url
