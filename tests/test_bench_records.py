"""The site benchmark's synthetic records (bench/site_build.py) are valid records: a rule added
to the validator that they break would make `make bench` fail on its first build, unnoticed."""

import importlib.util
import sys

from conftest import ROOT
from rules import check


def load_bench():
    spec = importlib.util.spec_from_file_location("site_build", ROOT / "bench" / "site_build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_synthetic_records_pass_the_validator(tmp_path, taxonomies):
    bench = load_bench()
    bench.write_records(bench.synthetic_records(300), tmp_path / "practices")
    records, problems = check(sorted((tmp_path / "practices").glob("*.yml")), taxonomies)
    assert [str(p) for p in problems] == []
    assert len(records) == 300
