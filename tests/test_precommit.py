"""The pre-commit hooks: a valid config, and the record hook fails on a bad record."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from catalogue import ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def run(args, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PRE_COMMIT_HOME=str(cwd / ".pre-commit-home"))
    return subprocess.run(PRE_COMMIT + args, cwd=cwd, capture_output=True, text=True, env=env)


def test_config_is_valid(tmp_path):
    result = run(["validate-config", str(ROOT / ".pre-commit-config.yaml")], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_record_hook_passes_good_records_and_fails_bad_ones(tmp_path):
    # A throwaway repository with the project's config, code and venv, and two records.
    repo = tmp_path / "repo"
    for name in ("scripts", "schema", "taxonomies", "templates"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / ".pre-commit-config.yaml", repo)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    (repo / "practices").mkdir()
    good = repo / "practices" / "capmir-guatemala.yml"
    shutil.copy(ROOT / "practices" / "capmir-guatemala.yml", good)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)

    passed = run(["run", "validate-records", "--files", "practices/capmir-guatemala.yml"], repo)
    assert passed.returncode == 0, passed.stdout + passed.stderr

    good.write_text(good.read_text().replace("type: service-centre", "type: shop"))
    failed = run(["run", "validate-records", "--files", "practices/capmir-guatemala.yml"], repo)
    assert failed.returncode == 1
    assert "type: unknown id" in failed.stdout
