"""A gold file as a digital RKT PDF (reportlab): cover, KATA PENGANTAR with signature,
BAB chapters, numbered sections, prose, vision and missions, captioned tables."""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .fonts import FontSet, register_fonts
from .layout import Item, SectionPlan, plan_document
from .prose import MONTHS, Prose, format_nip, format_percent, place_of, roman
from .tables import ChunkedTable, TableLook, analyse, fit_look, is_toc, norm

STYLES = ("ruled", "borderless", "mixed")
LANDSCAPE = ("auto", "always", "never")


@dataclass
class DocLook:
    """Choices made once per document (shared by all its variants)."""

    serif: bool
    body_size: float
    month: str
    bab_two_lines: bool
    caption_split: bool  # "Tabel 2.3" on its own line above the caption
    running_header: bool
    page_number_dashes: bool
    header_fill: bool
    valign: str
    mission_punct: str
    government_line: bool


def doc_look(rng: random.Random) -> DocLook:
    return DocLook(
        serif=rng.random() < 0.3,
        body_size=rng.choice([10.0, 10.5, 11.0]),
        month=rng.choice(MONTHS[:3]),
        bab_two_lines=rng.random() < 0.7,
        caption_split=rng.random() < 0.6,
        running_header=rng.random() < 0.5,
        page_number_dashes=rng.random() < 0.4,
        header_fill=rng.random() < 0.6,
        valign=rng.choice(["TOP", "TOP", "MIDDLE"]),
        mission_punct=rng.choice([";", " ;", "", "."]),
        government_line=rng.random() < 0.6,
    )


def p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(re.sub(r"\s+", " ", text).strip()), style)


class _Marker(Flowable):
    """Zero-size flowable that switches page numbering (roman front matter, arabic body)."""

    def __init__(self, state: dict, mode: str):
        super().__init__()
        self.state, self.mode = state, mode
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.state["mode"] = self.mode
        self.state["start"] = self.canv.getPageNumber()


class Emblem(Flowable):
    """A plain shield with a star, standing in for the region's coat of arms on the cover."""

    def __init__(self, size: float = 3.2 * cm):
        super().__init__()
        self.width = self.height = size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, s = self.canv, self.width
        c.saveState()
        c.setLineWidth(1.6)
        path = c.beginPath()
        path.moveTo(0.1 * s, 0.95 * s)
        path.lineTo(0.9 * s, 0.95 * s)
        path.lineTo(0.9 * s, 0.45 * s)
        path.curveTo(0.9 * s, 0.2 * s, 0.6 * s, 0.08 * s, 0.5 * s, 0.0)
        path.curveTo(0.4 * s, 0.08 * s, 0.1 * s, 0.2 * s, 0.1 * s, 0.45 * s)
        path.close()
        c.setFillColor(colors.Color(0.92, 0.92, 0.92))
        c.drawPath(path, stroke=1, fill=1)
        c.setFillColor(colors.Color(0.25, 0.25, 0.25))
        import math

        cx, cy, r1, r2 = 0.5 * s, 0.58 * s, 0.22 * s, 0.09 * s
        star = c.beginPath()
        for k in range(10):
            ang = math.pi / 2 + k * math.pi / 5
            r = r1 if k % 2 == 0 else r2
            (star.moveTo if k == 0 else star.lineTo)(cx + r * math.cos(ang), cy + r * math.sin(ang))
        star.close()
        c.drawPath(star, stroke=0, fill=1)
        c.restoreState()


class Renderer:
    def __init__(self, gold: dict, style: str = "ruled", landscape_mode: str = "auto",
                 seed: int = 0):
        if style not in STYLES:
            raise ValueError(f"style must be one of {STYLES}")
        if landscape_mode not in LANDSCAPE:
            raise ValueError(f"landscape must be one of {LANDSCAPE}")
        self.gold = gold
        self.style = style
        self.landscape_mode = landscape_mode
        self.doc_rng = random.Random(f"{seed}:document")
        self.look = doc_look(self.doc_rng)
        self.table_rng = random.Random(f"{seed}:tables:{style}")
        self.prose = Prose(gold, random.Random(f"{seed}:prose"))
        self.fonts: FontSet = register_fonts(serif_body=self.look.serif)
        self.meta = gold.get("document") or {}
        self.state = {"mode": None, "start": 1}
        self.orientation = "portrait"
        self._styles()

    # -- styles ---------------------------------------------------------------------------
    def _styles(self) -> None:
        f, size = self.fonts.body, self.look.body_size
        lead = size * 1.45
        self.s_body = ParagraphStyle("body", fontName=f, fontSize=size, leading=lead,
                                     alignment=TA_JUSTIFY, firstLineIndent=1.0 * cm,
                                     spaceAfter=size * 0.6)
        self.s_plain = ParagraphStyle("plain", parent=self.s_body, firstLineIndent=0)
        self.s_list = ParagraphStyle("list", parent=self.s_plain, leftIndent=0.9 * cm,
                                     bulletIndent=0.2 * cm, spaceAfter=size * 0.3,
                                     bulletFontName=f, bulletFontSize=size)
        self.s_bab = ParagraphStyle("bab", fontName=f"{f}-Bold", fontSize=size + 3,
                                    leading=(size + 3) * 1.35, alignment=TA_CENTER,
                                    spaceAfter=2)
        self.s_sec = ParagraphStyle("sec", fontName=f"{f}-Bold", fontSize=size + 0.5,
                                    leading=lead, spaceBefore=size * 0.8, spaceAfter=size * 0.5,
                                    keepWithNext=1)
        self.s_center = ParagraphStyle("center", parent=self.s_plain, alignment=TA_CENTER)
        self.s_bold_center = ParagraphStyle("bc", parent=self.s_center, fontName=f"{f}-Bold")
        self.s_caption = ParagraphStyle("cap", parent=self.s_bold_center, fontSize=size - 0.5,
                                        leading=(size - 0.5) * 1.3, spaceAfter=5,
                                        keepWithNext=1)
        self.s_vision = ParagraphStyle("vis", parent=self.s_bold_center, fontSize=size + 0.5,
                                       leftIndent=1 * cm, rightIndent=1 * cm,
                                       spaceBefore=4, spaceAfter=size)
        self.s_cover = ParagraphStyle("cov", fontName=f"{f}-Bold", fontSize=20, leading=27,
                                      alignment=TA_CENTER)
        self.s_cover2 = ParagraphStyle("cov2", parent=self.s_cover, fontSize=15, leading=21)
        self.s_sig = ParagraphStyle("sig", parent=self.s_center, firstLineIndent=0,
                                    spaceAfter=0, leading=size * 1.35)
        self.s_sig_name = ParagraphStyle("sign", parent=self.s_sig, fontName=f"{f}-Bold")
        self.s_toc = ParagraphStyle("toc", fontName=f, fontSize=size, leading=size * 1.5,
                                    alignment=TA_LEFT)

    # -- page furniture -------------------------------------------------------------------
    def _page_number(self, canvas) -> str | None:
        mode = self.state["mode"]
        if mode is None:
            return None
        n = canvas.getPageNumber() - self.state["start"] + 1
        text = roman(n) if mode == "roman" else str(n)
        return f"- {text} -" if self.look.page_number_dashes else text

    def _on_page_end(self, canvas, doc) -> None:
        w, h = canvas._pagesize
        canvas.saveState()
        num = self._page_number(canvas)
        if num:
            canvas.setFont(self.fonts.body, 9)
            canvas.drawCentredString(w / 2, 1.3 * cm, num)
        if self.look.running_header and self.state["mode"] == "arabic":
            canvas.setFont(f"{self.fonts.body}-Italic", 7.5)
            year = self.meta.get("year") or ""
            text = f"{self.prose.kind} {year}".strip()
            canvas.drawRightString(w - 2 * cm, h - 1.35 * cm, text)
            canvas.setLineWidth(0.4)
            canvas.line(2 * cm, h - 1.5 * cm, w - 2 * cm, h - 1.5 * cm)
        canvas.restoreState()

    def _templates(self) -> list[PageTemplate]:
        pw, ph = A4
        lw, lh = landscape(A4)
        portrait = Frame(3 * cm, 2.3 * cm, pw - 5 * cm, ph - 4.8 * cm, id="p",
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        land = Frame(2 * cm, 2.2 * cm, lw - 4 * cm, lh - 4.2 * cm, id="l",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        return [
            PageTemplate("portrait", [portrait], onPageEnd=self._on_page_end, pagesize=A4),
            PageTemplate("landscape", [land], onPageEnd=self._on_page_end,
                         pagesize=landscape(A4)),
        ]

    @property
    def portrait_width(self) -> float:
        return A4[0] - 5 * cm

    @property
    def landscape_width(self) -> float:
        return landscape(A4)[0] - 4 * cm

    # -- pieces ---------------------------------------------------------------------------
    def cover(self) -> list[Flowable]:
        m = self.meta
        title = m.get("title") or f"{self.prose.kind} {m.get('year') or ''}".strip()
        out: list[Flowable] = [Spacer(1, 1.5 * cm)]
        if self.look.government_line and m.get("region"):
            out += [p(f"PEMERINTAH {m['region'].upper()}", self.s_cover2), Spacer(1, 0.6 * cm)]
        out += [p(title, self.s_cover), Spacer(1, 2.2 * cm)]
        emblem = Emblem(4.0 * cm)
        emblem.hAlign = "CENTER"
        out += [emblem, Spacer(1, 7.0 * cm if self.look.government_line else 8.0 * cm)]
        if m.get("agency"):
            out.append(p(m["agency"], self.s_cover2))
        if m.get("region"):
            out.append(p(m["region"], self.s_cover2))
        year = m.get("year")
        if year and str(year) not in title:
            out += [Spacer(1, 0.8 * cm), p(f"Tahun {year}", self.s_cover2)]
        out.append(PageBreak())
        return out

    def signature(self) -> list[Flowable]:
        sig = self.meta.get("signatory") or {}
        place = place_of(self.meta.get("region"))
        year = self.meta.get("year")
        lines: list[Flowable] = []
        if place or year:
            lines.append(p(f"{place}, {self.look.month} {year or ''}".strip(" ,"), self.s_sig))
        if sig.get("position"):
            lines.append(p(sig["position"], self.s_sig))
        elif self.meta.get("agency"):
            lines.append(p(f"{self.meta['agency']} {self.meta.get('region') or ''}",
                           self.s_sig))
        if not sig.get("name"):
            lines.append(Spacer(1, 1.0 * cm))
        else:
            lines += [Spacer(1, 1.9 * cm),
                      Paragraph(f"<u>{escape(sig['name'])}</u>", self.s_sig_name)]
        if sig.get("rank"):
            lines.append(p(sig["rank"], self.s_sig))
        if sig.get("nip"):
            lines.append(p(f"NIP. {format_nip(sig['nip'])}", self.s_sig))
        width = self.portrait_width
        block = Table([["", lines]], colWidths=[width * 0.42, width * 0.58],
                      style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                        ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        return [Spacer(1, 0.6 * cm), block]

    def heading(self, plan: SectionPlan) -> list[Flowable]:
        num = (plan.number or "").strip()
        if plan.kind in ("kata", "toc"):
            return [p(plan.title, self.s_bab), Spacer(1, 0.6 * cm)]
        if plan.kind == "bab":
            if self.look.bab_two_lines:
                return [p(num, self.s_bab), p(plan.title, self.s_bab), Spacer(1, 0.5 * cm)]
            return [p(f"{num} {plan.title}", self.s_bab), Spacer(1, 0.5 * cm)]
        text = f"{num}. {plan.title}" if num else plan.title
        return [p(text, self.s_sec)]

    def vision(self, text: str) -> list[Flowable]:
        return [p("Adapun visi pembangunan daerah yang hendak dicapai adalah:", self.s_body),
                p(f"“{text}”", self.s_vision)]

    def missions(self, missions: list[str]) -> list[Flowable]:
        n = len(missions)
        out = [p(f"Untuk mewujudkan visi tersebut ditetapkan {n} ({self._terb(n)}) misi "
                 "sebagai berikut:", self.s_body)]
        for i, m in enumerate(missions, 1):
            punct = "." if i == n and self.look.mission_punct else self.look.mission_punct
            out.append(Paragraph(escape(m + punct), self.s_list, bulletText=f"{i}."))
        return out

    @staticmethod
    def _terb(n: int) -> str:
        from .prose import terbilang

        return terbilang(n)

    def goals(self, blocks: list[dict]) -> list[Flowable]:
        out: list[Flowable] = []
        k = 0
        for b in blocks:
            label = b["kind"]
            if label == "Sasaran":
                k += 1
                out.append(p(f"{k}. {label} : {b['text']}", self.s_plain))
            else:
                out.append(p(f"{label} : {b['text']}", self.s_plain))
            inds = b["indicators"]
            if len(inds) == 1:
                out.append(p(f"Indikator : {inds[0]}", self.s_list))
            elif inds:
                n = len(inds)
                out.append(p(f"Indikator : Pada {label.lower()} ini terdapat {n} "
                             f"({self._terb(n)}) Indikator Kinerja, yaitu :", self.s_list))
                for j, name in enumerate(inds, 1):
                    st = ParagraphStyle("gi", parent=self.s_list, leftIndent=1.6 * cm,
                                        bulletIndent=0.9 * cm)
                    out.append(Paragraph(escape(name), st, bulletText=f"{j}."))
            out.append(Spacer(1, 4))
        return out

    def budget(self, b: dict) -> list[Flowable]:
        year = b.get("year")
        intro = (f"Adapun anggaran dan realisasi anggaran Tahun {year} adalah sebagai berikut:"
                 if b.get("realized") else
                 f"Adapun pagu anggaran Tahun {year} adalah sebagai berikut:")
        out: list[Flowable] = [p(intro, self.s_body)]
        if b.get("allocated"):
            out.append(p(f"Jumlah Anggaran Kegiatan Tahun {year} : {b['allocated']['raw']}",
                         self.s_plain))
        if b.get("realized"):
            out.append(p(f"Jumlah Realisasi Anggaran Kegiatan Tahun {year} : "
                         f"{b['realized']['raw']}", self.s_plain))
        if b.get("realization_percent") is not None:
            out.append(p(f"atau sebesar {format_percent(b['realization_percent'])}.",
                         self.s_plain))
        return out

    def toc(self, table: dict) -> list[Flowable]:
        rows = [r for r in (table.get("header") or []) + (table.get("rows") or [])]
        if not rows:
            return []
        n = max(len(r) for r in rows)
        width = self.portrait_width
        if n == 2:
            widths = [width - 1.5 * cm, 1.5 * cm]
        else:
            widths = [2.5 * cm] + [(width - 4 * cm) / (n - 2)] * (n - 2) + [1.5 * cm]
        data = [[p(c, self.s_toc) if i < n - 1 else c for i, c in enumerate(r + [""] *
                                                                             (n - len(r)))]
                for r in rows]
        t = Table(data, colWidths=widths, style=TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
            ("FONT", (0, 0), (-1, -1), self.fonts.body, self.look.body_size),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return [t]

    def table_look(self) -> TableLook:
        if self.style == "mixed":
            style = self.table_rng.choice(["ruled", "ruled", "hlines", "borderless"])
        else:
            style = self.style
        return TableLook(style=style, font=self.fonts.table, size=8.0,
                         header_fill=self.look.header_fill, valign=self.look.valign)

    def wants_landscape(self, model, look: TableLook) -> bool:
        if self.landscape_mode == "always":
            return True
        if self.landscape_mode == "never":
            return False
        if model.ncols >= 9:
            return True
        probe = TableLook(**{**look.__dict__})
        _, ok = fit_look(model, probe, self.portrait_width, min_size=7.0)
        return not ok

    def table(self, table: dict, plan: SectionPlan) -> tuple[bool, list[Flowable]]:
        """(landscape?, flowables) for one data table with its label and caption."""
        model = analyse(table)
        look = self.table_look()
        land = self.wants_landscape(model, look)
        width = self.landscape_width if land else self.portrait_width
        widths, _ = fit_look(model, look, width, min_size=5.5)
        out: list[Flowable] = []
        label = (table.get("label") or "").strip()
        caption = (table.get("caption") or "").strip()
        if norm(caption) == norm(plan.title):
            caption = ""
        if label and caption and self.look.caption_split:
            out += [p(label, self.s_caption), p(caption, self.s_caption)]
        elif label or caption:
            out.append(p(f"{label} {caption}".strip(), self.s_caption))
        out.append(ChunkedTable(model, widths, look))
        out.append(Spacer(1, 10))
        return land, out

    # -- document -------------------------------------------------------------------------
    def story(self) -> list[Flowable]:
        plans = plan_document(self.gold)
        story: list[Flowable] = [NextPageTemplate("portrait")]
        story += self.cover()
        story.append(_Marker(self.state, "roman"))
        first_bab = True
        for plan in plans:
            if plan.kind in ("kata", "toc", "bab"):
                if self.orientation == "landscape":
                    story.append(NextPageTemplate("portrait"))
                    self.orientation = "portrait"
                if not isinstance(story[-1], (PageBreak, _Marker)):
                    story.append(PageBreak())
                if plan.kind == "bab" and first_bab:
                    story.append(_Marker(self.state, "arabic"))
                    first_bab = False
            else:
                story += self._to_portrait()
            story += self.heading(plan)
            if plan.kind == "toc":
                for it in plan.items:
                    if it.kind == "table":
                        story += self.toc(it.data)
                continue
            if plan.kind == "kata":
                story += [p(t, self.s_body) for t in self.prose.kata_pengantar()]
            else:
                story += self.section_prose(plan)
            for it in plan.items:
                if it.kind != "table":
                    story += self._to_portrait()
                story += self.item(it, plan)
        return story

    def _to_portrait(self) -> list[Flowable]:
        if self.orientation != "landscape":
            return []
        self.orientation = "portrait"
        return [NextPageTemplate("portrait"), PageBreak()]

    def section_prose(self, plan: SectionPlan) -> list[Flowable]:
        paras = self.prose.for_section(plan.number, plan.title)
        out: list[Flowable] = []
        for t in paras:
            if re.match(r"^\d+\. ", t):
                num, rest = t.split(" ", 1)
                out.append(Paragraph(escape(rest), self.s_list, bulletText=num))
            else:
                out.append(p(t, self.s_body))
        return out

    def item(self, it: Item, plan: SectionPlan) -> list[Flowable]:
        if it.kind == "signature":
            return self.signature()
        if it.kind == "vision":
            return self.vision(it.data)
        if it.kind == "missions":
            return self.missions(it.data)
        if it.kind == "goals":
            return self.goals(it.data)
        if it.kind == "budget":
            return self.budget(it.data)
        if it.kind in ("table", "fallback"):
            t = it.data
            if is_toc(t):
                return self.toc(t)
            land, flow = self.table(t, plan)
            lead = [p(self.prose.table_lead(t.get("label"), t.get("caption")), self.s_body)]
            out: list[Flowable] = []
            if land and self.orientation != "landscape":
                out += lead + [NextPageTemplate("landscape"), PageBreak()]
                self.orientation = "landscape"
            elif not land and self.orientation == "landscape":
                out += [NextPageTemplate("portrait"), PageBreak()] + lead
                self.orientation = "portrait"
            else:
                out += lead + [CondPageBreak(5 * cm)]
            return out + flow
        return []

    def render(self) -> bytes:
        buf = io.BytesIO()
        m = self.meta
        doc = BaseDocTemplate(
            buf, pagesize=A4, pageTemplates=self._templates(), invariant=1,
            pageCompression=1, title=m.get("title") or "", author=m.get("agency") or "",
            subject=f"{m.get('agency') or ''} {m.get('region') or ''}".strip(),
            creator="rkt-extract render_corpus", producer="rkt-extract render_corpus",
        )
        doc.build(self.story())
        return buf.getvalue()


def render_pdf(gold: dict, style: str = "ruled", landscape_mode: str = "auto",
               seed: int = 0) -> bytes:
    """The PDF bytes of one digital variant of a gold document."""
    return Renderer(gold, style=style, landscape_mode=landscape_mode, seed=seed).render()
