"""Nomenclature snapping (extract/nomenclature.py) on names as the corpus documents print them."""

from __future__ import annotations

from extract.model import RKT, Activity, Program, Provenance, SubActivity
from extract.nomenclature import snap_nomenclature
from extract.settings import Settings


def _record(region: str, programs: list[Program]) -> RKT:
    return RKT(schema_version="1.0", document_id="test", source={},
               document={"region": region}, programs=programs)


def _prov(raw: str) -> list[Provenance]:
    return [Provenance(page=1, line=None, table="Tabel 2.3", row=1, raw=raw)]


def test_program_and_kegiatan_get_codes_that_extend_each_other():
    # Kota Pontianak, Tabel 2.3 / 2.4 (no codes printed): a Kesbangpol, urusan 8.01.
    program = Program(name="Program penunjang urusan pemerintahan daerah", activities=[
        Activity(name="Administrasi keuangan perangkat daerah"),
        Activity(name="Administrasi umum perangkat daerah"),
    ])
    other = Program(name="Program pemberdayaan dan pengawasan organisasi kemasyarakatan")
    record = snap_nomenclature(_record("Kota Pontianak", [program, other]), Settings())
    assert other.code == "8.01.04"
    assert program.code == "8.01.01"  # the generic X.XX.01 in the agency's urusan
    assert [a.code for a in program.activities] == ["8.01.01.2.02", "8.01.01.2.06"]
    assert record.programs[0].name == "Program penunjang urusan pemerintahan daerah"


def test_printed_code_is_kept_and_sets_the_urusan():
    # Kab. Sleman Dinkes prints 1.02.xx codes: the generic kegiatan resolve to urusan 1.02.
    program = Program(name="PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
                      code="1.02.01", activities=[
                          Activity(name="Administrasi Keuangan Perangkat Daerah", sub_activities=[
                              SubActivity(name="Penyediaan Gaji dan Tunjangan ASN")]),
                          Activity(name="Administrasi Umum Perangkat Daerah", code="9.99.99.9.99"),
                      ])
    snap_nomenclature(_record("Kabupaten Sleman", [program]), Settings())
    assert program.code == "1.02.01"
    assert program.activities[0].code == "1.02.01.2.02"
    assert program.activities[0].sub_activities[0].code == "1.02.01.2.02.01"
    assert program.activities[1].code == "9.99.99.9.99"  # printed: never overwritten


def test_ocr_noise_takes_the_official_spelling_with_its_score():
    raw = "Program Pemberdayaan dan Pengawasan Organisasi Kemasyarakatn"
    program = Program(name=raw, provenance=_prov(raw))
    snap_nomenclature(_record("Kota Depok", [program]), Settings())
    assert program.code == "8.01.04"
    assert program.name == "Program Pemberdayaan dan Pengawasan Organisasi Kemasyarakatan"
    fix = program.provenance[0].corrections[0]
    assert (fix.from_, fix.to) == ("Kemasyarakatn", "Kemasyarakatan") and fix.score >= 80


def test_local_variant_keeps_its_wording():
    # Pontianak Tabel 2.4: a local kegiatan, not the nomenclature's sibling names.
    program = Program(name="Program pemberdayaan dan pengawasan organisasi kemasyarakatan",
                      activities=[Activity(name="Kegiatan Penyuluhan kepada Masyarakat")])
    snap_nomenclature(_record("Kota Pontianak", [program]), Settings())
    assert program.activities[0].name == "Kegiatan Penyuluhan kepada Masyarakat"
    assert program.activities[0].code is None


def test_sibling_names_are_not_confused():
    # "Administrasi Umum" and "Administrasi Keuangan Perangkat Daerah" are different kegiatan.
    program = Program(name="Program penunjang urusan pemerintahan daerah",
                      activities=[Activity(name="Administrasi Umun Perangkat Daerah")])
    snap_nomenclature(_record("Kota Depok", [program]), Settings())
    activity = program.activities[0]
    assert activity.code == "X.XX.01.2.06"
    assert activity.name == "Administrasi Umum Perangkat Daerah"


def test_four_digit_sub_kegiatan_codes_get_no_two_digit_snapped_code():
    # Prov. Jatim Disdik 2024 prints sub kegiatan codes of Kepmendagri 050-5889 (four digits);
    # the nomenclature is the 2020 state (two digits): an uncoded sub kegiatan gets no code.
    program = Program(name="PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI",
                      code="1.01.01", activities=[
                          Activity(name="Administrasi Keuangan Perangkat Daerah",
                                   code="1.01.01.1.02", sub_activities=[
                                       SubActivity(name="Penyediaan Gaji dan Tunjangan ASN",
                                                   code="1.01.01.1.02.0001"),
                                       SubActivity(name="Penyediaan Administrasi Pelaksanaan "
                                                        "Tugas ASN")]),
                          Activity(name="Administrasi Kepegawaian Perangkat Daerah")])
    snap_nomenclature(_record("Provinsi Jawa Timur", [program]), Settings())
    keuangan, kepegawaian = program.activities
    assert keuangan.sub_activities[0].code == "1.01.01.1.02.0001"  # printed: kept
    assert keuangan.sub_activities[1].code is None
    assert kepegawaian.code == "1.01.01.1.05"  # kegiatan codes are alike in both styles


def test_four_digit_printed_code_of_the_same_entry_still_allows_respelling():
    raw = "Penyediaan Gajl dan Tunjangan ASN"
    sub = SubActivity(name=raw, code="1.01.01.1.02.0001",
                      provenance=_prov(raw))
    program = Program(name="PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH PROVINSI",
                      code="1.01.01", activities=[
                          Activity(name="Administrasi Keuangan Perangkat Daerah",
                                   code="1.01.01.1.02", sub_activities=[sub])])
    snap_nomenclature(_record("Provinsi Jawa Timur", [program]), Settings())
    assert sub.code == "1.01.01.1.02.0001"
    assert sub.name == "Penyediaan Gaji dan Tunjangan ASN"
