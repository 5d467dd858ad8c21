"""Build the review site of a run: an index of its documents and one page per document."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..evaluate import FACT_TYPES, DocScore, EvalReport, Fact, Names
from ..ir import Box
from ..review import DocumentLayout, document_layout, fold, settings_for
from ..settings import ReportSettings, Settings

HERE = Path(__file__).parent


@dataclass
class Entry:
    """One document of the run: its output (when there is one) and its manifest record."""

    slug: str
    output: Path | None
    data: dict[str, Any] | None
    status: str
    input: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    seconds: float | None = None
    score: DocScore | None = None


@dataclass
class SiteSummary:
    index: Path
    documents: int
    pages: int = 0
    notes: list[str] = field(default_factory=list)


# --- the run's documents ----------------------------------------------------------------------

def is_output(data: Any) -> bool:
    return isinstance(data, dict) and "document_id" in data and "source" in data


def read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if is_output(data) else None


def resolve(path: str | None, run_dir: Path) -> Path | None:
    """A path recorded in a manifest or output: as given (absolute, or relative to where the
    run was started), else relative to the run folder or its parent."""
    if not path:
        return None
    candidates = [Path(path), run_dir / path, run_dir.parent / path]
    return next((c for c in candidates if c.is_file()), None)


def collect_documents(run_dir: str | Path) -> list[Entry]:
    """The documents of a run: each line of `manifest.jsonl` (failed and skipped documents
    included), then every canonical JSON under the folder that the manifest does not name."""
    run_dir = Path(run_dir)
    entries: list[Entry] = []
    seen: set[Path] = set()
    manifest = run_dir / "manifest.jsonl"
    if manifest.is_file():
        for raw in manifest.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(raw)
            except json.JSONDecodeError:
                continue
            if not isinstance(record, dict):
                continue
            output = resolve(record.get("output"), run_dir)
            data = read_json(output) if output else None
            if output:
                seen.add(output.resolve())
            error = record.get("error") or {}
            if not isinstance(error, dict):
                error = {"message": str(error)}
            status = str(record.get("status") or "done")
            if data is None and status == "done":
                error = {"code": "missing_output", "message": f"output {record.get('output')!r}"
                         " is missing or is not a canonical RKT JSON"}
            entries.append(Entry(
                slug="", output=output, data=data, status=status, input=record.get("input"),
                error_code=error.get("code"), error_message=error.get("message"),
                seconds=record.get("seconds")))
    for path in sorted(run_dir.rglob("*.json")):
        if path.resolve() in seen or any(p.startswith(".") for p in path.parts):
            continue
        data = read_json(path)
        if data is not None:
            entries.append(Entry(slug="", output=path, data=data, status="done",
                                 input=data["source"].get("file")))
    used: set[str] = set()
    for entry in entries:
        name = entry.output.stem if entry.output else Path(entry.input or "document").stem
        entry.slug = unique_slug(name, used)
    return entries


def unique_slug(name: str, used: set[str]) -> str:
    """A file-name-safe, unique folder name for a document."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-")[:80] or "document"
    slug, n = base, 2
    while slug.lower() in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug.lower())
    return slug


def source_file(entry: Entry, run_dir: Path, sources: Path | None = None
                ) -> tuple[Path | None, str | None]:
    """The source document of an output, checked against its recorded sha256 (an edited
    source would put every outline in the wrong place). `sources` is a folder to look in
    too (by the recorded path, then by file name), for a run read elsewhere. Returns
    (path, why not)."""
    assert entry.data is not None
    source = entry.data.get("source") or {}
    path = resolve(source.get("file"), run_dir) or resolve(entry.input, run_dir)
    if path is None and sources is not None and source.get("file"):
        recorded = Path(source["file"])
        path = next((c for c in (sources / recorded, sources / recorded.name) if c.is_file()),
                    None)
    if path is None:
        return None, f"source file {source.get('file')!r} not found"
    if hashlib.sha256(path.read_bytes()).hexdigest() != source.get("sha256"):
        return None, f"{path} changed since it was extracted (sha256 differs)"
    return path, None


# --- counts -------------------------------------------------------------------------------------

def activities_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [a for p in data.get("programs") or [] for a in p.get("activities") or []] + list(
        data.get("unassigned_activities") or [])


def indicator_owners(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every record that can hold indicators."""
    yield from data.get("goals") or []
    yield from data.get("objectives") or []
    yield from data.get("programs") or []
    for activity in activities_of(data):
        yield activity
        yield from activity.get("sub_activities") or []


def record_counts(data: dict[str, Any]) -> dict[str, int]:
    """Programs, activities (kegiatan and sub kegiatan records), sub activities, indicators
    and budgets (records with an amount) of one output."""
    activities = activities_of(data)
    subs = [s for a in activities for s in a.get("sub_activities") or []]
    budgeted = list(data.get("programs") or []) + activities + subs
    return {
        "programs": len(data.get("programs") or []),
        "activities": len(activities),
        "sub_activities": len(subs),
        "indicators": sum(len(o.get("indicators") or []) for o in indicator_owners(data)),
        "budgets": sum(1 for r in budgeted if r.get("budget")),
    }


def rupiah(amount: int | float | None) -> str:
    """An amount as Indonesians print it: "Rp 3.314.590.000"."""
    if amount is None:
        return ""
    return "Rp " + f"{int(amount):,}".replace(",", ".")


def short_rupiah(amount: float) -> str:
    for size, unit in ((1e12, "T"), (1e9, "M"), (1e6, "jt")):
        if abs(amount) >= size:
            return f"{amount / size:,.2f} {unit}".replace(",", "x").replace(".", ",").replace(
                "x", ".")
    return rupiah(amount)


# --- one document as the template shows it ------------------------------------------------------

class DocumentView:
    """Turns one output (and its layout, when the source could be re-read) into the plain
    data the document template renders; every location becomes (href, outline key)."""

    def __init__(self, data: dict[str, Any], layout: DocumentLayout | None):
        self.data = data
        self.layout = layout
        self.targets: set[str] = set()  # outline keys records and warnings point at
        self.pages_cited: set[int] = set()

    def loc(self, prov: dict[str, Any]) -> dict[str, Any]:
        """One provenance as a link: label, href (page or line anchor) and outline key."""
        page, line, key = prov.get("page"), prov.get("line"), None
        if self.layout is not None:
            page, line, key = self.layout.locate(page, line, prov.get("table"), prov.get("row"))
        parts = []
        if page is not None:
            parts.append(f"p. {page}")
        elif line is not None:
            parts.append(f"line {line}")
        if prov.get("table"):
            table = str(prov["table"])
            parts.append(table if len(table) <= 24 else table[:22] + "…")
        if prov.get("row"):
            parts.append(f"row {prov['row']}")
        if key:
            self.targets.add(key)
        if page is not None:
            self.pages_cited.add(page)
        href = (f"#page-{page}" if page is not None and (self.layout is None or
                                                         self.layout.paged)
                else f"#line-{line}" if line is not None else None)
        return {"label": " · ".join(parts) or "source", "href": href, "target": key,
                "raw": prov.get("raw") or ""}

    def provenance(self, record: dict[str, Any]) -> dict[str, Any]:
        provs = record.get("provenance") or []
        corrections = [{"from": c.get("from"), "to": c.get("to"), "score": c.get("score")}
                       for p in provs for c in p.get("corrections") or []]
        return {"locs": [self.loc(p) for p in provs], "corrections": corrections}

    def indicator(self, ind: dict[str, Any]) -> dict[str, Any]:
        def values(items: list[dict[str, Any]]) -> str:
            return ", ".join(f"{v.get('year') or '?'}: {v.get('raw')}" for v in items)

        final = ind.get("final_target") or {}
        return {"name": ind.get("name"), "unit": ind.get("unit"),
                "baseline": values(ind.get("baseline") or []),
                "targets": values(ind.get("targets") or []),
                "final": final.get("raw"), **self.provenance(ind)}

    def record(self, rec: dict[str, Any], kind: str) -> dict[str, Any]:
        budget = rec.get("budget") or None
        return {
            "kind": kind, "name": rec.get("name") or rec.get("text"),
            "number": rec.get("number"), "code": rec.get("code"),
            "level": rec.get("level"), "aliases": rec.get("aliases") or [],
            "budget": rupiah(budget["amount"]) if budget else None,
            "budget_raw": budget.get("raw") if budget else None,
            "indicators": [self.indicator(i) for i in rec.get("indicators") or []],
            "activities": [self.record(a, "activity") for a in rec.get("activities") or []],
            "sub_activities": [self.record(s, "sub_activity")
                               for s in rec.get("sub_activities") or []],
            **self.provenance(rec),
        }

    def warnings(self) -> list[dict[str, Any]]:
        found = []
        for number, warning in enumerate(self.data.get("warnings") or [], start=1):
            page, line, message = warning.get("page"), warning.get("line"), warning.get("message")
            key = None
            if self.layout is not None:
                table = self.layout.table_named_in(str(message or ""), page)
                located = self.layout.locate(page, line, None, None)
                if located[2] is None and table:
                    located = self.layout.locate(page, None, table, None)
                page, line, key = located
            loc = self.loc({"page": page, "line": line})
            if key:
                self.targets.add(key)
            found.append({"number": number, "code": warning.get("code"), "message": message,
                          "page": page, "line": line, "href": loc["href"], "target": key,
                          "label": loc["label"]})
        return found

    def budget_chart(self) -> dict[str, Any] | None:
        """Bars of the budget per program (its own amount, else the sum of its activities')."""
        bars = []
        for program in self.data.get("programs") or []:
            amount = (program.get("budget") or {}).get("amount")
            summed = False
            if amount is None:
                parts = [(a.get("budget") or {}).get("amount")
                         for a in program.get("activities") or []]
                if any(p is not None for p in parts):
                    amount, summed = sum(p for p in parts if p is not None), True
            bars.append({"name": program.get("name") or "", "amount": amount, "summed": summed})
        known = [b["amount"] for b in bars if b["amount"]]
        if not known:
            return None
        top = max(known)
        row, chart_w = 32, 360
        for index, bar in enumerate(bars):
            bar["y"] = index * row
            bar["width"] = round(chart_w * (bar["amount"] or 0) / top, 1)
            bar["label"] = (short_rupiah(bar["amount"]) if bar["amount"] is not None
                            else "no budget")
            bar["full"] = rupiah(bar["amount"])
        return {"bars": bars, "height": len(bars) * row, "width": chart_w + 80,
                "chart_width": chart_w, "row": row}


def eval_view(view: DocumentView, score: DocScore, gold: dict[str, Any] | None
              ) -> dict[str, Any]:
    """Missed, extra and matched facts per fact type, each linked to where it was read (the
    output's record for extra and matched facts, the gold record's table row for missed)."""
    same_source = ((gold or {}).get("source") or {}).get("sha256") == (
        view.data.get("source") or {}).get("sha256")
    pred_index = name_index(view.data)
    gold_index = name_index(gold or {})

    def link(fact: Fact, index: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
        # The fact's subject: the record itself, not its owner (activities and indicators
        # are (owner, name); goals, targets and budgets name their record first).
        names = [str(p) for p in fact.parts if isinstance(p, Names) and p.names]
        if fact.type in ("activities", "indicators"):
            names.reverse()
        names += [p for p in fact.parts if isinstance(p, str)]  # "allocated 2022"
        prov = next((index[fold(n)] for n in names if fold(n) in index), None)
        if prov is None:
            return None
        if index is gold_index and not same_source:
            # The gold was written from another rendition (its lines and pages are not this
            # document's): find the table row by the gold's table name, else by its text.
            prov = {**prov, "line": None, "page": None}
            layout = view.layout
            if layout is not None and layout.table_at(prov.get("table")) is None:
                found = layout.find_row(prov.get("raw") or "")
                if found is None:
                    return None
                table, row = found
                prov = {**prov, "table": layout.tables[table].name, "row": row,
                        "page": layout.tables[table].rows[row - 1].page}
        return view.loc(prov)

    types = []
    for fact_type in FACT_TYPES:
        counts = score.counts.get(fact_type)
        if counts is None:
            continue
        types.append({
            "type": fact_type, "gold": counts.gold, "pred": counts.pred, "tp": counts.tp,
            "f1": counts.f1,
            "missed": [{"label": f.label, "loc": link(f, gold_index)}
                       for f in score.missed.get(fact_type, [])],
            "extra": [{"label": f.label, "loc": link(f, pred_index)}
                      for f in score.extra.get(fact_type, [])],
            "matched": [{"label": m.pred.label, "gold": m.gold.label, "score": m.score,
                         "loc": link(m.pred, pred_index)}
                        for m in score.matched.get(fact_type, [])],
        })
    overall = score.overall
    return {"types": types, "precision": overall.precision, "recall": overall.recall,
            "f1": overall.f1, "error": score.error}


def name_index(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """First provenance of each named record (name and aliases, case-folded)."""
    index: dict[str, dict[str, Any]] = {}

    def add(record: dict[str, Any]) -> None:
        provs = record.get("provenance") or []
        if not provs:
            return
        for name in [record.get("name") or record.get("text")] + list(record.get("aliases") or []):
            if name:
                index.setdefault(fold(str(name)), provs[0])

    records = list(indicator_owners(data))
    for record in records:
        add(record)
        for indicator in record.get("indicators") or []:
            add(indicator)
    for history in data.get("performance_history") or []:
        add({"name": history.get("indicator"), "provenance": history.get("provenance")})
    for summary in data.get("budget_summary") or []:
        for key in ("allocated", "realized"):
            add({"name": f"{key} {summary.get('year')}",
                 "provenance": summary.get("provenance")})
    return index


# --- pages --------------------------------------------------------------------------------------

def render_pages(path: Path, pages: list[int], ocr_pages: set[int], folder: Path,
                 settings: Settings, report: ReportSettings) -> dict[int, str]:
    """Render the listed pages of a PDF or image to JPEG files; returns page -> file name.

    A page read by OCR is shown as OCR read it, turned upright and straightened (its word
    boxes are in that image's coordinates, not the scan's); other pages as printed.
    """
    folder.mkdir(parents=True, exist_ok=True)
    names: dict[int, str] = {}
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        import pypdfium2 as pdfium

        from ..raster import render_page

        pdf = pdfium.PdfDocument(data)
        try:
            for number in pages:
                if not 1 <= number <= len(pdf):
                    continue
                if number in ocr_pages:
                    dpi = float(settings.ocr.dpi)
                    image = as_read(render_page(pdf, number - 1, dpi, settings.ocr.raster),
                                    dpi, settings, report)
                else:
                    image = pdf[number - 1].render(scale=report.dpi / 72).to_pil()
                names[number] = save_image(image, folder, number, report)
        finally:
            pdf.close()
        return names
    from ..raster import load_image_pages

    for number, (page, dpi) in enumerate(load_image_pages(data, settings.ocr.raster), start=1):
        if number in pages:
            names[number] = save_image(as_read(page, dpi, settings, report), folder, number,
                                       report)
    return names


def as_read(image: Any, dpi: float, settings: Settings, report: ReportSettings) -> Any:
    """A page image as OCR read it (upright, deskewed), scaled to the report's resolution."""
    from PIL import Image

    from ..ocr import prepare_page

    upright = Image.fromarray(prepare_page(image, dpi, settings.ocr).image)
    scale = report.dpi / dpi
    if scale < 1:
        upright = upright.resize((max(1, round(upright.width * scale)),
                                  max(1, round(upright.height * scale))), Image.LANCZOS)
    return upright


def save_image(image: Any, folder: Path, number: int, settings: ReportSettings) -> str:
    name = f"page-{number}.jpg"
    image.convert("RGB").save(folder / name, "JPEG", quality=settings.jpeg_quality,
                              optimize=True)
    return name


def page_views(view: DocumentView, warnings: list[dict[str, Any]], images: dict[int, str],
               shown: list[int]) -> list[dict[str, Any]]:
    """Each shown page: image, outlines (as SVG rectangles) and the warnings placed on it."""
    layout = view.layout
    assert layout is not None
    by_number = {p.number: p for p in layout.pages}
    boxes = {(o.box.page, o.key): o.box for p in layout.pages for o in p.outlines}
    result = []
    for number in shown:
        page = by_number[number]
        outlines = [{"kind": o.kind, "key": o.key, "title": o.title, **rect(o.box)}
                    for o in page.outlines]
        # Line boxes are drawn only where a record or warning points at them.
        for key in sorted(k for k in view.targets if k.startswith("l")):
            box = layout.line_box(int(key[1:]))
            if box is not None and box.page == number:
                boxes[number, key] = box
                outlines.append({"kind": "line", "key": key, "title": "", **rect(box)})
        marks = []
        on_box: dict[Any, int] = {}
        for warning in warnings:
            if warning["page"] != number:
                continue
            box = boxes.get((number, warning["target"] or ""))
            # A warning that names no line or table of the page gets its badge in the
            # page's top left corner; warnings on one box line their badges up along its
            # top edge.
            place = box if box is not None else Box(number, 12, 12, 12, 12)
            nth = on_box[place] = on_box.get(place, -1) + 1
            marks.append({"number": warning["number"], "code": warning["code"],
                          "message": warning["message"], "first": nth == 0,
                          "boxed": box is not None,
                          "badge_x": round(place.x0 - 1.5 + 16 * nth, 1), **rect(place)})
        result.append({
            "number": number, "image": images.get(number),
            "width": round(page.width or 595, 2), "height": round(page.height or 842, 2),
            "ocr": page.ocr, "confidence": page.mean_confidence, "outlines": outlines,
            "marks": marks, "warnings": [w for w in warnings if w["page"] == number],
            "tables": sum(1 for o in page.outlines if o.kind == "table"),
        })
    return result


def rect(box: Any) -> dict[str, float]:
    return {"x": round(box.x0, 1), "y": round(box.top, 1),
            "w": round(max(box.x1 - box.x0, 1), 1), "h": round(max(box.bottom - box.top, 1), 1)}


def text_lines(view: DocumentView, warnings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A text input's lines with the marks the page images get for paged inputs."""
    layout = view.layout
    assert layout is not None
    headings = {line for _, _, line in layout.sections if line}
    in_tables = {n for t in layout.tables for r in t.rows for n in r.lines}
    flagged: dict[int, list[dict[str, Any]]] = {}
    for warning in warnings:
        if warning["line"] is not None:
            flagged.setdefault(warning["line"], []).append(warning)
    lines = []
    for line in layout.lines:
        kinds = []
        if line.number in headings:
            kinds.append("heading")
        if line.number in in_tables:
            kinds.append("row")
        lines.append({"number": line.number, "page": line.page, "cells": line.cells,
                      "text": line.text, "kinds": " ".join(kinds),
                      "warnings": flagged.get(line.number, [])})
    return lines


# --- the site -----------------------------------------------------------------------------------

def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["pct"] = lambda v: "" if v is None else f"{v:.0f}"
    return env


def build_site(run_dir: str | Path, site_dir: str | Path, settings: Settings = Settings(),
               evaluation: EvalReport | None = None, gold_dir: str | Path | None = None,
               sources: str | Path | None = None) -> SiteSummary:
    """Write the review site of the run in `run_dir` to `site_dir`; with `evaluation`, the
    gold comparison of each scored document goes on its page and the F1 into the index.
    `sources` is a folder to find source documents in when their recorded paths do not
    resolve from here."""
    run_dir, site_dir = Path(run_dir), Path(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / "assets").mkdir(exist_ok=True)
    for asset in (HERE / "static").iterdir():
        shutil.copyfile(asset, site_dir / "assets" / asset.name)
    env = environment()
    entries = collect_documents(run_dir)
    if evaluation is not None:
        attach_scores(entries, evaluation)
    summary = SiteSummary(index=site_dir / "index.html", documents=len(entries))
    rows = []
    for entry in entries:
        row = index_row(entry)
        if entry.data is not None:
            gold = read_gold(gold_dir, entry) if entry.score is not None else None
            pages, notes = write_document(entry, run_dir, site_dir, env, settings, gold,
                                          Path(sources) if sources else None)
            summary.pages += pages
            summary.notes += notes
            row["href"] = f"docs/{entry.slug}/index.html"
        rows.append(row)
    if evaluation is not None:
        for name in evaluation.missing_outputs:
            rows.append({**index_row(Entry(slug=name, output=None, data=None,
                                           status="no output")),
                         "error_code": "missing_output", "f1": 0.0,
                         "error_message": "a gold file without an output in this run"})
    overall = evaluation.overall if evaluation is not None else None
    html = env.get_template("index.html.j2").render(
        rows=rows, title=f"RKT review — {run_dir.name or run_dir}", run_dir=str(run_dir),
        evaluated=evaluation is not None, overall=overall)
    summary.index.write_text(html, encoding="utf-8")
    return summary


def attach_scores(entries: list[Entry], evaluation: EvalReport) -> None:
    by_stem = {e.output.stem: e for e in entries if e.output is not None}
    for score in evaluation.documents:
        entry = by_stem.get(score.document)
        if entry is not None:
            entry.score = score


def read_gold(gold_dir: str | Path | None, entry: Entry) -> dict[str, Any] | None:
    if gold_dir is None or entry.output is None:
        return None
    from ..evaluate import gold_for

    golds = {p.stem: p for p in Path(gold_dir).glob("*.json")}
    stem = gold_for(entry.output.stem, golds)
    return json.loads(golds[stem].read_text(encoding="utf-8")) if stem else None


def index_row(entry: Entry) -> dict[str, Any]:
    data = entry.data or {}
    document = data.get("document") or {}
    source = data.get("source") or {}
    ocr = source.get("ocr") or {}
    return {
        "name": entry.slug, "href": None, "status": entry.status,
        "file": source.get("file") or entry.input, "format": source.get("format"),
        "type": document.get("type"), "agency": document.get("agency"),
        "region": document.get("region"), "year": document.get("year"),
        "pages": source.get("pages"), "counts": record_counts(data) if data else {},
        "warnings": len(data.get("warnings") or []) if data else None,
        "confidence": ocr.get("mean_confidence"), "error_code": entry.error_code,
        "error_message": entry.error_message,
        "f1": entry.score.overall.f1 if entry.score is not None else None,
    }


def write_document(entry: Entry, run_dir: Path, site_dir: Path, env: Environment,
                   settings: Settings, gold: dict[str, Any] | None, sources: Path | None
                   ) -> tuple[int, list[str]]:
    """Write one document's page (and its page images); returns (images, notes)."""
    assert entry.data is not None
    report = settings.report
    data = entry.data
    folder = site_dir / "docs" / entry.slug
    folder.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    layout = None
    path, why = source_file(entry, run_dir, sources)
    if path is not None:
        try:
            layout = document_layout(path, settings_for(data, settings))
        except Exception as error:  # the records still deserve a page
            why = f"could not re-read {path}: {type(error).__name__}: {error}"
    if why:
        notes.append(f"{entry.slug}: {why}")
    view = DocumentView(data, layout)
    programs = [view.record(p, "program") for p in data.get("programs") or []]
    unassigned = [view.record(a, "activity") for a in data.get("unassigned_activities") or []]
    goals = [view.record(g, "goal") for g in data.get("goals") or []]
    objectives = [view.record(o, "objective") for o in data.get("objectives") or []]
    warnings = view.warnings()
    evaluation = eval_view(view, entry.score, gold) if entry.score is not None else None
    sections = [section_view(view, s) for s in data.get("sections") or []]
    pages: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    if layout is not None and layout.paged and path is not None:
        numbers = [p.number for p in layout.pages]
        if len(numbers) > report.max_pages:
            cited = view.pages_cited | {s["page"] for s in data.get("sections") or []
                                        if s.get("page")}
            numbers = [n for n in numbers if n in cited]
            notes.append(f"{entry.slug}: {len(layout.pages)} pages; showing the "
                         f"{len(numbers)} that records, warnings or headings cite")
        ocr_pages = {p.number for p in layout.pages if p.ocr}
        images = render_pages(path, numbers, ocr_pages, folder, settings, report)
        pages = page_views(view, warnings, images, numbers)
    elif layout is not None:
        lines = text_lines(view, warnings)
    corrections = [{"record": r["name"], **c, "loc": r["locs"][0] if r["locs"] else None}
                   for r in walk(programs + unassigned + goals + objectives)
                   for c in r["corrections"]]
    source = data.get("source") or {}
    html = env.get_template("document.html.j2").render(
        title=entry.slug, data=data, document=data.get("document") or {}, source=source,
        counts=record_counts(data), programs=programs, unassigned=unassigned, goals=goals,
        objectives=objectives, warnings=warnings, chart=view.budget_chart(), pages=pages,
        lines=lines, sections=sections, corrections=corrections, evaluation=evaluation,
        why=why, status=entry.status, vision=data.get("vision"),
        missions=data.get("missions") or [])
    (folder / "index.html").write_text(html, encoding="utf-8")
    return len(pages), notes


def section_view(view: DocumentView, section: dict[str, Any]) -> dict[str, Any]:
    """A section heading linked to its outline on the page (found by title and page)."""
    loc = view.loc({"page": section.get("page"), "line": section.get("line")})
    layout = view.layout
    if layout is not None and layout.paged:
        keys = layout.outline_keys()
        for index, (title, page, _) in enumerate(layout.sections):
            if title == section.get("title") and page == section.get("page") \
                    and f"h{index}" in keys:
                loc["target"] = f"h{index}"
                break
    return {"title": " ".join(filter(None, [section.get("number"), section.get("title")])),
            **loc}


def walk(records: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every record of a tree of record views, and their indicators, depth first."""
    for record in records:
        yield record
        yield from record["indicators"]
        yield from walk(record.get("activities") or [])
        yield from walk(record.get("sub_activities") or [])
