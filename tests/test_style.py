"""The code style check that `make test` (and CI) runs: ruff over scripts/, tests/ and bench/
with the rules of pyproject.toml (RUF100 included: no unused `noqa`), and ruff's formatter."""

from __future__ import annotations

import subprocess
import sys

from catalogue import ROOT

FOLDERS = ["scripts", "tests", "bench"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args, *FOLDERS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_ruff_check_passes():
    result = ruff("check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
