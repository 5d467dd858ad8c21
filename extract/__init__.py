"""rkt-extract: Indonesian RKT planning documents to canonical JSON.

`from extract import load; dfs = load("out")` gives the analyst tables of an output folder.
"""

from __future__ import annotations

from typing import Any

__all__ = ["load"]


def __getattr__(name: str) -> Any:
    # Imported on first use: pandas is not needed to extract a document.
    if name == "load":
        from .analyst import load

        return load
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
