"""Scanned copies of a digital PDF: the pages as images only, the way a printed RKT comes back
from an office scanner (grayscale, skewed, blurred, noisy, unevenly lit, JPEG-compressed).

Everything is drawn from one seed, so the same seed gives the same bytes.
"""

from __future__ import annotations

import io
import random
from dataclasses import asdict, dataclass, field

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter


@dataclass
class PageScan:
    skew: float  # degrees, counter-clockwise
    shift: tuple[int, int]  # pixels
    blur: float  # Gaussian radius, pixels
    noise: float  # Gaussian sigma, grey levels
    paper: float  # grey level of the paper
    ink: float  # grey level of the ink
    light: float  # strength of the lighting gradient (0 = even)
    light_angle: float  # degrees, direction the light falls off
    specks: int
    rotate: int = 0  # 0, 90 or 270: the page went through the scanner sideways


@dataclass
class ScanParams:
    dpi: int
    quality: int
    pages: list[PageScan] = field(default_factory=list)

    def summary(self) -> dict:
        d = asdict(self)
        d["rotated_pages"] = [i + 1 for i, p in enumerate(self.pages) if p.rotate]
        d["skew_range"] = [round(min(p.skew for p in self.pages), 2),
                           round(max(p.skew for p in self.pages), 2)] if self.pages else []
        del d["pages"]
        return d


def draw_params(n_pages: int, rng: random.Random, landscape_pages: list[int] | None = None,
                dpi: int | None = None) -> ScanParams:
    """Degradations for a document of `n_pages` pages, drawn from `rng`."""
    params = ScanParams(dpi=dpi or rng.randint(200, 300), quality=rng.randint(50, 75))
    base_skew = rng.uniform(0.5, 2.0) * rng.choice([-1, 1])
    paper = rng.uniform(228, 248)
    ink = rng.uniform(25, 60)
    blur = rng.uniform(0.6, 1.2)
    noise = rng.uniform(1.2, 3.0)
    for _ in range(n_pages):
        # one feeder, one skew direction; each sheet a little different
        skew = base_skew + rng.uniform(-0.35, 0.35)
        skew = max(0.5, min(2.0, abs(skew))) * (1 if skew >= 0 else -1)
        params.pages.append(PageScan(
            skew=round(skew, 3),
            shift=(rng.randint(-25, 25), rng.randint(-25, 25)),
            blur=round(blur * rng.uniform(0.85, 1.15), 3),
            noise=round(noise * rng.uniform(0.85, 1.15), 3),
            paper=round(paper + rng.uniform(-4, 4), 2),
            ink=round(ink + rng.uniform(-5, 5), 2),
            light=round(rng.uniform(0.04, 0.16), 3),
            light_angle=round(rng.uniform(0, 360), 1),
            specks=rng.randint(10, 120),
        ))
    if n_pages > 1 and rng.random() < 0.5:
        # one sheet scanned sideways; a landscape table page most often
        candidates = landscape_pages or list(range(1, n_pages))
        k = rng.choice(candidates)
        params.pages[k].rotate = rng.choice([90, 270])
    return params


def degrade(img: Image.Image, ps: PageScan, dpi: int, seed: int) -> Image.Image:
    """One rendered page (mode L, white paper) as the scanner would return it."""
    scale = dpi / 300.0
    img = img.rotate(ps.skew, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255,
                     translate=(ps.shift[0] * scale, ps.shift[1] * scale))
    if ps.rotate:
        img = img.transpose(Image.Transpose.ROTATE_90 if ps.rotate == 90
                            else Image.Transpose.ROTATE_270)
    w, h = img.size
    # toner and paper: black becomes dark grey, white becomes the paper's grey
    lut = [int(round(ps.ink + (255.0 - ps.ink) * v / 255.0)) for v in range(256)]
    img = img.point(lut)
    # uneven light: a linear fall-off in one direction plus a soft vignette, computed small
    sw, sh = max(2, w // 16), max(2, h // 16)
    ang = np.deg2rad(ps.light_angle)
    ys = np.linspace(-0.5, 0.5, sh, dtype=np.float32)[:, None]
    xs = np.linspace(-0.5, 0.5, sw, dtype=np.float32)[None, :]
    ramp = (xs * np.cos(ang) + ys * np.sin(ang)) + 0.5
    light = (1.0 - ps.light * ramp - 0.06 * (xs ** 2 + ys ** 2)) * (ps.paper / 255.0)
    light_img = Image.fromarray(np.clip(light * 255.0, 0, 255).astype(np.uint8), mode="L")
    img = ImageChops.multiply(img, light_img.resize((w, h), Image.Resampling.BILINEAR))
    # sensor noise and paper grain, drawn at half resolution
    rng = np.random.default_rng(seed)
    grain = rng.standard_normal(((h + 1) // 2, (w + 1) // 2), dtype=np.float32)
    grain = np.clip(128.0 + ps.noise * grain, 0, 255).astype(np.uint8)
    noise = Image.fromarray(grain, mode="L").resize((w, h), Image.Resampling.BILINEAR)
    img = ImageChops.add(img, noise, scale=1.0, offset=-128)
    img = img.filter(ImageFilter.GaussianBlur(ps.blur * scale))
    draw = ImageDraw.Draw(img)
    for _ in range(ps.specks):  # dust and toner specks
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = float(rng.uniform(0.6, 2.2)) * scale
        draw.ellipse((x - r, y - r, x + r, y + r), fill=int(rng.integers(20, 120)))
    return img


def page_images(pdf_bytes: bytes, dpi: int) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            out.append(page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L"))
            page.close()
        return out
    finally:
        pdf.close()


def landscape_page_indices(pdf_bytes: bytes) -> tuple[int, list[int]]:
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        sizes = [pdf[i].get_size() for i in range(len(pdf))]
    finally:
        pdf.close()
    return len(sizes), [i for i, (w, h) in enumerate(sizes) if w > h]


def encode_jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True)
    return buf.getvalue()


def _pdf_string(text: str) -> bytes:
    safe = text.encode("ascii", "replace").decode("ascii")
    safe = safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return f"({safe})".encode("ascii")


def jpeg_pdf(pages: list[tuple[bytes, int, int]], dpi: int, title: str) -> bytes:
    """An image-only PDF: one grayscale JPEG (DCTDecode) per page, sized by `dpi`."""
    objects: list[bytes] = []  # object k + 1

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    kids = []
    for jpeg, w, h in pages:
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
                  b"/DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n"
                  % (w, h, len(jpeg)) + jpeg + b"\nendstream")
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        cont = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] "
                        b"/Resources << /XObject << /Im0 %d 0 R >> /ProcSet [/PDF /ImageB] >> "
                        b"/Contents %d 0 R >>" % (pages_obj, pw, ph, img, cont)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                              + b"] /Count %d >>" % len(kids))
    info = add(b"<< /Title " + _pdf_string(title) + b" /Producer "
               + _pdf_string("rkt-extract render_corpus (scan)") + b" >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % k + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, catalog, info, xref))
    return out.getvalue()


# Budget for the compressed pages: a 10-page scan stays under 2 MB. When the drawn JPEG
# quality overshoots it, the quality is lowered in steps (never below MIN_QUALITY).
PAGE_BUDGET = 190_000
MIN_QUALITY = 50


def scan_pdf(pdf_bytes: bytes, seed: int, title: str = "scan", dpi: int | None = None,
             page_budget: int = PAGE_BUDGET) -> tuple[bytes, ScanParams]:
    """The scanned copy of a digital PDF, and the degradations drawn for it."""
    rng = random.Random(f"{seed}:scan")
    n, land = landscape_page_indices(pdf_bytes)
    params = draw_params(n, rng, land, dpi=dpi)
    pages = page_images(pdf_bytes, params.dpi)
    scanned = [degrade(img, ps, params.dpi, seed * 1000 + i)
               for i, (img, ps) in enumerate(zip(pages, params.pages))]
    while True:
        jpegs = [encode_jpeg(img, params.quality) for img in scanned]
        if sum(map(len, jpegs)) <= page_budget * n or params.quality <= MIN_QUALITY:
            break
        params.quality = max(MIN_QUALITY, params.quality - 6)
    data = [(j, img.size[0], img.size[1]) for j, img in zip(jpegs, scanned)]
    return jpeg_pdf(data, params.dpi, title), params
