"""`render_corpus.py GOLD.json... --out DIR [--scan] [--seed N]`: gold files to input PDFs."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

VARIANTS = ("digital", "borderless", "scan")


def doc_seed(seed: int, stem: str) -> int:
    """The seed of one document: stable across runs, machines and Python versions."""
    return int(hashlib.sha256(f"{seed}:{stem}".encode()).hexdigest()[:8], 16)


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def page_count(pdf: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return len(doc)
    finally:
        doc.close()


def render_gold(gold_path: Path, out_dir: Path, variants: list[str], seed: int, style: str,
                landscape: str) -> list[dict]:
    """Render one gold file into its variants; the manifest entries of what was written."""
    from .pdf import render_pdf
    from .scan import scan_pdf

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    stem = gold_path.stem
    dseed = doc_seed(seed, stem)
    entries: list[dict] = []
    digital: bytes | None = None

    def entry(name: str, variant: str, data: bytes, **extra) -> dict:
        return {"pdf": name, "gold": str(gold_path), "variant": variant, "seed": dseed,
                "base_seed": seed,
                "pages": page_count(data), "bytes": len(data), **extra}

    if "digital" in variants or "scan" in variants:
        digital = render_pdf(gold, style=style, landscape_mode=landscape, seed=dseed)
    if "digital" in variants:
        assert digital is not None
        name = f"{stem}-digital.pdf"
        write_atomic(out_dir / name, digital)
        entries.append(entry(name, "digital", digital, style=style, landscape=landscape))
    if "borderless" in variants:
        data = render_pdf(gold, style="borderless", landscape_mode=landscape, seed=dseed)
        name = f"{stem}-borderless.pdf"
        write_atomic(out_dir / name, data)
        entries.append(entry(name, "borderless", data, style="borderless",
                             landscape=landscape))
    if "scan" in variants:
        assert digital is not None
        data, params = scan_pdf(digital, dseed, title=f"{stem} (scan)")
        name = f"{stem}-scan.pdf"
        write_atomic(out_dir / name, data)
        entries.append(entry(name, "scan", data, style=style, landscape=landscape,
                             scan=params.summary()))
    return entries


def update_manifest(out_dir: Path, entries: list[dict]) -> Path:
    """DIR/manifest.json: one entry per rendered PDF; entries of earlier runs for other PDFs
    are kept."""
    path = out_dir / "manifest.json"
    old: list[dict] = []
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            old = loaded if isinstance(loaded, list) else []
        except json.JSONDecodeError:
            old = []
    new_names = {e["pdf"] for e in entries}
    merged = [e for e in old if e.get("pdf") not in new_names] + entries
    merged.sort(key=lambda e: e["pdf"])
    write_atomic(path, (json.dumps(merged, indent=2, ensure_ascii=False) + "\n").encode())
    return path


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="render_corpus.py",
        description="Render canonical RKT gold JSON files into realistic RKT PDFs: "
                    "<stem>-digital.pdf (ruled tables by default), <stem>-borderless.pdf, "
                    "and with --scan <stem>-scan.pdf (image-only scan of the digital one); "
                    "DIR/manifest.json pairs every PDF with its gold file.",
    )
    ap.add_argument("gold", nargs="+", type=Path, help="gold JSON files")
    ap.add_argument("--out", required=True, type=Path, help="output directory")
    ap.add_argument("--scan", action="store_true", help="also write the scanned variant")
    ap.add_argument("--seed", type=int, default=0, help="base seed (default 0)")
    ap.add_argument("--style", choices=["ruled", "borderless", "mixed"], default="ruled",
                    help="table style of the digital variant (mixed: per table ruled, "
                         "horizontal rules only or borderless); default ruled")
    ap.add_argument("--landscape", choices=["auto", "always", "never"], default="auto",
                    help="wide tables on landscape pages: auto (9+ columns or too wide), "
                         "always, never (shrink the font instead); default auto")
    ap.add_argument("--variants", default=None,
                    help="comma-separated subset of digital,borderless,scan "
                         "(default digital,borderless, plus scan with --scan)")
    ap.add_argument("-q", "--quiet", action="store_true")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.variants:
        variants = [v.strip() for v in args.variants.split(",") if v.strip()]
        bad = [v for v in variants if v not in VARIANTS]
        if bad:
            print(f"render_corpus: unknown variant(s) {bad}; choose from {VARIANTS}",
                  file=sys.stderr)
            return 2
        if args.scan and "scan" not in variants:
            variants.append("scan")
    else:
        variants = ["digital", "borderless"] + (["scan"] if args.scan else [])
    entries: list[dict] = []
    failed = 0
    for gold_path in args.gold:
        try:
            written = render_gold(gold_path, args.out, variants, args.seed, args.style,
                                  args.landscape)
        except Exception as exc:  # one bad gold file must not stop the others
            failed += 1
            print(f"render_corpus: {gold_path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        entries += written
        if not args.quiet:
            for e in written:
                print(f"{args.out / e['pdf']}  {e['variant']:<10} {e['pages']:>3} pages "
                      f"{e['bytes'] / 1000:>8.1f} kB")
    if entries:
        path = update_manifest(args.out, entries)
        if not args.quiet:
            print(f"{path}  {len(entries)} PDF(s)")
    return 1 if failed else 0
