"""Writing outputs: validated JSON, written atomically (temp file + rename)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .validate import assert_valid


def output_path(input_path: str | Path, out_dir: str | Path) -> Path:
    """`<out_dir>/<stem>.json` for an input file."""
    return Path(out_dir) / f"{Path(input_path).stem}.json"


def write_json(data: dict[str, Any], path: str | Path) -> Path:
    """Validate, then write so that a reader never sees a half-written file."""
    assert_valid(data)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
