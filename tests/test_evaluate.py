"""The evaluator scores facts as gold/README.md says, on names from the Pontianak RKT 2021."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from extract.evaluate import (
    FACT_TYPES,
    EvalSettings,
    Names,
    document_facts,
    evaluate_dirs,
    format_report,
    name_similarity,
    normalize,
    report_to_json,
    score_document,
)
from extract.validate import validate_document

SETTINGS = EvalSettings()

PROGRAM_PARPOL = (
    "Program peningkatan peran partai politik dan lembaga pendidikan melalui pendidikan politik "
    "dan pengembangan etika serta budaya politik"
)
PROGRAM_IDEOLOGI = "Program Penguatan ideologi Pancasila dan Karakter Kebangsaan"
PROGRAM_ORMAS = "Program pemberdayaan dan pengawasan organisasi kemasyarakatan"
PROGRAM_PENUNJANG = "Program penunjang urusan pemerintahan daerah"
GOAL = "Meningkatnya Toleransi Di Kalangan Masyarakat"
OBJECTIVE = "Terwujudnya Kondisi Kondusif di Kota Pontianak"
HAK_PILIH = "Persentase Partisipasi Masyarakat Dalam Menggunakan Hak Pilih"


def year_value(year: int, value: float, raw: str) -> dict[str, Any]:
    return {"year": year, "value": value, "unit": "%", "raw": raw}


def indicator(name: str, aliases: list[str] | None = None, **values: Any) -> dict[str, Any]:
    return {
        "name": name,
        "aliases": aliases or [],
        "unit": "persen",
        "baseline": values.get("baseline", []),
        "targets": values.get("targets", []),
        "final_target": values.get("final_target"),
        "provenance": [],
    }


def money(amount: int, raw: str) -> dict[str, Any]:
    return {"amount": amount, "currency": "IDR", "raw": raw}


def activity(name: str, aliases: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    record = {
        "number": None,
        "code": None,
        "level": "kegiatan",
        "name": name,
        "aliases": aliases or [],
        "objectives": [],
        "indicators": [],
        "budget": None,
        "sub_activities": [],
        "provenance": [],
    }
    record.update(extra)
    return record


def sub_activity(name: str) -> dict[str, Any]:
    return {"code": None, "name": name, "budget": None, "indicators": [], "provenance": []}


def program(
    number: str, name: str, activities: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    record = {
        "number": number,
        "code": None,
        "name": name,
        "aliases": [],
        "objectives": [],
        "strategic_objective": None,
        "indicators": [],
        "budget": None,
        "activities": activities,
        "provenance": [],
    }
    record.update(extra)
    return record


def pontianak_gold() -> dict[str, Any]:
    """A hand-made excerpt of the Pontianak RKT 2021 in the canonical form."""
    hak_pilih = indicator(
        HAK_PILIH,
        aliases=["Persentase Partisipasi Masyarakat dalam menggunakan hak pilih"],
        baseline=[year_value(2019, 65.0, "65%"), year_value(2020, 75.0, "75%")],
        targets=[year_value(2020, 75.0, "75%"), year_value(2021, 75.0, "75%")],
        final_target={"value": 85.0, "unit": "%", "raw": "85%"},
    )
    return {
        "schema_version": "1.0",
        "document_id": "769c76efe56ccbfc",
        "source": {
            "file": "corpus/pontianak-kesbangpol-rkt-2021.txt",
            "sha256": "769c76efe56ccbfcc509c03f8da628d5a462e9af10a8b0d270095487a598f1d5",
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
            "signatory": {"name": "Rizal, S.SOS", "position": None, "rank": None, "nip": None},
            "periods": {"rpjmd": [2020, 2024], "renstra": [2020, 2024]},
        },
        "vision": "PONTIANAK KOTA KHATULISTIWA YANG BERWAWASAN LINGKUNGAN, CERDAS DAN BERMARTABAT",
        "missions": [
            "Mewujudkan kualitas sumber daya manusia yang sehat, cerdas dan berbudaya",
            "Mewujudkan kota yang bersih, hijau, aman, tertib dan berkelanjutan",
        ],
        # The same indicator under the goal and its objective (Tabel 2.2, "Indikator
        # Tujuan/Sasaran"): its target facts must count once.
        "goals": [{"text": GOAL, "aliases": [], "indicators": [hak_pilih], "provenance": []}],
        "objectives": [
            {
                "text": OBJECTIVE,
                "aliases": ["Terciptanya Kondisi Kondusif di Kota Pontianak"],
                "goal": GOAL,
                "indicators": [copy.deepcopy(hak_pilih)],
                "provenance": [],
            }
        ],
        "programs": [
            program(
                "1",
                PROGRAM_PARPOL,
                [
                    activity(
                        "Verifikasi Bantuan Keuangan Partai Politik",
                        aliases=["Kegiatan Verifikasi Bantuan Keuangan Partai Politik"],
                        sub_activities=[sub_activity("Verifikasi Bantuan Partai Politik")],
                    ),
                    activity("Bimbingan Teknis Bantuan Keuangan Partai Politik"),
                    activity("Bantuan Keuangan Partai Politik"),
                ],
                indicators=[
                    indicator(
                        "Rasio masyarakat yang mendapat pendidikan politik per 10.000 penduduk"
                    )
                ],
                budget=money(3314590000, "3.314.590.000"),
            ),
            program("2", PROGRAM_IDEOLOGI, [], budget=money(269010230, "269.010.230")),
            program("3", PROGRAM_ORMAS, [], budget=money(8250000, "8.250.000")),
            program("7", PROGRAM_PENUNJANG, []),
        ],
        "unassigned_activities": [activity("Fasilitasi Forkopimda")],
        "performance_history": [
            {
                "year": 2020,
                "objective": "Meningkatnya Tata Kelola dan Kinerja Perangkat Daerah",
                "indicator": "Persentase capaian Kinerja Perangkat Daerah",
                "unit": "persen",
                "target": {"value": 95.0, "unit": "%", "raw": "95%"},
                "achievement": {"value": 96.82, "unit": None, "raw": "96,82"},
                "provenance": [],
            }
        ],
        "budget_summary": [
            {
                "year": 2020,
                "allocated": money(3088327417, "Rp. 3.088.327.417-"),
                "realized": money(2714724445, "Rp. 2.714.724.445,-"),
                "realization_percent": 96.82,
                "provenance": [],
            }
        ],
        "tables": [],
        "sections": [],
        "warnings": [],
    }


def labels(facts: list[Any]) -> list[str]:
    return [f.label for f in facts]


def test_test_document_follows_the_schema() -> None:
    assert validate_document(pontianak_gold()) == []


def test_facts_follow_the_gold_readme_table() -> None:
    facts = document_facts(pontianak_gold())
    assert set(facts) == set(FACT_TYPES)
    assert labels(facts["metadata"]) == [
        "type | RKT",
        "year | 2021",
        "periods.rpjmd | 2020-2024",
        "periods.renstra | 2020-2024",
        "agency | Kantor Kesatuan Bangsa dan Sosial Politik",
        "region | Kota Pontianak",
        "signatory.name | Rizal, S.SOS",
        "vision | PONTIANAK KOTA KHATULISTIWA YANG BERWAWASAN LINGKUNGAN, CERDAS DAN BERMARTABAT",
        "mission | Mewujudkan kualitas sumber daya manusia yang sehat, cerdas dan berbudaya",
        "mission | Mewujudkan kota yang bersih, hijau, aman, tertib dan berkelanjutan",
    ]
    assert labels(facts["goals"]) == [f"goal | {GOAL}", f"objective | {OBJECTIVE} | {GOAL}"]
    assert len(facts["programs"]) == 4
    assert labels(facts["activities"]) == [
        f"{PROGRAM_PARPOL} | Verifikasi Bantuan Keuangan Partai Politik",
        f"{PROGRAM_PARPOL} | Bimbingan Teknis Bantuan Keuangan Partai Politik",
        f"{PROGRAM_PARPOL} | Bantuan Keuangan Partai Politik",
        "null | Fasilitasi Forkopimda",
        "Verifikasi Bantuan Keuangan Partai Politik | Verifikasi Bantuan Partai Politik",
    ]
    assert labels(facts["indicators"]) == [
        f"{GOAL} | {HAK_PILIH}",
        f"{OBJECTIVE} | {HAK_PILIH}",
        f"{PROGRAM_PARPOL} | Rasio masyarakat yang mendapat pendidikan politik per 10.000 penduduk",
    ]
    # Goal and objective carry the same indicator: its 5 values collapse to 5 facts, not 10.
    assert labels(facts["targets"]) == [
        f"baseline | {HAK_PILIH} | 2019 | 65",
        f"baseline | {HAK_PILIH} | 2020 | 75",
        f"target | {HAK_PILIH} | 2020 | 75",
        f"target | {HAK_PILIH} | 2021 | 75",
        f"final | {HAK_PILIH} | null | 85",
        "history_target | Persentase capaian Kinerja Perangkat Daerah | 2020 | 95",
        "history_achievement | Persentase capaian Kinerja Perangkat Daerah | 2020 | 96.82",
    ]
    assert labels(facts["budgets"]) == [
        f"{PROGRAM_PARPOL} | 3314590000",
        f"{PROGRAM_IDEOLOGI} | 269010230",
        f"{PROGRAM_ORMAS} | 8250000",
        "allocated 2020 | 3088327417",
        "realized 2020 | 2714724445",
    ]


def test_gold_against_itself_is_perfect() -> None:
    gold = pontianak_gold()
    score = score_document(copy.deepcopy(gold), gold, SETTINGS)
    for fact_type in FACT_TYPES:
        counts = score.counts[fact_type]
        assert (counts.precision, counts.recall, counts.f1) == (1.0, 1.0, 1.0), fact_type
        assert score.missed[fact_type] == [] and score.extra[fact_type] == []
    assert score.overall.f1 == 1.0
    assert score.overall.tp == score.overall.gold == 36


def test_removing_a_program_lowers_programs_recall_precisely() -> None:
    gold = pontianak_gold()
    pred = copy.deepcopy(gold)
    del pred["programs"][1]  # Program Penguatan ideologi Pancasila dan Karakter Kebangsaan
    programs = score_document(pred, gold, SETTINGS).counts["programs"]
    assert (programs.gold, programs.pred, programs.tp) == (4, 3, 3)
    assert programs.recall == 3 / 4
    assert programs.precision == 1.0
    assert programs.f1 == pytest.approx(2 * 0.75 / 1.75)
    score = score_document(pred, gold, SETTINGS)
    assert labels(score.missed["programs"]) == [PROGRAM_IDEOLOGI]
    assert labels(score.missed["budgets"]) == [f"{PROGRAM_IDEOLOGI} | 269010230"]


def test_ocr_variant_of_a_name_still_matches() -> None:
    gold = pontianak_gold()
    pred = copy.deepcopy(gold)
    verifikasi = pred["programs"][0]["activities"][0]
    verifikasi["name"] = "Vervikasi Bantuan Keuangan Partai Politik"  # Tabel 2.4, as printed
    verifikasi["aliases"] = []
    score = score_document(pred, gold, SETTINGS)
    assert score.counts["activities"].tp == score.counts["activities"].gold == 5
    match = next(m for m in score.matched["activities"] if "Vervikasi" in m.pred.label)
    assert 85 <= match.score < 100


def test_wrong_amount_does_not_match() -> None:
    gold = pontianak_gold()
    pred = copy.deepcopy(gold)
    pred["programs"][2]["budget"]["amount"] = 8_250_001
    score = score_document(pred, gold, SETTINGS)
    assert score.counts["budgets"].tp == 4
    assert labels(score.missed["budgets"]) == [f"{PROGRAM_ORMAS} | 8250000"]
    assert labels(score.extra["budgets"]) == [f"{PROGRAM_ORMAS} | 8250001"]


def test_numbers_are_equal_within_tolerance_only() -> None:
    gold = pontianak_gold()
    pred = copy.deepcopy(gold)
    history = pred["performance_history"][0]
    history["achievement"]["value"] = 96.82 + 1e-12  # same number, float noise
    history["target"]["value"] = 95.01
    score = score_document(pred, gold, SETTINGS)
    assert labels(score.missed["targets"]) == [
        "history_target | Persentase capaian Kinerja Perangkat Daerah | 2020 | 95"
    ]


def test_year_must_be_equal() -> None:
    gold = pontianak_gold()
    pred = copy.deepcopy(gold)
    pred["budget_summary"][0]["year"] = 2021
    assert score_document(pred, gold, SETTINGS).counts["budgets"].tp == 3


def test_alias_of_gold_matches_where_the_name_does_not() -> None:
    # Tabel 2.5 calls "Kegiatan Monitoring dan Evaluasi Ketahanan Ekonomi" (Tabel 2.4) just
    # "Kegiatan Monitoring": too far apart to match by name alone.
    full, short = "Kegiatan Monitoring dan Evaluasi Ketahanan Ekonomi", "Kegiatan Monitoring"
    assert name_similarity(Names((short,)), Names((full,))) < SETTINGS.name_threshold
    gold = pontianak_gold()
    gold["unassigned_activities"].append(activity(full, aliases=[short]))
    pred = copy.deepcopy(gold)
    pred["unassigned_activities"][1] = activity(short)
    assert score_document(pred, gold, SETTINGS).counts["activities"].tp == 6


def test_alias_of_prediction_matches_too() -> None:
    gold = pontianak_gold()
    pred = copy.deepcopy(gold)
    pred["unassigned_activities"][0] = activity(
        "Rapat Koordinasi dan Singkronisasi", aliases=["Fasilitasi Forkopimda"]
    )
    assert score_document(pred, gold, SETTINGS).counts["activities"].tp == 5


def test_objective_matches_its_goal_through_the_goal_aliases() -> None:
    gold = pontianak_gold()
    gold["goals"][0]["aliases"] = ["Meningkatkan Toleransi Masyarakat"]
    pred = copy.deepcopy(gold)
    pred["goals"][0]["text"] = "Meningkatkan Toleransi Masyarakat"
    pred["goals"][0]["aliases"] = []
    pred["objectives"][0]["goal"] = "Meningkatkan Toleransi Masyarakat"
    assert score_document(pred, gold, SETTINGS).counts["goals"].tp == 2


def test_matching_is_one_to_one_and_best_first() -> None:
    # "Kegiatan makanan dan minuman" (row 19) and "Kegiatan Penyediaan Makanan dan Minuman"
    # (row 31) are 83.6 apart; at threshold 80 a prediction of row 31 could take either.
    row_19, row_31 = "Kegiatan makanan dan minuman", "Kegiatan Penyediaan Makanan dan Minuman"
    loose = EvalSettings(name_threshold=80)
    gold = pontianak_gold()
    gold["unassigned_activities"] = [activity(row_19), activity(row_31)]
    pred = copy.deepcopy(gold)
    pred["unassigned_activities"] = [activity(row_31), activity(row_31)]
    score = score_document(pred, gold, loose)
    assert score.counts["activities"].tp == 6
    assert labels(score.missed["activities"]) == []
    pred["unassigned_activities"] = [activity(row_31)]
    score = score_document(pred, gold, loose)
    assert labels(score.missed["activities"]) == [f"null | {row_19}"]


def test_duplicate_prediction_is_an_extra_fact() -> None:
    gold = pontianak_gold()
    pred = copy.deepcopy(gold)
    pred["programs"].append(copy.deepcopy(pred["programs"][3]))
    programs = score_document(pred, gold, SETTINGS).counts["programs"]
    assert (programs.gold, programs.pred, programs.tp) == (4, 5, 4)
    assert programs.precision == 4 / 5 and programs.recall == 1.0


def test_unassigned_activity_does_not_match_an_assigned_one() -> None:
    gold = pontianak_gold()
    pred = copy.deepcopy(gold)
    pred["unassigned_activities"] = [pred["programs"][0]["activities"].pop(2)]
    assert score_document(pred, gold, SETTINGS).counts["activities"].tp == 3


def test_normalize_drops_case_and_punctuation() -> None:
    assert (
        normalize("  Pelestarian/ Pengembangan  Ketahanan;") == "pelestarian pengembangan ketahanan"
    )
    assert normalize("Rizal, S.SOS") == normalize("Rizal S.Sos")


def test_empty_prediction_scores_zero_and_broken_fields_do_not_crash() -> None:
    gold = pontianak_gold()
    score = score_document({}, gold, SETTINGS)
    assert score.overall.tp == 0 and score.overall.recall == 0.0 and score.overall.f1 == 0.0
    broken = {"programs": [{"name": None}, "not a record"], "document": None, "missions": None}
    assert score_document(broken, gold, SETTINGS).counts["programs"].pred == 1


def test_evaluate_dirs_pairs_files_and_counts_missing_output(tmp_path: Path) -> None:
    gold_dir, out_dir = tmp_path / "gold", tmp_path / "out"
    gold_dir.mkdir()
    out_dir.mkdir()
    gold = pontianak_gold()
    pred = copy.deepcopy(gold)
    del pred["programs"][1]
    (gold_dir / "pontianak-kesbangpol-rkt-2021.json").write_text(json.dumps(gold))
    (gold_dir / "depok-kesbangpol-rkt-2021-ocr.json").write_text(json.dumps(gold))
    (gold_dir / "README.md").write_text("not a gold file")
    (out_dir / "pontianak-kesbangpol-rkt-2021.json").write_text(json.dumps(pred))
    (out_dir / "extra-output.json").write_text(json.dumps(pred))

    report = evaluate_dirs(out_dir, gold_dir, SETTINGS)

    assert [d.document for d in report.documents] == [
        "depok-kesbangpol-rkt-2021-ocr",
        "pontianak-kesbangpol-rkt-2021",
    ]
    assert report.missing_outputs == ["depok-kesbangpol-rkt-2021-ocr"]
    assert report.unpaired_outputs == ["extra-output"]
    missing, present = report.documents
    assert missing.missing_output and missing.overall.tp == 0
    assert sum(len(fs) for fs in missing.missed.values()) == missing.overall.gold == 36
    assert present.counts["programs"].recall == 3 / 4
    # Micro average: programs 3 found of 4 + 4.
    assert report.totals["programs"].recall == 3 / 8
    assert report.overall.gold == 72

    text = format_report(report, details=True)
    assert "== depok-kesbangpol-rkt-2021-ocr  (no output)" in text
    assert "== overall (2 document(s), micro-averaged)" in text
    assert "missing output for: depok-kesbangpol-rkt-2021-ocr" in text
    assert f"missed programs: {PROGRAM_IDEOLOGI}" in text

    data = json.loads(json.dumps(report_to_json(report)))
    assert data["totals"]["programs"] == {
        "gold": 8,
        "pred": 3,
        "tp": 3,
        "precision": 1.0,
        "recall": 0.375,
        "f1": pytest.approx(2 * 0.375 / 1.375),
    }
    assert data["documents"][1]["missed"]["programs"][0]["parts"][0]["name"] == PROGRAM_IDEOLOGI
    assert data["missing_outputs"] == ["depok-kesbangpol-rkt-2021-ocr"]


def test_unreadable_output_scores_as_empty(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "gold" / "a.json").write_text(json.dumps(pontianak_gold()))
    (tmp_path / "out" / "a.json").write_text("{not json")
    report = evaluate_dirs(tmp_path / "out", tmp_path / "gold")
    (doc,) = report.documents
    assert not doc.missing_output
    assert doc.error is not None and doc.error.startswith("unreadable output")
    assert doc.overall.tp == 0


def test_renditions_of_one_document_are_scored_against_its_gold(tmp_path):
    import json
    import shutil

    from extract.evaluate import evaluate_dirs

    from .conftest import GOLD
    gold_dir, out_dir = tmp_path / "gold", tmp_path / "out"
    gold_dir.mkdir()
    out_dir.mkdir()
    shutil.copy(GOLD / "pontianak-kesbangpol-rkt-2021.json", gold_dir)
    for variant in ("digital", "scan"):
        shutil.copy(GOLD / "pontianak-kesbangpol-rkt-2021.json",
                    out_dir / f"pontianak-kesbangpol-rkt-2021-{variant}.json")
    (out_dir / "other.json").write_text(json.dumps({}))
    report = evaluate_dirs(out_dir, gold_dir)
    assert [d.document for d in report.documents] == [
        "pontianak-kesbangpol-rkt-2021-digital", "pontianak-kesbangpol-rkt-2021-scan"]
    assert all(d.overall.f1 == 1.0 for d in report.documents)
    assert report.unpaired_outputs == ["other"] and report.missing_outputs == []
