"""Incremental loading (rules.RecordCache, catalogue.CACHE): after one edit only that file is
parsed again; never a stale record, a hidden error or a deleted file."""

from __future__ import annotations

import copy

import pytest

import catalogue
from catalogue import InvalidCatalogue, load_practices
from conftest import write_record
from rules import RecordCache, check


@pytest.fixture
def folder(tmp_path, example):
    """Three valid records, each with its own links."""
    for i in range(3):
        record = copy.deepcopy(example)
        record["id"] = f"practica-{i}"
        for link in record["links"]:
            link["url"] += f"?r={i}"
        for item in record.get("further_sources", []):
            item["url"] += f"?r={i}"
        write_record(tmp_path, record)
    return tmp_path


def files(folder):
    return sorted(folder.glob("*.yml"))


def test_only_the_edited_file_is_parsed_and_its_new_content_served(folder, taxonomies, example):
    cache = RecordCache()
    records, problems = check(files(folder), taxonomies, cache=cache)
    assert (len(records), problems, cache.parses) == (3, [], 3)
    check(files(folder), taxonomies, cache=cache)
    assert (cache.parses, cache.hits) == (3, 3)
    path = folder / "practica-1.yml"
    path.write_text(path.read_text().replace(example["title"]["en"], "New title"))
    records, problems = check(files(folder), taxonomies, cache=cache)
    assert problems == []
    assert cache.parses == 4  # practica-1 only
    assert {r["id"]: r["title"]["en"] for r in records}["practica-1"] == "New title"


def test_same_result_with_and_without_the_cache(taxonomies):
    cache = RecordCache()
    plain = check(catalogue.practice_files(), taxonomies)
    assert check(catalogue.practice_files(), taxonomies, cache=cache) == plain
    assert check(catalogue.practice_files(), taxonomies, cache=cache) == plain  # from the cache
    assert cache.hits == len(plain[0]) > 0


def test_records_served_are_copies(folder, taxonomies):
    cache = RecordCache()
    first, _ = check(files(folder), taxonomies, cache=cache)
    first[0]["title"]["es"] = "cambiado por quien lo usa"
    first[0]["themes"].append("x")
    again, _ = check(files(folder), taxonomies, cache=cache)
    assert again[0]["title"]["es"] != "cambiado por quien lo usa"
    assert "x" not in again[0]["themes"]
    assert cache.hits == 3


def test_an_invalid_record_is_reported_on_every_load(folder, taxonomies):
    cache = RecordCache()
    check(files(folder), taxonomies, cache=cache)
    path = folder / "practica-2.yml"
    path.write_text(path.read_text().replace("type: ", "type: shop-", 1))
    runs = [check(files(folder), taxonomies, cache=cache) for _ in range(3)]
    for records, problems in runs:
        assert [(p.file, p.field) for p in problems] == [(str(path), "type")], problems
        assert "practica-2" not in [r["id"] for r in records]
    assert cache.parses == 3 + 3  # the invalid file, parsed again on each of the 3 loads
    assert path not in cache


def test_a_broken_file_is_reported_on_every_load(folder, taxonomies):
    cache = RecordCache()
    check(files(folder), taxonomies, cache=cache)
    path = folder / "practica-0.yml"
    path.write_text(path.read_text() + "id: again\n")
    for _ in range(2):
        _, problems = check(files(folder), taxonomies, cache=cache)
        assert [p.message.split(" (")[0] for p in problems] == ["duplicate key 'id'"], problems


def test_load_practices_raises_on_every_load(folder, taxonomies):
    catalogue.CACHE.clear()
    assert len(load_practices(folder, taxonomies)) == 3
    (folder / "practica-1.yml").write_text("id: practica-1\n")
    for _ in range(2):
        with pytest.raises(InvalidCatalogue) as err:
            load_practices(folder, taxonomies)
        assert "practica-1.yml" in str(err.value)


def test_a_deleted_file_disappears(folder, taxonomies):
    cache = RecordCache()
    check(files(folder), taxonomies, cache=cache)
    gone = folder / "practica-0.yml"
    gone.unlink()
    records, problems = check(files(folder), taxonomies, cache=cache)
    assert (sorted(r["id"] for r in records), problems) == (["practica-1", "practica-2"], [])
    assert gone not in cache and len(cache) == 2


def test_a_renamed_file_is_its_new_self(folder, taxonomies):
    cache = RecordCache()
    check(files(folder), taxonomies, cache=cache)
    old, new = folder / "practica-0.yml", folder / "practica-nueva.yml"
    old.rename(new)
    _, problems = check(files(folder), taxonomies, cache=cache)
    assert [(p.file, p.message.split(" (")[0]) for p in problems] == [
        (str(new), "id differs from file name")
    ]
    new.write_text(new.read_text().replace("id: practica-0", "id: practica-nueva"))
    records, problems = check(files(folder), taxonomies, cache=cache)
    assert problems == [] and "practica-nueva" in [r["id"] for r in records]
    assert "practica-0" not in [r["id"] for r in records] and old not in cache


def test_the_rules_across_records_run_on_cached_records(folder, taxonomies):
    cache = RecordCache()
    check(files(folder), taxonomies, cache=cache)
    first = (folder / "practica-0.yml").read_text()
    url = next(line.split("url: ")[1] for line in first.splitlines() if "url: " in line)
    second = folder / "practica-1.yml"
    text = second.read_text()
    own = next(line.split("url: ")[1] for line in text.splitlines() if "url: " in line)
    second.write_text(text.replace(own, url, 1))
    records, problems = check(files(folder), taxonomies, cache=cache)
    assert cache.parses == 4
    assert [(p.file, p.message.split(" (")[0]) for p in problems] == [
        (str(second), "URL already used")
    ], problems
    assert sorted(r["id"] for r in records) == ["practica-0", "practica-2"]


def test_duplicate_ids_across_folders_with_cached_records(tmp_path, example, taxonomies):
    cache = RecordCache()
    first = write_record(tmp_path / "a", example)
    check([first], taxonomies, cache=cache)
    second = write_record(tmp_path / "b", dict(example, links=[]))
    _, problems = check([first, second], taxonomies, cache=cache)
    assert [p.message.split(" (")[0] for p in problems] == ["duplicate id"], problems


def test_a_changed_taxonomy_checks_every_record_again(folder, taxonomies, example):
    cache = RecordCache()
    check(files(folder), taxonomies, cache=cache)
    same = copy.deepcopy(taxonomies)  # another object, the same content: nothing to re-check
    check(files(folder), same, cache=cache)
    assert cache.parses == 3
    changed = copy.deepcopy(taxonomies)
    del changed["types"][example["type"]]
    records, problems = check(files(folder), changed, cache=cache)
    assert cache.parses == 6
    assert records == [] and {p.field for p in problems} == {"type"} and len(problems) == 3
    records, problems = check(files(folder), taxonomies, cache=cache)
    assert (len(records), problems, cache.parses) == (3, [], 9)


def test_a_taxonomy_changed_in_place_is_noticed(folder, taxonomies, example):
    cache = RecordCache()
    own = copy.deepcopy(taxonomies)
    check(files(folder), own, cache=cache)
    del own["types"][example["type"]]  # the same dict object, edited
    records, problems = check(files(folder), own, cache=cache)
    assert records == [] and len(problems) == 3


def test_allow_private_is_part_of_the_key(folder, taxonomies):
    cache = RecordCache()
    path = folder / "practica-0.yml"
    text = path.read_text()
    url = next(line.split("url: ")[1] for line in text.splitlines() if "url: " in line)
    path.write_text(text.replace(url, "http://127.0.0.1:8000/x", 1))
    assert check(files(folder), taxonomies, allow_private=True, cache=cache)[1] == []
    _, problems = check(files(folder), taxonomies, cache=cache)
    assert [p.file for p in problems] == [str(path)] and "loopback" in problems[0].message


def test_load_site_after_one_edit_parses_one_record(tmp_path, example):
    """The preview's path: sitedata.load_site -> catalogue.load_practices -> catalogue.CACHE."""
    import sitedata

    folder = tmp_path / "practicas"
    for i in range(3):
        record = copy.deepcopy(example)
        record["id"] = f"practica-{i}"
        for key in ("links", "further_sources"):
            for item in record.get(key, []):
                item["url"] += f"?r={i}"
        write_record(folder, record)
    catalogue.CACHE.clear()
    assert len(sitedata.load_site(folder).records) == 3
    assert catalogue.CACHE.parses == 3
    path = folder / "practica-2.yml"
    path.write_text(path.read_text().replace(example["title"]["en"], "Edited title"))
    site = sitedata.load_site(folder)
    assert catalogue.CACHE.parses == 4
    assert {r["id"]: r["title"]["en"] for r in site.records}["practica-2"] == "Edited title"
