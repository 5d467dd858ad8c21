"""The `rkt` command: extract, validate and evaluate."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from .evaluate import EvalSettings, evaluate_dirs, format_report, report_to_json
from .ingest import INPUT_SUFFIXES, IngestError
from .output import output_path, write_json
from .pipeline import extract_document
from .settings import Settings
from .validate import validate_document

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Indonesian RKT planning documents into canonical JSON.")
console = Console(stderr=True)


def collect_inputs(paths: list[Path]) -> list[Path]:
    """Files as given, and the input files under each folder (recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*")
                            if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
                            and not p.name.startswith("."))
        else:
            found.append(path)
    return found


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Input files or folders."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    ocr: str = typer.Option("auto", "--ocr", help="PDF pages: auto (OCR pages without a "
                            "usable text layer), always, or never."),
) -> None:
    """Extract each input into OUT/<stem>.json (validated against the schema)."""
    if ocr not in ("auto", "always", "never"):
        console.print("[red]--ocr must be auto, always or never[/red]")
        raise typer.Exit(2)
    inputs = collect_inputs(paths)
    if not inputs:
        console.print("[red]no input documents found[/red]")
        raise typer.Exit(2)
    settings = Settings(ingest=replace(Settings().ingest, ocr=ocr))
    failed = 0
    for path in inputs:
        started = time.perf_counter()
        try:
            data = extract_document(path, settings)
            target = write_json(data, output_path(path, out))
        except IngestError as error:
            failed += 1
            console.print(f"[red]FAILED[/red] {path}: [{error.code}] {error}")
            continue
        except FileNotFoundError:
            failed += 1
            console.print(f"[red]FAILED[/red] {path}: [not_found] no such file")
            continue
        except Exception as error:  # one broken document must not stop the batch
            failed += 1
            console.print(f"[red]FAILED[/red] {path}: [internal_error] "
                          f"{type(error).__name__}: {str(error).splitlines()[0][:200]}")
            continue
        counts = (f"{len(data['programs'])} programs, "
                  f"{sum(len(p['activities']) for p in data['programs'])} activities, "
                  f"{len(data['warnings'])} warnings")
        console.print(f"[green]ok[/green] {path} -> {target} ({counts}, "
                      f"{time.perf_counter() - started:.2f} s)")
    console.print(f"{len(inputs) - failed} done, {failed} failed")
    raise typer.Exit(1 if failed else 0)


@app.command()
def validate(files: list[Path] = typer.Argument(..., help="JSON files to check.")) -> None:
    """Check JSON files against the canonical RKT schema."""
    bad = 0
    for file in files:
        errors = validate_document(json.loads(file.read_text(encoding="utf-8")))
        if errors:
            bad += 1
            console.print(f"[red]invalid[/red] {file}")
            for error in errors:
                console.print(f"  {error}")
        else:
            console.print(f"[green]valid[/green] {file}")
    raise typer.Exit(1 if bad else 0)


@app.command("eval")
def evaluate(
    out_dir: Path = typer.Argument(..., help="Folder of extracted JSON."),
    gold_dir: Path = typer.Argument(..., help="Folder of gold JSON."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    details: bool = typer.Option(False, "--details", help="List missed and extra facts."),
    threshold: float = typer.Option(EvalSettings().name_threshold, "--threshold",
                                    help="Name similarity (0-100) that counts as a match."),
    html: Path | None = typer.Option(None, "--html", help="Also write the review site with "
                                     "the gold comparison of each document to this folder."),
) -> None:
    """Precision, recall and F1 per fact type of OUT_DIR against GOLD_DIR."""
    report = evaluate_dirs(out_dir, gold_dir, EvalSettings(name_threshold=threshold))
    if as_json:
        sys.stdout.write(json.dumps(report_to_json(report), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_report(report, details=details) + "\n")
    if html is not None:
        write_site(out_dir, html, evaluation=report, gold_dir=gold_dir)


@app.command("report")
def report_site(
    run_dir: Path = typer.Argument(..., help="Folder of a run: JSON outputs, and "
                                   "manifest.jsonl when the batch runner wrote one."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Site folder "
                                    "(default: RUN_DIR/report)."),
    sources: Path | None = typer.Option(None, "--sources", help="Folder to find the source "
                                        "documents in when their recorded paths do not "
                                        "resolve from here."),
) -> None:
    """Write a static review site of a run: an index of its documents and, per document,
    its pages with the tables, cells, headings and warnings outlined beside its records."""
    if not run_dir.is_dir():
        console.print(f"[red]{run_dir} is not a folder[/red]")
        raise typer.Exit(2)
    write_site(run_dir, out or run_dir / "report", sources=sources)


def write_site(run_dir: Path, site: Path, **options: Any) -> None:
    from .report import build_site  # Jinja2 and page rendering only when a site is asked for

    summary = build_site(run_dir, site, **options)
    for note in summary.notes:
        console.print(f"[yellow]note[/yellow] {note}")
    console.print(f"review site: {summary.documents} documents, {summary.pages} page images "
                  f"-> {summary.index.resolve().as_uri()}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
