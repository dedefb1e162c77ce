"""The real catalogue: valid, and it covers what the IV Plenary report lists, URL for URL."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from catalogue import ROOT, load_practices
from countries import country_name, is_country

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
    in_report = {re.sub(r"#:~:text=.*", "", u) for u in re.findall(r"https?://\S+", report)}
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
    twice = [
        p
        for p in practices
        if len({m["section"] for m in p["source"]["mentions"] if m["kind"] == "list"}) > 1
    ]
    assert [p["id"] for p in twice] == ["lineamientos-desplazados-desastres-csm"]
    assert {"trafficking-smuggling", "environment-climate"} <= set(twice[0]["themes"])
    assert len(twice[0]["links"]) == 2


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
