"""`mkdocs serve` of a project folder, for the live-preview test and benchmark.

    with LivePreview(project) as preview:          # mkdocs serve on a free 127.0.0.1 port
        preview.wait_for("practicas/x/", "Old title")
        preview.wait_for_log(BUILD_DONE, 1)  # preview.BUILD_DONE: its background work ended
        seconds = preview.edit_and_wait(record, "title:\\n  es: Old", "title:\\n  es: New",
                                        "practicas/x/", "New")

`project` holds mkdocs.yml and what it names (copy_project() makes such a copy of this
repository with a given practices folder). The server is started with its own process
group and stopped by its PID only, on exit of the block.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from paths import ROOT

PROJECT_PARTS = (
    "mkdocs.yml", "docs", "overrides", "templates", "taxonomies", "schema", "scripts", "sources",
    ".github/ISSUE_TEMPLATE",  # the proposal form's fields (scripts/issueform.py)
)  # fmt: skip
LINKED_PARTS = ("node_modules",)  # installed packages (the map's data): linked, not copied


def copy_project(target: Path, practices: Path) -> Path:
    """A copy of the site's project files in `target`, with `practices` as its records."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        source = ROOT / name
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    for name in LINKED_PARTS:
        if (ROOT / name).exists():
            (target / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copytree(practices, target / "practices")
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LivePreview:
    def __init__(self, project: Path, log: Path | None = None):
        self.project, self.port = project, free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log = log or project / "serve.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> LivePreview:
        command = [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty"]
        command += ["-f", str(self.project / "mkdocs.yml"), "-a", f"127.0.0.1:{self.port}"]
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                command, cwd=self.project, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        return self

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the group of the process we started
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def get(self, path: str) -> str | None:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, path: str, text: str, timeout: float = 300) -> float:
        """Seconds until the page at `path` contains `text`."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"mkdocs serve exited:\n{self.log.read_text('utf-8')[-3000:]}")
            page = self.get(path)
            if page is not None and text in page:
                return time.perf_counter() - start
            time.sleep(0.05)
        raise TimeoutError(f"{path} never showed {text!r}:\n{self.log.read_text('utf-8')[-3000:]}")

    def log_count(self, text: str) -> int:
        return self.log.read_text("utf-8", errors="replace").count(text)

    def wait_for_log(self, text: str, count: int, timeout: float = 600) -> None:
        """Until the server's log holds `text` `count` times (e.g. the hooks' line at the end
        of each build's background work)."""
        start = time.perf_counter()
        while self.log_count(text) < count:
            if self.process.poll() is not None:
                raise RuntimeError(f"mkdocs serve exited:\n{self.log.read_text('utf-8')[-3000:]}")
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"the log never showed {text!r} {count} times")
            time.sleep(0.05)

    def edit_and_wait(self, file: Path, old: str, new: str, path: str, expect: str) -> float:
        """Replace `old` by `new` in `file`, then seconds until `path` shows `expect`."""
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{file} has no {old!r}"
        start = time.perf_counter()
        file.write_text(text.replace(old, new, 1), encoding="utf-8")
        self.wait_for(path, expect)
        return time.perf_counter() - start
