"""The site benchmark's synthetic records (bench/site_build.py) are valid records: a rule added
to the validator that they break would make `make bench` fail on its first build, unnoticed."""

from conftest import load_bench
from rules import check


def test_synthetic_records_pass_the_validator(tmp_path, taxonomies):
    bench = load_bench()
    bench.write_records(bench.synthetic_records(300), tmp_path / "practices")
    records, problems = check(sorted((tmp_path / "practices").glob("*.yml")), taxonomies)
    assert [str(p) for p in problems] == []
    assert len(records) == 300
