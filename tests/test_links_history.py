"""The history rules over several runs (scripts/linkhistory.py, through check_links)."""

from __future__ import annotations

import json

from test_links_check import run, write_records


def _runs(practices, output, server, statuses: list[int]) -> list[dict[str, dict]]:
    """Run the check once per status; each run's links by URL."""
    states = []
    for status in statuses:
        server.status = status
        assert run(practices, output) == 0
        document = json.loads((output / "links.json").read_text(encoding="utf-8"))
        states.append({link["url"]: link for link in document["links"]})
    return states


def test_broken_after_three_failures_then_cleared(switch_server, tmp_path):
    url = switch_server.base + "page"
    practices = write_records(tmp_path / "p", {"flaky": [{"url": url}]})
    output = tmp_path / "out"
    states = _runs(practices, output, switch_server, [500, 500, 404])
    streak = [s[url]["consecutive_failures"] for s in states]
    assert streak == [1, 2, 3]
    assert [s[url]["broken"] for s in states] == [False, False, True]
    assert states[2][url]["first_failed"] == states[0][url]["checked_at"]
    assert states[2][url]["result"] == "not-found" and states[2][url]["last_ok"] is None

    report = (output / "links.md").read_text(encoding="utf-8")
    broken_part = report.split("## Broken links (1)")[1].split("## Moved")[0]
    assert "### flaky" in broken_part and "flaky.yml" in broken_part
    assert f"<{url}>" in broken_part and f"https://web.archive.org/web/2023/{url}" in broken_part

    recovered = _runs(practices, output, switch_server, [200, 503])
    assert recovered[0][url]["consecutive_failures"] == 0
    assert recovered[0][url]["first_failed"] is None and recovered[0][url]["broken"] is False
    assert recovered[0][url]["last_ok"] == recovered[0][url]["checked_at"]
    assert recovered[1][url]["consecutive_failures"] == 1  # a new streak starts from one
    assert recovered[1][url]["first_failed"] == recovered[1][url]["checked_at"]
    assert recovered[1][url]["last_ok"] == recovered[0][url]["checked_at"]
    assert "## Broken links (0)" in (output / "links.md").read_text(encoding="utf-8")


def test_restricted_is_never_broken(switch_server, tmp_path):
    url = switch_server.base + "intranet"
    practices = write_records(tmp_path / "p", {"closed": [{"url": url}]})
    states = _runs(practices, tmp_path / "out", switch_server, [403, 401, 429, 403])
    assert [s[url]["result"] for s in states] == ["restricted"] * 4
    assert all(s[url]["consecutive_failures"] == 0 and not s[url]["broken"] for s in states)


def test_threshold_option_and_separate_history_file(switch_server, tmp_path):
    url = switch_server.base + "doc"
    practices = write_records(tmp_path / "p", {"doc": [{"url": url}]})
    history = tmp_path / "state" / "history.json"
    switch_server.status = 500
    for expected in (False, True):
        assert run(practices, tmp_path / "out", "--threshold", "2", "--history", str(history)) == 0
        saved = json.loads(history.read_text(encoding="utf-8"))
        assert saved["links"][0]["broken"] is expected
        assert saved == json.loads((tmp_path / "out" / "links.json").read_text(encoding="utf-8"))


def test_links_that_leave_the_records_leave_the_history(switch_server, tmp_path):
    keep, drop = switch_server.base + "keep", switch_server.base + "drop"
    practices = write_records(tmp_path / "p", {"a": [{"url": keep}], "b": [{"url": drop}]})
    switch_server.status = 500
    assert run(practices, tmp_path / "out") == 0
    (practices / "b.yml").unlink()
    assert run(practices, tmp_path / "out") == 0
    links = json.loads((tmp_path / "out" / "links.json").read_text(encoding="utf-8"))["links"]
    assert [(link["url"], link["consecutive_failures"]) for link in links] == [(keep, 2)]


def test_a_link_without_a_result_keeps_its_state():
    """linkhistory.advance: a link cut by the run's bound keeps its previous entry (streak
    neither advanced nor cleared); one never checked before stays out of the history."""
    from linkclass import Verdict
    from linkhistory import advance, report

    before = {"url": "https://a.example/", "result": "not-found", "http_status": 404,
              "final_url": "https://a.example/", "practices": ["old"], "checked_at": "2024-01-01",
              "consecutive_failures": 2, "first_failed": "2023-12-31", "last_ok": None,
              "broken": False, "detail": "HTTP 404 Not Found"}  # fmt: skip
    ok = Verdict("ok", 200, "https://c.example/", "HTTP 200 OK")
    cut = {"https://a.example/": "no result", "https://b.example/": "no result"}
    practices = {"https://a.example/": ["rec"], "https://b.example/": ["rec"],
                 "https://c.example/": ["rec"]}  # fmt: skip
    links = advance({before["url"]: before}, {"https://c.example/": ok}, practices, "2024-01-02",
                    3, cut)  # fmt: skip
    assert [link["url"] for link in links] == ["https://a.example/", "https://c.example/"]
    assert links[0] == {**before, "practices": ["rec"]}
    document = report(links, "2024-01-02", 3, cut)
    assert document["unchecked"] == [{"url": u, "reason": "no result"} for u in sorted(cut)]
    assert document["summary"]["not-found"] == 1 and document["summary"]["ok"] == 1
