"""The real catalogue: valid, and it covers what the IV Plenary report lists, URL for URL."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from catalogue import ROOT, load_practices
from countries import country_name, is_country
from membership import applies_to, membership_problems, memberships
from rules import organization_named

EVENT = "iv-plenary-crm-csm-2023"


@pytest.fixture(scope="session")
def practices(taxonomies):
    return load_practices(taxonomies=taxonomies)


@pytest.fixture(scope="session")
def report(taxonomies) -> str:
    return (ROOT / taxonomies["events"][EVENT]["report_file"]).read_text(encoding="utf-8")


def squash(text: str) -> str:
    return " ".join(text.split())


def test_make_validate_is_clean():
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py")], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout
    assert run.stdout == ""


def list_bullets(report: str) -> dict[int, list[str]]:
    """The bullets of the 'BUENAS PRÁCTICAS ... / POLÍTICAS y HERRAMIENTAS' list of each session."""
    sessions = re.split(r"\nSESIÓN (\d)\.? ", report)
    out = {}
    for number, body in zip(sessions[1::2], sessions[2::2], strict=True):
        heading = re.search(r"\n(BUENAS PRÁCTICAS|POLÍTICAS y HERRAMIENTAS)", body)
        assert heading, f"session {number} has no list"
        block = body[heading.start() :]
        block = re.split(r"\n(SESIÓN|CONCLUSIONES)", block)[0]
        bullets = []
        for chunk in block.split("•")[1:]:
            # a bullet goes on until a blank line or a URL block
            text = re.split(r"\n\s*\n|\nhttps?://", chunk)[0]
            bullets.append(squash(text))
        out[int(number)] = bullets
    return out


def test_report_lists_43_bullets(report):
    bullets = list_bullets(report)
    assert {n: len(b) for n, b in bullets.items()} == {1: 4, 2: 10, 3: 10, 4: 4, 5: 6, 6: 9}


def test_every_list_bullet_has_its_record_with_its_session_theme(report, practices, taxonomies):
    theme_of_session = {t["session"]: tid for tid, t in taxonomies["themes"].items()}
    mentions = {
        (m["section"], squash(m["text"])): p
        for p in practices
        for m in p["source"]["mentions"]
        if m["kind"] == "list"
    }
    missing = []
    for session, bullets in list_bullets(report).items():
        for bullet in bullets:
            record = mentions.get((f"session-{session}", bullet))
            if record is None:
                missing.append((session, bullet))
            else:
                assert theme_of_session[session] in record["themes"], record["id"]
    assert missing == []
    assert len(mentions) == 43


def test_every_url_of_the_report_is_in_exactly_one_record(report, practices):
    """Exactly as printed, a text fragment (#:~:text=...) included."""
    in_report = set(re.findall(r"https?://\S+", report))
    in_records = [link["url"] for p in practices for link in p["links"]]
    assert len(in_records) == len(set(in_records))
    assert set(in_records) == in_report


def test_mention_texts_are_verbatim(report, practices):
    text = squash(report)
    for practice in practices:
        for mention in practice["source"]["mentions"]:
            assert squash(mention["text"]) in text, (practice["id"], mention["text"])


def test_sharepoint_links_are_restricted(practices):
    sharepoint = [link for p in practices for link in p["links"] if "sharepoint.com" in link["url"]]
    assert len(sharepoint) == 2
    assert all(link.get("restricted") is True for link in sharepoint)
    assert not any(
        link.get("restricted") for p in practices for link in p["links"] if link not in sharepoint
    )


@pytest.mark.parametrize(
    "name",
    [
        "Tarjeta Andina de Migración",
        "Estatuto Migratorio Andino",
        "Darién no es una ruta",
        "Programa de Formación en Políticas y Gobernanza",
        "Seminario Fortalecimiento de capacidades para gobiernos locales",
    ],
)
def test_narrative_practices_have_records(practices, name):
    assert [p["id"] for p in practices if name.lower() in p["title"]["es"].lower()]


def test_practice_in_two_lists_is_one_record(practices):
    twice = {
        p["id"]: p
        for p in practices
        if len({m["section"] for m in p["source"]["mentions"] if m["kind"] == "list"}) > 1
    }
    # the CSM guidelines (sessions 3 and 5) and the CAPMiR (sessions 2 and 6, merged: issue 8)
    assert sorted(twice) == ["capmir-guatemala", "lineamientos-desplazados-desastres-csm"]
    lineamientos = twice["lineamientos-desplazados-desastres-csm"]
    assert {"trafficking-smuggling", "environment-climate"} <= set(lineamientos["themes"])
    assert {"irregular-migration", "local-governments"} <= set(twice["capmir-guatemala"]["themes"])
    for record in twice.values():
        assert len(record["links"]) == 2, record["id"]


def test_usfroh_training_is_one_record_with_the_defensoria_link(practices):
    """The two bullets (the training's name, then the title of its link) are one practice."""
    found = [p for p in practices if "defensoria.gob.pa" in " ".join(x["url"] for x in p["links"])]
    assert [p["id"] for p in found] == ["capacitacion-usfroh-senafront"]
    texts = [m["text"] for m in found[0]["source"]["mentions"]]
    assert texts[0] == "Capacitación USFROH-SENAFRONT" and len(texts) == 2


def test_taxonomies_are_bilingual(taxonomies):
    for name in ("themes", "types", "organizations"):
        for key, entry in taxonomies[name].items():
            assert set(entry["label"]) == {"es", "en"}, (name, key)
            assert entry["label"]["es"].strip() and entry["label"]["en"].strip(), (name, key)
    assert sorted(taxonomies["gcm_objectives"]) == list(range(1, 24))
    for number, title in taxonomies["gcm_objectives"].items():
        assert set(title) == {"es", "en"}, number
        assert title["es"].strip() and title["en"].strip(), number
    sessions = sorted(t["session"] for t in taxonomies["themes"].values())
    assert sessions == [1, 2, 3, 4, 5, 6]


def test_membership_as_the_report_gives_it(taxonomies, report):
    orgs = taxonomies["organizations"]
    assert len(orgs["crm"]["members"]) == 11 and len(orgs["csm"]["members"]) == 12
    for process in ("crm", "csm"):
        for code in orgs[process]["members"]:
            assert is_country(code)
    # Names from CLDR (Babel) in both languages, no hand-typed table.
    assert country_name("DO", "es") == "República Dominicana"
    assert country_name("DO", "en") == "Dominican Republic"
    assert "11 países" in report and "Surinam" in report


# --- issue 8: the catalogue's fidelity to the report, rule by rule ----------------------


# Where each section of the report starts: taxonomies/events.yml's `start` of each section, in
# the report's order (the report's page cuts the text there too). Session 1 starts where the
# report says "En la primera sesión": the CAN's message, printed before the session 1 heading,
# belongs to it by the report's own words. Annex 1 (the attendance list) is no section: its
# start ends the section before it.
def section_starts(taxonomies) -> list[tuple[str, str]]:
    sections = taxonomies["events"][EVENT]["sections"]
    starts = [(k, v["start"]) for k, v in sections.items()]
    at = next(i for i, (k, _) in enumerate(starts) if k == "annex-2")
    return starts[:at] + [("annex-1", "ANEXO 1.")] + starts[at:]


@pytest.fixture(scope="session")
def section_spans(report, taxonomies) -> dict[str, str]:
    text = squash(report)
    starts, position = [], 0
    for section, marker in section_starts(taxonomies):
        position = text.index(marker, position)
        starts.append((section, position))
    ends = [start for _, start in starts[1:]] + [len(text)]
    return {section: text[start:end] for (section, start), end in zip(starts, ends, strict=True)}


def test_every_mention_is_in_its_section_of_the_report(practices, section_spans, taxonomies):
    sections = taxonomies["events"][EVENT]["sections"]
    assert set(sections) <= set(section_spans), "a section of events.yml has no start here"
    misplaced = [
        (p["id"], m["section"], m["text"][:60])
        for p in practices
        for m in p["source"]["mentions"]
        if squash(m["text"]) not in section_spans[m["section"]]
    ]
    assert misplaced == []


def test_theme_follows_the_sections_and_other_themes_have_a_reason(practices, taxonomies):
    sections = taxonomies["events"][EVENT]["sections"]
    for p in practices:
        placed = {sections[m["section"]].get("theme") for m in p["source"]["mentions"]} - {None}
        reasons = p["source"].get("theme_reasons", {})
        assert placed <= set(p["themes"]), p["id"]
        for theme in p["themes"]:
            assert theme in placed or reasons.get(theme, "").strip(), (p["id"], theme)


@pytest.mark.parametrize(
    "record_id",
    [
        "normativa-migratoria-supranacional-can",
        "transito-intrarregional-sin-pasaporte-can",
        "ventanillas-especiales-aeropuertos-can",
        "tarjeta-andina-migracion",
        "estatuto-migratorio-andino",
    ],
)
def test_can_message_is_session_1(practices, record_id):
    record = next(p for p in practices if p["id"] == record_id)
    assert {m["section"] for m in record["source"]["mentions"]} == {"session-1"}
    assert "observatory" in record["themes"]
    assert any("Comunidad Andina (CAN)" in m["text"] for m in record["source"]["mentions"])


def test_regional_record_lists_no_country(practices):
    for p in practices:
        if p["scope"] in ("regional", "international"):
            assert p["countries"] == [] and p["source"]["countries"] == {}, p["id"]


@pytest.mark.parametrize(
    "record_id,country,role",
    [
        ("observatorio-movilidad-humana", "PA", "proposer"),
        ("programa-formacion-gobernanza-migratoria-crm", "MX", "pro-tempore-presidency"),
        ("seminario-capacidades-gobiernos-locales-crm", "SV", "pro-tempore-presidency"),
    ],
)
def test_proposer_or_presidency_is_a_role_with_the_reports_words(
    practices, report, record_id, country, role
):
    record = next(p for p in practices if p["id"] == record_id)
    assert record["countries"] == []
    roles = record["source"]["roles"]
    assert [(r["country"], r["role"]) for r in roles] == [(country, role)]
    assert squash(roles[0]["text"]) in squash(report)


def test_every_role_text_is_verbatim(practices, report):
    text = squash(report)
    for p in practices:
        for role in p["source"].get("roles", []):
            assert squash(role["text"]) in text, (p["id"], role["text"])


def test_every_inferred_country_has_a_note(practices):
    for p in practices:
        for code, evidence in p["source"]["countries"].items():
            if evidence["basis"] == "inferred":
                assert evidence.get("note", "").strip(), (p["id"], code)


def test_peru_consultations_country_is_inferred(practices):
    record = next(p for p in practices if p["id"] == "consulta-poblacion-venezolana-peru")
    assert record["source"]["countries"]["PE"]["basis"] == "inferred"
    assert "territorio peruano" in record["source"]["countries"]["PE"]["note"]


def test_host_domain_is_not_an_organisation(practices, taxonomies):
    """An organisation whose site hosts a link, and that the report does not name for the
    practice, is only listed with evidence saying what more than hosting shows it."""
    orgs = taxonomies["organizations"]
    hosted_only = []
    for p in practices:
        hosts = {urlsplit(link["url"]).hostname for link in p["links"]}
        mentioned = squash(" ".join(m["text"] for m in p["source"]["mentions"]))
        for org_id in p.get("organizations", []):
            domains = orgs[org_id].get("domains", [])
            hosting = any(h == d or h.endswith("." + d) for h in hosts for d in domains)
            evidence = p["source"].get("organizations", {}).get(org_id, {})
            if (
                hosting
                and not organization_named(mentioned, orgs[org_id])
                and not evidence.get("note")
            ):
                hosted_only.append((p["id"], org_id))
    assert hosted_only == []
    protocol = next(p for p in practices if p["id"] == "protocolo-trata-personas-mujeres-ninos")
    assert "oas" not in protocol["organizations"] and "un" in protocol["organizations"]


def test_english_text_says_rcm_and_sacm(practices):
    """The English site says RCM/SACM: no English title or summary says CRM or CSM."""
    for p in practices:
        for field in ("title", "summary"):
            assert not re.search(r"\b(CRM|CSM)\b", p[field]["en"]), (p["id"], field)


@pytest.mark.parametrize(
    "name,section",
    [
        ("Campaña regional de comunicación", "session-4"),
        ("Declaración de Principios Migratorios y Lineamientos Generales", "introduction"),
        ("Declaración sobre Migración y Protección de Los Ángeles", "session-5"),
        ("Estación Temporal de Recepción Migratoria (ETRM) Lajas Blancas", "darien-note"),
        ("Estación Temporal de Recepción Migratoria (ETRM) San Vicente", "darien-note"),
    ],
)
def test_items_the_report_names_have_records(practices, name, section):
    found = [p for p in practices if name.lower() in p["title"]["es"].lower()]
    assert len(found) == 1, name
    assert section in {m["section"] for m in found[0]["source"]["mentions"]}


# --- membership and applies_to ----------------------------------------------------------


def test_every_membership_list_has_a_source(taxonomies):
    assert membership_problems(taxonomies) == []
    bodies = memberships(taxonomies)
    assert {"crm", "csm", "can", "ca4"} <= set(bodies)
    for body in bodies:
        source = taxonomies["organizations"][body]["members_source"]
        assert urlsplit(source["url"]).scheme == "https" and source["title"].strip(), body


def test_membership_problems_are_reported(taxonomies):
    broken = copy.deepcopy(taxonomies)
    del broken["organizations"]["can"]["members_source"]
    broken["organizations"]["ca4"]["members"].append("XX")
    problems = membership_problems(broken)
    assert any("can.members_source.url: missing" in p for p in problems), problems
    assert any("ca4.members[4]: unknown country" in p and "'XX'" in p for p in problems)


def test_every_body_named_by_a_record_with_members_is_regional(practices, taxonomies):
    """Every regional body a record names has its member list (issue 8: CA-4, CAN, CRM, CSM),
    or says why it has none (members_note: the AIAMP's members are prosecutors' offices)."""
    kinds = ("consultative-process", "regional")
    bodies = memberships(taxonomies)
    used = {o for p in practices for o in p.get("organizations", [])}
    for org_id in used:
        if taxonomies["organizations"][org_id]["kind"] in kinds:
            org = taxonomies["organizations"][org_id]
            assert org_id in bodies or org.get("members_note"), f"{org_id}: no members list"


def test_applies_to_adds_the_members_of_the_regional_bodies(practices, taxonomies):
    by_id = {p["id"]: p for p in practices}
    assert applies_to(by_id["convenio-ca4"], taxonomies) == ["GT", "HN", "NI", "SV"]
    assert applies_to(by_id["tarjeta-andina-migracion"], taxonomies) == ["BO", "CO", "EC", "PE"]
    assert applies_to(by_id["capmir-guatemala"], taxonomies) == ["GT"]  # IOM has no members
    crm = taxonomies["organizations"]["crm"]["members"]
    assert applies_to(by_id["seminario-capacidades-gobiernos-locales-crm"], taxonomies) == sorted(
        crm
    )
    own_and_body = {"countries": ["AR"], "organizations": ["can", "iom"]}
    assert applies_to(own_and_body, taxonomies) == ["AR", "BO", "CO", "EC", "PE"]
    assert applies_to({"countries": [], "organizations": []}, taxonomies) == []


def test_every_member_country_has_a_practice_that_applies_to_it(practices, taxonomies):
    """Honduras, Nicaragua, the United States, Belize, Guyana, Paraguay and Suriname had
    "0 prácticas" while regional practices cover them."""
    covered = {c for p in practices for c in applies_to(p, taxonomies)}
    members = set(memberships(taxonomies)["crm"]) | set(memberships(taxonomies)["csm"])
    assert members - covered == set()


# --- the frame pages say what the report says -------------------------------------------


def test_conclusions_page_quotes_the_report_and_marks_its_correction(report):
    """docs/conclusiones.md gives the report's words; a correction is marked [*sic*: ...]."""
    page = (ROOT / "docs" / "conclusiones.md").read_text(encoding="utf-8")
    body = page[page.index("De la reunión") : page.index("Véase también")]
    body = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", body)  # links keep their text
    corrections = re.findall(r" \[\*sic\*: [^\]]+\]", body)
    assert corrections == [" [*sic*: comprensión]"]
    for correction in corrections:
        body = body.replace(correction, "")
    text = squash(report)
    for item in re.split(r"\n\s*- |\n\n", body):
        assert squash(item) in text, item


@pytest.mark.parametrize("lang", ["", ".en"])
def test_efforts_the_report_recalls_are_not_proposals(lang):
    """Session 6: the report says the two CRM efforts "se recordaron", it does not propose them."""
    page = (ROOT / "docs" / "temas" / f"local-governments{lang}.md").read_text(encoding="utf-8")
    heading = "## Propuestas" if not lang else "## Proposals"
    proposals = page[page.index(heading) :].split("\n## ")[0]
    assert "Programa de Formación" not in proposals and "Training Programme" not in proposals
    assert "Seminario" not in proposals and "Seminar" not in proposals
