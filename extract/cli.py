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
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from . import storage
from .batch import MANIFEST_NAME, BatchError, Plan, Reporter, RunSummary, Task, discover, run_batch
from .evaluate import EvalSettings, evaluate_dirs, format_report, report_to_json
from .settings import BatchSettings, Settings
from .validate import validate_document

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Indonesian RKT planning documents into canonical JSON.")
console = Console(stderr=True)


class ProgressReporter(Reporter):
    """A progress bar (documents and pages, rate, ETA), one line per document as it ends,
    for `rkt extract`. Lines are printed whole (no wrapping), so that scripts can read
    `ok <input> -> <output> (...)` and `FAILED <input>: [<code>] <message>`."""

    def __init__(self, console: Console, verbose_skips: bool = False) -> None:
        self.console = console
        self.verbose_skips = verbose_skips
        self.progress = Progress(
            TextColumn("[bold]{task.description}"), BarColumn(),
            TextColumn("{task.fields[documents]} documents"), MofNCompleteColumn(),
            TextColumn("pages"), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
            TextColumn("ETA"), TimeRemainingColumn(), console=console, transient=True)
        self.bar: TaskID | None = None
        self.documents = 0
        self.total_documents = 0
        self.pages_done = 0
        self.began = time.perf_counter()

    def planned(self, plan: Plan) -> None:
        if plan.skipped:
            self.console.print(f"{len(plan.skipped)} documents up to date (skipped; --force "
                               "redoes them)", soft_wrap=True)
        # The bar and the ETA count pages: a 200-page scan is not one document's worth of
        # work. (PDF pages are counted before the run; an image or a text counts one.)
        self.total_documents = len(plan.todo)
        self.progress.start()
        self.bar = self.progress.add_task(
            "extracting", total=sum(task.pages for task in plan.todo),
            documents=f"0/{self.total_documents}", rate="")

    def finished(self, task: Task | None, record: dict) -> None:
        status = record["status"]
        where = escape(record["input"])
        if status == "skipped":
            if self.verbose_skips:
                self.console.print(f"skipped {where}", soft_wrap=True, highlight=False)
            return
        if status == "done":
            self.console.print(
                f"[green]ok[/green] {where} -> {escape(str(task.output if task else ''))} "
                f"({record['programs']} programs, {record['activities']} activities, "
                f"{record['warnings']} warnings, {record['seconds']:.2f} s)",
                soft_wrap=True, highlight=False)
        else:
            error = record["error"]
            self.console.print(f"[red]FAILED[/red] {where}: "
                               + escape(f"[{error['code']}] {error['message']}"),
                               soft_wrap=True, highlight=False)
        if self.bar is not None and task is not None:
            self.documents += 1
            self.pages_done += task.pages
            elapsed = time.perf_counter() - self.began
            self.progress.update(self.bar, advance=task.pages,
                                 documents=f"{self.documents}/{self.total_documents}",
                                 rate=f"{self.pages_done / max(elapsed, 1e-6):.2f} pages/s")

    def close(self) -> None:
        self.progress.stop()


def print_summary(summary: RunSummary, out: str) -> None:
    failed = ", ".join(f"{code} {n}" for code, n in summary.failed.most_common())
    console.print(
        f"{summary.done} done, {summary.skipped} skipped, {summary.n_failed} failed"
        + (f" ({failed})" if failed else "")
        + f"; {summary.warnings} warnings; {summary.pages} pages, {summary.ocr_pages} OCR'd; "
        f"{summary.seconds:.1f} s", soft_wrap=True, highlight=False)
    console.print(f"manifest: {storage.join(out, MANIFEST_NAME)}; "
                  f"tables: {storage.join(out, 'tables')}; "
                  f"pipeline {summary.pipeline_version}", soft_wrap=True, highlight=False)


@app.command()
def extract(
    paths: list[str] = typer.Argument(..., help="Input files or folders (searched "
                                      "recursively for PDFs, images and text files); "
                                      "paths or fsspec URLs (s3://bucket/rkt/)."),
    out: str = typer.Option("out", "--out", "-o", help="Output folder: a path or an "
                            "fsspec URL (s3://bucket/out/)."),
    ocr: str = typer.Option("auto", "--ocr", help="PDF pages: auto (OCR pages without a "
                            "usable text layer), always, or never."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default: one per "
                             "CPU core)."),
    force: bool = typer.Option(False, "--force", help="Redo documents whose output is up "
                               "to date."),
    csv: bool = typer.Option(False, "--csv", help="Write the analyst tables as CSV too."),
    dask: str = typer.Option("", "--dask", help="Run on this dask.distributed scheduler "
                             "(e.g. tcp://scheduler:8786) instead of local processes."),
    timeout: float = typer.Option(BatchSettings().timeout, "--timeout",
                                  help="Seconds a document may take (0: no limit)."),
) -> None:
    """Extract each input into OUT/<name>.json, resumably; OUT/manifest.jsonl records every
    document, OUT/tables/ holds the analyst tables. Exit status 1 if any document failed."""
    if ocr not in ("auto", "always", "never"):
        console.print("[red]--ocr must be auto, always or never[/red]")
        raise typer.Exit(2)
    try:
        found = discover(paths)
    except storage.StorageError as error:
        console.print(f"[red]{escape(str(error))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from error
    if not found:
        console.print("[red]no input documents found[/red]")
        raise typer.Exit(2)
    defaults = Settings()
    settings = replace(
        defaults, ingest=replace(defaults.ingest, ocr=ocr),
        batch=replace(defaults.batch, jobs=jobs or None, force=force, csv=csv,
                      timeout=timeout))
    try:
        summary = run_batch(paths, out, settings, dask_address=dask or None,
                            reporter=ProgressReporter(console))
    except BatchError as error:
        console.print(f"[red]{escape(str(error))}[/red]", soft_wrap=True)
        raise typer.Exit(2) from error
    except KeyboardInterrupt:
        console.print("interrupted: rerun the same command to resume", soft_wrap=True)
        raise typer.Exit(130) from None
    print_summary(summary, out)
    raise typer.Exit(1 if summary.n_failed else 0)


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
