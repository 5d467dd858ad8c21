"""Header interpretation and assembly on other agencies' layouts.

The three rendered gold documents (a Dinas Kesehatan, a Bappeda, a Dinas Pendidikan) print
their tables with other numbering, other column orders, a Kode column beside a
"Program/Kegiatan/Sub Kegiatan" column, codes printed before names, a "Tujuan/Sasaran"
column told apart by numbering, budget-against-realization tables and grand totals. Here
their tables, as cells exactly as the documents print them, go through the table
interpretation and assembly stages alone; what comes out is scored against the gold. (The
same documents as PDFs and scans exercise ingestion too: see the rendered corpus.)
"""

import json

import pytest

from extract.assemble import assemble
from extract.evaluate import EvalSettings, score_document
from extract.ir import Document, Metadata, RawTable, Source, TableRow
from extract.model import to_json
from extract.settings import Settings

from .conftest import GOLD

FLOORS = {  # overall F1 of the table-derived facts when this test was written
    "kab-sleman-dinkes-rkt-2023": 0.99,
    "kota-bandung-bappeda-rkt-2022": 1.0,
    "prov-jatim-disdik-rkt-2024": 1.0,
}


def tables_only(gold: dict) -> dict:
    doc = Document(Source("x", "0" * 64, "pdf", None), pages=[])
    meta = gold["document"]
    doc.metadata = Metadata(type=meta["type"], title=meta["title"], year=meta["year"])
    for index, table in enumerate(gold["tables"]):
        rows = [TableRow(list(cells), [1000 * index + n]) for n, cells in enumerate(table["rows"])]
        doc.tables.append(RawTable(table["label"], table["caption"], None, [], table["header"],
                                   rows, 1000 * index))
    data = to_json(assemble(doc, Settings()))
    # Metadata, vision and missions come from prose, not tables: not under test here.
    data.update(document=gold["document"], vision=gold["vision"], missions=gold["missions"])
    return data


@pytest.mark.parametrize("stem", sorted(FLOORS))
def test_tables_of_other_layouts_are_read_by_meaning(stem):
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    score = score_document(tables_only(gold), gold, EvalSettings(), name=stem)
    assert score.overall.f1 >= FLOORS[stem]
    for fact_type in ("programs", "activities", "indicators", "budgets"):
        assert score.counts[fact_type].f1 >= 0.97, fact_type
