"""Writing outputs: safe output names, and validated JSON written atomically (temp + rename).

An output name is derived from the input's file name only, never from a path given by the
user as is: whatever the input is called (unicode, spaces, "..", a name of 300 characters)
its output lands directly inside the output folder. Two inputs that would get the same name
(`a.pdf` and `a.txt`, or `x/a.pdf` and `y/a.pdf`) are told apart by a short hash of their
path relative to the input folder, so that a name is stable from one run to the next.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import storage
from .validate import assert_valid

#: Longest output stem, in UTF-8 bytes: file systems allow 255 per name, and the temporary
#: file of an atomic write adds a prefix and a suffix to it.
MAX_STEM_BYTES = 120
#: Hex digits of the hash that tells apart two inputs wanting the same name.
HASH_CHARS = 8

# Letters and digits of any script, and "-", "_", "." and space are kept; anything else
# (path separators, control characters, shell and Windows metacharacters) becomes "_".
_UNSAFE = re.compile(r"[^\w\-. ]+", re.UNICODE)


def safe_stem(name: str) -> str:
    """A file stem that is one harmless path component: no separators, no leading dot (so
    never "." or ".."), no control characters, at most `MAX_STEM_BYTES` bytes."""
    stem = unicodedata.normalize("NFC", name)
    stem = _UNSAFE.sub("_", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" ._") or "document"
    return _truncate(stem, MAX_STEM_BYTES)


def _truncate(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= max_bytes:
        return text
    return encoded[:max_bytes].decode("utf-8", errors="ignore").rstrip(" ._")


def _path_hash(relative: str) -> str:
    return hashlib.sha256(relative.encode("utf-8")).hexdigest()[:HASH_CHARS]


def output_path(input_path: str | Path, out_dir: str | Path) -> Path:
    """`<out_dir>/<safe stem>.json` for one input on its own (see `output_names` for a
    batch, which also keeps two inputs from sharing a name)."""
    path = Path(input_path)
    stem = safe_stem(path.stem)
    if stem != path.stem and len(path.stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = f"{_truncate(stem, MAX_STEM_BYTES - HASH_CHARS - 1)}-{_path_hash(path.name)}"
    return Path(out_dir) / f"{stem}.json"


def output_names(relatives: Iterable[str], taken: Mapping[str, str] | None = None
                 ) -> dict[str, str]:
    """Output file name for each input, given as its path relative to the input folder.

    The name is `<safe stem>.json`. A stem that had to be cut short, or that another input
    also wants, or that a previous run gave to another input (`taken`: relative path ->
    name, from the manifest), gets `-<hash of the relative path>`: an input keeps the name
    it had in earlier runs, the same inputs always get the same names, and no two inputs
    ever share one. Names are compared without case, as a case-insensitive file system
    would.
    """
    taken = {rel: name for rel, name in (taken or {}).items() if _is_safe_name(name)}
    relatives = sorted(set(relatives))
    wanted: dict[str, list[str]] = {}
    for rel in relatives:
        raw_stem = Path(rel).stem
        key = ("\0" + rel if len(raw_stem.encode("utf-8")) > MAX_STEM_BYTES
               else f"{safe_stem(raw_stem)}.json".casefold())
        wanted.setdefault(key, []).append(rel)
    current = set(relatives)
    used = {name.casefold() for rel, name in taken.items() if rel not in current}
    names: dict[str, str] = {}
    for key, rels in wanted.items():
        alone = not key.startswith("\0") and len(rels) == 1 and key not in used
        for rel in rels:
            if rel in taken:
                names[rel] = taken[rel]
                continue
            stem = safe_stem(Path(rel).stem)
            if not alone:
                stem = f"{_truncate(stem, MAX_STEM_BYTES - HASH_CHARS - 1)}-{_path_hash(rel)}"
            names[rel] = f"{stem}.json"
    return names


def _is_safe_name(name: str) -> bool:
    return (name.endswith(".json") and safe_stem(name[:-5]) == name[:-5]
            and len(name.encode("utf-8")) <= MAX_STEM_BYTES + 5)


def write_json(data: dict[str, Any], path: str | Path) -> str | Path:
    """Validate, then write so that a reader never sees a half-written file (a local path
    or an fsspec URL: see `storage.write_atomic`)."""
    assert_valid(data)
    content = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    storage.write_atomic(path, content.encode("utf-8"))
    return path


def remove_stale_temporaries(out_dir: str | Path) -> int:
    """Delete the temporary files a killed run left behind (`.<name>.json.*.tmp`)."""
    return storage.remove_stale_temporaries(out_dir, ".*.json.*.tmp")
