"""scripts/check_links.py against real servers on 127.0.0.1 (tests/conftest_links.py)."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

import check_links
from catalogue import ROOT
from conftest import EXAMPLE as EXAMPLE_FILE
from conftest_links import CASES, HOSTILE, HostileServer
from linkclass import RESULTS

# The tests' own record (never a real one: a real record's sources are on the internet).
EXAMPLE = yaml.safe_load(EXAMPLE_FILE.read_text(encoding="utf-8"))
TIMEOUT = 2  # per request, seconds
BOUND = 40  # whole run, seconds


def write_records(folder: Path, links_by_id: dict[str, list[dict]], **fields) -> Path:
    """One record per id with those links (and any other `fields`, the same for each)."""
    folder.mkdir(parents=True, exist_ok=True)
    for rid, links in links_by_id.items():
        record = copy.deepcopy(EXAMPLE)
        record["id"] = rid
        record["links"] = links
        record.update(copy.deepcopy(fields))
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
        (folder / f"{rid}.yml").write_text(text, encoding="utf-8")
    return folder


def run(practices: Path, output: Path, *extra: str) -> int:
    args = ["--practices", str(practices), "--output", str(output), "--allow-private"]
    args += ["--timeout", str(TIMEOUT), "--bound", str(BOUND), "--rate", "10", *extra]
    return check_links.main(args)


def by_url(output: Path) -> dict[str, dict]:
    document = json.loads((output / "links.json").read_text(encoding="utf-8"))
    return {link["url"]: link for link in document["links"]}


@pytest.fixture(scope="module")
def every_case(link_servers, tmp_path_factory):
    """One run over one record per case, plus a restricted-marked 404; (output, seconds)."""
    base = tmp_path_factory.mktemp("every-case")
    links = {f"case-{case}": [{"url": link_servers.url(case)}] for case in CASES}
    links["case-marked-restricted"] = [
        {"url": link_servers.url("not-found") + "?sharepoint", "restricted": True}
    ]
    practices = write_records(base / "practices", links)
    assert run(practices, base / "out") == 0  # the bound's effect: test_links_inconclusive
    return base / "out", None


@pytest.mark.parametrize("case", list(CASES))
def test_each_case_is_classified(every_case, link_servers, case):
    output, _ = every_case
    link = by_url(output)[link_servers.url(case)]
    assert link["result"] == link_servers.expected(case), link
    assert link["practices"] == [f"case-{case}"]


def test_permanent_redirect_records_the_final_url(every_case, link_servers):
    links = by_url(every_case[0])
    moved = links[link_servers.url("chain-301-308")]
    assert moved["final_url"].endswith("/ok") and moved["http_status"] == 200
    report = (every_case[0] / "links.md").read_text(encoding="utf-8")
    assert f"replace the record's `url:` with `{moved['final_url']}`" in report


def test_statuses_and_link_marked_restricted(every_case, link_servers):
    links = by_url(every_case[0])
    assert links[link_servers.url("gone")]["http_status"] == 410
    assert links[link_servers.url("rate-limited")]["http_status"] == 429
    assert "Retry-After: 3600" in links[link_servers.url("rate-limited")]["detail"]
    marked = links[link_servers.url("not-found") + "?sharepoint"]
    assert marked["result"] == "restricted" and marked["http_status"] == 404


def test_links_json_format(every_case):
    document = json.loads((every_case[0] / "links.json").read_text(encoding="utf-8"))
    assert set(document) >= {"generated_at", "summary", "links"}
    assert sum(document["summary"].values()) == len(document["links"]) == len(CASES) + 1
    keys = {"url", "result", "http_status", "final_url", "practices", "checked_at",
            "consecutive_failures", "first_failed", "last_ok"}  # fmt: skip
    for link in document["links"]:
        assert keys <= set(link)
        failed = link["result"] in ("not-found", "server-error", "unreachable")
        assert link["consecutive_failures"] == (1 if failed else 0)
        assert (link["first_failed"] is not None) == failed
        assert link["broken"] is False  # one run is not enough


def live_markdown(report: str) -> list[str]:
    """What HOSTILE made live in `report` once rendered as Markdown: links to its site, images,
    its HTML, and its @mention outside a code span (where GitHub would notify the team)."""
    soup = BeautifulSoup(markdown.markdown(report), "html.parser")
    live = [str(a) for a in soup.find_all("a") if "evil.example" in a.get("href", "")]
    live += [str(img) for img in soup.find_all("img")]
    live += [
        str(t) for t in soup.find_all(string=lambda t: "@org" in t) if not t.find_parent("code")
    ]
    return live


def test_what_a_server_says_reaches_the_report_as_inert_text(hostile_server, tmp_path):
    """A reason phrase, a Retry-After value and redirect targets are the server's words: the
    report (the nightly issue's body) shows them, but as text, never as Markdown."""
    cases = list(HostileServer.PATHS)
    practices = write_records(
        tmp_path / "p", {f"hostile-{case}": [{"url": hostile_server.url(case)}] for case in cases}
    )
    assert run(practices, tmp_path / "out", "--threshold", "1") == 0
    links = by_url(tmp_path / "out")
    assert [links[hostile_server.url(case)]["result"] for case in cases] == [
        "not-found", "restricted", "restricted", "redirected"]  # fmt: skip
    assert HOSTILE.strip() in links[hostile_server.url("not-found")]["detail"]
    report = (tmp_path / "out" / "links.md").read_text(encoding="utf-8")
    assert "@org/maintainers" in report
    assert live_markdown(report) == []


@pytest.mark.parametrize("section", ["broken", "failing", "restricted", "redirected"])
def test_every_section_shows_remote_text_inert(section, tmp_path):
    link = {"url": "https://example.org/a", "result": "not-found", "http_status": 404,
            "final_url": "https://example.org/a", "practices": ["one"],
            "checked_at": "2024-01-02T00:00:00+00:00", "consecutive_failures": 1,
            "first_failed": "2024-01-02T00:00:00+00:00", "last_ok": None, "broken": False,
            "detail": "HTTP 404 " + HOSTILE}  # fmt: skip
    if section == "broken":
        link.update(broken=True)
    elif section == "restricted":
        link.update(result="restricted", http_status=429, consecutive_failures=0)
    elif section == "redirected":
        link.update(result="redirected", http_status=200, final_url="https://x.example/" + HOSTILE)
    summary = {**dict.fromkeys(RESULTS, 0), link["result"]: 1}
    document = {"generated_at": "2024-01-02T00:00:00+00:00", "failure_threshold": 3,
                "summary": summary, "links": [link]}  # fmt: skip
    report = check_links.render_markdown(document, tmp_path, [])
    assert "@org/maintainers" in report
    assert live_markdown(report) == []


def test_private_urls_are_refused_without_the_flag(link_servers, tmp_path, capsys):
    practices = write_records(tmp_path / "p", {"local": [{"url": link_servers.url("ok")}]})
    code = check_links.main(["--practices", str(practices), "--output", str(tmp_path / "o")])
    assert code == 1
    assert "URL to a loopback address" in capsys.readouterr().out
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "host", ["127.1", "2130706433", "0x7f000001", "0", "\uff11\uff12\uff17.\uff10.\uff10.\uff11"]
)
def test_private_urls_in_other_spellings_are_refused_without_the_flag(
    link_servers, tmp_path, capsys, host
):
    """The checker refuses what the validator refuses (rules.browser_host): 127.1 & co. are
    127.0.0.1 to LinkChecker's resolver too, and 0 is 0.0.0.0, this machine."""
    port = urlsplit(link_servers.url("ok")).port
    url = f"http://{host}:{port}/ok"
    practices = write_records(tmp_path / "p", {"local": [{"url": url}]})
    code = check_links.main(["--practices", str(practices), "--output", str(tmp_path / "o")])
    assert code == 1
    assert "local.yml" in capsys.readouterr().out
    assert not (tmp_path / "o").exists()


def test_invalid_records_stop_the_check(tmp_path, capsys):
    practices = write_records(tmp_path / "p", {"bad": [{"url": "ftp://example.org/x"}]})
    assert run(practices, tmp_path / "o") == 1
    out = capsys.readouterr().out
    assert "bad.yml" in out and "links[0].url" in out
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "text",
    ["{not json", '{"links": "nope"}', '{"links": [{"url": "http://x/", "result": "ok"}]}',
     '{"links": [{"url": "http://x/", "result": "ok", "consecutive_failures": -1}]}'],
)  # fmt: skip
def test_malformed_history_is_reported_and_kept(link_servers, tmp_path, capsys, text):
    practices = write_records(tmp_path / "p", {"one": [{"url": link_servers.url("ok")}]})
    history = tmp_path / "history.json"
    history.write_text(text, encoding="utf-8")
    assert run(practices, tmp_path / "o", "--history", str(history)) == 1
    assert "malformed history" in capsys.readouterr().err
    assert history.read_text(encoding="utf-8") == text
    assert not (tmp_path / "o").exists()


def test_killed_run_leaves_the_last_report_intact(link_servers, tmp_path):
    practices = write_records(tmp_path / "p", {"fast": [{"url": link_servers.url("ok")}]})
    output = tmp_path / "out"
    assert run(practices, output) == 0
    before = {name: (output / name).read_bytes() for name in ("links.json", "links.md")}
    write_records(practices, {"slow": [{"url": link_servers.url("hang")}]})
    command = [sys.executable, str(ROOT / "scripts" / "check_links.py"), "--practices",
               str(practices), "--output", str(output), "--allow-private", "--timeout", "30",
               "--bound", "60"]  # fmt: skip
    hang = link_servers.raw("hang")
    connections = hang.accepted
    proc = subprocess.Popen(command, start_new_session=True, cwd=ROOT)
    assert hang.wait_for_connection(connections, 120, stop=lambda: proc.poll() is not None), (
        "LinkChecker never reached the server that never answers"
    )
    assert proc.poll() is None  # LinkChecker is now waiting on that server
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = {name: (output / name).read_bytes() for name in ("links.json", "links.md")}
    assert after == before
    assert json.loads(after["links.json"])["links"][0]["result"] == "ok"


def test_further_sources_enter_the_link_check(link_servers, tmp_path):
    """A practice sheet's sources are checked like the report's links, under their practice."""
    source = {
        "url": link_servers.url("not-found") + "?source",
        "title": "Fuente",
        "publisher": "Ministerio",
        "accessed": "2026-12-04",
        "supports": ["description"],
    }
    description = {"es": "Qué es.", "en": "What it is."}
    practices = write_records(
        tmp_path / "p",
        {"with-source": [{"url": link_servers.url("ok")}]},
        description=description,
        further_sources=[source],
    )
    assert run(practices, tmp_path / "out") == 0
    links = by_url(tmp_path / "out")
    assert links[source["url"]]["result"] == "not-found"
    assert links[source["url"]]["practices"] == ["with-source"]
    assert links[link_servers.url("ok")]["result"] == "ok"
