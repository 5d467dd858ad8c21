"""A corpus of bad inputs, built into a folder, each with the answer `rkt extract` owes it.

Real folders of planning documents hold broken things: truncated downloads, password-protected
PDFs, zero-page files, HTML error pages saved as .pdf, empty files, scans with no text,
decompression bombs, text files in Windows-1252 or UTF-16, binary junk, and documents that are
not RKTs at all. `build_bad_inputs(folder)` writes one file of each kind and returns what each
must give: an error code (`extract/errors.py`) or, for a document that can be read, success
with its document type and the warning that says what it is.

Run it alone to look at the files: `python -m tests.bad_inputs /tmp/bad`.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
PONTIANAK = ROOT / "corpus" / "pontianak-kesbangpol-rkt-2021.txt"
DEPOK = ROOT / "corpus" / "depok-kesbangpol-rkt-2021-ocr.txt"
PONTIANAK_PDF = ROOT / "corpus" / "rendered" / "pontianak-kesbangpol-rkt-2021-digital.pdf"


@dataclass(frozen=True)
class BadInput:
    """One file of the corpus and the answer it must get."""

    name: str
    #: The error code it must fail with; None: it must be extracted.
    error: str | None
    #: For an extracted document: its `document.type` and a warning code it must carry.
    doc_type: str | None = None
    warning: str | None = None
    #: Whether reading it starts Tesseract (the test needs OCR installed for it).
    needs_ocr: bool = False


# -- PDFs ----------------------------------------------------------------------------------


def _pdf(pages: list[list[str]], *, pagesize: tuple[float, float] = A4,
         encrypt: str | None = None) -> bytes:
    """A PDF of text pages drawn by reportlab (a page of no lines is blank)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=pagesize, encrypt=encrypt)
    for lines in pages:
        y = pagesize[1] - 72
        for line in lines:
            pdf.drawString(72, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _image_pdf(image: Image.Image, *, pagesize: tuple[float, float] = A4) -> bytes:
    """A scan: one page holding only an image, no text layer."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=pagesize)
    width = min(pagesize[0] - 144, 451)
    pdf.drawInlineImage(image, 72, pagesize[1] - 72 - width * image.height / image.width,
                        width=width, height=width * image.height / image.width)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _zero_page_pdf() -> bytes:
    """A well-formed PDF whose page tree has no pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


HTML_ERROR_PAGE = b"""<!DOCTYPE html>
<html lang="id">
<head><title>404 Not Found</title></head>
<body><h1>Halaman tidak ditemukan</h1>
<p>Dokumen yang Anda cari tidak tersedia di server JDIH.</p></body>
</html>
"""


# -- images --------------------------------------------------------------------------------


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height: a decompression bomb in a few bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff")) + chunk(b"IEND", b""))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# -- texts ---------------------------------------------------------------------------------

# An LKjIP: the yearly performance report, a close cousin of the RKT (same indicators, with
# realisations). Its strings are those of the Pontianak RKT 2021 (corpus/), its layout an
# LKjIP's.
LKJIP_TEXT = """LAPORAN KINERJA INSTANSI PEMERINTAH
(LKjIP)
TAHUN 2020

KANTOR KESATUAN BANGSA DAN SOSIAL POLITIK
KOTA PONTIANAK

KATA PENGANTAR

Laporan Kinerja Instansi Pemerintah (LKjIP) Kantor Kesatuan Bangsa dan Sosial Politik Kota \
Pontianak Tahun 2020 disusun sebagai wujud pertanggungjawaban atas pelaksanaan Rencana \
Kinerja Tahunan (RKT) Tahun 2020.

BAB III AKUNTABILITAS KINERJA

Tabel 3.1
Capaian Kinerja Tahun 2020 Kantor Kesatuan Bangsa dan Sosial Politik Kota Pontianak

No.\tSasaran Strategis\tIndikator Kinerja\tSatuan\tTarget\tRealisasi\tCapaian (%)
(1)\t(2)\t(3)\t(4)\t(5)\t(6)\t(7)
1.\tTerciptanya Kondisi Kondusif di Kota Pontianak\tPersentase Partisipasi Masyarakat \
Dalam Menggunakan Hak Pilih\tPersen\t75%\t75%\t100
2.\tMeningkatnya Tata Kelola dan Kinerja Perangkat Daerah\tPersentase capaian Kinerja \
Perangkat Daerah\tPersen\t95%\t96,82%\t101,92

Jumlah Anggaran Kegiatan Tahun 2020 : Rp. 3.088.327.417,-
Jumlah Realisasi Anggaran Kegiatan Tahun 2020 : Rp. 2.714.724.445,-
"""

# A Renstra cover as Tesseract reads a scan: letter-spaced, with "1" for "I".
RENSTRA_OCR_TEXT = """PEMERINTAH KOTA PONTIANAK

R E N C A N A   S T R A T E G 1 S
(RENSTRA)
KANTOR KESATUAN BANGSA DAN SOSIAL POLITIK
TAHUN 2020 - 2024

BAB I PENDAHULUAN

1.1. Latar Belakang

Rencana Strategis Kantor Kesatuan Bangsa dan Sosial Politik Kota Pontianak memuat visi, \
misi, tujuan, sasaran, strategi, kebijakan, program dan kegiatan.
"""

# A covering letter: it names the RKT it sends, but is not one.
LETTER_TEXT = """PEMERINTAH KOTA PONTIANAK
KANTOR KESATUAN BANGSA DAN SOSIAL POLITIK
Jalan Rahadi Usman No. 3 Pontianak

Pontianak, 12 Januari 2021

Nomor    : 050/12/KESBANGPOL/2021
Sifat    : Biasa
Lampiran : 1 (satu) berkas
Perihal  : Penyampaian Rencana Kinerja Tahunan (RKT) Tahun 2021

Kepada Yth.
Kepala Badan Perencanaan Pembangunan Daerah Kota Pontianak
di -
Pontianak

Bersama ini kami sampaikan Rencana Kinerja Tahunan (RKT) Kantor Kesatuan Bangsa dan Sosial \
Politik Kota Pontianak Tahun 2021 untuk dipergunakan sebagaimana mestinya.

Demikian disampaikan, atas perhatiannya diucapkan terima kasih.

KEPALA KANTOR KESATUAN BANGSA DAN SOSIAL POLITIK
KOTA PONTIANAK

Rizal, S.SOS
NIP. 19700101 199003 1 005
"""

# Windows-1252 as an office PC writes it: "Rp" and the amount held together by a
# non-breaking space, curly quotes, an en dash.
CP1252_EXTRA = ("\nPagu indikatif Tahun 2021 : Rp\u00a03.088.327.417,- \u2013 sesuai "
                "\u201cRencana Strategis\u201d\n")


def _pontianak_with(extra: str) -> str:
    return PONTIANAK.read_text(encoding="utf-8") + extra


# -- the corpus ------------------------------------------------------------------------------

def _cases() -> list[tuple[BadInput, Callable[[], bytes]]]:
    junk = random.Random(6).randbytes(6000)
    blank = Image.new("L", (620, 877), 255)  # an empty scanned page (75 dpi A4)
    return [
        (BadInput("truncated.pdf", "corrupt_pdf"),
         lambda: PONTIANAK_PDF.read_bytes()[: PONTIANAK_PDF.stat().st_size * 3 // 5]),
        # A page box that is not numbers: pdfplumber fails on listing the pages, and again
        # when the file is closed.
        (BadInput("bad-page-box.pdf", "corrupt_pdf"),
         lambda: _pdf([["RENCANA KINERJA TAHUNAN (RKT) 2021"]]).replace(b"841.8898",
                                                                        b"/U6 8418")),
        (BadInput("encrypted.pdf", "encrypted"),
         lambda: _pdf([["RENCANA KINERJA TAHUNAN (RKT) 2021"]], encrypt="rahasia")),
        (BadInput("zero-pages.pdf", "empty_pdf"), _zero_page_pdf),
        (BadInput("blank-pages.pdf", "empty_document"), lambda: _pdf([[], []])),
        (BadInput("error-page.pdf", "not_a_pdf"), lambda: HTML_ERROR_PAGE),
        (BadInput("junk.pdf", "not_a_pdf"), lambda: junk),
        (BadInput("empty.pdf", "empty_file"), lambda: b""),
        (BadInput("empty.txt", "empty_file"), lambda: b""),
        (BadInput("whitespace.txt", "empty_document"), lambda: b"\r\n  \n\t\n\f\n"),
        (BadInput("junk.txt", "unreadable_text"), lambda: junk),
        (BadInput("junk-no-nul.txt", "unreadable_text"),
         lambda: bytes(b for b in junk if b)),
        (BadInput("junk.png", "unreadable_image"), lambda: junk),
        (BadInput("truncated.png", "unreadable_image"),
         lambda: _png(Image.effect_noise((400, 400), 60).convert("L"))[:3000]),
        (BadInput("bomb-20000px.png", "image_too_large"),
         lambda: _png_header_only(20_000, 20_000)),
        (BadInput("too-many-pages.pdf", "too_many_pages"),
         lambda: _pdf([[f"Halaman {n}"] for n in range(1, 1002)])),
        # A scan of a page 66 inches square: 20000 x 20000 px at 300 dpi if rendered.
        (BadInput("huge-page.pdf", "image_too_large", needs_ocr=True),
         lambda: _image_pdf(Image.new("L", (200, 200), 128), pagesize=(4800, 4800))),
        # A scan of an empty page: OCR finds nothing.
        (BadInput("blank-scan.pdf", "empty_document", needs_ocr=True),
         lambda: _image_pdf(blank)),
        (BadInput("pontianak-cp1252.txt", None, "RKT"),
         lambda: _pontianak_with(CP1252_EXTRA).encode("cp1252")),
        (BadInput("depok-utf16le.txt", None, "RKT"),
         lambda: DEPOK.read_text(encoding="utf-8").encode("utf-16-le")),
        (BadInput("depok-utf16be.txt", None, "RKT"),
         lambda: DEPOK.read_text(encoding="utf-8").encode("utf-16-be")),
        (BadInput("pontianak-utf8-bom.txt", None, "RKT"),
         lambda: _pontianak_with(CP1252_EXTRA).encode("utf-8-sig")),
        (BadInput("lkjip.txt", None, "LKJIP", "not_rkt_document"),
         lambda: LKJIP_TEXT.encode("utf-8")),
        (BadInput("renstra-ocr.txt", None, "RENSTRA", "not_rkt_document"),
         lambda: RENSTRA_OCR_TEXT.encode("utf-8")),
        (BadInput("surat.txt", None, "UNKNOWN", "unknown_document_type"),
         lambda: LETTER_TEXT.encode("utf-8")),
    ]


def build_bad_inputs(folder: str | Path, *, ocr: bool = True) -> list[BadInput]:
    """Write the bad-input corpus into `folder`; return each file's expected answer.

    `ocr=False` leaves out the files whose answer needs Tesseract to run.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    built = []
    for case, make in _cases():
        if case.needs_ocr and not ocr:
            continue
        (folder / case.name).write_bytes(make())
        built.append(case)
    return built


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bad-inputs")
    for case in build_bad_inputs(target):
        answer = case.error or f"ok, {case.doc_type} {case.warning or ''}"
        print(f"{target / case.name}: {answer}")
