"""Analyst tables from real corpus outputs: rows match the JSON, and `load` round-trips."""

from __future__ import annotations

import json

import pytest

from extract import load
from extract.analyst import COLUMNS, ENTITIES, write_tables
from extract.output import output_path, write_json
from extract.pipeline import extract_document

from .conftest import DEPOK, PONTIANAK


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("out")
    for path in (PONTIANAK, DEPOK):
        write_json(extract_document(path), output_path(path, folder))
    (folder / "notes.json").write_text('{"not": "an output"}', encoding="utf-8")
    return folder


def outputs(folder):
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))
            if "document_id" in p.read_text(encoding="utf-8")]


def test_tables_have_one_row_per_record_of_the_json(out_dir):
    frames = write_tables(out_dir, csv=True)
    docs = outputs(out_dir)
    programs = [p for d in docs for p in d["programs"]]
    activities = [a for p in programs for a in p["activities"]]
    activities += [a for d in docs for a in d["unassigned_activities"]]
    subs = [s for a in activities for s in a["sub_activities"]]
    assert len(frames["documents"]) == 2
    assert len(frames["programs"]) == len(programs) > 0
    assert len(frames["activities"]) == len(activities) > 0
    assert len(frames["sub_activities"]) == len(subs)
    assert len(frames["warnings"]) == sum(len(d["warnings"]) for d in docs)
    indicators = [i for d in docs for owner in [*d["goals"], *d["objectives"]]
                  for i in owner["indicators"]]
    indicators += [i for p in programs for i in p["indicators"]]
    indicators += [i for a in activities for i in a["indicators"]]
    indicators += [i for s in subs for i in s["indicators"]]
    assert len(frames["indicators"]) == len(indicators) > 0
    values = sum(len(i["targets"]) + len(i["baseline"]) for i in indicators)
    assert len(frames["targets"]) == values > 0
    for entity in ENTITIES:
        assert list(frames[entity].columns) == list(COLUMNS[entity])
        assert (out_dir / "tables" / f"{entity}.parquet").is_file()
        assert (out_dir / "tables" / f"{entity}.csv").is_file()


def test_every_row_says_which_document_agency_region_year_and_page(out_dir):
    frames = write_tables(out_dir)
    for entity in ENTITIES:
        frame = frames[entity]
        for column in ("document_id", "agency", "region", "year"):
            assert column in frame.columns
        assert "page" in frame.columns
    programs = frames["programs"]
    assert set(programs["region"]) == {"Kota Pontianak", "Kota Depok"}
    assert set(programs["year"]) == {2021}
    # Text inputs have no pages: their rows point at the table and row instead.
    assert programs["table"].notna().all()


def test_load_round_trips_and_answers_budget_per_program_per_region(out_dir):
    written = write_tables(out_dir)
    loaded = load(out_dir)
    assert set(loaded) == set(ENTITIES)
    for entity in ENTITIES:
        assert loaded[entity].reset_index(drop=True).equals(written[entity])
    budgets = loaded["budgets"]
    per_program = (budgets[budgets["level"] == "program"]
                   .groupby(["region", "program"])["amount"].sum())
    pontianak = json.loads((out_dir / "pontianak-kesbangpol-rkt-2021.json").read_text(
        encoding="utf-8"))
    program = next(p for p in pontianak["programs"] if p["budget"])
    assert per_program[("Kota Pontianak", program["name"])] == program["budget"]["amount"]
    # Targets join back to their indicator.
    joined = loaded["targets"].merge(loaded["indicators"][["indicator_id", "name"]],
                                     on="indicator_id")
    assert len(joined) == len(loaded["targets"])
    assert (joined["indicator"] == joined["name"]).all()


def test_load_builds_the_tables_when_a_folder_has_none(tmp_path):
    write_json(extract_document(PONTIANAK), output_path(PONTIANAK, tmp_path))
    frames = load(tmp_path)
    assert len(frames["documents"]) == 1 and not (tmp_path / "tables").exists()
    assert frames["documents"]["agency"][0] == "Kantor Kesatuan Bangsa dan Sosial Politik"
