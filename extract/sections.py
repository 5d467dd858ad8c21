"""Sections stage: headings, table captions and the document's own metadata.

Finds the chapter headings (BAB I..V, OCR'd as "BAB |" or "BAB Il"), numbered headings
("2.3 Program, Sasaran Program ..."), table captions ("Tabel 2.4" and the title lines after
it), and reads the cover and the signature block: document type, title, year, agency,
region, signatory, plan periods, vision and missions. Table-of-contents entries (a heading
followed by a page number) are recognised and skipped.
"""

from __future__ import annotations

import re
from collections import Counter

from normalize.text import collapse_whitespace, strip_markup

from .headers import is_header_line, is_numbering_row
from .ir import Caption, Document, Line, Metadata, Section, Signatory
from .settings import SectionSettings

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8}
# OCR reads the strokes of a roman numeral as "|", "l", "1" or "!".
BAB_RE = re.compile(r"^\s*BAB\s+([IVX|l1!]{1,4}|\d{1,2})(?=[\s.:]|$)\.?\s*[:.\-]?\s*(.*)$",
                    re.IGNORECASE)
NUMBERED_RE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(\S.*)$")
CAPTION_RE = re.compile(r"^\s*(Tabel|Table|Tab\.)\s+(\d{1,2}(?:\.\d{1,2}){0,2})\.?\s*(.*)$",
                        re.IGNORECASE)
TOC_TAIL_RE = re.compile(r"(\.{3,}|\t)\s*[ivx\d]+\s*$", re.IGNORECASE)
MONTHS = ("Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
          "Nopember|November|Desember")
PLACE_DATE_RE = re.compile(
    rf"^\s*[A-Z][A-Za-z .'-]{{2,40}},\s*(\d{{1,2}}\s+)?({MONTHS})\s+\d{{4}}\s*$")
NIP_RE = re.compile(r"\bNIP\b\.?\s*:?\s*([\d .]{15,25})", re.IGNORECASE)
DEGREE_RE = re.compile(r"(\b(Drs?|Dra|Ir|Prof|H|Hj)\.\s)|(,\s*(S|M|Dr|Ir|A)\.?\s?[A-Za-z]{0,4}\.?)"
                       r"|(\b(S\.?Sos|S\.?STP|M\.?Si|S\.?E|M\.?M|S\.?H|M\.?H|S\.?T|S\.?IP|M\.?AP)\b)",
                       re.IGNORECASE)
RANK_RE = re.compile(r"^\s*(Pembina|Penata|Pengatur|Juru)", re.IGNORECASE)
NOT_A_PERSON_RE = re.compile(r"\b(Kota|Kabupaten|Provinsi|Kantor|Dinas|Badan|Kepala|Sekretaris|"
                             r"Pemerintah|Bangsa|Politik|Daerah)\b", re.IGNORECASE)

DOCUMENT_TYPES = (
    ("RKT", re.compile(r"\bRencana\s+Ki?n?e?r?ja\s+Tahunan\b|\bRKT\b", re.IGNORECASE)),
    ("LKJIP", re.compile(r"\bLaporan\s+(Akuntabilitas\s+)?Kinerja\b|\bLKj?IP\b|\bLAKIP\b",
                         re.IGNORECASE)),
    # "RENCANA KERJA" alone is a Renja's cover title ("Rencana Kerja Tahunan" is an RKT).
    ("RENJA", re.compile(r"\bRencana\s+Kerja\s+(Perangkat\s+Daerah|SKPD|OPD)\b|\bRENJA\b"
                         r"|^\s*Rencana\s+Kerja\s*$", re.IGNORECASE)),
    ("RENSTRA", re.compile(r"\bRencana\s+Strategis\b|\bRENSTRA\b", re.IGNORECASE)),
    ("PK", re.compile(r"\bPerjanjian\s+Kinerja\b|\bPenetapan\s+Kinerja\b", re.IGNORECASE)),
)
# Letters of OCR confusions: what Tesseract reads for a letter of a cover title.
OCR_LETTER = {"i": "[i1l|!íIL]", "l": "[l1i|I]", "o": "[o0]", "e": "[ec]", "a": "[a4]",
              "s": "[s5]", "g": "[g9q]", "b": "[b8]", "n": "(?:n|ri|h)", "r": "[rn]",
              "t": "[t7]"}


def ocr_tolerant(*phrases: str) -> re.Pattern[str]:
    """A pattern for phrases whose letters may be OCR confusions and whose words may be run
    together or split over lines."""
    def word(text: str) -> str:
        return "".join(OCR_LETTER.get(char, re.escape(char)) for char in text)
    return re.compile("|".join(r"\s*".join(word(w) for w in phrase.split())
                               for phrase in phrases), re.IGNORECASE)


TOLERANT_TYPES = (
    ("RKT", ocr_tolerant("rencana kinerja tahunan", "rencana kerja tahunan")),
    ("LKJIP", ocr_tolerant("laporan kinerja instansi pemerintah",
                           "laporan akuntabilitas kinerja")),
    ("RENJA", ocr_tolerant("rencana kerja perangkat daerah")),
    ("RENSTRA", ocr_tolerant("rencana strategis")),
    ("PK", ocr_tolerant("perjanjian kinerja", "penetapan kinerja")),
)
# A cover title broken before its last word: "RENCANA KINERJA" / "TAHUNAN".
BROKEN_TITLE_RE = re.compile(r"^\s*Rencana\s+Ki?n?e?r?ja\s*$", re.IGNORECASE)
LETTER_FIELD_RE = re.compile(r"^\s*(Nomor|No\.|Sifat|Lampiran|Lamp\.|Perihal|Hal)\s*:"
                             r"|^\s*Kepada\s+Yth", re.IGNORECASE)
TYPE_NAMES = {"RENSTRA": "Renstra (Rencana Strategis)",
              "RENJA": "Renja (Rencana Kerja Perangkat Daerah)",
              "LKJIP": "LKjIP (Laporan Kinerja Instansi Pemerintah)",
              "PK": "PK (Perjanjian Kinerja)"}
AGENCY_HEADS = (r"Kantor|Dinas|Badan|Sekretariat|Inspektorat|Satuan|Rumah\s+Sakit|Kecamatan|"
                r"Bagian|Biro|Kelurahan")
REGION_RE = r"(Kota|Kabupaten|Kab\.|Provinsi|Propinsi)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
AGENCY_RE = re.compile(
    rf"\b((?:{AGENCY_HEADS})(?:\s+(?:[A-Z][\w'-]*|dan|serta|&)){{1,9}}?)\s+{REGION_RE}\b")
PERIOD_RE = r"(?:Tahun\s+)?((?:19|20)\d\d)\s*[-–—]+\s*((?:19|20)\d\d)"
RPJMD_RE = re.compile(rf"(RPJMD|Rencana\s+Pembangunan\s+Jangka\s+Menengah\s+Daerah)\b[^.;]{{0,90}}?"
                      rf"{PERIOD_RE}", re.IGNORECASE)
RENSTRA_RE = re.compile(rf"(RENSTRA|Rencana\s+Strategis)\b[^.;]{{0,90}}?{PERIOD_RE}",
                        re.IGNORECASE)
QUOTED_RE = re.compile(r"[“\"]\s*([^”\"]{10,250}?)\s*[”\"]")
MISSION_INTRO_RE = re.compile(r"\bmisi\b.*(berikut|yaitu|adalah)\s*:?\s*$", re.IGNORECASE)
LIST_ITEM_RE = re.compile(r"^\s*(\d{1,2})\s*[.,)]?\s+(\S.*)$")
STATEMENT_RE = re.compile(
    r"^\s*(?:[-•]\s*)?(?:\d+\.\s*)?(Tujuan|Sasaran)(?:\s+\d+)?\s*\**\s*:\s*(.+)$", re.IGNORECASE)
YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\b")


def detect_sections(doc: Document, settings: SectionSettings = SectionSettings()) -> Document:
    """Fill `doc.sections`, `doc.captions` and `doc.metadata` from the document's lines."""
    lines = doc.lines
    doc.sections = find_headings(lines, settings)
    doc.captions = find_captions(lines, settings)
    doc.metadata = read_metadata(lines, settings)
    kind = doc.metadata.type
    if kind == "UNKNOWN":
        cover = [clean(line.text) for line in lines[: settings.cover_lines]]
        letter = " (it opens as a letter: Nomor, Perihal, Kepada Yth.)" if opens_as_letter(
            cover) else ""
        doc.warn("unknown_document_type", "no document type (RKT, Renstra, Renja, LKjIP, PK) "
                 f"is named on the cover or in the opening pages{letter}; extracted as an RKT "
                 "as far as it goes")
    elif kind != "RKT":
        doc.warn("not_rkt_document", f"the document is a {TYPE_NAMES[kind]}, not an RKT; "
                 "what fits the RKT contract (its goals, programs, indicators and targets) is "
                 "extracted")
    return doc


def clean(text: str) -> str:
    return collapse_whitespace(strip_markup(text))


def roman_number(token: str) -> str | None:
    """Read a chapter number as printed or as OCR misread it: "|" -> I, "Il" -> II."""
    if token.isdigit():
        value = int(token)
        return next((r for r, v in ROMAN.items() if v == value), None)
    fixed = re.sub(r"[|l1!]", "I", token.upper().replace("L", "I"))
    return fixed if fixed in ROMAN else None


def is_toc_entry(line: Line) -> bool:
    """A table-of-contents line: a heading followed by a page number."""
    return bool(TOC_TAIL_RE.search(line.text.rstrip()))


def find_headings(lines: list[Line], settings: SectionSettings) -> list[Section]:
    """Chapter headings (BAB ...) and numbered headings, outside the table of contents."""
    sections: list[Section] = []
    chapter = 0
    for index, line in enumerate(lines):
        if line.is_tabular or is_toc_entry(line):
            continue
        text = clean(line.text)
        match = BAB_RE.match(text)
        if match and (numeral := roman_number(match.group(1))):
            if ROMAN[numeral] <= chapter and re.search(r"[|l1!]", match.group(1)):
                # OCR reads "III" as "Il" too; chapters count up, so a repeated number
                # written with confusable strokes is the next chapter.
                numeral = next((r for r, v in ROMAN.items() if v == chapter + 1), numeral)
            chapter = ROMAN[numeral]
            title = match.group(2).strip() or next_text(lines, index, settings.max_heading_chars)
            sections.append(Section(f"BAB {numeral}", clean(title.strip("*")), line.page,
                                    line.number))
            continue
        match = NUMBERED_RE.match(text)
        if match and looks_like_heading(match.group(2), settings):
            number = match.group(1)
            sections.append(Section(number, clean(match.group(2).strip("*")), line.page,
                                    line.number))
    return sections


def looks_like_heading(title: str, settings: SectionSettings) -> bool:
    """A short title, not a sentence: no final full stop, starts with a capital letter."""
    title = title.strip().strip("*")
    if not title or len(title) > settings.max_heading_chars or title.endswith((".", ";", ",")):
        return False
    if not title[0].isupper():
        return False
    # "1.1 Persentase ..." inside a table is a numbered indicator, not a heading; headings
    # do not end in a number or a percent.
    return not re.search(r"\d\s*%?$", title) or bool(re.search(r"\(\d{4}\)$", title))


def next_text(lines: list[Line], index: int, limit: int) -> str:
    """The next non-blank line after `index`, if it is short enough to be a title."""
    for line in lines[index + 1:index + 4]:
        if not line.is_blank:
            text = clean(line.text)
            return text if len(text) <= limit else ""
    return ""


def find_captions(lines: list[Line], settings: SectionSettings) -> list[Caption]:
    """Table captions: "Tabel 2.3" with its title on the same line or the lines after it."""
    captions = []
    for index, line in enumerate(lines):
        if line.is_tabular or is_toc_entry(line):
            continue
        match = CAPTION_RE.match(clean(line.text))
        if not match:
            continue
        label = f"Tabel {match.group(2)}"
        title_parts = [match.group(3).strip()] if match.group(3).strip() else []
        end = line.number
        for follower in lines[index + 1:index + 1 + 2 * settings.max_caption_lines]:
            if follower.is_blank:
                if title_parts and len(title_parts) >= settings.max_caption_lines:
                    break
                continue
            text = clean(follower.text)
            if (follower.is_tabular or len(text) > 250 or CAPTION_RE.match(text)
                    or (title_parts and is_header_line(text))
                    or is_numbering_row(text.split())):
                break
            if BAB_RE.match(text) or NUMBERED_RE.match(text) and looks_like_heading(
                    NUMBERED_RE.match(text).group(2), settings):
                break
            title_parts.append(text)
            end = follower.number
            if len(title_parts) >= settings.max_caption_lines:
                break
        captions.append(Caption(label, clean(" ".join(title_parts)), line.page, line.number, end))
    return captions


def read_metadata(lines: list[Line], settings: SectionSettings) -> Metadata:
    """Cover, signature block, periods, vision, missions and prose goal/objective statements."""
    texts = [clean(line.text) for line in lines]
    opening = " ".join(texts[: settings.cover_lines * 3])
    meta = Metadata()
    meta.type, meta.title = document_type(lines, texts, settings)
    meta.year = document_year(meta.title, opening, meta.type)
    meta.agency, meta.region = agency_and_region(" ".join(texts))
    meta.signatory = signatory(lines, texts, settings)
    whole = " ".join(texts)
    meta.rpjmd = period(RPJMD_RE, whole)
    meta.renstra = period(RENSTRA_RE, whole)
    meta.vision, meta.vision_line = vision(lines, texts, settings)
    meta.missions = missions(lines, texts)
    for line, text in zip(lines, texts):
        if line.is_tabular:
            continue
        match = STATEMENT_RE.match(text)
        if match and len(match.group(2)) > 8:
            target = (meta.goal_statements if match.group(1).lower() == "tujuan"
                      else meta.objective_statements)
            target.append((match.group(2).strip(" .;"), line.number))
    return meta


def document_type(lines: list[Line], texts: list[str], settings: SectionSettings
                  ) -> tuple[str, str]:
    """The type named first in the opening lines, and the line that names it as the title.

    The cover names the type; an RKT also mentions its Renstra and RPJMD, so what counts is
    which type is named first, not which is named most (and within a line, the first named).
    A cover read by OCR may spell the name with confusions ("KlNERJA", "STRATEG1S"), spread
    its letters ("R E N C A N A") or break it over lines: when no line names a type as
    written, it is read again with those tolerated (`TOLERANT_TYPES`), then over line
    breaks (`type_over_lines`).

    A letter (Nomor, Lampiran, Perihal, Kepada Yth.) names the document it sends in its
    subject and body, not on a cover: in a document that opens as one, only a title line
    (in capitals, or starting with the name) counts.
    """
    # Letter-spaced lines are closed up before `clean` collapses the wider gaps that still
    # tell their words apart.
    cover = [clean(unspace_letters(line.text)) for line in lines[: settings.cover_lines]]
    letter = opens_as_letter(cover)
    for index, text in enumerate(cover):
        following = next((t for t in cover[index + 1:] if t), "")
        if BROKEN_TITLE_RE.match(text) and following.lower().startswith("tahunan"):
            text = f"{text} {following}"  # "RENCANA KERJA" / "TAHUNAN": an RKT, not a Renja
        found = first_type_named(text) or first_type_named(text, TOLERANT_TYPES)
        if found is None:
            continue
        code, match = found
        is_cover_line = text.isupper() or match.start() == 0
        if letter and (not is_cover_line or LETTER_FIELD_RE.match(text)):
            continue  # a letter's subject ("PERIHAL : RENCANA KINERJA ...") or body
        title = text if is_cover_line and len(text) <= 120 else phrase_with_acronym(text, match)
        return code, title
    if not letter:
        found_over_lines = type_over_lines(cover)
        if found_over_lines is not None:
            return found_over_lines
    return "UNKNOWN", next((t for t in texts if t), "")


def first_type_named(text: str, patterns: tuple[tuple[str, re.Pattern[str]], ...] = DOCUMENT_TYPES
                     ) -> tuple[str, re.Match[str]] | None:
    """The document type named first in one line, with its match."""
    found = [(match.start(), code, match) for code, pattern in patterns
             if (match := pattern.search(text))]
    if not found:
        return None
    _, code, match = min(found, key=lambda item: item[0])
    return code, match


def opens_as_letter(cover: list[str]) -> bool:
    """Whether the opening lines hold at least two of a letter's header fields."""
    return sum(1 for text in cover if LETTER_FIELD_RE.match(text)) >= 2


def type_over_lines(cover: list[str]) -> tuple[str, str] | None:
    """The type named first in the opening lines, OCR confusions tolerated,
    over line breaks ("RENCANA KINERJA" / "TAHUNAN"); the title is the cover lines naming
    it."""
    starts, position = [], 0
    for text in cover:
        starts.append(position)
        position += len(text) + 1
    joined = " ".join(cover)
    found = [(match.start(), match.end(), code) for code, pattern in TOLERANT_TYPES
             if (match := pattern.search(joined))]
    if not found:
        return None
    start, end, code = min(found)
    first = max(i for i, s in enumerate(starts) if s <= start)
    last = max(i for i, s in enumerate(starts) if s < end)
    return code, " ".join(t for t in cover[first:last + 1] if t)


def unspace_letters(text: str) -> str:
    """"R E N C A N A  K I N E R J A" -> "RENCANA KINERJA": a letter-spaced cover line
    (mostly one-letter tokens) loses its single spaces; wider gaps stay word breaks."""
    tokens = text.split()
    if len(tokens) < 4 or sum(len(t) == 1 for t in tokens) < 0.8 * len(tokens):
        return text
    return " ".join(word.replace(" ", "") for word in re.split(r"\s{2,}", text.strip()))


def phrase_with_acronym(text: str, match: re.Match[str]) -> str:
    """"Rencana Kerja Tahunan (RKT)" out of a sentence that mentions it."""
    tail = re.match(r"\s*\([A-Z]{2,8}\)", text[match.end():])
    return text[match.start(): match.end() + (tail.end() if tail else 0)]


def document_year(title: str, opening: str, doc_type: str) -> int | None:
    """The plan year: in the title, else the first "Tahun YYYY" right after the document
    type is named, else the most frequent "Tahun YYYY" of the opening that is not the year
    of a regulation ("Nomor 33 Tahun 2016") or the start of a period ("Tahun 2016-2021")."""
    years = YEAR_RE.findall(title)
    if years:
        return int(years[-1])
    plan_year = r"(?<!Nomor\s)(?<!\d\s)\bTahun\s+((?:19|20)\d\d)\b(?!\s*[-–—])"
    for code, pattern in DOCUMENT_TYPES:
        if code != doc_type:
            continue
        for match in pattern.finditer(opening):
            near = re.search(plan_year, opening[match.end(): match.end() + 120])
            if near:
                return int(near.group(1))
    counted = Counter(m.group(1) for m in re.finditer(plan_year, opening)
                      if not re.search(r"Nomor\s+\d+\s*$", opening[max(0, m.start() - 15):
                                                                       m.start()]))
    return int(counted.most_common(1)[0][0]) if counted else None


def agency_and_region(text: str) -> tuple[str | None, str | None]:
    """The most frequent "<agency> <Kota|Kabupaten|Provinsi> <name>" of the document."""
    counted: Counter[tuple[str, str]] = Counter()
    for match in AGENCY_RE.finditer(text):
        agency = match.group(1).strip()
        kind = "Kabupaten" if match.group(2).lower().startswith("kab") else match.group(2)
        region_name = match.group(3).split(" Tahun")[0]
        counted[(agency, f"{kind.capitalize()} {region_name}")] += 1
    if not counted:
        return None, None
    (agency, region), _ = counted.most_common(1)[0]
    return agency, region


def signatory(lines: list[Line], texts: list[str], settings: SectionSettings
              ) -> Signatory | None:
    """The signature block after the place-and-date line ("Pontianak, Januari 2021"), else
    the name printed above a NIP (a scan may lose the place-and-date line)."""
    for index, text in enumerate(texts):
        if not PLACE_DATE_RE.match(text):
            continue
        block = [(lines[i], texts[i]) for i in range(index + 1,
                 min(len(lines), index + 1 + settings.signature_window)) if texts[i]]
        found = read_signature_block(block)
        if found:
            return found
    for index, text in enumerate(texts):
        nip = NIP_RE.search(text)
        if not nip:
            continue
        above = [(lines[i], texts[i]) for i in range(max(0, index - 3), index) if texts[i]]
        rank = next((t for _, t in above if RANK_RE.match(t)), None)
        name = next(((line, t) for line, t in reversed(above)
                     if DEGREE_RE.search(t) and not RANK_RE.match(t)), None)
        if name:
            return Signatory(name=name[1], rank=rank, nip=re.sub(r"\D", "", nip.group(1)),
                             line=name[0].number)
    return None


def read_signature_block(block: list[tuple[Line, str]]) -> Signatory | None:
    """Position lines, then the name (with degrees), then rank and NIP."""
    position: list[str] = []
    name: tuple[Line, str] | None = None
    rank = nip = None
    for line, text in block:
        nip_match = NIP_RE.search(text)
        if nip_match:
            nip = re.sub(r"\D", "", nip_match.group(1))
            break
        if name is None:
            if DEGREE_RE.search(text) or (position and is_person_name(text)):
                name = (line, text)
            elif len(text) < 90:
                position.append(text)
            else:
                return None
        elif RANK_RE.match(text):
            rank = re.sub(r"(?<=[a-z])(?=Tk)", " ", text)
        else:
            break
    if name is None:
        return None
    return Signatory(name=name[1], position=" ".join(position) or None, rank=rank, nip=nip,
                     line=name[0].number)


def is_person_name(text: str) -> bool:
    if NOT_A_PERSON_RE.search(text):
        return False
    words = text.replace(",", " ").split()
    return 1 <= len(words) <= 6 and not text.isupper() and all(w[0].isupper() for w in words)


def period(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    """The most frequent "<plan> ... YYYY-YYYY" period."""
    counted = Counter((int(m.group(2)), int(m.group(3))) for m in pattern.finditer(text)
                      if int(m.group(2)) < int(m.group(3)) <= int(m.group(2)) + 20)
    return counted.most_common(1)[0][0] if counted else None


def vision(lines: list[Line], texts: list[str], settings: SectionSettings
           ) -> tuple[str | None, int | None]:
    """The first quoted statement after a line that introduces the vision ("Visi ...")."""
    for index, text in enumerate(texts):
        if not re.search(r"\bvisi\b", text, re.IGNORECASE) or lines[index].is_tabular:
            continue
        # The statement may wrap over lines: search the window as one text.
        window = []
        for line, text in zip(lines[index: index + settings.vision_window],
                              texts[index: index + settings.vision_window]):
            if line.is_tabular:
                break  # a table's cells are not the vision statement
            window.append(text)
        match = QUOTED_RE.search(" ".join(window))
        if match:
            start = len(" ".join(window)[: match.start()].split(" ")) - 1
            offset = next((i for i in range(len(window))
                           if len(" ".join(window[: i + 1]).split(" ")) > start), 0)
            return collapse_whitespace(match.group(1)).strip(" .*"), lines[index + offset].number
    return None, None


def missions(lines: list[Line], texts: list[str]) -> list[tuple[str, int]]:
    """The numbered list after a line that introduces the missions ("... misi ... :")."""
    for index, text in enumerate(texts):
        if not MISSION_INTRO_RE.search(text) or lines[index].is_tabular:
            continue
        announced = re.search(r"(\d+)\s*\(\s*\w+\s*\)\s*misi", text, re.IGNORECASE)
        items = numbered_list(lines, texts, index + 1)
        count = int(announced.group(1)) if announced else len(items)
        if announced and len(items) < count:
            # OCR often drops list numbers: read the list by its line starts instead.
            items = unnumbered_list(lines, texts, index + 1, count)
        if items:
            return items[:count]
    return []


def unnumbered_list(lines: list[Line], texts: list[str], start: int, count: int
                    ) -> list[tuple[str, int]]:
    """`count` items after `start`: a line starting with a capital (or a list number) opens
    an item, a line starting in lower case continues it; OCR debris lines are skipped."""
    items: list[list] = []
    end = min(len(texts), start + 6 * count)
    columns = _list_columns(lines[start:end])
    for index in range(start, end):
        text = texts[index]
        if not text:
            if len(items) >= count:
                break
            continue
        if lines[index].is_tabular or len(re.findall(r"[A-Za-z]{4,}", text)) == 0:
            continue
        marker = LIST_ITEM_RE.match(text)
        body = marker.group(2) if marker else text
        if not marker and columns and _in_marker_column(lines[index], columns):
            # A list number OCR read as a word, even a real one ("4." as "akan"): it sits
            # where the numbers stand, and the text after it where the items' text starts.
            body = text.split(None, 1)[1]
            marker = True
        # A list number OCR turned into a mark, a case-flipped pair or a non-word ("3." read
        # as "cH", "2." as "ea"); short words that do start a clause ("di", "ke") stay.
        body = re.sub(r"^(?:[^\sA-Za-z]+|[a-z][A-Z]|(?!(?:di|ke|ya|si|se|ia)\b)[a-z]{1,2})"
                      r"\s+(?=[A-Z])", "", body)
        if items and body[0].islower():
            items[-1][0] += " " + body
        elif body[0].isupper() or marker:
            if len(items) == count:
                break
            items.append([body, lines[index].number])
    return [(collapse_whitespace(text).rstrip(" ;."), number) for text, number in items]


def _list_columns(lines: list[Line]) -> tuple[float, float] | None:
    """Where a page's list numbers stand and where the items' text starts (x of the first
    and second word of a line read with a list number, "5. Meningkatkan ..."); None for a
    list without word positions (a text file) or without one number read right."""
    for line in lines:
        if len(line.words) >= 2 and LIST_ITEM_RE.match(line.text) and \
                LIST_ITEM_RE.match(line.words[0].text + " x"):
            number_x, text_x = line.words[0].x0, line.words[1].x0
            if text_x - number_x > 0:
                return number_x, text_x
    return None


def _in_marker_column(line: Line, columns: tuple[float, float]) -> bool:
    """The line's first word is a short one where the list numbers stand, and its second
    starts where the items' text does (a wrapped line starts there with its first word)."""
    if len(line.words) < 2 or len(line.words[0].text) > 4:
        return False
    number_x, text_x = columns
    tolerance = (text_x - number_x) / 3
    return (abs(line.words[0].x0 - number_x) <= tolerance
            and abs(line.words[1].x0 - text_x) <= tolerance
            and line.words[1].text[:1].isupper())


def numbered_list(lines: list[Line], texts: list[str], start: int) -> list[tuple[str, int]]:
    """Items "1. ...", "2. ..." with their wrapped continuation lines."""
    items: list[list] = []
    expected = 1
    index = start
    blank_run = 0
    while index < len(texts):
        text = texts[index]
        if not text:
            blank_run += 1
            if blank_run > 2:
                break
            index += 1
            continue
        match = LIST_ITEM_RE.match(text)
        if match and int(match.group(1)) == expected:
            items.append([match.group(2), lines[index].number])
            expected += 1
        elif items and not items[-1][0].rstrip().endswith((".", ";")) and text[0].islower():
            items[-1][0] += " " + text
        elif items or blank_run == 0 and index > start + 3:
            break
        blank_run = 0
        index += 1
    return [(collapse_whitespace(text).rstrip(" ;."), number) for text, number in items]
