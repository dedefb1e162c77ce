"""The page build does not import what only the data files need: openpyxl (spreadsheets,
open data) and feedgen (feeds) are imported by the process that writes those files
(hooks.write_outputs, a forked child under `make site`), not when the hooks load."""

from __future__ import annotations

import json
import subprocess
import sys

from paths import ROOT

LATER = ("openpyxl", "feedgen", "PIL")


def test_loading_the_hooks_imports_no_data_file_writer():
    code = (
        f"import sys, json; sys.path.insert(0, {str(ROOT / 'scripts')!r}); import hooks; "
        f"print(json.dumps([m for m in {list(LATER)!r} if m in sys.modules]))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
