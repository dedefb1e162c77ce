"""Atomic file writes: a reader sees the old file or the new one, never half of one.

    write_atomic(path, text)

The text goes to a temporary file in the same folder, is flushed to disk (fsync), then
os.replace() puts it in place in one step. A run killed midway leaves the previous file
intact (and at worst a stray `.NAME.*.tmp` beside it, which the next write ignores).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
