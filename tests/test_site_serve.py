"""`mkdocs serve` (make serve) serves the whole bilingual site with search, and rebuilds it
when a record changes: a temporary copy of the project, a server on a free 127.0.0.1 port
started and stopped (by its PID) by the test."""

from __future__ import annotations

from conftest import write_record
from livepreview import LivePreview, copy_project
from site_fixtures import fixture_record


def test_serve_rebuilds_when_a_record_is_saved(tmp_path):
    practices = tmp_path / "records"
    record = fixture_record()
    file = write_record(practices, record)
    other = {**record, "id": "other-practice", "links": [], "title": {"es": "Otra", "en": "Other"}}
    write_record(practices, other)
    project = copy_project(tmp_path / "project", practices)
    edited = project / "practices" / file.name
    with LivePreview(project) as preview:
        preview.wait_for("practicas/fixture-practice/", "<h1>Práctica de prueba</h1>")
        assert "<h1>Test practice</h1>" in preview.get("en/practicas/fixture-practice/")
        preview.wait_for("pagefind/pagefind-entry.json", '"es"', timeout=60)  # search, es + en
        preview.wait_for("en/pagefind/pagefind-entry.json", '"en"', timeout=60)
        assert preview.get("datos/practicas.json")
        preview.edit_and_wait(
            edited, "es: Práctica de prueba", "es: Práctica editada", "practicas/fixture-practice/",
            "<h1>Práctica editada</h1>",
        )  # fmt: skip
        tipos = preview.get("tipos/service-centre/")
        assert "Práctica editada" in tipos and "Práctica de prueba" not in tipos
        # a broken record: the server keeps serving and says why in its log
        edited.write_text(edited.read_text("utf-8").replace("type: service-centre", "type: x"))
        preview.wait_for("practicas/fixture-practice/", "Práctica editada")
        preview.edit_and_wait(
            edited, "type: x", "type: service-centre", "en/practicas/fixture-practice/",
            "Test practice",
        )  # fmt: skip
