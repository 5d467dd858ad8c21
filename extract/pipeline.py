"""The pipeline: one document from file to validated canonical JSON, read top to bottom.

    ingest -> detect_sections -> find_tables -> assemble -> snap_nomenclature -> to_json
    -> validate

Each stage is a module with one public function and reads its part of `Settings`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .assemble import assemble
from .ingest import ingest
from .model import to_json
from .nomenclature import snap_nomenclature
from .sections import detect_sections
from .settings import Settings
from .tables import find_tables
from .validate import assert_valid


def extract_document(path: str | Path, settings: Settings = Settings()) -> dict[str, Any]:
    """Extract one RKT into the canonical JSON (a dict valid against the project schema)."""
    doc = ingest(path, settings)                 # pages, lines; text layer or OCR per page
    doc = detect_sections(doc, settings.sections)  # headings, captions, cover and signatory
    doc = find_tables(doc, settings)             # tables as cells, tied to their captions
    record = assemble(doc, settings)             # goals, objectives, programs, indicators ...
    record = snap_nomenclature(record, settings)  # Permendagri 90 codes, OCR-damaged spellings
    data = to_json(record)
    assert_valid(data)                           # never hand out JSON that breaks the contract
    return data
