"""The JSON Schema follows the contract, and validate.py reports problems by JSON path."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from extract.validate import SchemaError, assert_valid, load_schema, validate_document
from extract.warnings import WARNING_CODES

REPO = Path(__file__).resolve().parent.parent
CORPUS_FILE = REPO / "corpus" / "pontianak-kesbangpol-rkt-2021.txt"
GOLD_FILES = sorted((REPO / "gold").glob("*.json"))


def minimal_doc() -> dict[str, Any]:
    """The smallest valid document: every required key, every list empty, unknowns null."""
    sha = hashlib.sha256(CORPUS_FILE.read_bytes()).hexdigest()
    return {
        "schema_version": "1.0",
        "document_id": sha[:16],
        "source": {
            "file": "corpus/pontianak-kesbangpol-rkt-2021.txt",
            "sha256": sha,
            "format": "text",
            "pages": None,
            "ocr_pages": [],
            "ocr": None,
        },
        "document": {
            "type": "RKT",
            "title": "RENCANA KINERJA TAHUNAN (RKT) 2021",
            "year": 2021,
            "agency": "Kantor Kesatuan Bangsa dan Sosial Politik",
            "region": "Kota Pontianak",
            "signatory": None,
            "periods": {"rpjmd": [2020, 2024], "renstra": None},
        },
        "vision": None,
        "missions": [],
        "goals": [],
        "objectives": [],
        "programs": [],
        "unassigned_activities": [],
        "performance_history": [],
        "budget_summary": [],
        "tables": [],
        "sections": [],
        "warnings": [],
    }


def provenance(line: int, raw: str, table: str | None = None, row: int | None = None) -> dict:
    return {"page": None, "line": line, "table": table, "row": row, "raw": raw, "corrections": []}


def full_doc() -> dict[str, Any]:
    """A document that uses every record type once, with values from the Pontianak RKT."""
    doc = minimal_doc()
    doc["document"]["signatory"] = {
        "name": "Rizal, S.SOS",
        "position": "Kepala Kantor Kesatuan Bangsa Dan Sosial Politik Kota Pontianak",
        "rank": None,
        "nip": None,
    }
    doc["vision"] = "PONTIANAK KOTA KHATULISTIWA YANG BERWAWASAN LINGKUNGAN, CERDAS DAN BERMARTABAT"
    doc["missions"] = ["Mewujudkan kota yang bersih, hijau, aman, tertib dan berkelanjutan"]
    indicator = {
        "name": "Persentase Partisipasi Masyarakat Dalam Menggunakan Hak Pilih",
        "aliases": [],
        "unit": "%",
        "baseline": [{"year": 2019, "value": 65.0, "unit": "%", "raw": "65%"}],
        "targets": [{"year": 2021, "value": 75.0, "unit": "%", "raw": "75%"}],
        "final_target": {"value": 85.0, "unit": "%", "raw": "85%"},
        "provenance": [
            {
                "page": None,
                "line": 217,
                "table": "Tabel 2.2",
                "row": 1,
                "raw": "Presentase Partisipasi Masyarakat Dalam Menggunakan Hak Pilih",
                "corrections": [{"from": "Presentase", "to": "Persentase", "score": 90.0}],
            }
        ],
    }
    goal = "Meningkatnya Toleransi Di Kalangan Masyarakat"
    doc["goals"] = [
        {
            "text": goal,
            "aliases": [],
            "indicators": [indicator],
            "provenance": [provenance(217, goal)],
        }
    ]
    doc["objectives"] = [
        {
            "text": "Terwujudnya Kondisi Kondusif di Kota Pontianak",
            "aliases": ["Terciptanya Kondisi Kondusif di Kota Pontianak"],
            "goal": goal,
            "indicators": [copy.deepcopy(indicator)],
            "provenance": [provenance(217, "Terwujudnya Kondisi Kondusif di Kota Pontianak")],
        }
    ]
    activity = {
        "number": "3",
        "code": None,
        "level": "kegiatan",
        "name": "Verifikasi Bantuan Keuangan Partai Politik",
        "aliases": ["Kegiatan Verifikasi Bantuan Keuangan Partai Politik"],
        "objectives": ["Terlaksananya Kegiatan Verifikasi Bantuan Keuangan Partai Politik"],
        "indicators": [],
        "budget": None,
        "sub_activities": [
            {
                "code": None,
                "name": "Verifikasi Bantuan Partai Politik",
                "budget": None,
                "indicators": [],
                "provenance": [provenance(389, "Verifikasi Bantuan Partai Politik", "BAB IV", 2)],
            }
        ],
        "provenance": [
            provenance(270, "Vervikasi Bantuan Keuangan Partai Politik", "Tabel 2.4", 3)
        ],
    }
    doc["programs"] = [
        {
            "number": "1",
            "code": None,
            "name": "Program peningkatan peran partai politik dan lembaga pendidikan melalui "
            "pendidikan politik dan pengembangan etika serta budaya politik",
            "aliases": [],
            "objectives": [
                (
                    "Meningkatnya Pembinaan Wawasan Kebangsaan dan Pembauran kebangsaan "
                    "terhadap masyarakat"
                )
            ],
            "strategic_objective": None,
            "indicators": [],
            "budget": {"amount": 3314590000, "currency": "IDR", "raw": "3.314.590.000"},
            "activities": [activity],
            "provenance": [
                provenance(249, "Program peningkatan peran partai politik", "Tabel 2.3")
            ],
        }
    ]
    doc["performance_history"] = [
        {
            "year": 2020,
            "objective": "Meningkatnya Tata Kelola dan Kinerja Perangkat Daerah",
            "indicator": "Persentase capaian Kinerja Perangkat Daerah",
            "unit": "persen",
            "target": {"value": 95.0, "unit": "%", "raw": "95%"},
            "achievement": {"value": 96.82, "unit": "%", "raw": "96,82"},
            "provenance": [],
        }
    ]
    doc["budget_summary"] = [
        {
            "year": 2020,
            "allocated": {"amount": 3088327417, "currency": "IDR", "raw": "Rp. 3.088.327.417-"},
            "realized": {"amount": 2714724445, "currency": "IDR", "raw": "Rp. 2.714.724.445,-"},
            "realization_percent": 96.82,
            "provenance": [],
        }
    ]
    doc["tables"] = [
        {
            "label": "Tabel 2.6",
            "caption": "Capaian Kinerja Tahun 2020",
            "pages": [],
            "header": [["No.", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Target"]],
            "rows": [["2.", "Meningkatnya Tata Kelola", "Persentase capaian", "Persen", "95%"]],
        }
    ]
    doc["sections"] = [
        {"number": "2.5", "title": "Capaian Kinerja Tahun Sebelumnya", "page": None, "line": 371}
    ]
    doc["warnings"] = [
        {
            "code": "inconsistent_percent",
            "message": "2714724445 / 3088327417 is 87.90%, printed 96,82%",
            "page": None,
            "line": 392,
        },
        {
            "code": "numbering_gap",
            "message": "Tabel 2.3 goes from 4. to 6.",
            "page": None,
            "line": 259,
        },
    ]
    return doc


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_warning_code_enum_equals_warnings_module() -> None:
    # WARNING_CODES is the one list; when this fails, copy this value into the schema.
    expected = list(WARNING_CODES)
    assert load_schema()["$defs"]["WarningCode"]["enum"] == expected
    assert all(WARNING_CODES[code].strip() for code in expected)


def test_minimal_document_is_valid() -> None:
    assert validate_document(minimal_doc()) == []
    assert_valid(minimal_doc())


def test_full_document_is_valid() -> None:
    assert validate_document(full_doc()) == []


def test_missing_required_field_is_reported_with_path() -> None:
    doc = minimal_doc()
    del doc["document"]["title"]
    assert validate_document(doc) == ["$.document: 'title' is a required property"]


def test_missing_nested_required_field_in_record() -> None:
    doc = full_doc()
    del doc["programs"][0]["activities"][0]["level"]
    assert validate_document(doc) == ["$.programs[0].activities[0]: 'level' is a required property"]


def test_null_only_where_contract_allows() -> None:
    doc = minimal_doc()
    doc["document"]["year"] = None  # "<int> | null"
    assert validate_document(doc) == []
    doc["document"]["title"] = None  # "<str>", not nullable
    assert validate_document(doc) == ["$.document.title: expected string, got null"]


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (
            ("source", "format"),
            "docx",
            '$.source.format: "docx" is not one of "pdf", "image", "text"',
        ),
        (("document", "type"), "rkt", '$.document.type: "rkt" is not one of'),
        (("schema_version",), "2.0", '$.schema_version: "2.0" is not one of "1.0"'),
    ],
)
def test_bad_enum_is_rejected(where: tuple[str, ...], value: str, message: str) -> None:
    doc = minimal_doc()
    target = doc
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    errors = validate_document(doc)
    assert len(errors) == 1
    assert errors[0].startswith(message)


def test_unknown_warning_code_and_activity_level_are_rejected() -> None:
    doc = full_doc()
    doc["warnings"][0]["code"] = "total_mismatch"
    doc["programs"][0]["activities"][0]["level"] = "subkegiatan"
    paths = [e.split(": ")[0] for e in validate_document(doc)]
    assert paths == ["$.programs[0].activities[0].level", "$.warnings[0].code"]


def test_additional_property_is_rejected() -> None:
    doc = full_doc()
    doc["programs"][0]["sasaran"] = "Meningkatnya Pendidikan Politik terhadap Masyarakat"
    errors = validate_document(doc)
    assert len(errors) == 1
    assert errors[0].startswith("$.programs[0]: Additional properties are not allowed")


def test_nullable_record_reports_the_inner_problem() -> None:
    doc = full_doc()
    doc["programs"][0]["budget"]["amount"] = "3.314.590.000"  # must be parsed to rupiah
    assert validate_document(doc) == ["$.programs[0].budget.amount: expected integer, got string"]


def test_codes_are_strings_or_null() -> None:
    doc = full_doc()
    doc["programs"][0]["code"] = "2.17.02"
    assert validate_document(doc) == []
    doc["programs"][0]["code"] = 21702
    assert validate_document(doc) == ["$.programs[0].code: expected string or null, got integer"]


def test_correction_items_need_from_to_score() -> None:
    doc = full_doc()
    correction = doc["goals"][0]["indicators"][0]["provenance"][0]["corrections"][0]
    del correction["score"]
    assert validate_document(doc) == [
        "$.goals[0].indicators[0].provenance[0].corrections[0]: 'score' is a required property"
    ]


def test_nip_is_digits_only() -> None:
    doc = full_doc()
    doc["document"]["signatory"]["nip"] = "19690807 199403 1 009"
    errors = validate_document(doc)
    assert len(errors) == 1
    assert errors[0].startswith("$.document.signatory.nip:")
    doc["document"]["signatory"]["nip"] = "196908071994031009"
    assert validate_document(doc) == []


def test_document_id_must_prefix_sha256() -> None:
    doc = minimal_doc()
    doc["document_id"] = "0123456789abcdef"
    assert validate_document(doc) == [
        "$.document_id: '0123456789abcdef' is not the first 16 hex of source.sha256"
    ]


def test_assert_valid_raises_schema_error_with_every_problem() -> None:
    doc = copy.deepcopy(minimal_doc())
    del doc["warnings"]
    doc["source"]["format"] = "docx"
    with pytest.raises(SchemaError) as info:
        assert_valid(doc)
    assert isinstance(info.value, ValueError)
    assert len(info.value.errors) == 2
    assert "2 schema error(s)" in str(info.value)


@pytest.mark.skipif(not GOLD_FILES, reason="no gold files yet")
@pytest.mark.parametrize("path", GOLD_FILES, ids=[p.stem for p in GOLD_FILES])
def test_gold_files_follow_the_schema(path: Path) -> None:
    assert validate_document(json.loads(path.read_text(encoding="utf-8"))) == []
