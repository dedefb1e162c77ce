"""The proposal workflow (.github/workflows/propuesta.yml): its shape (trigger, least permissions
per job, one run per issue, pinned actions, the issue's text only through environment
variables), zizmor (auditor persona: every finding, none suppressed; actionlint runs on every
workflow in test_links_workflow.py), and its run: scripts executed by bash as GitHub runs them,
on the fixture issue bodies, with a stand-in `gh` that answers like GitHub's API and records
each call: a complete proposal is validated with the catalogue and the site built with it
(the bot's pull request starts no CI: scripts/proposal_check.py), then ends in one commit with
the record on the branch propuesta/issue-N and a pull request that closes the issue and whose
body says the check's result (a fork's pull request from a branch of the same name is never
taken for it); a proposal in one language opens its pull request marked, with the translations
to write; a record that fails the check says why in the body, as inert text; an incomplete
proposal ends in a comment."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from catalogue import ROOT

BIN = Path(sys.executable).parent
WORKFLOW = ROOT / ".github" / "workflows" / "propuesta.yml"
FIXTURES = Path(__file__).parent / "fixtures" / "issues"
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "proponer-practica.yml"

# A stand-in for the GitHub CLI: appends each call (argv and stdin) to $GH_LOG and answers the
# API calls the workflow makes. $GH_BRANCH_EXISTS / $GH_OPEN_PRS simulate a second run: the open
# pull requests `gh pr list --head` finds (a JSON list, forks' included, as GitHub's CLI lists
# them), cut to the --json fields and passed through --jq (by jq, as gh does with gojq).
FAKE_GH = r"""#!/usr/bin/env python3
import json, os, subprocess, sys
args = sys.argv[1:]
stdin = sys.stdin.read() if "--input" in args else ""
with open(os.environ["GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"args": args, "stdin": stdin}) + "\n")
path = next((a for a in args[1:] if a.startswith("repos/")), "")
if args[:2] == ["pr", "list"]:
    fields = args[args.index("--json") + 1].split(",")
    prs = [{f: pr[f] for f in fields} for pr in json.loads(os.environ.get("GH_OPEN_PRS", "[]"))]
    out = json.dumps(prs)
    if "--jq" in args:
        out = subprocess.run(["jq", "-r", args[args.index("--jq") + 1]], input=out, text=True,
                             capture_output=True, check=True).stdout
    print(out.rstrip("\n"))
elif path.endswith("/git/ref/heads/main"):
    print("base-sha")
elif "/git/ref/heads/propuesta/" in path:
    sys.exit(0 if os.environ.get("GH_BRANCH_EXISTS") else 1)
elif path.endswith("/git/commits/base-sha"):
    print("base-tree")
elif path.endswith("/git/trees"):
    print("new-tree")
elif path.endswith("/git/commits"):
    print("new-commit")
"""


@pytest.fixture(scope="module")
def flow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_passes_zizmor_with_every_finding_shown():
    command = [str(BIN / "zizmor"), "--offline", "--no-progress", "--persona=auditor",
               str(WORKFLOW)]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "suppressed" not in result.stdout + result.stderr


def test_shape(flow):
    text = WORKFLOW.read_text(encoding="utf-8")
    assert flow[True] == {"issues": {"types": ["labeled"]}}  # YAML 1.1 reads `on` as true
    assert flow["permissions"] == {}
    assert flow["concurrency"] == {
        "group": "propuesta-${{ github.event.issue.number }}",
        "cancel-in-progress": False,
    }
    jobs = flow["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "record": {"contents": "read"},
        "comment": {"issues": "write"},
        "pull-request": {"contents": "write", "pull-requests": "write"},
        "unlabel": {"issues": "write"},
    }
    condition = jobs["record"]["if"]
    assert "github.event.label.name == 'convertir-en-ficha'" in condition
    assert "'propuesta-practica'" in condition
    assert "propuesta-practica" in yaml.safe_load(FORM.read_text(encoding="utf-8"))["labels"]
    for line in re.findall(r"uses: (\S+.*)", text):
        assert re.fullmatch(r"[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", line), line
    for job in jobs.values():
        for step in job["steps"]:
            # untrusted text only through env: no expression at all inside a script
            assert "${{" not in step.get("run", ""), step["run"]
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    body_env = [
        (name, step["env"])
        for name, job in jobs.items()
        for step in job["steps"]
        if "github.event.issue.body" in json.dumps(step.get("env", {}))
    ]
    assert [name for name, _ in body_env] == ["record"]  # the write jobs never see the text
    # convert, then check (validate, build), then hand the record and the body on: all in the
    # read-only job, before the job that opens the pull request
    steps = jobs["record"]["steps"]
    order = [
        next(i for i, s in enumerate(steps) if marker in s.get("run", s.get("uses", "")))
        for marker in ("issue_to_record.py", "proposal_check.py", "actions/upload-artifact@")
    ]
    assert order == sorted(order), order
    assert jobs["record"]["outputs"]["pending"] == "${{ steps.check.outputs.pending }}"
    assert jobs["pull-request"]["needs"] == "record"


def step_script(flow: dict, job: str, contains: str) -> str:
    (step,) = [s for s in flow["jobs"][job]["steps"] if contains in s.get("run", "")]
    return step["run"]


def bash(script: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """A run: step as GitHub runs it (bash --noprofile --norc -eo pipefail)."""
    path = cwd / "step.sh"
    path.write_text(script, encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def runner(tmp_path):
    """A runner's workspace: the checkout (the repository's scripts and .venv), a fake `gh` on
    PATH and the files GitHub provides ($GITHUB_OUTPUT)."""
    work = tmp_path / "work"
    work.mkdir()
    for name in ("scripts", ".venv"):
        (work / name).symlink_to(ROOT / name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH.replace("/usr/bin/env python3", sys.executable), encoding="utf-8")
    gh.chmod(0o755)
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "GH_LOG": str(tmp_path / "gh.log"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GH_TOKEN": "not-a-token",
        "GH_REPO": "owner/repo",
        "ISSUE_NUMBER": "7",
        "BASE": "main",
    }
    return work, env


def gh_calls(env: dict) -> list[dict]:
    log = Path(env["GH_LOG"])
    return (
        [json.loads(line) for line in log.read_text("utf-8").splitlines()] if log.exists() else []
    )


def convert(flow, work: Path, env: dict, body: str) -> str:
    script = step_script(flow, "record", "issue_to_record.py")
    result = bash(script, work, {**env, "ISSUE_BODY": body})
    assert result.returncode == 0, result.stderr
    return Path(env["GITHUB_OUTPUT"]).read_text("utf-8")


def check_record(flow, work: Path, env: dict) -> subprocess.CompletedProcess:
    """The record job's check step (validation and build); its outputs are appended."""
    (step,) = [
        s for s in flow["jobs"]["record"]["steps"] if "proposal_check.py" in s.get("run", "")
    ]
    assert step["if"] == "steps.convert.outputs.valid == 'true'"
    result = bash(step["run"], work, env)
    assert result.returncode == 0, result.stderr
    return result


def pr_job(flow, work: Path, env: dict) -> tuple[Path, subprocess.CompletedProcess]:
    """The pull-request job on the record job's artifact (out.md, pr-body.md)."""
    job_dir = work.parent / "pr-job"
    job_dir.mkdir(exist_ok=True)
    for name in ("out.md", "pr-body.md"):
        (job_dir / name).write_text((work / "proposal" / name).read_text("utf-8"), "utf-8")
    return job_dir, bash(step_script(flow, "pull-request", "gh pr create"), job_dir, env)


def test_complete_proposal_becomes_one_commit_and_a_pull_request(flow, runner):
    work, env = runner
    body = (FIXTURES / "complete.md").read_text(encoding="utf-8")
    assert convert(flow, work, env, body) == "valid=true\n"
    record = (work / "proposal" / "out.md").read_text("utf-8")
    record_id = yaml.safe_load(record)["id"]
    # the practice sheet as the form gives it: its source names the details it supports
    (source,) = yaml.safe_load(record)["further_sources"]
    assert source["publisher"] == "example.gob.pa"
    assert source["supports"] == ["description", "lead_institution", "period", "status", "contact"]

    # before any pull request: validated with the catalogue, the site built with it
    check_record(flow, work, env)
    assert Path(env["GITHUB_OUTPUT"]).read_text("utf-8") == "valid=true\npending=false\n"
    pr_body = (work / "proposal" / "pr-body.md").read_text("utf-8")
    assert "- ✅ Validación / Validation: la ficha cumple las reglas del catálogo." in pr_body
    assert "- ✅ Construcción del sitio / Site build: el sitio se construye con la ficha." in (
        pr_body
    )
    assert "ciérrelo y vuelva a abrirlo, o suba un commit" in pr_body  # how CI runs on it
    assert "close and reopen it, or push a commit" in pr_body
    assert "Traducción pendiente" not in pr_body

    # the pull-request job runs on the downloaded artifact (out.md, pr-body.md)
    env = {**env, "PENDING": "false"}
    job_dir, result = pr_job(flow, work, env)
    assert result.returncode == 0, result.stderr
    calls = gh_calls(env)
    tree = next(json.loads(c["stdin"]) for c in calls if "repos/owner/repo/git/trees" in c["args"])
    assert tree == {
        "base_tree": "base-tree",
        "tree": [{"path": f"practices/{record_id}.yml", "mode": "100644", "type": "blob",
                  "content": record}],
    }  # fmt: skip
    commit = next(
        json.loads(c["stdin"]) for c in calls if "repos/owner/repo/git/commits" in c["args"]
    )
    assert commit == {
        "message": f"Añade la práctica {record_id} (issue #7)",
        "tree": "new-tree",
        "parents": ["base-sha"],
    }
    (create_ref,) = [c["args"] for c in calls if "repos/owner/repo/git/refs" in c["args"]]
    assert "ref=refs/heads/propuesta/issue-7" in create_ref and "sha=new-commit" in create_ref
    (create,) = [c["args"] for c in calls if c["args"][:2] == ["pr", "create"]]
    assert create[create.index("--head") + 1] == "propuesta/issue-7"
    assert create[create.index("--base") + 1] == "main"
    assert create[create.index("--title") + 1] == f"Práctica / Practice: {record_id}"
    assert create[create.index("--body-file") + 1] == "pr-body.md"
    assert (job_dir / "pr-body.md").read_text("utf-8") == pr_body
    assert "Closes #7" in pr_body


def test_a_proposal_in_one_language_opens_a_marked_pull_request(flow, runner):
    """The translation is the maintainers' job: the pull request opens, its title and body say
    what to translate, and the placeholders keep it out of main until they are written."""
    work, env = runner
    body = (FIXTURES / "one-language.md").read_text(encoding="utf-8")
    assert convert(flow, work, env, body) == "valid=true\n"
    check_record(flow, work, env)
    assert Path(env["GITHUB_OUTPUT"]).read_text("utf-8").endswith("pending=true\n")
    pr_body = (work / "proposal" / "pr-body.md").read_text("utf-8")
    assert "### Traducción pendiente / Translation pending" in pr_body
    to_translate = {
        "title.en": "Nombre en inglés / Name in English",
        "summary.en": "Resumen en inglés / Summary in English",
        "description.en": "Descripción, en inglés / Description, in English",
    }
    for path, label in to_translate.items():
        assert f"- [ ] `{path}`: {label}" in pr_body
    assert "salvo las traducciones pendientes" in pr_body and "but for the translations" in pr_body
    assert "- ✅ Construcción del sitio / Site build" in pr_body  # built with the other language
    _, result = pr_job(flow, work, {**env, "PENDING": "true"})
    assert result.returncode == 0, result.stderr
    (create,) = [c["args"] for c in gh_calls(env) if c["args"][:2] == ["pr", "create"]]
    assert create[create.index("--title") + 1] == (
        "Práctica / Practice: ventanilla-jacaranda-de-orientacion-migratoria "
        "(traducción pendiente / translation pending)"
    )


def test_a_practice_no_report_mentions_passes_the_check(flow, runner):
    work, env = runner
    body = (FIXTURES / "outside-report.md").read_text(encoding="utf-8")
    assert convert(flow, work, env, body) == "valid=true\n"
    record = yaml.safe_load((work / "proposal" / "out.md").read_text("utf-8"))
    assert record["source"]["proposal"]["issue"] == 7
    check_record(flow, work, env)
    pr_body = (work / "proposal" / "pr-body.md").read_text("utf-8")
    assert "- ✅ Validación" in pr_body and "- ✅ Construcción" in pr_body


def test_a_record_that_fails_the_check_says_why_in_the_pull_request(flow, runner):
    """Should a record the converter wrote not pass (here: tampered with after it), the check
    says so in the body, the validator's lines as inert code spans, and the build is not run;
    the pull request still opens, for a maintainer to see."""
    work, env = runner
    convert(flow, work, env, (FIXTURES / "complete.md").read_text(encoding="utf-8"))
    out = work / "proposal" / "out.md"
    hostile = "@buenas-practicas-crm-csm/maintainers ``` [x](javascript:alert(1)) <img src=x>"
    out.write_text(
        re.sub(r'^type: ".*"$', f'type: "{hostile}"', out.read_text("utf-8"), flags=re.M),
        "utf-8",
    )
    result = check_record(flow, work, env)
    assert "::warning title=Proposal check failed::" in result.stdout
    pr_body = (work / "proposal" / "pr-body.md").read_text("utf-8")
    assert "- ❌ Validación / Validation: la ficha no cumple las reglas del catálogo." in pr_body
    assert "- ⏭️ Construcción del sitio / Site build: no se hizo" in pr_body
    problems = [line for line in pr_body.splitlines() if line.startswith("  - ")]
    assert problems and all(re.fullmatch(r"  - `[^`]*`", line) for line in problems), problems
    assert any("type: " in line and "@buenas-practicas-crm-csm/maintainers" in line
               for line in problems)  # fmt: skip
    assert "```" not in pr_body


def test_second_run_moves_the_branch_and_edits_the_open_pull_request(flow, runner):
    work, env = runner
    body = (FIXTURES / "complete.md").read_text(encoding="utf-8")
    convert(flow, work, env, body)
    check_record(flow, work, env)
    env = {**env, "GH_BRANCH_EXISTS": "1", "GH_OPEN_PRS": json.dumps([own_pr(12)])}
    _, result = pr_job(flow, work, env)
    assert result.returncode == 0, result.stderr
    calls = [c["args"] for c in gh_calls(env)]
    (move,) = [c for c in calls if "PATCH" in c]
    assert "repos/owner/repo/git/refs/heads/propuesta/issue-7" in move
    assert "sha=new-commit" in move and "force=true" in move
    assert [c[:3] for c in calls if c[0] == "pr" and c[1] != "list"] == [["pr", "edit", "12"]]


def own_pr(number: int, fork: str | None = None) -> dict:
    """An open pull request as `gh pr list --json` gives it: from this repository (owner/repo)
    or, with `fork`, from that user's fork, whose branch has the same name."""
    return {"number": number, "isCrossRepository": fork is not None,
            "headRepositoryOwner": {"login": fork or "owner"}}  # fmt: skip


@pytest.mark.parametrize(
    ("open_prs", "expected"),
    [([own_pr(13, fork="mallory")], ["pr", "create"]),
     ([own_pr(13, fork="mallory"), own_pr(12)], ["pr", "edit", "12"])],
)  # fmt: skip
def test_a_forks_pull_request_of_the_same_branch_name_is_not_its_own(
    flow, runner, open_prs, expected
):
    """`gh pr list --head propuesta/issue-7` also lists a fork's pull request from a branch of
    that name: the workflow must neither edit it (its title, its body closing the issue) nor
    take it for the proposal's pull request."""
    work, env = runner
    convert(flow, work, env, (FIXTURES / "complete.md").read_text(encoding="utf-8"))
    check_record(flow, work, env)
    env = {**env, "GH_BRANCH_EXISTS": "1", "GH_OPEN_PRS": json.dumps(open_prs)}
    _, result = pr_job(flow, work, env)
    assert result.returncode == 0, result.stderr
    calls = [c["args"] for c in gh_calls(env) if c["args"][0] == "pr" and c["args"][1] != "list"]
    assert [c[: len(expected)] for c in calls] == [expected]
    assert not any("13" in c for c in calls)


def test_incomplete_proposal_becomes_a_comment(flow, runner):
    work, env = runner
    body = (FIXTURES / "incomplete.md").read_text(encoding="utf-8")
    assert convert(flow, work, env, body) == "valid=false\n"
    comment = (work / "proposal" / "out.md").read_text("utf-8")
    assert comment.startswith("The proposal could not be turned into a record.")
    job_dir = work.parent / "comment-job"
    job_dir.mkdir()
    (job_dir / "out.md").write_text(comment, encoding="utf-8")
    result = bash(step_script(flow, "comment", "gh issue comment"), job_dir, env)
    assert result.returncode == 0, result.stderr
    assert [c["args"] for c in gh_calls(env)] == [
        ["issue", "comment", "7", "--body-file", "out.md"]
    ]


def test_hostile_body_is_data_for_the_shell(flow, runner):
    """Shell syntax in the issue's text is never run: it only reaches the record as text."""
    work, env = runner
    marker = work.parent / "pwned"
    body = (
        (FIXTURES / "complete.md")
        .read_text(encoding="utf-8")
        .replace(
            "One-Stop Window for Migrants (Panama)",
            f'$(touch {marker}) `touch {marker}` "; touch {marker}',
        )
    )
    assert convert(flow, work, env, body) == "valid=true\n"
    assert not marker.exists()
    record = yaml.safe_load((work / "proposal" / "out.md").read_text("utf-8"))
    assert record["title"]["en"].startswith(f"$(touch {marker})")


def test_a_broken_run_fails_the_job(flow, runner):
    """An error of the run (exit 2: here a missing catalogue) fails the job, no comment."""
    work, env = runner
    (work / "scripts").unlink()
    (work / "scripts").mkdir()
    (work / "scripts" / "issue_to_record.py").write_text("import sys; sys.exit(2)\n", "utf-8")
    script = step_script(flow, "record", "issue_to_record.py")
    result = bash(script, work, {**env, "ISSUE_BODY": "x"})
    assert result.returncode == 2
    assert not Path(env["GITHUB_OUTPUT"]).exists()


@pytest.mark.parametrize(
    "crash",
    ["import sys; sys.exit(3)\n", "raise ValueError('a bug')\n"],
    ids=["exit-3", "uncaught"],
)
def test_a_crash_of_the_converter_tells_the_proposer_that_a_maintainer_will_look(
    flow, runner, crash
):
    """A crash (exit 3, or Python's 1 for an uncaught error, with nothing on standard output)
    is no rejection: the comment says, in both languages, that a maintainer will look (never an
    empty comment), and the run fails after it, so that one does."""
    work, env = runner
    (work / "scripts").unlink()
    (work / "scripts").mkdir()
    (work / "scripts" / "issue_to_record.py").write_text(crash, "utf-8")
    result = bash(
        step_script(flow, "record", "issue_to_record.py"), work, {**env, "ISSUE_BODY": "x"}
    )
    assert result.returncode == 0, result.stderr
    assert Path(env["GITHUB_OUTPUT"]).read_text("utf-8") == "valid=error\n"
    comment = (work / "proposal" / "out.md").read_text("utf-8")
    assert "Un responsable lo revisará." in comment
    assert "A maintainer will look into it." in comment

    comment_job = flow["jobs"]["comment"]
    assert "needs.record.outputs.valid == 'error'" in comment_job["if"]
    job_dir = work.parent / "comment-job"
    job_dir.mkdir()
    (job_dir / "out.md").write_text(comment, encoding="utf-8")
    result = bash(step_script(flow, "comment", "gh issue comment"), job_dir, env)
    assert result.returncode == 0, result.stderr
    assert [c["args"] for c in gh_calls(env)] == [
        ["issue", "comment", "7", "--body-file", "out.md"]
    ]
    (fail,) = [step for step in comment_job["steps"] if "exit 1" in step.get("run", "")]
    assert fail["if"] == "needs.record.outputs.valid == 'error'"
    assert bash(fail["run"], job_dir, env).returncode == 1
