"""The live preview (`make serve`: `mkdocs serve --dirty`) rebuilds only what a change touches
(scripts/preview.py), and what it serves is what a full build gives: after each edit of the
real catalogue (a title, a type and an objective, a new record, then its removal), every page
of a full `mkdocs build` of the same sources (same site_url) is fetched from the server and
compared, the live-reload script aside; a page the full build no longer has is not served."""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from catalogue import PRACTICES_DIR
from livepreview import LivePreview, copy_project
from preview import BUILD_DONE

PLANNED = re.compile(r"preview: (\d+) of (\d+) generated pages to rebuild \(es (\d+), en (\d+);")
LIVERELOAD = re.compile(r"<script>(?:(?!</script>).)*?livereload\(.*?</script>(?=</body>)", re.S)


def full_build(project: Path, site_url: str, out: Path) -> Path:
    env = {**os.environ, "BP_SITE_URL": site_url}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"]
    command += ["-f", str(project / "mkdocs.yml"), "-d", str(out)]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def differences(preview: LivePreview, site: Path) -> list[str]:
    pages = sorted(site.rglob("*.html")) + [site / "sitemap.xml"]
    assert len(pages) > 300, "the real catalogue's site has hundreds of pages"
    found = []
    for file in pages:
        path = file.relative_to(site).as_posix()
        served = preview.get(path)
        if served is None:
            found.append(f"{path}: not served")
            continue
        served = LIVERELOAD.sub("", served)
        expected = file.read_text("utf-8")
        if served != expected:
            diff = difflib.unified_diff(
                expected.splitlines(), served.splitlines(), "full build", "served", n=1, lineterm=""
            )
            found.append(f"{path}:\n" + "\n".join(list(diff)[:12]))
    return found


def edit(file: Path, change) -> None:
    record = yaml.safe_load(file.read_text("utf-8"))
    change(record)
    file.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    work = tmp_path_factory.mktemp("preview")
    project = copy_project(work / "project", PRACTICES_DIR)
    with LivePreview(project) as server:
        server.wait_for_log(BUILD_DONE, 1)
        yield server


def last_build_built(preview: LivePreview, lang: str) -> bool:
    """Whether the last build of the serve log built `lang` (mkdocs-static-i18n logs each)."""
    last = preview.log.read_text("utf-8").rpartition("Building documentation...")[2]
    return f"Building '{lang}' documentation" in last


def check(preview: LivePreview, builds: int, tmp_path: Path, name: str) -> Path:
    preview.wait_for_log(BUILD_DONE, builds)
    site = full_build(preview.project, preview.base, tmp_path / name)
    found = differences(preview, site)
    assert not found, f"{len(found)} page(s) differ from a full build:\n" + "\n".join(found[:5])
    return site


def test_served_pages_equal_a_full_build_after_each_edit(preview, tmp_path):
    practices = preview.project / "practices"
    files = sorted(practices.glob("*.yml"))
    check(preview, 1, tmp_path, "start")

    # a title: its page, the pages that list it (related, index, catalogue, counts)
    first = files[0]
    edit(first, lambda r: r["title"].update(es=r["title"]["es"] + " (editada)"))
    check(preview, 2, tmp_path, "title")
    rebuilt, total, spanish, english = map(int, PLANNED.findall(preview.log.read_text("utf-8"))[-1])
    assert 0 < rebuilt < total / 3, f"{rebuilt} of {total} generated pages rebuilt for a title"
    assert spanish == rebuilt and english == 0  # a Spanish title: no English page changes
    assert not last_build_built(preview, "en")  # ... so the English build is left out

    # a type and an objective: the record leaves index pages and enters others
    second = files[1]
    types = sorted(yaml.safe_load((preview.project / "taxonomies" / "types.yml").read_text()))

    def move(record):
        record["type"] = next(t for t in types if t != record["type"])
        objectives = set(record.get("gcm_objectives", []))
        record["gcm_objectives"] = sorted(objectives ^ {23})

    edit(second, move)
    check(preview, 3, tmp_path, "type")
    assert last_build_built(preview, "en")  # its English index pages change

    # a new record (a copy under another id)
    added = practices / "practica-de-prueba-nueva.yml"
    record = yaml.safe_load(files[2].read_text("utf-8"))
    record["id"] = added.stem
    record["title"] = {"es": "Práctica de prueba nueva", "en": "New test practice"}
    added.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), "utf-8")
    check(preview, 4, tmp_path, "added")
    assert "Práctica de prueba nueva" in preview.get(f"practicas/{added.stem}/")

    # its removal: the page goes (a full rebuild)
    added.unlink()
    check(preview, 5, tmp_path, "removed")
    assert preview.get(f"practicas/{added.stem}/") is None

    # MkDocs' warning on dirty builds is filtered: the answers make them exact (and under
    # --strict it would abort every rebuild)
    assert "A 'dirty' build is being performed" not in preview.log.read_text("utf-8")
