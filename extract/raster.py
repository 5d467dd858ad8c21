"""Page images: rendering, loading, orientation, deskew and ruling lines, before OCR.

Scanned RKTs arrive as image-only PDFs or as PNG / JPEG / TIFF files. Each page becomes one
grayscale `numpy.uint8` image (0 = black, 255 = white, shape (height, width)), is turned
upright (`detect_rotation`, `rotate`), straightened (`deskew`), and has its table rules
found (`find_ruling_segments`) and erased (`erase_ruling_lines`) so that Tesseract reads
words, not lines: rules read as "|" are the commonest OCR confusion measured on RKT tables.

Coordinates are pixels of the image they were found on; rules are `grid.Segment(x0, top,
x1, bottom)` with `top` growing downwards, the convention of `Word` boxes and of
`grid.find_tables`, which takes them as they are (with `GridSettings().scaled(dpi / 72)`).
"""

from __future__ import annotations

import io
import itertools
import math
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps, ImageSequence

from .grid import Segment
from .ingest import IngestError

# A grayscale page image, uint8, shape (height, width), white paper = 255.
PageImage = np.ndarray

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class RasterSettings:
    #: Largest page accepted, in pixels (width x height). An A1 page at 300 dpi is about
    #: 70 million; a decompression bomb (a tiny PNG that inflates to gigabytes) is refused
    #: before a single pixel is decoded.
    max_pixels: int = 100_000_000
    #: Resolution assumed for images whose file does not say (most scans are 300 dpi).
    default_dpi: float = 300.0
    #: Render a PDF page that is nothing but one upright grey or RGB image covering it (a
    #: scan) by decoding that image and resizing it with OpenCV: ~0.07 CPU s a page less
    #: than pdfium drawing it at 300 dpi. Checked on every page against a thumbnail pdfium
    #: draws; a page whose thumbnail differs by more than `embedded_scan_max_diff` grey
    #: levels (a mask, a decode array, anything drawn that the image alone lacks) is drawn
    #: by pdfium. Off: OpenCV's resampling is 0.3-1.8 grey levels off pdfium's on average,
    #: and Tesseract reads those pixels a little differently; on the seed-41 scans the
    #: overall F1 went from 0.959 to 0.951 (Bandung 0.972 to 0.939, targets lost). Worth
    #: turning on once a resampling that matches pdfium's scores as well.
    embedded_scan_fast_path: bool = False
    embedded_scan_max_diff: float = 6.0

    #: Use Tesseract's orientation detector (needs osd.traineddata, which Debian's
    #: tesseract-ocr package pulls in) when it is installed.
    use_osd: bool = True
    #: OSD orientation confidence below which its answer is checked by the fallback
    #: (text-line direction, then OCR confidence of the two remaining candidates). Seen
    #: here: right answers scored 1.35-4.2, wrong ones (at too low a resolution) 0.2-0.25.
    min_osd_confidence: float = 1.0
    #: Rows (at `orientation_dpi`) of the band of text the fallback OCRs, with the first
    #: of the OCR languages only: some 2.7 in of an A4 page hold enough words to tell up
    #: from down (upright text scored 3-5 times the upside-down reading here), and OCR of a
    #: whole page read the wrong way up takes seconds of garbage.
    orientation_band_px: int = 400
    #: Resolution the orientation checks work at. Measured on an A4 table page: OSD takes
    #: ~0.5 s at 150 dpi against ~1.3 s at 300 dpi; at 100 dpi it turned a sideways page
    #: the wrong way.
    orientation_dpi: float = 150.0
    #: Resolution of the quick look for sideways pages before any OCR (`sideways_turn`).
    #: Measured on the 145 pages of two rendered scan sets (6 of them sideways): at 50 dpi
    #: all 6 were found and no upright page looked sideways, in 0.036 CPU s a page; at
    #: 150 dpi four upright pages with narrow columns of wrapped text looked sideways too,
    #: in 0.10 s.
    sideways_check_dpi: float = 50.0

    #: Largest skew corrected, in degrees either way. Scans are rarely off by more than a
    #: few degrees; a wider search only adds chances to lock onto a diagonal.
    max_skew_degrees: float = 5.0
    #: Coarse and fine steps of the skew search, in degrees.
    skew_coarse_step: float = 0.25
    skew_fine_step: float = 0.02
    #: Ink points the coarse step looks at (an even sample of them; the fine step looks at
    #: all): the coarse step only has to find the right quarter degree, and it costs 41
    #: profiles to the fine step's 26. Measured on 103 scanned pages: the same skew on
    #: every page as with all points, ~15% less time measuring it.
    skew_coarse_points: int = 50_000
    #: Skews smaller than this are left alone: rotating resamples the page (blurs it a
    #: little) for no gain in line finding or OCR.
    min_skew_degrees: float = 0.05
    #: Long side, in pixels, of the downscaled copy the skew is measured on.
    skew_work_size: int = 2000

    #: A ruling line is at least this long, in inches: a narrow "No" column is ~0.3 in
    #: wide, a 12 pt letter at most ~0.17 in tall or wide.
    min_rule_inches: float = 0.2
    #: ... and at most this thick, in inches: thicker dark bars are filled cells or
    #: pictures, not rules.
    max_rule_thickness_inches: float = 0.04
    #: Gaps up to this long (inches) along a rule are bridged: scans break thin lines.
    rule_gap_inches: float = 0.02
    #: Pixels around a found rule that are whitened with it (anti-aliased edges, JPEG
    #: ringing), so no faint ghost of the line is left for Tesseract.
    erase_margin_px: int = 2
    #: Local binarization: block size (pixels, odd; about a letter's height at 300 dpi) and
    #: how much darker than its neighbourhood a pixel must be to count as ink. The offset
    #: keeps light grey cell shading and paper texture out of the ink.
    threshold_block_px: int = 31
    threshold_offset: float = 15.0

    #: Paper lit unevenly (a scanner lid left open, a phone photo) is flattened before OCR
    #: when one global (Otsu) threshold, as Tesseract binarizes, would call more than this
    #: share of the page ink: on a near-empty page with a light gradient it blackens half
    #: the page and Tesseract reads no word at all (seen: 0.38-0.39 on such pages, at most
    #: 0.11 on evenly lit table and text pages).
    max_global_ink_share: float = 0.25
    #: Size, in inches, of the window the paper's brightness is estimated in: wider than
    #: any letter's strokes, narrow enough to follow a gradient.
    background_window_inches: float = 0.15


# -- input ---------------------------------------------------------------------------------


def render_page(
    pdf: bytes | pdfium.PdfDocument,
    index: int,
    dpi: float = 300.0,
    settings: RasterSettings = RasterSettings(),
) -> PageImage:
    """Render page `index` (0-based) of a PDF to a grayscale image, in memory.

    pypdfium2 renders a 300 dpi page in a few milliseconds (pdftoppm with a PNG round trip
    takes ~0.6 s). The page size is checked against `max_pixels` before rendering, so a
    PDF declaring a 5 m x 5 m page cannot exhaust memory.
    """
    try:
        document = pdf if isinstance(pdf, pdfium.PdfDocument) else pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as error:
        raise IngestError("corrupt_pdf", f"cannot open the PDF to render it: {error}") from error
    try:
        try:
            page = document[index]
        except pdfium.PdfiumError as error:
            raise IngestError("corrupt_pdf", f"page {index + 1} cannot be loaded to render "
                              f"it: {error}") from error
        try:
            width_pt, height_pt = page.get_size()
            scale = dpi / POINTS_PER_INCH
            size = round(width_pt * scale), round(height_pt * scale)
            _check_size(*size, settings, f"page {index + 1}")
            # pdfium's own size for the render (rounded up), so both paths agree
            size = math.ceil(page.get_width() * scale), math.ceil(page.get_height() * scale)
            scan = _embedded_scan(page, size, settings) if settings.embedded_scan_fast_path \
                else None
            if scan is not None:
                return scan
            try:
                bitmap = page.render(scale=scale, grayscale=True)
            except pdfium.PdfiumError as error:
                raise IngestError("corrupt_pdf", f"page {index + 1} cannot be rendered: "
                                  f"{error}") from error
            image = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
        finally:
            page.close()
    finally:
        if document is not pdf:
            document.close()
    return _to_gray(image)


def _embedded_scan(page: pdfium.PdfPage, size: tuple[int, int], settings: RasterSettings
                   ) -> PageImage | None:
    """The page at `size` (width, height in pixels) from its one image, when the page is a
    bare scan (see `RasterSettings.embedded_scan_fast_path`); else None."""
    try:
        if page.get_rotation() % 360:
            return None
        objects = list(itertools.islice(page.get_objects(max_depth=1), 2))
        if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return None
        image = objects[0]
        a, b, c, d, e, f = image.get_matrix().get()
        left, bottom, right, top = page.get_cropbox()  # what a render shows
        if b or c or a <= 0 or d <= 0 or max(abs(e - left), abs(f - bottom),
                                             abs(e + a - right), abs(f + d - top)) > 1.0:
            return None  # turned, mirrored, or not exactly covering the page
        metadata = image.get_metadata()
        gray = (pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, 8)
        rgb = (pdfium_c.FPDF_COLORSPACE_DEVICERGB, 24)
        if (metadata.colorspace, metadata.bits_per_pixel) not in (gray, rgb):
            return None
        pixels = _to_gray(image.get_bitmap(render=False).to_numpy())
    except pdfium.PdfiumError:
        return None
    width, height = size
    upscale = width * height > pixels.shape[0] * pixels.shape[1]
    scan = cv2.resize(pixels, (width, height),
                      interpolation=cv2.INTER_LINEAR if upscale else cv2.INTER_AREA)
    # The thumbnail check: pdfium draws the page small (it decodes the image once more,
    # ~10 ms) and the two must agree.
    thumb_scale = min(1.0, 200.0 / max(width, height)) * size[0] / page.get_width()
    try:
        thumb = _to_gray(page.render(scale=thumb_scale, grayscale=True).to_numpy())
    except pdfium.PdfiumError:
        return None
    ours = cv2.resize(scan, (thumb.shape[1], thumb.shape[0]), interpolation=cv2.INTER_AREA)
    if float(np.abs(ours.astype(np.int16) - thumb).mean()) > settings.embedded_scan_max_diff:
        return None
    return scan


def load_image(
    source: str | Path | bytes, settings: RasterSettings = RasterSettings()
) -> list[PageImage]:
    """Decode a PNG / JPEG / TIFF file into grayscale pages (a multi-page TIFF gives several).

    The header is read first and the size checked, then pixels are decoded. EXIF
    orientation is applied, so a phone photo taken sideways arrives as it was seen.
    """
    return [image for image, _ in load_image_pages(source, settings)]


def load_image_pages(
    source: str | Path | bytes, settings: RasterSettings = RasterSettings(), *,
    max_pages: int | None = None, name: str | None = None,
) -> list[tuple[PageImage, float]]:
    """Like `load_image`, with each page's resolution (from the file, else `default_dpi`).

    A file with more than `max_pages` frames is refused ("too_many_pages") before any is
    decoded. `name` names the file in error messages (bytes have none of their own)."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    name = name or ("image" if isinstance(source, bytes) else Path(source).name)
    pages: list[tuple[PageImage, float]] = []
    # PIL refuses images over twice its own limit when opening them; `max_pixels`, checked
    # on each frame's header below, is the limit that counts, so PIL's must not be lower.
    if Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS < settings.max_pixels:
        Image.MAX_IMAGE_PIXELS = settings.max_pixels
    try:
        with warnings.catch_warnings():
            # PIL warns from ~89 million pixels; `max_pixels` is the limit that counts here.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            container = Image.open(io.BytesIO(data))
        with container:
            frames = getattr(container, "n_frames", 1)
            if max_pages is not None and frames > max_pages:
                raise IngestError("too_many_pages", f"{name}: {frames} pages, more than the "
                                  f"{max_pages} allowed")
            for number, frame in enumerate(ImageSequence.Iterator(container), start=1):
                # Checked on the header alone: nothing is decoded yet.
                _check_size(frame.width, frame.height, settings, f"{name} page {number}")
                dpi = _frame_dpi(frame, settings.default_dpi)
                upright = ImageOps.exif_transpose(frame)
                pages.append((_pil_to_gray(upright), dpi))
    except IngestError:
        raise
    except Image.DecompressionBombError as error:  # PIL's own guard, if ours is set looser
        raise IngestError("image_too_large", f"{name}: {error}") from error
    except Image.UnidentifiedImageError as error:
        raise IngestError("unreadable_image", f"{name}: not a PNG, JPEG, TIFF or other image "
                          "PIL can read") from error
    except Exception as error:  # PIL's decoders raise many exception types on broken files
        reason = " ".join(str(error).split())[:120] or type(error).__name__
        raise IngestError("unreadable_image", f"{name}: cannot decode image: {reason}") from error
    if not pages:
        raise IngestError("unreadable_image", f"{name}: the image has no pages")
    return pages


def _check_size(width: int, height: int, settings: RasterSettings, what: str) -> None:
    if width <= 0 or height <= 0:
        raise IngestError("unreadable_image", f"{what}: empty page ({width} x {height} px)")
    if width * height > settings.max_pixels:
        raise IngestError(
            "image_too_large",
            f"{what}: {width} x {height} px is more than the {settings.max_pixels:,} pixels "
            "allowed (limits.max_pixels)",
        )


def _frame_dpi(frame: Image.Image, default: float) -> float:
    dpi = frame.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    # Some writers store 1 or 72 dpi meaning "unknown"; a scan below 100 dpi is not usable
    # text either way, so such values are treated as missing.
    return value if value >= 100 else default


def _pil_to_gray(image: Image.Image) -> PageImage:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent areas are paper: composite on white before dropping alpha.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        array = np.asarray(image, dtype=np.float64)
        top = array.max() or 1.0
        return np.ascontiguousarray(array * (255.0 / top)).astype(np.uint8)
    return np.array(image.convert("L"), dtype=np.uint8)


def _to_gray(image: np.ndarray) -> PageImage:
    if image.ndim == 3:
        if image.shape[2] == 1:
            image = image[:, :, 0]
        elif image.shape[2] == 4:
            image = cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY)
        else:
            image = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return np.ascontiguousarray(image, dtype=np.uint8)


# -- orientation ---------------------------------------------------------------------------


def rotate(image: PageImage, degrees: int) -> PageImage:
    """Rotate by a multiple of 90 degrees clockwise, losslessly."""
    if degrees % 90:
        raise ValueError(f"rotate() takes multiples of 90 degrees, not {degrees}")
    return np.ascontiguousarray(np.rot90(image, k=-(degrees // 90) % 4))


def detect_rotation(
    image: PageImage,
    dpi: float = 300.0,
    settings: RasterSettings = RasterSettings(),
    *,
    languages: str = "ind+eng",
    omp_thread_limit: int | None = 1,
    engine: str = "auto",
) -> int:
    """How many degrees clockwise (0, 90, 180 or 270) the page must turn to read upright.

    First Tesseract's orientation detector (OSD) when installed and sure of itself. Else,
    or when it is unsure (tables give it few characters in a row), two cheap measurements:
    the text-line direction from projection profiles (rows of a horizontal page are sharp
    stripes) says 0/180 or 90/270, and OCR at low resolution of those two candidates says
    which way up reads with more confident words.
    """

    small = _downscale(image, dpi, settings.orientation_dpi)
    confident = _confident_osd(small, settings, omp_thread_limit, engine)
    if confident is not None:
        return confident
    small_dpi = min(dpi, settings.orientation_dpi)
    candidates = (90, 270) if _lines_run_vertically(small, small_dpi, settings) else (0, 180)
    return _reads_best(small, candidates, settings, languages, omp_thread_limit, engine)


def _confident_osd(small: PageImage, settings: RasterSettings, omp_thread_limit: int | None,
                   engine: str) -> int | None:
    """OSD's turn when it is installed, enabled and sure of itself (`min_osd_confidence`)."""
    from . import ocr  # late: ocr imports this module

    if not (settings.use_osd and ocr.osd_available()):
        return None
    answer = ocr.osd_rotation(small, omp_thread_limit, engine)
    if answer is None or answer[1] < settings.min_osd_confidence:
        return None
    return answer[0]


def _reads_best(small: PageImage, candidates: tuple[int, ...], settings: RasterSettings,
                languages: str, omp_thread_limit: int | None, engine: str) -> int:
    """The turn of `candidates` under which a band of the page reads best (OCR at low
    resolution with the first language: most confident words of several letters)."""
    from . import ocr  # late: ocr imports this module

    scores = [ocr.orientation_score(_text_band(rotate(small, c), settings),
                                    languages.split("+")[0], omp_thread_limit, engine)
              for c in candidates]
    return candidates[int(np.argmax(scores))]


def sideways_turn(
    image: PageImage,
    dpi: float = 300.0,
    settings: RasterSettings = RasterSettings(),
    *,
    languages: str = "ind+eng",
    omp_thread_limit: int | None = 1,
    engine: str = "auto",
) -> int:
    """90 or 270 when the page lies sideways, else 0: the turn to give it before OCR.

    A cheap look first (text-line direction at `sideways_check_dpi`); only a page whose
    lines run top to bottom goes on to the orientation detector, and only a confident answer
    counts. When OSD is unsure (tables give it few characters in a row) or missing, a band
    of the page is read at low resolution three ways, as it lies and turned either way, and
    the way that reads best wins: as it lies, too, when the quick look was wrong. It lets a
    sideways page be turned before it is read, instead of read as it lies, found unreadable
    and read again: a page's OCR saved for an OSD call or three small reads.
    """

    check_dpi = min(dpi, settings.sideways_check_dpi)
    if not _lines_run_vertically(_downscale(image, dpi, check_dpi), check_dpi, settings):
        return 0
    small = _downscale(image, dpi, settings.orientation_dpi)
    confident = _confident_osd(small, settings, omp_thread_limit, engine)
    if confident is not None:
        return confident if confident in (90, 270) else 0
    return _reads_best(small, (0, 90, 270), settings, languages, omp_thread_limit, engine)


def lines_run_vertically(image: PageImage, dpi: float = 300.0,
                         settings: RasterSettings = RasterSettings()) -> bool:
    """True when the page's text lines run top to bottom (it lies sideways), judged from
    projection profiles at `orientation_dpi`: no Tesseract, a few tens of milliseconds."""
    small = _downscale(image, dpi, settings.orientation_dpi)
    return _lines_run_vertically(small, min(dpi, settings.orientation_dpi), settings)


def _text_band(image: PageImage, settings: RasterSettings) -> PageImage:
    """The `orientation_band_px` rows around the middle of the page's ink."""
    rows = np.nonzero((binarize(image, settings) > 0).any(axis=1))[0]
    if len(rows) == 0 or image.shape[0] <= settings.orientation_band_px:
        return image
    middle = int(np.median(rows))
    top = max(0, min(middle - settings.orientation_band_px // 2,
                     image.shape[0] - settings.orientation_band_px))
    return image[top:top + settings.orientation_band_px]


def _downscale(image: PageImage, dpi: float, target_dpi: float) -> PageImage:
    if dpi <= target_dpi:
        return image
    factor = target_dpi / dpi
    size = (max(1, round(image.shape[1] * factor)), max(1, round(image.shape[0] * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


def _lines_run_vertically(image: PageImage, dpi: float, settings: RasterSettings) -> bool:
    """True when text lines run top to bottom (a page turned by 90 or 270 degrees).

    Each direction gets its best projection profile over the skew range (a skewed page
    smears both), and the sharper one wins. Ruling lines are removed first: a table's rules
    make both profiles spiky and say nothing about which way its text runs.
    """
    ink = binarize(image, settings)
    ink[_rule_mask(ink, dpi, settings) > 0] = 0
    ys, xs = _ink_points(ink)
    if len(xs) < 50:
        return False
    _, across = _skew_search(xs, ys, settings)  # profile along x: lines running vertically
    _, along = _skew_search(ys, xs, settings)
    return across > along


def _profile_score(profile: np.ndarray) -> float:
    """Sharpness of a projection profile: text lines and the gaps between them alternate."""
    profile = profile.astype(np.float64)
    return float(np.square(np.diff(profile)).sum())


# -- skew ----------------------------------------------------------------------------------


def measure_skew(image: PageImage, settings: RasterSettings = RasterSettings()) -> float:
    """The page's skew in degrees, counter-clockwise positive (as OpenCV's rotation angle).

    Projection profiles: ink pixels are projected onto the vertical axis of a frame turned
    by each candidate angle; at the true angle text lines and horizontal rules fall into
    few rows and the profile is sharpest. Coarse search, then fine search around the best.
    """
    ys, xs = _ink_points(binarize(_fit(image, settings.skew_work_size), settings))
    if len(xs) < 50:
        return 0.0
    angle, _ = _skew_search(ys, xs, settings)
    return angle


def _ink_points(ink: np.ndarray, limit: int = 400_000) -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.nonzero(ink)
    if len(xs) > limit:  # enough for a stable profile; keeps the search fast
        pick = np.random.default_rng(0).choice(len(xs), limit, replace=False)
        xs, ys = xs[pick], ys[pick]
    return ys.astype(np.float64), xs.astype(np.float64)


def _skew_search(
    ys: np.ndarray, xs: np.ndarray, settings: RasterSettings
) -> tuple[float, float]:
    """The angle whose row profile of the points is sharpest, and that sharpness."""

    def score(angle: float, ys: np.ndarray = ys, xs: np.ndarray = xs) -> float:
        theta = math.radians(angle)
        # Row of each pixel in a frame rotated back by `angle` (y grows downwards, so a
        # counter-clockwise skew makes lines climb to the right).
        rows = ys * math.cos(theta) + xs * math.sin(theta)
        rows -= rows.min()
        return _profile_score(np.bincount(rows.astype(np.int64)))

    stride = max(1, len(xs) // max(1, settings.skew_coarse_points))
    sample = ys[::stride], xs[::stride]
    limit, step = settings.max_skew_degrees, settings.skew_coarse_step
    coarse = np.arange(-limit, limit + 1e-9, step)
    scores = [score(a, *sample) for a in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - step, best + step + 1e-9, settings.skew_fine_step)
    scores = [score(a) for a in fine]
    index = int(np.argmax(scores))
    return float(fine[index]), float(scores[index])


def deskew(
    image: PageImage, settings: RasterSettings = RasterSettings()
) -> tuple[PageImage, float]:
    """Straighten a slightly rotated page; returns the image and the skew it had (degrees).

    The canvas grows to keep the corners and the new area is white paper.
    """
    angle = measure_skew(image, settings)
    if abs(angle) < settings.min_skew_degrees:
        return image, 0.0
    return rotate_by(image, -angle), angle


def rotate_by(image: PageImage, angle: float) -> PageImage:
    """Rotate by any angle (counter-clockwise positive), on a white canvas that fits it all."""
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_width = int(math.ceil(height * sin + width * cos))
    new_height = int(math.ceil(height * cos + width * sin))
    matrix[0, 2] += new_width / 2 - width / 2
    matrix[1, 2] += new_height / 2 - height / 2
    return cv2.warpAffine(image, matrix, (new_width, new_height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def _fit(image: PageImage, size: int) -> PageImage:
    longest = max(image.shape[:2])
    if longest <= size:
        return image
    factor = size / longest
    return cv2.resize(image, (max(1, round(image.shape[1] * factor)),
                              max(1, round(image.shape[0] * factor))),
                      interpolation=cv2.INTER_AREA)


# -- lighting ------------------------------------------------------------------------------


def flatten_lighting(image: PageImage, dpi: float = 300.0,
                     settings: RasterSettings = RasterSettings()) -> PageImage:
    """The page divided by its paper brightness, when uneven light would defeat a global
    threshold.

    The paper is what a grey closing (a max filter over a window wider than strokes) leaves;
    dividing by it makes the paper white everywhere and keeps the ink's contrast. A page a
    global threshold reads well is returned as it is (same pixels, same OCR cache key)."""
    small = _downscale(image, dpi, 75.0)
    _, mask = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if float((mask == 0).mean()) <= settings.max_global_ink_share:
        return image
    window = max(3, int(settings.background_window_inches * dpi) | 1)
    background = cv2.morphologyEx(image, cv2.MORPH_CLOSE, cv2.getStructuringElement(
        cv2.MORPH_RECT, (window, window)))
    return cv2.divide(image, background, scale=255)


# -- ruling lines --------------------------------------------------------------------------


def binarize(image: PageImage, settings: RasterSettings = RasterSettings()) -> np.ndarray:
    """Ink mask (255 = ink) by local thresholding, robust to uneven scan lighting."""
    block = settings.threshold_block_px | 1
    return cv2.adaptiveThreshold(image, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 block, settings.threshold_offset)


def find_ruling_segments(
    image: PageImage, dpi: float = 300.0, settings: RasterSettings = RasterSettings(),
    masks: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[Segment]:
    """Horizontal and vertical ruling lines of a (deskewed) page, as pixel `grid.Segment`s.

    Morphological opening with a long thin kernel keeps only ink that runs straight for at
    least `min_rule_inches`: rules survive, letters do not. Each connected run that is thin
    enough becomes one segment, straightened to its median position with its median
    thickness (a rule left with a hair of slant would otherwise have a box too tall for
    `grid` to take it as a rule). Horizontals first, top to bottom, then verticals.
    `masks`: the page's `rule_masks`, when the caller has them already.
    """
    masks = masks if masks is not None else rule_masks(image, dpi, settings)
    max_thickness = max(2, round(settings.max_rule_thickness_inches * dpi))
    segments: list[Segment] = []
    for mask, is_horizontal in zip(masks, (True, False)):
        found = []
        for x, y, w, h in _runs(mask):
            piece = mask[y:y + h, x:x + w] > 0
            if not is_horizontal:
                piece = piece.T  # measure across the line the same way for both
            thickness, centre = _thickness_and_centre(piece)
            if thickness > max_thickness:
                continue  # a filled cell or a picture, not a rule
            if is_horizontal:
                mid = y + centre
                found.append(Segment(float(x), mid - thickness / 2, float(x + w),
                                     mid + thickness / 2))
            else:
                mid = x + centre
                found.append(Segment(mid - thickness / 2, float(y), mid + thickness / 2,
                                     float(y + h)))
        key = (lambda s: (s.top, s.x0)) if is_horizontal else (lambda s: (s.x0, s.top))
        segments.extend(sorted(found, key=key))
    return segments


def _runs(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x, y, w, h) of the connected runs of a rule mask.

    Outer contours, not a labelling of the whole page: ten times faster on an A4 page, and
    a run of one orientation has no holes that a contour would miss.
    """
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return [tuple(int(v) for v in cv2.boundingRect(c)) for c in contours]  # type: ignore[misc]


def _thickness_and_centre(piece: np.ndarray) -> tuple[float, float]:
    """Median ink run across a horizontal line piece (rows x columns) and its median row."""
    counts = piece.sum(axis=0)
    used = counts > 0
    rows = np.arange(piece.shape[0], dtype=np.float64)[:, None]
    centres = (piece * rows).sum(axis=0)[used] / counts[used]
    # +0.5: the centre of the pixel rows, so a 3-pixel rule at rows 10-12 spans 10.0-13.0.
    return float(np.median(counts[used])), float(np.median(centres)) + 0.5


def erase_ruling_lines(
    image: PageImage,
    segments: Iterable[Segment],
    dpi: float = 300.0,
    settings: RasterSettings = RasterSettings(),
    masks: tuple[np.ndarray, np.ndarray] | None = None,
) -> PageImage:
    """A copy of the page with the given rules painted white.

    Only the rules' own pixels are whitened (each whole run of rule ink that a segment
    touches, widened by `erase_margin_px` for anti-aliased edges and JPEG ringing), not
    their boxes: the text beside a rule keeps every pixel. `masks`: the page's
    `rule_masks`, when the caller has them already (they cost ~0.1 s a page).
    """
    segments = list(segments)
    result = image.copy()
    if not segments:
        return result
    masks = masks if masks is not None else rule_masks(image, dpi, settings)
    margin = settings.erase_margin_px
    erase = np.zeros(image.shape[:2], dtype=np.uint8)
    for mask, orientation in zip(masks, ("h", "v")):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        boxes = [cv2.boundingRect(c) for c in contours]
        wanted = [s for s in segments if s.orientation == orientation]
        chosen = [c for c, (x, y, w, h) in zip(contours, boxes)
                  if any(x - margin <= s.x1 and s.x0 <= x + w + margin
                         and y - margin <= s.bottom and s.top <= y + h + margin
                         for s in wanted)]
        if chosen:
            cv2.drawContours(erase, chosen, -1, 255, thickness=cv2.FILLED)
    if margin > 0:
        erase = cv2.dilate(erase, np.ones((2 * margin + 1, 2 * margin + 1), np.uint8))
    result[erase > 0] = 255
    return result


def rule_masks(image: PageImage, dpi: float = 300.0,
               settings: RasterSettings = RasterSettings()) -> tuple[np.ndarray, np.ndarray]:
    """The ink of a page's horizontal and vertical rules (255 = rule ink), as
    `find_ruling_segments` and `erase_ruling_lines` use them: compute once, give to both."""
    return _rule_masks(binarize(image, settings), dpi, settings)


def _rule_masks(
    ink: np.ndarray, dpi: float, settings: RasterSettings
) -> tuple[np.ndarray, np.ndarray]:
    length = max(10, round(settings.min_rule_inches * dpi))
    gap = max(1, round(settings.rule_gap_inches * dpi))
    masks = []
    for horizontal in (True, False):
        # Open first, so only long straight runs survive; then bridge the small breaks a
        # scan leaves in them. Bridging first would also join the flat bottoms of letters
        # along a text baseline into "rules".
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal
                                           else (1, length))
        bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1) if horizontal
                                           else (1, gap))
        opened = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        masks.append(cv2.morphologyEx(opened, cv2.MORPH_CLOSE, bridge))
    return masks[0], masks[1]


def _rule_mask(ink: np.ndarray, dpi: float, settings: RasterSettings) -> np.ndarray:
    horizontal, vertical = _rule_masks(ink, dpi, settings)
    return cv2.bitwise_or(horizontal, vertical)
