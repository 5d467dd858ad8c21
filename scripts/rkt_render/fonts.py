"""Find and register TrueType fonts with good Latin coverage (DejaVu first).

reportlab's built-in Type 1 fonts cannot print "≥" or many Indonesian quotes, and are not
embedded; TrueType fonts are embedded as subsets, so the PDFs stay small and extract cleanly.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# file names per family, in the order regular, bold, italic, bold italic
FAMILIES: dict[str, tuple[str, str, str, str]] = {
    "DejaVuSans": (
        "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
        "DejaVuSans-BoldOblique.ttf",
    ),
    "DejaVuSerif": (
        "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
        "DejaVuSerif-BoldItalic.ttf",
    ),
    "DejaVuSansCondensed": (
        "DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf",
        "DejaVuSansCondensed-Oblique.ttf", "DejaVuSansCondensed-BoldOblique.ttf",
    ),
    "Vera": ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf"),
}


@dataclass(frozen=True)
class FontSet:
    """Registered font family names: body text, headings and table cells."""

    body: str
    table: str
    serif_body: bool


def _font_dirs() -> list[Path]:
    dirs: list[Path] = []
    env = os.environ.get("RKT_RENDER_FONT_DIR")
    if env:
        dirs.append(Path(env))
    dirs += [
        Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
        Path.home() / ".fonts", Path.home() / ".local/share/fonts",
        Path("/Library/Fonts"), Path("C:/Windows/Fonts"),
    ]
    try:  # matplotlib bundles the DejaVu families (not the condensed one)
        import matplotlib

        dirs.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    except Exception:  # matplotlib is optional
        pass
    import reportlab

    dirs.append(Path(reportlab.__file__).parent / "fonts")
    return [d for d in dirs if d.is_dir()]


_CACHE: dict[str, Path | None] = {}
_FC_FILES: list[Path] | None = None


def _fc_files() -> list[Path]:
    """Every font file fontconfig knows (empty without fc-list)."""
    global _FC_FILES
    if _FC_FILES is None:
        _FC_FILES = []
        if shutil.which("fc-list"):
            try:
                out = subprocess.run(
                    ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True,
                    timeout=20, check=False,
                ).stdout
                _FC_FILES = [Path(line) for line in out.splitlines() if line.strip()]
            except (OSError, subprocess.SubprocessError):
                _FC_FILES = []
    return _FC_FILES


def find_font_file(name: str) -> Path | None:
    """Path of a font file by its file name, via fc-list when present, else a directory walk."""
    if name in _CACHE:
        return _CACHE[name]
    found = next((f for f in sorted(_fc_files()) if f.name == name and f.exists()), None)
    if found is None:
        for d in _font_dirs():
            hits = sorted(d.rglob(name))
            if hits:
                found = hits[0]
                break
    _CACHE[name] = found
    return found


def _register_family(family: str) -> bool:
    if family in pdfmetrics.getRegisteredFontNames():
        return True
    files = [find_font_file(n) for n in FAMILIES[family]]
    if files[0] is None:
        return False
    files = [f or files[0] for f in files]
    names = [family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic"]
    for fname, path in zip(names, files):
        pdfmetrics.registerFont(TTFont(fname, str(path)))
    addMapping(family, 0, 0, names[0])
    addMapping(family, 1, 0, names[1])
    addMapping(family, 0, 1, names[2])
    addMapping(family, 1, 1, names[3])
    return True


def register_fonts(serif_body: bool = False) -> FontSet:
    """Register body and table fonts; DejaVu when installed, reportlab's Vera otherwise."""
    sans = "DejaVuSans" if _register_family("DejaVuSans") else None
    if sans is None:
        if not _register_family("Vera"):
            raise RuntimeError("no TrueType font found (install fonts-dejavu-core)")
        sans = "Vera"
    body = sans
    if serif_body and _register_family("DejaVuSerif"):
        body = "DejaVuSerif"
    table = "DejaVuSansCondensed" if _register_family("DejaVuSansCondensed") else sans
    return FontSet(body=body, table=table, serif_body=body != sans)
