"""Indonesian wording: number words, percent and NIP formatting, and filler prose.

Filler prose only says what the gold says (agency, region, year, plan periods, counts of
records) or nothing checkable at all, so that the gold stays the truth of the document.
"""

from __future__ import annotations

import random
import re

_UNITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
]


def terbilang(n: int) -> str:
    """Indonesian number words for 0..999 ("39" -> "tiga puluh sembilan")."""
    if n == 0:
        return "nol"
    if n < 0 or n > 999:
        return str(n)
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append("seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus")
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(f"{_UNITS[tens]} puluh")
        if ones:
            words.append(_UNITS[ones])
    elif rest >= 12:
        words.append(f"{_UNITS[rest - 10]} belas")
    elif rest == 11:
        words.append("sebelas")
    elif rest == 10:
        words.append("sepuluh")
    elif rest:
        words.append(_UNITS[rest])
    return " ".join(words)


def count_phrase(n: int, noun: str) -> str:
    """'5 (lima) Program'."""
    return f"{n} ({terbilang(n)}) {noun}"


def format_percent(value: float, space: bool = False) -> str:
    """96.82 -> '96,82%'; 97.0 -> '97%'."""
    if float(value).is_integer():
        text = str(int(value))
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} %" if space else f"{text}%"


def format_nip(nip: str) -> str:
    """An 18-digit NIP grouped as printed: '19690807 199403 1 009'."""
    digits = re.sub(r"\D", "", nip)
    if len(digits) == 18:
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return nip


def place_of(region: str | None) -> str:
    """The place on a signature's date line: 'Kota Pontianak' -> 'Pontianak'."""
    if not region:
        return ""
    return re.sub(r"^(Kota|Kabupaten|Kab\.|Provinsi)\s+", "", region.strip(), flags=re.I)


def roman(n: int) -> str:
    vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


class Prose:
    """Filler paragraphs about one document, worded with a seeded choice of variants."""

    def __init__(self, gold: dict, rng: random.Random):
        doc = gold.get("document") or {}
        self.rng = rng
        self.agency = doc.get("agency") or "Perangkat Daerah"
        self.region = doc.get("region") or ""
        self.year = doc.get("year")
        periods = doc.get("periods") or {}
        self.rpjmd = periods.get("rpjmd")
        self.renstra = periods.get("renstra")
        title = doc.get("title") or ""
        self.kind = "Rencana Kerja Tahunan" if re.search(r"kerja\s+tahunan", title, re.I) \
            else "Rencana Kinerja Tahunan"
        self.org = f"{self.agency} {self.region}".strip()
        self.n_programs = len(gold.get("programs") or [])
        acts = sum(len(p.get("activities") or []) for p in gold.get("programs") or [])
        self.n_activities = acts + len(gold.get("unassigned_activities") or [])
        self._used: dict[str, int] = {}
        self._order: dict[str, list[int]] = {}

    # -- pieces ---------------------------------------------------------------------------
    def _year(self) -> str:
        return f" Tahun {self.year}" if self.year else ""

    def rpjmd_phrase(self) -> str:
        if self.rpjmd:
            return (f"Rencana Pembangunan Jangka Menengah Daerah (RPJMD) {self.region} "
                    f"Tahun {self.rpjmd[0]}-{self.rpjmd[1]}").replace("  ", " ")
        return "Rencana Pembangunan Jangka Menengah Daerah (RPJMD)"

    def renstra_phrase(self) -> str:
        if self.renstra:
            return (f"Rencana Strategis (Renstra) {self.agency} "
                    f"Tahun {self.renstra[0]}-{self.renstra[1]}")
        return f"Rencana Strategis (Renstra) {self.agency}"

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    # -- paragraphs -----------------------------------------------------------------------
    def kata_pengantar(self) -> list[str]:
        rkt = f"{self.kind} (RKT) {self.org}{self._year()}"
        return [
            self.pick(
                f"Puji syukur ke hadirat Tuhan Yang Maha Esa atas rahmat dan karunia-Nya "
                f"sehingga {rkt} dapat tersusun sebagai penjabaran dari aktivitas selama "
                f"setahun pelaksanaan pembangunan.",
                f"Puji syukur kami panjatkan ke hadirat Allah SWT, karena atas rahmat dan "
                f"karunia-Nya {rkt} dapat diselesaikan dengan baik.",
            ),
            f"{self.kind} ini disusun berdasarkan {self.renstra_phrase()} yang memuat tujuan, "
            f"sasaran, kebijakan, program dan kegiatan yang disesuaikan dengan tugas pokok dan "
            f"fungsi serta kewenangan {self.org}, dan mengacu pada {self.rpjmd_phrase()}.",
            self.pick(
                "Saran dan masukan demi perbaikan dan penyempurnaan kami harapkan dari semua "
                "pihak. Kami ucapkan terima kasih kepada semua pihak yang terlibat dalam "
                f"penyusunan {self.kind} ini, sehingga dokumen ini dapat diselesaikan tepat "
                "pada waktunya.",
                f"Kami menyadari bahwa {self.kind} ini masih jauh dari sempurna. Oleh karena "
                "itu kritik dan saran yang membangun sangat kami harapkan untuk penyempurnaan "
                "di masa yang akan datang.",
            ),
        ]

    def for_section(self, number: str | None, title: str) -> list[str]:
        """Zero to three paragraphs that fit a section title, never the same one twice."""
        t = title.lower()
        if number and number.upper().startswith("BAB") and "penutup" in t:
            return self.penutup()
        key, variants = self._variants(number, t, title)
        used = self._used.setdefault(key, 0)
        self._used[key] = used + 1
        if used >= len(variants):
            return []
        order = self._order.setdefault(key, self.rng.sample(range(len(variants)),
                                                            len(variants)))
        return variants[order[used]]

    def _variants(self, number: str | None, t: str, title: str) -> tuple[str, list[list[str]]]:
        rkt = f"{self.kind} (RKT)"
        if number and number.upper().startswith("BAB"):
            return "bab", [[self.chapter_intro(t)], [
                f"Bab ini menyajikan {title.strip().rstrip('.')} {self.org}"
                f"{self._year()}."], [
                f"Uraian pada bab ini disusun dengan mengacu pada {self.renstra_phrase()}."]]
        if "latar belakang" in t:
            return "latar", [[
                f"{rkt} merupakan dokumen perencanaan untuk periode 1 (satu) tahun sebagai "
                f"penjabaran dari sasaran dan program yang telah ditetapkan dalam "
                f"{self.renstra_phrase()}.",
                f"Penyusunan {rkt} {self.org} dimaksudkan untuk menjaga konsistensi dan "
                f"keterpaduan antara perencanaan, pelaksanaan, penganggaran dan pengawasan, "
                f"serta mengacu pada {self.rpjmd_phrase()}.",
            ]]
        if "landasan" in t or "dasar hukum" in t:
            return "hukum", [[
                "Landasan hukum penyusunan Rencana Kinerja Tahunan adalah sebagai berikut:",
                "1. Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan "
                "Pembangunan Nasional;",
                "2. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
                "3. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
                "Nomor 29 Tahun 2010 tentang Pedoman Penyusunan Penetapan Kinerja dan "
                "Pelaporan Akuntabilitas Kinerja Instansi Pemerintah;",
                "4. Peraturan Menteri Dalam Negeri Nomor 90 Tahun 2019 tentang Klasifikasi, "
                "Kodefikasi, dan Nomenklatur Perencanaan Pembangunan dan Keuangan Daerah.",
            ]]
        if "struktur" in t or "organisasi" in t:
            return "struktur", [[
                f"Susunan organisasi {self.org} terdiri dari Kepala, Sub Bagian Tata Usaha, "
                "Seksi-seksi teknis dan Kelompok Jabatan Fungsional, sebagaimana ditetapkan "
                "dalam peraturan kepala daerah tentang kedudukan, susunan organisasi, tugas "
                "dan fungsi serta tata kerja perangkat daerah."
            ]]
        if "tugas" in t or "fungsi" in t:
            return "tugas", [[
                f"{self.org} mempunyai tugas membantu kepala daerah melaksanakan urusan "
                "pemerintahan yang menjadi kewenangan daerah sesuai dengan bidang tugasnya."
            ]]
        if "permasalahan" in t or "isu" in t:
            return "masalah", [[
                "Dalam pelaksanaan tugas pokok dan fungsi, masih dihadapi sejumlah "
                "permasalahan, antara lain keterbatasan sumber daya manusia, sarana dan "
                "prasarana, serta koordinasi antar perangkat daerah yang belum optimal."
            ]]
        if "prioritas" in t:
            return "prioritas", [[
                "Rencana Kinerja Tahunan disusun dengan memperhatikan prioritas pembangunan "
                "daerah dan sumber daya yang tersedia, sehingga target kinerja dapat dicapai "
                "dalam satu tahun anggaran."
            ]]
        if "program" in t:
            first = (f"{rkt} {self.org}{self._year()} ini memuat "
                     f"{count_phrase(self.n_programs, 'Program')} yang mendukung pencapaian "
                     "sasaran strategis perangkat daerah.") if self.n_programs else (
                     "Program disusun untuk mendukung pencapaian sasaran strategis perangkat "
                     "daerah.")
            return "program", [[first], [
                "Setiap program dilengkapi dengan sasaran program dan indikator program "
                "sebagai alat ukur keberhasilan pelaksanaannya."]]
        if "kegiatan" in t:
            return "kegiatan", [[
                "Program-program tersebut dilaksanakan melalui kegiatan dan sub kegiatan "
                "sesuai dengan nomenklatur yang berlaku, dengan sasaran dan indikator "
                "kegiatan sebagai berikut."]]
        if "capaian" in t or "realisasi" in t:
            return "capaian", [[
                f"Berikut disajikan capaian kinerja {self.org} pada tahun sebelumnya sebagai "
                "bahan evaluasi dalam penyusunan rencana kinerja tahun berjalan."]]
        if re.search(r"\bvisi\b", t) or re.search(r"\bmisi\b", t):
            return "visi", [[
                f"Visi dan misi pembangunan daerah yang tertuang dalam {self.rpjmd_phrase()} "
                "merupakan visi dan misi kepala daerah terpilih yang menjadi arah bagi seluruh "
                "perangkat daerah."], [
                "Visi menggambarkan arah pembangunan atau kondisi masa depan daerah yang "
                "ingin dicapai dalam masa jabatan selama 5 (lima) tahun."], [
                "Misi merupakan rumusan umum mengenai upaya-upaya yang akan dilaksanakan "
                "untuk mewujudkan visi."]]
        if "tujuan" in t or "sasaran" in t:
            return "tujuan", [[
                f"Sebagaimana {self.renstra_phrase()}, tujuan dan sasaran merupakan kondisi "
                "yang ingin diwujudkan dan hasil yang akan dicapai secara nyata dalam rumusan "
                "yang spesifik dan terukur."], [
                "Sasaran merupakan penjabaran dari tujuan yang akan dicapai dalam rumusan "
                "yang spesifik, terukur dan menjadi dasar penyusunan indikator kinerja."]]
        return "lain:" + t, [[
            f"Bagian ini menguraikan {title.strip().rstrip('.')} pada {self.org} dalam "
            f"kerangka {self.rpjmd_phrase()}."]]

    def chapter_intro(self, t: str) -> str:
        if "pendahuluan" in t:
            return (f"{self.kind} (RKT) merupakan penjabaran lebih konkrit dan operasional "
                    f"dari {self.rpjmd_phrase()} dan {self.renstra_phrase()} untuk tahun yang "
                    "bersangkutan.")
        if "strategis" in t or "perencanaan" in t:
            return (f"Perencanaan kinerja ini menjabarkan {self.rpjmd_phrase()} ke dalam "
                    f"{self.renstra_phrase()} yang memuat tujuan dan sasaran strategis "
                    f"{self.agency} sesuai dengan tugas dan fungsi yang diemban.")
        if "rencana kinerja" in t or "tabel" in t or "iku" in t:
            return (f"Rencana kinerja ditetapkan untuk seluruh indikator kinerja pada tingkat "
                    f"sasaran dan program, dengan target capaian{self._year()} sebagai berikut.")
        return (f"Bab ini memuat uraian mengenai {t.strip()} {self.org} sesuai dengan "
                f"{self.renstra_phrase()}.")

    def penutup(self) -> list[str]:
        return [
            f"{self.kind} (RKT) ini merupakan komitmen {self.org} dalam penyelenggaraan "
            "pemerintahan yang baik (good governance) serta sebagai upaya mewujudkan "
            "pemerintahan yang bersih (clean government).",
            f"Dengan tersusunnya dokumen {self.kind} ini diharapkan dapat memberikan gambaran "
            f"yang jelas dan transparan atas pelaksanaan program dan kegiatan{self._year()}.",
        ]

    def table_lead(self, label: str | None, caption: str | None) -> str:
        what = label.rstrip(".") if label else "tabel"
        return self.pick(
            f"Secara rinci disajikan sebagaimana {what} berikut.",
            f"Adapun rinciannya dapat dilihat pada {what} berikut ini.",
            f"Berikut disajikan dalam bentuk tabel sebagaimana {what} berikut.",
        )
