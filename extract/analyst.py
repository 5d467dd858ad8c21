"""Analyst tables: the JSON outputs of a folder as flat pandas tables, one per entity.

    documents, programs, activities, sub_activities, indicators, targets, budgets, warnings

Every row carries the document it comes from (`document_id`, `agency`, `region`, `year`:
the document's plan year) and where it was read (`page`, `line`, `table`, `row` of its
first provenance), so that any figure can be traced back to the page it was printed on.
Records of the hierarchy carry ids to join on: `program_id`, `activity_id`,
`sub_activity_id`, `indicator_id` (stable within a build: the document id and the
record's position).

`write_tables(dir)` writes `dir/tables/<entity>.parquet` (and `.csv`); `load(dir)` reads
them back, or builds them from the JSON outputs when there are no tables yet.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from . import storage

TABLES_DIR = "tables"
ENTITIES = ("documents", "programs", "activities", "sub_activities", "indicators", "targets",
            "budgets", "warnings")

_DOC_KEYS = ("document_id", "agency", "region", "year")
_WHERE = ("page", "line", "table", "row")

# Columns of each table, so that a folder without any program (or warning) still gives
# tables with the right columns, and the Parquet schema is the same from run to run.
COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": (*_DOC_KEYS, "type", "title", "file", "output", "sha256", "format",
                  "pages", "ocr_pages", "ocr_mean_confidence", "rpjmd_from", "rpjmd_to",
                  "renstra_from", "renstra_to", "signatory", "programs", "activities",
                  "indicators", "warnings", "page"),
    "programs": (*_DOC_KEYS, "program_id", "number", "code", "name", "strategic_objective",
                 "budget", "budget_raw", "activities", "indicators", *_WHERE),
    "activities": (*_DOC_KEYS, "activity_id", "program_id", "program", "level", "number",
                   "code", "name", "budget", "budget_raw", "sub_activities", "indicators",
                   *_WHERE),
    "sub_activities": (*_DOC_KEYS, "sub_activity_id", "activity_id", "program_id", "program",
                       "activity", "code", "name", "budget", "budget_raw", "indicators",
                       *_WHERE),
    "indicators": (*_DOC_KEYS, "indicator_id", "level", "owner", "owner_id", "program_id",
                   "name", "unit", "final_target", "final_target_unit", "final_target_raw",
                   *_WHERE),
    "targets": (*_DOC_KEYS, "indicator_id", "level", "owner", "indicator", "unit", "kind",
                "target_year", "value", "value_unit", "raw", *_WHERE),
    "budgets": (*_DOC_KEYS, "level", "owner_id", "program", "name", "code", "budget_year",
                "amount", "raw", "realized", "realization_percent", *_WHERE),
    "warnings": (*_DOC_KEYS, "code", "message", "page", "line"),
}


def _where(provenance: list[dict[str, Any]] | None) -> dict[str, Any]:
    first = (provenance or [{}])[0]
    return {key: first.get(key) for key in _WHERE}


def _amount(money: dict[str, Any] | None) -> tuple[int | None, str | None]:
    return (money["amount"], money.get("raw")) if money else (None, None)


def document_rows(data: dict[str, Any], output: str = "") -> dict[str, list[dict[str, Any]]]:
    """The rows one canonical JSON document contributes to each table."""
    doc = data.get("document") or {}
    source = data.get("source") or {}
    base = {"document_id": data["document_id"], "agency": doc.get("agency"),
            "region": doc.get("region"), "year": doc.get("year")}
    rows: dict[str, list[dict[str, Any]]] = {entity: [] for entity in ENTITIES}
    counter = iter(range(1_000_000))

    def indicators(level: str, owner: str, owner_id: str, program_id: str | None,
                   items: list[dict[str, Any]]) -> None:
        for indicator in items:
            indicator_id = f"{data['document_id']}:i{next(counter)}"
            where = _where(indicator.get("provenance"))
            final = indicator.get("final_target") or {}
            rows["indicators"].append({
                **base, "indicator_id": indicator_id, "level": level, "owner": owner,
                "owner_id": owner_id, "program_id": program_id, "name": indicator["name"],
                "unit": indicator.get("unit"), "final_target": final.get("value"),
                "final_target_unit": final.get("unit"), "final_target_raw": final.get("raw"),
                **where})
            for kind in ("baseline", "targets"):
                for value in indicator.get(kind) or []:
                    rows["targets"].append({
                        **base, "indicator_id": indicator_id, "level": level, "owner": owner,
                        "indicator": indicator["name"], "unit": indicator.get("unit"),
                        "kind": "baseline" if kind == "baseline" else "target",
                        "target_year": value.get("year"), "value": value.get("value"),
                        "value_unit": value.get("unit"), "raw": value.get("raw"), **where})

    def budget(level: str, owner_id: str, program: str | None, name: str, code: str | None,
               money: dict[str, Any] | None, where: dict[str, Any]) -> None:
        if money:
            rows["budgets"].append({
                **base, "level": level, "owner_id": owner_id, "program": program,
                "name": name, "code": code, "budget_year": doc.get("year"),
                "amount": money["amount"], "raw": money.get("raw"), "realized": None,
                "realization_percent": None, **where})

    for index, goal in enumerate(data.get("goals") or []):
        indicators("goal", goal["text"], f"{data['document_id']}:g{index}", None,
                   goal.get("indicators") or [])
    for index, objective in enumerate(data.get("objectives") or []):
        indicators("objective", objective["text"], f"{data['document_id']}:o{index}", None,
                   objective.get("indicators") or [])

    def activity_rows(program_id: str | None, program: str | None,
                      activities: list[dict[str, Any]], prefix: str) -> None:
        for a_index, activity in enumerate(activities):
            activity_id = f"{prefix}:a{a_index}"
            amount, raw = _amount(activity.get("budget"))
            where = _where(activity.get("provenance"))
            rows["activities"].append({
                **base, "activity_id": activity_id, "program_id": program_id,
                "program": program, "level": activity.get("level"),
                "number": activity.get("number"), "code": activity.get("code"),
                "name": activity["name"], "budget": amount, "budget_raw": raw,
                "sub_activities": len(activity.get("sub_activities") or []),
                "indicators": len(activity.get("indicators") or []), **where})
            budget(activity.get("level") or "kegiatan", activity_id, program,
                   activity["name"], activity.get("code"), activity.get("budget"), where)
            indicators(activity.get("level") or "kegiatan", activity["name"], activity_id,
                       program_id, activity.get("indicators") or [])
            for s_index, sub in enumerate(activity.get("sub_activities") or []):
                sub_id = f"{activity_id}:s{s_index}"
                amount, raw = _amount(sub.get("budget"))
                where = _where(sub.get("provenance"))
                rows["sub_activities"].append({
                    **base, "sub_activity_id": sub_id, "activity_id": activity_id,
                    "program_id": program_id, "program": program,
                    "activity": activity["name"], "code": sub.get("code"),
                    "name": sub["name"], "budget": amount, "budget_raw": raw,
                    "indicators": len(sub.get("indicators") or []), **where})
                budget("sub_kegiatan", sub_id, program, sub["name"], sub.get("code"),
                       sub.get("budget"), where)
                indicators("sub_kegiatan", sub["name"], sub_id, program_id,
                           sub.get("indicators") or [])

    for p_index, program in enumerate(data.get("programs") or []):
        program_id = f"{data['document_id']}:p{p_index}"
        amount, raw = _amount(program.get("budget"))
        where = _where(program.get("provenance"))
        rows["programs"].append({
            **base, "program_id": program_id, "number": program.get("number"),
            "code": program.get("code"), "name": program["name"],
            "strategic_objective": program.get("strategic_objective"), "budget": amount,
            "budget_raw": raw, "activities": len(program.get("activities") or []),
            "indicators": len(program.get("indicators") or []), **where})
        budget("program", program_id, program["name"], program["name"], program.get("code"),
               program.get("budget"), where)
        indicators("program", program["name"], program_id, program_id,
                   program.get("indicators") or [])
        activity_rows(program_id, program["name"], program.get("activities") or [],
                      program_id)
    activity_rows(None, None, data.get("unassigned_activities") or [],
                  f"{data['document_id']}:u")

    for entry in data.get("budget_summary") or []:
        allocated, raw = _amount(entry.get("allocated"))
        realized, _ = _amount(entry.get("realized"))
        rows["budgets"].append({
            **base, "level": "document", "owner_id": data["document_id"], "program": None,
            "name": doc.get("agency") or doc.get("title"), "code": None,
            "budget_year": entry.get("year"), "amount": allocated, "raw": raw,
            "realized": realized, "realization_percent": entry.get("realization_percent"),
            **_where(entry.get("provenance"))})

    for warning in data.get("warnings") or []:
        rows["warnings"].append({**base, "code": warning["code"],
                                 "message": warning["message"], "page": warning.get("page"),
                                 "line": warning.get("line")})

    periods = doc.get("periods") or {}
    rpjmd, renstra = periods.get("rpjmd") or [None, None], periods.get("renstra") or [None, None]
    signatory = doc.get("signatory") or {}
    ocr = source.get("ocr") or {}
    rows["documents"].append({
        **base, "type": doc.get("type"), "title": doc.get("title"), "file": source.get("file"),
        "output": output, "sha256": source.get("sha256"), "format": source.get("format"),
        "pages": source.get("pages"), "ocr_pages": len(source.get("ocr_pages") or []),
        "ocr_mean_confidence": ocr.get("mean_confidence"), "rpjmd_from": rpjmd[0],
        "rpjmd_to": rpjmd[1], "renstra_from": renstra[0], "renstra_to": renstra[1],
        "signatory": signatory.get("name"), "programs": len(rows["programs"]),
        "activities": len(rows["activities"]), "indicators": len(rows["indicators"]),
        "warnings": len(rows["warnings"]), "page": None})
    return rows


def _outputs(out_dir: str | Path) -> Iterator[tuple[str, dict[str, Any]]]:
    for name in storage.glob_names(out_dir, "*.json"):
        try:
            data = json.loads(storage.read_bytes(storage.join(out_dir, name)).decode("utf-8"))
        except (OSError, ValueError):
            continue  # not ours, or unreadable: the manifest says what happened to it
        if isinstance(data, dict) and "document_id" in data and "schema_version" in data:
            yield name, data


def build_tables(documents: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, pd.DataFrame]:
    """One DataFrame per entity from (output name, canonical JSON) pairs. Documents are
    read one at a time: memory grows with the rows, not with the JSON."""
    rows: dict[str, list[dict[str, Any]]] = {entity: [] for entity in ENTITIES}
    for name, data in documents:
        for entity, found in document_rows(data, name).items():
            rows[entity] += found
    frames = {}
    for entity in ENTITIES:
        frame = pd.DataFrame(rows[entity], columns=list(COLUMNS[entity]))
        frames[entity] = frame.convert_dtypes(dtype_backend="pyarrow")
    return frames


def tables_from_outputs(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The tables of every canonical JSON output in `out_dir`."""
    return build_tables(_outputs(out_dir))


def write_tables(out_dir: str | Path, csv: bool = False) -> dict[str, pd.DataFrame]:
    """Rebuild `out_dir/tables/` from every JSON output in `out_dir` (so a resumed run's
    tables cover the documents of earlier runs too); each file written atomically
    (`storage.write_atomic`: a local folder or an fsspec URL)."""
    frames = tables_from_outputs(out_dir)
    folder = storage.join(out_dir, TABLES_DIR)
    storage.make_dirs(folder)
    for entity, frame in frames.items():
        storage.write_atomic(storage.join(folder, f"{entity}.parquet"),
                             lambda stream, f=frame: f.to_parquet(stream, index=False))
        if csv:
            storage.write_atomic(storage.join(folder, f"{entity}.csv"),
                                 lambda stream, f=frame: f.to_csv(stream, index=False))
    return frames


def load(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The analyst tables of an output folder as pandas DataFrames, by entity name:
    `dfs = load("out"); dfs["budgets"]`. Read from `out_dir/tables/*.parquet` when a run
    wrote them, else built from the JSON outputs."""
    folder = storage.join(out_dir, TABLES_DIR)
    files = {entity: storage.join(folder, f"{entity}.parquet") for entity in ENTITIES}
    if all(storage.is_file(file) for file in files.values()):
        return {entity: pd.read_parquet(_readable(file), dtype_backend="pyarrow")
                for entity, file in files.items()}
    return tables_from_outputs(out_dir)


def _readable(file: str | Path) -> Any:
    local = storage.local_path(file)
    return local if local is not None else io.BytesIO(storage.read_bytes(file))
